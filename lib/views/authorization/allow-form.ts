import type { AuthorizationCredentials } from '../../oauth2/grants/authorization-base.js';
import { splitScope } from '../../oauth2/scopes.js';

/**
 * The hidden fields of the consent form (DOT's `AllowForm`), which carry the validated request from the GET to
 * the POST. `response_mode` (the validated one) is ours: without it a `response_mode` the client chose would be
 * lost on the POST.
 */
export const ALLOW_FORM_HIDDEN_FIELDS = [
  'redirect_uri',
  'scope',
  'nonce',
  'client_id',
  'state',
  'response_type',
  'code_challenge',
  'code_challenge_method',
  'claims',
  'response_mode',
] as const;

/** The name of a hidden field of the consent form. */
export type AllowFormField = (typeof ALLOW_FORM_HIDDEN_FIELDS)[number];

/**
 * The fields without which the POST cannot name a request (DOT requires `redirect_uri` too; here it is sent only
 * when the client sent it, so that a code for a request without `redirect_uri` does not demand one at the token
 * endpoint, RFC 6749 §4.1.3).
 */
export const ALLOW_FORM_REQUIRED_FIELDS: readonly AllowFormField[] = ['scope', 'client_id', 'response_type'];

/**
 * Return the hidden fields' values for a validated request: the request half of `AuthorizationView.getInitial()`
 * (DOT's `get_initial`, which reads them from `oauth2_data`).
 */
export function initialFromRequest(
  scopes: readonly string[],
  credentials: AuthorizationCredentials,
): Record<AllowFormField, string> {
  const claims = credentials.claims;
  return {
    redirect_uri: credentials.redirectUriProvided ? credentials.redirectUri : '',
    scope: scopes.join(' '),
    nonce: credentials.nonce ?? '',
    client_id: credentials.clientId,
    state: credentials.state ?? '',
    response_type: credentials.responseType,
    code_challenge: credentials.codeChallenge ?? '',
    code_challenge_method: credentials.codeChallengeMethod ?? '',
    claims: claims === null || claims === undefined ? '' : typeof claims === 'string' ? claims : JSON.stringify(claims),
    response_mode: credentials.responseMode,
  };
}

/**
 * Return whether the user pressed the submit button named `allow` (Django's `BooleanField`: absent, empty, "false"
 * and "0" are false); the consent and the logout confirmation forms alike.
 */
export function allowPressed(form: URLSearchParams): boolean {
  const value = form.get('allow');
  return value !== null && value !== '' && !['false', '0'].includes(value.toLowerCase());
}

/** What a consent form class is built from: the submitted body (a bound form) or initial values (an unbound one). */
export interface AllowFormInput {
  /** The POSTed body: the form is bound to it (Django's `data`). */
  readonly data?: URLSearchParams;
  /** The values to render (Django's `initial`), from `AuthorizationView.getInitial()`. */
  readonly initial?: Readonly<Record<string, string>>;
}

/** A consent form class, `AuthorizationView.formClass` (DOT's `form_class`). */
export type AllowFormClass = new (input: AllowFormInput) => AllowForm;

/**
 * DOT's consent form (`oauth2_provider.forms.AllowForm`): the hidden fields that carry the validated request from
 * the GET to the POST, and the `allow` button. Subclass it to add fields or checks, and name the subclass in
 * `AuthorizationView.formClass`: a field of `hiddenFieldNames` is rendered and read back, `validate()` adds
 * errors, and `body` holds every submitted value.
 *
 * @example
 * ```ts
 * class RememberForm extends AllowForm {
 *   get remember(): boolean { return this.body?.get('remember') === 'on'; }
 * }
 * class MyAuthorizationView extends AuthorizationView {
 *   override formClass = RememberForm;
 * }
 * ```
 */
export class AllowForm {
  /** The hidden inputs, in the order they are rendered. */
  static readonly hiddenFieldNames: readonly string[] = ALLOW_FORM_HIDDEN_FIELDS;
  /** The hidden inputs a submitted form must carry. */
  static readonly requiredFieldNames: readonly string[] = ALLOW_FORM_REQUIRED_FIELDS;

  /** The submitted body, or null for a form rendered from its initial values. */
  readonly body: URLSearchParams | null;
  /** Every hidden field's value (`''` when absent): the submitted one, else the initial one. */
  readonly data: Readonly<Record<AllowFormField, string>> & Readonly<Record<string, string>>;
  /** Whether the user pressed "Authorize" (the submit button named `allow`); false for an unbound form. */
  readonly allow: boolean;
  /** One message per problem (a missing required field, or what `validate()` adds); always empty when unbound. */
  readonly errors: string[] = [];

  constructor({ data, initial = {} }: AllowFormInput) {
    const cls = this.constructor as typeof AllowForm;
    this.body = data ?? null;
    this.data = Object.fromEntries(
      cls.hiddenFieldNames.map((name) => [name, (data ? data.get(name) : initial[name]) ?? '']),
    ) as AllowForm['data'];
    this.allow = data ? allowPressed(data) : false;
    if (data) this.validate();
  }

  /** Check a submitted form; adds to `errors`. By default, one message per missing required field. */
  validate(): void {
    const cls = this.constructor as typeof AllowForm;
    for (const name of cls.requiredFieldNames) {
      if (this.data[name] === '') this.errors.push(`The field '${name}' is required.`);
    }
  }

  /** Return whether a submitted form is valid (Django's `is_valid()`). */
  isValid(): boolean {
    return this.body !== null && this.errors.length === 0;
  }

  /** The hidden inputs to render (the template's `form.hiddenFields`). */
  get hiddenFields(): readonly { readonly name: string; readonly value: string }[] {
    const cls = this.constructor as typeof AllowForm;
    return cls.hiddenFieldNames.map((name) => ({ name, value: this.data[name] ?? '' }));
  }
}

/**
 * Return the scopes and the credentials a valid form names, for `createAuthorizationResponse`, which validates
 * them all again: they came back through the browser. Empty optional fields are absent, as Django's are.
 */
export function formCredentials(form: AllowForm): {
  scopes: readonly string[];
  credentials: Partial<AuthorizationCredentials>;
} {
  const d = form.data;
  const credentials: Partial<AuthorizationCredentials> = {
    clientId: d.client_id,
    responseType: d.response_type,
    // Without a redirect_uri field the core uses the client's only registered URI, as it did on the GET.
    redirectUriProvided: d.redirect_uri !== '',
    state: d.state || null,
    codeChallenge: d.code_challenge || null,
    codeChallengeMethod: d.code_challenge_method || null,
    nonce: d.nonce || null,
    claims: parseClaims(d.claims),
  };
  if (d.redirect_uri !== '') credentials.redirectUri = d.redirect_uri;
  if (d.response_mode === 'query' || d.response_mode === 'fragment') credentials.responseMode = d.response_mode;
  return { scopes: splitScope(d.scope), credentials };
}

/** The `claims` request came as JSON (OIDC Core §5.5); storage serializes it again, so hand it over parsed. */
function parseClaims(value: string): unknown {
  if (value === '') return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}
