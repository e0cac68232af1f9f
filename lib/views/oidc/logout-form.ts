/**
 * The hidden fields of the logout confirmation form (DOT's `ConfirmLogoutForm`), which carry the request from the
 * GET to the POST (OIDC RP-Initiated Logout 1.0 §2).
 */
export const LOGOUT_FORM_HIDDEN_FIELDS = [
  'id_token_hint',
  'logout_hint',
  'client_id',
  'post_logout_redirect_uri',
  'state',
  'ui_locales',
] as const;

/** The name of a hidden field of the logout form. */
export type LogoutFormField = (typeof LOGOUT_FORM_HIDDEN_FIELDS)[number];

/** The parameters of a logout request ('' when absent). */
export type LogoutParams = Readonly<Record<LogoutFormField, string>>;

/** A hidden input of the logout form, as the template renders it. */
export interface LogoutHiddenField {
  readonly name: LogoutFormField;
  readonly value: string;
}

/** Read the logout parameters from a query string or a submitted form. */
export function logoutParams(source: URLSearchParams): LogoutParams {
  return Object.fromEntries(LOGOUT_FORM_HIDDEN_FIELDS.map((name) => [name, source.get(name) ?? ''])) as LogoutParams;
}

/** Return the hidden inputs for `params`, in DOT's order, leaving out the empty ones. */
export function logoutHiddenFields(params: LogoutParams): LogoutHiddenField[] {
  return LOGOUT_FORM_HIDDEN_FIELDS.filter((name) => params[name] !== '').map((name) => ({ name, value: params[name] }));
}
