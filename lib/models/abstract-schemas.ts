import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** Entity names the relations point at, resolved lazily at discovery. */
export interface EntityNames {
  user: string;
  application: string;
  accessToken: string;
  refreshToken: string;
  grant: string;
  idToken: string;
  deviceGrant: string;
}

// Properties are typed loosely here: the classes carry the types, the schemas only the mapping.
type Props = ConstructorParameters<typeof EntitySchema>[0]['properties'];

const id = () => ({ type: new BigIntType('number'), primary: true, autoincrement: true });
const timestamps = {
  created: { type: 'datetime', onCreate: () => new Date() },
  updated: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
};
const checksum = { type: 'string', length: 64, unique: true };
// The login facts travel from the code to every token of its family (OIDC Core §2, §5.5).
const loginFacts = {
  authTime: { type: 'datetime', nullable: true },
  acr: { type: 'string', length: 255, default: '' },
  claims: { type: 'text', default: '' },
};
const family = { type: 'uuid', nullable: true, index: true };
// cleartokens deletes by expiry in batches; without an index every batch would scan the table.
const expires = { type: 'datetime', index: true };

// Foreign keys are indexed: PostgreSQL does not do it, and deleting a user or an application cascades through them.
function m2o(target: () => string, nullable: boolean, deleteRule: 'cascade' | 'set null' = 'cascade') {
  return { kind: 'm:1', entity: target, nullable, deleteRule, index: true };
}
function o2o(target: () => string, deleteRule: 'cascade' | 'set null') {
  return { kind: '1:1', entity: target, owner: true, nullable: true, deleteRule };
}

function schema(name: string, properties: Record<string, unknown>, extra: object = {}) {
  return new EntitySchema({ name, abstract: true, properties: properties as Props, ...extra });
}

/** Build the abstract schemas (DOT's `Abstract*` models) whose relations point at `names`. */
export function abstractSchemas(names: EntityNames): EntitySchema[] {
  const user = () => names.user;
  const application = () => names.application;
  return [
    schema(
      'AbstractApplication',
      {
        id: id(),
        clientId: { type: 'string', length: 255, unique: true },
        user: m2o(user, true),
        redirectUris: { type: 'text', default: '' },
        postLogoutRedirectUris: { type: 'text', default: '' },
        clientType: { type: 'string', length: 32 },
        authorizationGrantType: { type: 'string', length: 44 },
        clientSecret: { type: 'string', length: 255, default: '' },
        hashClientSecret: { type: 'boolean', default: true },
        name: { type: 'string', length: 255, default: '' },
        skipAuthorization: { type: 'boolean', default: false },
        ...timestamps,
        algorithm: { type: 'string', length: 5, default: '' },
        allowedOrigins: { type: 'text[]', default: '{}' },
        allowedScopes: { type: 'text[]', default: '{}' },
      },
      // A CORS preflight finds its applications by one indexed containment query (ARCHITECTURE.md, CORS).
      { indexes: [{ properties: ['allowedOrigins'], type: 'gin' }] },
    ),
    schema('AbstractGrant', {
      id: id(),
      user: m2o(user, false),
      codeChecksum: checksum,
      application: m2o(application, false),
      expires,
      redirectUri: { type: 'text', default: '' },
      scope: { type: 'text', default: '' },
      ...timestamps,
      codeChallenge: { type: 'string', length: 128, default: '' },
      codeChallengeMethod: { type: 'string', length: 10, default: '' },
      nonce: { type: 'string', length: 255, default: '' },
      ...loginFacts,
      consumed: { type: 'datetime', nullable: true },
      family: { type: 'uuid', nullable: true },
    }),
    schema('AbstractAccessToken', {
      id: id(),
      user: m2o(user, true),
      sourceRefreshToken: o2o(() => names.refreshToken, 'set null'),
      tokenChecksum: checksum,
      idToken: o2o(() => names.idToken, 'cascade'),
      application: m2o(application, true),
      expires,
      scope: { type: 'text', default: '' },
      ...timestamps,
      family,
      revoked: { type: 'datetime', nullable: true },
      ...loginFacts,
    }),
    schema('AbstractRefreshToken', {
      id: id(),
      user: m2o(user, false),
      tokenChecksum: checksum,
      application: m2o(application, false),
      accessToken: o2o(() => names.accessToken, 'set null'),
      family,
      ...timestamps,
      revoked: { type: 'datetime', nullable: true },
      successorCiphertext: { type: 'text', nullable: true },
      successorExpires: { type: 'datetime', nullable: true },
      ...loginFacts,
    }),
    schema('AbstractDeviceGrant', {
      id: id(),
      user: m2o(user, true),
      deviceCodeChecksum: checksum,
      // Unique among pending grants only: a partial unique index on the concrete table (models/schemas.ts).
      userCodeChecksum: { type: 'string', length: 64, index: true },
      scope: { type: 'text', default: '' },
      interval: { type: 'integer', default: 5 },
      expires,
      status: { type: 'string', length: 64, default: 'authorization-pending' },
      clientId: { type: 'string', length: 255, index: true },
      lastChecked: { type: 'datetime', nullable: true },
      ...loginFacts,
    }),
    schema('AbstractIDToken', {
      id: id(),
      user: m2o(user, true),
      jti: { type: 'uuid', unique: true },
      application: m2o(application, true),
      expires,
      scope: { type: 'text', default: '' },
      ...timestamps,
    }),
  ];
}
