import type { Application, ApplicationFields, FormErrors } from '../../validator.js';

/** DOT's application form fields (`ApplicationRegistration`'s `modelform_factory` list), in its order. */
export const APPLICATION_FORM_FIELDS = [
  'name',
  'client_id',
  'client_secret',
  'hash_client_secret',
  'client_type',
  'authorization_grant_type',
  'redirect_uris',
  'post_logout_redirect_uris',
  'allowed_origins',
  'algorithm',
] as const;

/** A field of the application form. */
export type ApplicationFormField = (typeof APPLICATION_FORM_FIELDS)[number];

/** The update form: the secret is replaced only by the "new secret" action, never typed over a stored hash. */
export const APPLICATION_UPDATE_FIELDS: readonly ApplicationFormField[] = APPLICATION_FORM_FIELDS.filter(
  (f) => f !== 'client_secret' && f !== 'hash_client_secret',
);

// DOT's choice labels.
const CLIENT_TYPE_LABELS: Readonly<Record<string, string>> = { confidential: 'Confidential', public: 'Public' };
const GRANT_TYPE_LABELS: Readonly<Record<string, string>> = {
  'authorization-code': 'Authorization code',
  'urn:ietf:params:oauth:grant-type:device_code': 'Device Code',
  implicit: 'Implicit',
  password: 'Resource owner password-based',
  'client-credentials': 'Client credentials',
  'openid-hybrid': 'OpenID connect hybrid',
};
const ALGORITHM_LABELS: Readonly<Record<string, string>> = {
  '': 'No OIDC support',
  RS256: 'RSA with SHA-2 256',
  HS256: 'HMAC with SHA-2 256',
  ES256: 'ECDSA with P-256 and SHA-2 256',
};

const LABELS: Readonly<Record<ApplicationFormField, string>> = {
  name: 'Name',
  client_id: 'Client id',
  client_secret: 'Client secret',
  hash_client_secret: 'Hash client secret',
  client_type: 'Client type',
  authorization_grant_type: 'Authorization grant type',
  redirect_uris: 'Redirect uris',
  post_logout_redirect_uris: 'Post logout redirect uris',
  allowed_origins: 'Allowed origins',
  algorithm: 'Algorithm',
};

const HELP: Partial<Record<ApplicationFormField, string>> = {
  client_id: 'Leave empty to have one generated.',
  client_secret: 'Leave empty to have one generated: it is shown once, after saving.',
  hash_client_secret: 'Store only a hash of the secret. HS256 needs the secret stored readable.',
  redirect_uris: 'Allowed URIs list, space or line separated.',
  post_logout_redirect_uris: 'Allowed post logout URIs list, space or line separated.',
  allowed_origins: 'Allowed origins list to enable CORS, space or line separated.',
};

/** One field as the template renders it. */
export interface FormFieldView {
  readonly name: ApplicationFormField;
  readonly id: string;
  readonly label: string;
  readonly widget: 'text' | 'textarea' | 'select' | 'checkbox';
  readonly value: string;
  readonly checked: boolean;
  readonly choices: readonly { value: string; label: string; selected: boolean }[];
  readonly help: string;
  readonly errors: readonly string[];
}

/** Return the values of a new application's form (DOT's model defaults). */
export function blankApplicationFields(): ApplicationFields {
  return {
    name: '',
    clientId: '',
    clientSecret: '',
    hashClientSecret: true,
    clientType: 'confidential',
    authorizationGrantType: 'authorization-code',
    redirectUris: '',
    postLogoutRedirectUris: '',
    allowedOrigins: '',
    algorithm: '',
  };
}

/** Return an application's values as its update form shows them (lists one a line). */
export function applicationFields(application: Application): ApplicationFields {
  const lines = (value: string | readonly string[]) =>
    (typeof value === 'string' ? value.split(/\s+/) : value).filter(Boolean).join('\n');
  return {
    name: application.name,
    clientId: application.clientId,
    clientSecret: '',
    hashClientSecret: application.hashClientSecret,
    clientType: application.clientType,
    authorizationGrantType: application.authorizationGrantType,
    redirectUris: lines(application.redirectUris),
    postLogoutRedirectUris: lines(application.postLogoutRedirectUris),
    allowedOrigins: lines(application.allowedOrigins),
    algorithm: application.algorithm,
  };
}

/**
 * Bind the submitted form over `initial`: only `fields` are read (the owner never is), a repeated field is an
 * error, and the grant type must be one of `grantTypes` (the `applicationGrantTypes` setting).
 */
export function bindApplicationForm(
  body: URLSearchParams,
  fields: readonly ApplicationFormField[],
  initial: ApplicationFields,
  grantTypes: readonly string[],
): { data: ApplicationFields; errors: FormErrors } {
  const data = { ...initial };
  const errors: FormErrors = {};
  const text = (name: ApplicationFormField): string | undefined => {
    const values = body.getAll(name);
    if (values.length > 1) (errors[name] ??= []).push('Send this field once.');
    return values[0];
  };
  const read = (name: ApplicationFormField, key: Exclude<keyof ApplicationFields, 'hashClientSecret'>) => {
    if (fields.includes(name)) data[key] = (text(name) ?? '').trim();
  };
  read('name', 'name');
  read('client_id', 'clientId');
  read('client_secret', 'clientSecret');
  read('client_type', 'clientType');
  read('authorization_grant_type', 'authorizationGrantType');
  read('redirect_uris', 'redirectUris');
  read('post_logout_redirect_uris', 'postLogoutRedirectUris');
  read('allowed_origins', 'allowedOrigins');
  read('algorithm', 'algorithm');
  // An unchecked checkbox is absent from the body (Django's BooleanField).
  if (fields.includes('hash_client_secret')) data.hashClientSecret = text('hash_client_secret') !== undefined;
  if (fields.includes('authorization_grant_type') && !grantTypes.includes(data.authorizationGrantType)) {
    (errors['authorization_grant_type'] ??= []).push('Select a valid choice: that grant type is not offered.');
  }
  return { data, errors };
}

/** Return the fields to render, with their values (the input kept), choices and errors. */
export function formFieldViews(
  fields: readonly ApplicationFormField[],
  data: ApplicationFields,
  errors: FormErrors,
  grantTypes: readonly string[],
): FormFieldView[] {
  const values: Record<ApplicationFormField, string> = {
    name: data.name,
    client_id: data.clientId,
    client_secret: data.clientSecret,
    hash_client_secret: '',
    client_type: data.clientType,
    authorization_grant_type: data.authorizationGrantType,
    redirect_uris: data.redirectUris,
    post_logout_redirect_uris: data.postLogoutRedirectUris,
    allowed_origins: data.allowedOrigins,
    algorithm: data.algorithm,
  };
  const choices = (labels: Readonly<Record<string, string>>, keys: readonly string[], value: string) =>
    keys.map((key) => ({ value: key, label: labels[key] ?? key, selected: key === value }));
  const choicesOf: Partial<Record<ApplicationFormField, readonly string[]>> = {
    client_type: Object.keys(CLIENT_TYPE_LABELS),
    authorization_grant_type: grantTypes,
    algorithm: Object.keys(ALGORITHM_LABELS),
  };
  const labelsOf: Partial<Record<ApplicationFormField, Readonly<Record<string, string>>>> = {
    client_type: CLIENT_TYPE_LABELS,
    authorization_grant_type: GRANT_TYPE_LABELS,
    algorithm: ALGORITHM_LABELS,
  };
  return fields.map((name) => {
    const keys = choicesOf[name];
    const widget = keys
      ? 'select'
      : name === 'hash_client_secret'
        ? 'checkbox'
        : name.endsWith('_uris') || name === 'allowed_origins'
          ? 'textarea'
          : 'text';
    return {
      name,
      id: `id_${name}`,
      label: LABELS[name],
      widget,
      value: values[name],
      checked: name === 'hash_client_secret' && data.hashClientSecret,
      choices: keys ? choices(labelsOf[name] ?? {}, keys, values[name]) : [],
      help: HELP[name] ?? '',
      errors: errors[name] ?? [],
    };
  });
}

/** Return the errors of fields the form does not show (say, `user` from a custom validator), to show above it. */
export function otherErrors(fields: readonly ApplicationFormField[], errors: FormErrors): string[] {
  return Object.entries(errors)
    .filter(([name]) => !(fields as readonly string[]).includes(name))
    .flatMap(([name, messages]) => messages.map((m) => `${name}: ${m}`));
}
