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

/** A hidden input of the consent form, as the template renders it. */
export interface HiddenField {
  readonly name: AllowFormField;
  readonly value: string;
}

/** A consent form bound to its submitted data (Django's bound `AllowForm`). */
export interface AllowForm {
  /** Every hidden field's value (`''` when absent). */
  readonly data: Readonly<Record<AllowFormField, string>>;
  /** Whether the user pressed "Authorize" (the submit button named `allow`). */
  readonly allow: boolean;
  /** One message per missing required field; empty when the form is valid. */
  readonly errors: readonly string[];
  /** The hidden inputs to render again. */
  readonly hiddenFields: readonly HiddenField[];
}

/** Return the hidden inputs for `values` in DOT's order. */
export function hiddenFields(values: Readonly<Record<AllowFormField, string>>): HiddenField[] {
  return ALLOW_FORM_HIDDEN_FIELDS.map((name) => ({ name, value: values[name] }));
}

/** Return the initial values of the hidden fields from a validated request (DOT `AuthorizationView.get_initial`). */
export function allowFormInitial(
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

/** Bind the consent form to a submitted body. */
export function bindAllowForm(body: URLSearchParams): AllowForm {
  const data = Object.fromEntries(ALLOW_FORM_HIDDEN_FIELDS.map((name) => [name, body.get(name) ?? ''])) as Record<
    AllowFormField,
    string
  >;
  const allow = allowPressed(body);
  const errors = ALLOW_FORM_REQUIRED_FIELDS.filter((name) => data[name] === '').map(
    (name) => `The field '${name}' is required.`,
  );
  return { data, allow, errors, hiddenFields: hiddenFields(data) };
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
