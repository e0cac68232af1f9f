import { MANAGEMENT_ROUTES } from '../../urls/paths.js';
import type { Application, ManagedPage, ManagementQuery } from '../../validator.js';
import { ManagementView } from './base.js';
import { ManagementListView } from './list.js';
import { stashNewSecret, takeNewSecret } from './new-secret.js';

/**
 * The logged-in user's applications, 20 a page (DOT's `ApplicationList`, `applications/`): template
 * `oauth2_provider/application_list.html`, context `applications`.
 *
 * @example
 * class ConfidentialOnly extends ApplicationList {
 *   override queryset = { clientType: 'confidential' };
 * }
 */
export class ApplicationList extends ManagementListView<Application> {
  static override readonly httpMethodNames = ['get', 'head', 'options'] as const;
  override templateName: string | null = 'oauth2_provider/application_list.html';
  override contextObjectName: string | null = 'applications';

  async fetchPage(query: ManagementQuery): Promise<ManagedPage<Application>> {
    return this.validator('listUserApplications').listUserApplications(query, await this.lookupRequest());
  }
}

/**
 * One application of the user (DOT's `ApplicationDetail`, `applications/<pk>/`), with a new secret shown once when one
 * was just generated. Its POST is the "new secret" action: a fresh secret replaces the stored one at once, then 303
 * back here, where it is shown once with a warning.
 */
export class ApplicationDetail extends ManagementView {
  override templateName: string | null = 'oauth2_provider/application_detail.html';

  /** Show the application, and the new secret waiting for it, once. */
  async get(): Promise<void> {
    const application = await this.getObject();
    if (application === null) {
      this.notFound();
      return;
    }
    // Only a GET takes the secret: a HEAD (a prefetcher) would clear it unseen.
    const newSecret = this.ctx.method === 'GET' ? takeNewSecret(this.ctx, String(application.id)) : null;
    await this.renderToResponse(this.pageContext({ application, new_secret: newSecret }));
  }

  /** Replace the secret (CSRF first), carry the new one to this page, 303. */
  async post(): Promise<void> {
    if ((await this.readForm()) === null) return;
    const validator = this.validator('newApplicationSecret');
    const secret = await validator.newApplicationSecret(this.objectQuery(), this.getPk(), await this.lookupRequest());
    if (secret === null) {
      this.notFound();
      return;
    }
    stashNewSecret(this.ctx, this.getPk(), secret);
    this.redirectAfterPost(this.getSuccessUrl());
  }

  /** Return the user's application named by the URL, or null (DOT's `get_object()`). */
  async getObject(): Promise<Application | null> {
    const validator = this.validator('getUserApplication');
    return validator.getUserApplication(this.objectQuery(), this.getPk(), await this.lookupRequest());
  }

  /** After a new secret: this page again. */
  getSuccessUrl(): string {
    return this.successUrl ?? this.reverse(MANAGEMENT_ROUTES.detail.name, { pk: this.getPk() });
  }
}

/**
 * Delete one application of the user (DOT's `ApplicationDelete`, `applications/<pk>/delete/`): GET asks for
 * confirmation (`application_confirm_delete.html`), POST deletes it and revokes everything issued to it, then 303
 * to the list.
 */
export class ApplicationDelete extends ApplicationDetail {
  override templateName: string | null = 'oauth2_provider/application_confirm_delete.html';

  /** Ask for confirmation. */
  override async get(): Promise<void> {
    const application = await this.getObject();
    if (application === null) this.notFound();
    else await this.renderToResponse(this.pageContext({ application }));
  }

  /** Delete (CSRF first), then 303 to `getSuccessUrl()`. */
  override async post(): Promise<void> {
    if ((await this.readForm()) === null) return;
    const validator = this.validator('deleteUserApplication');
    if (!(await validator.deleteUserApplication(this.objectQuery(), this.getPk(), await this.lookupRequest()))) {
      this.notFound();
      return;
    }
    this.redirectAfterPost(this.getSuccessUrl());
  }

  /** After deleting: the list. */
  override getSuccessUrl(): string {
    return this.successUrl ?? this.reverse(MANAGEMENT_ROUTES.list.name);
  }
}
