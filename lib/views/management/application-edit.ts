import { oauth2Settings } from '../../settings/store.js';
import { MANAGEMENT_ROUTES } from '../../urls/paths.js';
import type { Application, ApplicationFields, ApplicationSaveResult, FormErrors } from '../../validator.js';
import {
  APPLICATION_FORM_FIELDS,
  APPLICATION_UPDATE_FIELDS,
  applicationFields,
  bindApplicationForm,
  blankApplicationFields,
  formFieldViews,
  otherErrors,
  type ApplicationFormField,
} from './application-form.js';
import { ManagementView } from './base.js';
import { stashNewSecret } from './new-secret.js';

/**
 * The application form's GET and POST (Django's `ProcessFormView` with a model form): the form with its values,
 * then, on POST (CSRF first), the validator's save; errors come back beside their fields with the input kept (400,
 * as the consent form answers a form it cannot act on), success answers 303 to `getSuccessUrl()`.
 */
abstract class ApplicationFormView extends ManagementView {
  /** The form's fields, DOT's names (DOT's `fields`); the owner is never one. */
  fields: readonly ApplicationFormField[] = APPLICATION_FORM_FIELDS;

  /** Return the form's fields. */
  getFormFields(): readonly ApplicationFormField[] {
    return this.fields;
  }

  /** Return the grant types the form offers (the `applicationGrantTypes` setting). */
  getGrantTypes(): readonly string[] {
    return oauth2Settings().applicationGrantTypes;
  }

  /** The values the form starts from, or null when the object is not the user's (404). */
  abstract getInitial(): Promise<ApplicationFields | null>;

  /** Save the bound values through the validator; null when the object is not the user's (404). */
  abstract save(data: ApplicationFields): Promise<ApplicationSaveResult | null>;

  /** Where a successful save goes. */
  abstract getSuccessUrl(application: Application): string;

  /** Show the form. */
  async get(): Promise<void> {
    const initial = await this.getInitial();
    if (initial === null) this.notFound();
    else await this.renderForm(initial, {});
  }

  /** Bind, save, then 303; or the form again with its errors. */
  async post(): Promise<void> {
    const body = await this.readForm();
    if (body === null) return;
    const initial = await this.getInitial();
    if (initial === null) {
      this.notFound();
      return;
    }
    const { data, errors } = bindApplicationForm(body, this.getFormFields(), initial, this.getGrantTypes());
    if (Object.keys(errors).length > 0) {
      await this.renderForm(data, errors, 400);
      return;
    }
    const result = await this.save(data);
    if (result === null) this.notFound();
    else if (!result.ok) await this.renderForm(data, result.errors, 400);
    else await this.formValid(result.application, result.clientSecret);
  }

  /** The save succeeded: carry a generated secret to the next page (shown once), then 303. */
  async formValid(application: Application, clientSecret: string | null): Promise<void> {
    if (clientSecret !== null) stashNewSecret(this.ctx, String(application.id), clientSecret);
    this.redirectAfterPost(this.getSuccessUrl(application));
  }

  /** Render the form with `data` (the input kept) and `errors` beside their fields. */
  async renderForm(data: ApplicationFields, errors: FormErrors, status = 200): Promise<void> {
    const fields = this.getFormFields();
    const form = {
      fields: formFieldViews(fields, data, errors, this.getGrantTypes()),
      errors: otherErrors(fields, errors),
      hasErrors: Object.keys(errors).length > 0,
    };
    await this.renderToResponse(this.pageContext({ form, form_action: this.ctx.path }), status);
  }
}

/**
 * Register an application for the logged-in user (DOT's `ApplicationRegistration`, `applications/register/`):
 * template `oauth2_provider/application_registration_form.html`; on success 303 to its page, where the generated
 * secret is shown once.
 */
export class ApplicationRegistration extends ApplicationFormView {
  override templateName: string | null = 'oauth2_provider/application_registration_form.html';

  async getInitial(): Promise<ApplicationFields> {
    return blankApplicationFields();
  }

  async save(data: ApplicationFields): Promise<ApplicationSaveResult> {
    const validator = this.validator('createUserApplication');
    return validator.createUserApplication(this.getUser(), data, await this.lookupRequest());
  }

  /** The new application's page (DOT's `get_absolute_url()`). */
  getSuccessUrl(application: Application): string {
    return this.successUrl ?? this.reverse(MANAGEMENT_ROUTES.detail.name, { pk: String(application.id) });
  }
}

/**
 * Change one application of the user (DOT's `ApplicationUpdate`, `applications/<pk>/update/`): template
 * `oauth2_provider/application_form.html`; the secret is not a field (the detail page's "new secret" replaces it).
 */
export class ApplicationUpdate extends ApplicationFormView {
  override templateName: string | null = 'oauth2_provider/application_form.html';
  override fields: readonly ApplicationFormField[] = APPLICATION_UPDATE_FIELDS;
  #application: Application | null = null;

  async getInitial(): Promise<ApplicationFields | null> {
    const validator = this.validator('getUserApplication');
    this.#application = await validator.getUserApplication(
      this.objectQuery(),
      this.getPk(),
      await this.lookupRequest(),
    );
    return this.#application === null ? null : applicationFields(this.#application);
  }

  async save(data: ApplicationFields): Promise<ApplicationSaveResult | null> {
    const validator = this.validator('updateUserApplication');
    return validator.updateUserApplication(this.objectQuery(), this.getPk(), data, await this.lookupRequest());
  }

  /** The application's page. */
  getSuccessUrl(application: Application): string {
    return this.successUrl ?? this.reverse(MANAGEMENT_ROUTES.detail.name, { pk: String(application.id) });
  }

  override async renderForm(data: ApplicationFields, errors: FormErrors, status = 200): Promise<void> {
    this.extraContext = { ...this.extraContext, application: this.#application };
    await super.renderForm(data, errors, status);
  }
}
