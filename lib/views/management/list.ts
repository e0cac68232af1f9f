import type { ManagedPage, ManagementQuery } from '../../validator.js';
import type { TemplateContext } from '../template.js';
import { ManagementView } from './base.js';

/** The page of a list as the templates show it (Django's `Page`, camelCased). */
export interface PageInfo {
  readonly number: number;
  readonly numPages: number;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
  readonly previousPageNumber: number;
  readonly nextPageNumber: number;
  readonly count: number;
}

/**
 * A paginated list of the owner's objects (Django's `ListView`): `?page=N`, `paginateBy` a page; a page that is not
 * a positive integer, or past the last, is a 404 (as Django answers it). The context has the objects under
 * `contextObjectName` and `object_list`, `page_obj` and `is_paginated`.
 */
export abstract class ManagementListView<T> extends ManagementView {
  /** Objects per page (DOT's `paginate_by`). */
  paginateBy = 20;
  /** The context name of the objects (DOT's `context_object_name`). */
  contextObjectName: string | null = null;

  /** Return the objects per page. */
  getPaginateBy(): number {
    return this.paginateBy;
  }

  /** Return the context name of the objects. */
  getContextObjectName(): string | null {
    return this.contextObjectName;
  }

  /** Ask the validator for one page of objects. */
  abstract fetchPage(query: ManagementQuery): Promise<ManagedPage<T>>;

  /** Render the requested page of the list. */
  async get(): Promise<void> {
    const number = pageNumber(new URLSearchParams(this.ctx.querystring).getAll('page'));
    const size = this.getPaginateBy();
    if (number === null) {
      this.notFound();
      return;
    }
    const found = await this.fetchPage({ ...this.getQueryset(), offset: (number - 1) * size, limit: size });
    const numPages = Math.max(1, Math.ceil(found.total / size));
    if (number > numPages) {
      this.notFound();
      return;
    }
    await this.renderToResponse(this.listContext(found, number, numPages));
  }

  /** Return the list page's context. */
  listContext(found: ManagedPage<T>, number: number, numPages: number): TemplateContext {
    const page: PageInfo = {
      number,
      numPages,
      hasPrevious: number > 1,
      hasNext: number < numPages,
      previousPageNumber: number - 1,
      nextPageNumber: number + 1,
      count: found.total,
    };
    const name = this.getContextObjectName();
    return this.pageContext({
      ...(name ? { [name]: found.items } : {}),
      object_list: found.items,
      page_obj: page,
      is_paginated: numPages > 1,
    });
  }
}

/** Return the page asked for: absent is 1; a single positive integer; anything else null. */
function pageNumber(values: readonly string[]): number | null {
  if (values.length === 0) return 1;
  const [value] = values;
  return values.length === 1 && value !== undefined && /^[1-9][0-9]{0,5}$/.test(value) ? Number(value) : null;
}
