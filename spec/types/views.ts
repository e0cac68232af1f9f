// Type-level tests, checked by `tsc --noEmit` (not run by mocha), as jose's test-d/ does: every
// `@ts-expect-error` below must see an error, or the type check fails with "Unused '@ts-expect-error' directive".
import type { AbstractConstructor } from '../../lib/mixins/types.js';
import { ContextMixin, TemplateResponseMixin } from '../../lib/views/template.js';
import { TokenView } from '../../lib/views/token.js';
import type { TemplateResponse } from '../../lib/views/template.js';
import { View } from '../../lib/views/view.js';
import type { ViewInitOptions } from '../../lib/views/view.js';

abstract class AbstractGreetingView extends View {
  greeting = 'hello';
  abstract audience(): string;
}

class GreetingView extends AbstractGreetingView {
  limit = 3;
  audience(): string {
    return 'world';
  }
  async get(): Promise<void> {
    this.ctx.body = `${this.greeting}, ${this.audience()}`;
  }
}

// A concrete view accepts its own data fields.
GreetingView.asView();
GreetingView.asView({ greeting: 'hi', limit: 5 });

// @ts-expect-error an abstract view cannot be mounted: asView() needs `new () => T`
AbstractGreetingView.asView();

// @ts-expect-error View itself is abstract
View.asView();

// @ts-expect-error an unknown option (a typo of `greeting`)
GreetingView.asView({ greting: 'hi' });

// @ts-expect-error a field with the wrong type
GreetingView.asView({ limit: 'three' });

// @ts-expect-error a method is not an option
GreetingView.asView({ audience: () => 'everyone' });

// @ts-expect-error an HTTP handler is not an option (Django refuses it too)
GreetingView.asView({ get: async () => undefined });

// @ts-expect-error the per-request context is not an option
GreetingView.asView({ ctx: undefined });

// Options are data only: the type has the fields, not the methods.
const options: ViewInitOptions<GreetingView> = { greeting: 'x', limit: 1 };
void options;

// Mixins compose over View, and a concrete subclass can be mounted with the mixins' fields as options.
class HelpView extends TemplateResponseMixin(ContextMixin(View)) {
  override templateName = 'help.html';
  async get(): Promise<void> {
    await this.renderToResponse(this.getContextData({ topic: 'scopes' }));
  }
}
HelpView.asView({ templateName: 'other.html', extraContext: { a: 1 } });

// @ts-expect-error a mixin of views cannot be applied to a class that is not a View
ContextMixin(class NotAView {});

/** A mixin that needs TemplateResponse below it (a mixin states its needs as a type constraint). */
function BrandedPageMixin<TBase extends AbstractConstructor<View & TemplateResponse>>(Base: TBase) {
  abstract class BrandedPageView extends Base {
    override getTemplateNames(): readonly string[] {
      return ['brand/page.html', ...super.getTemplateNames()];
    }
  }
  return BrandedPageView as TBase;
}

// Right order: TemplateResponseMixin is applied first, so BrandedPageMixin finds it.
class BrandedView extends BrandedPageMixin(TemplateResponseMixin(View)) {}
BrandedView.asView({ templateName: 'x.html' });

// @ts-expect-error wrong order: BrandedPageMixin applied to a View without TemplateResponse
BrandedPageMixin(View);

// @ts-expect-error HelpView has no `templateDirs` field; that is a setting, not a view option
HelpView.asView({ templateDirs: ['x'] });

// A view without data fields takes no options at all (an empty options type would accept any object).
TokenView.asView();
TokenView.asView({});
// @ts-expect-error TokenView has no field `nope`
TokenView.asView({ nope: 1 });
