import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import { createApplication, getApplicationModel, GRANT_DEVICE_CODE, oauth2Settings } from '../lib/index.js';
import { User } from './models/user.js';

/** The demo user's name and the demo application's client id (fixed, so that a restart finds them). */
export const DEMO_USERNAME = 'demo';
export const DEMO_CLIENT_ID = 'demo-client';
/** The demo device client: public, device authorization grant (RFC 8628), for `manage device-login`. */
export const DEMO_DEVICE_CLIENT_ID = 'demo-device';

/** What `ensureDemo()` found or created; passwords and secrets are present only when just created. */
export interface DemoCredentials {
  username: string;
  /** The generated password, only on the start that created the user (only its scrypt hash is stored). */
  password: string | null;
  clientId: string;
  /** The generated client secret, only on the start that created the application (only its hash is stored). */
  clientSecret: string | null;
  redirectUri: string;
  /** The public device client's id (`npm run manage -- device-login --client-id <it>`). */
  deviceClientId: string;
}

/**
 * Create the demo user and the demo application unless they exist (idempotent). The demo application is a
 * confidential client with the authorization code grant (PKCE S256 required by default), redirecting to the example
 * app's own `/callback` page, owned by the demo user. Its secret is generated and stored hashed, so it is printed
 * on the first start only.
 */
export async function ensureDemo(orm: MikroORM, { redirectUri }: { redirectUri: string }): Promise<DemoCredentials> {
  const em = orm.em.fork();
  let user = await em.findOne(User, { username: DEMO_USERNAME });
  let password: string | null = null;
  if (!user) {
    password = randomBytes(12).toString('base64url');
    user = em.create(User, { username: DEMO_USERNAME, firstName: 'Demo', lastName: 'User', email: 'demo@example.com' });
    await user.setPassword(password);
    await em.flush();
  }
  const deviceClientId = await ensureDemoDevice(orm, user);
  const existing = await em.findOne(getApplicationModel(), { clientId: DEMO_CLIENT_ID });
  if (existing) {
    return {
      username: user.username,
      password,
      clientId: existing.clientId,
      clientSecret: null,
      redirectUri: existing.redirectUris,
      deviceClientId,
    };
  }
  const { application, clientSecret } = await createApplication(em, {
    clientType: 'confidential',
    authorizationGrantType: 'authorization-code',
    clientId: DEMO_CLIENT_ID,
    name: 'Demo client',
    // OpenID Connect (RS256 ID tokens) when the app signs with a key, as `npm start` does.
    algorithm: oauth2Settings().oidcRsaPrivateKey ? 'RS256' : '',
    user,
    redirectUris: redirectUri,
    postLogoutRedirectUris: new URL('/', redirectUri).href,
  });
  return {
    username: user.username,
    password,
    clientId: application.clientId,
    clientSecret,
    redirectUri: application.redirectUris,
    deviceClientId,
  };
}

/** Create the demo device client unless it exists: public (no secret), device grant, `openid` allowed when on. */
async function ensureDemoDevice(orm: MikroORM, user: object): Promise<string> {
  const em = orm.em.fork();
  if (!(await em.findOne(getApplicationModel(), { clientId: DEMO_DEVICE_CLIENT_ID }))) {
    await createApplication(em, {
      clientType: 'public',
      authorizationGrantType: GRANT_DEVICE_CODE,
      clientId: DEMO_DEVICE_CLIENT_ID,
      name: 'Demo device',
      algorithm: oauth2Settings().oidcRsaPrivateKey ? 'RS256' : '',
      user,
    });
  }
  return DEMO_DEVICE_CLIENT_ID;
}

/** Return the lines `npm start` prints about the demo user and application. */
export function describeDemo(demo: DemoCredentials): string[] {
  const shownOnce = '(shown only now: it is stored hashed)';
  return [
    demo.password === null
      ? `Demo user: username "${demo.username}" (its password was printed when it was created; ` +
        'make another user with `npm run manage -- createuser`)'
      : `Demo user created: username "${demo.username}", password "${demo.password}" ${shownOnce}`,
    demo.clientSecret === null
      ? `Demo application: client_id "${demo.clientId}", redirect URI ${demo.redirectUri} (its secret was printed ` +
        'when it was created; make another with `npm run manage -- createapplication`)'
      : `Demo application created: client_id "${demo.clientId}", client_secret "${demo.clientSecret}" ${shownOnce}, ` +
        `redirect URI ${demo.redirectUri} (confidential, authorization code with PKCE S256)`,
    `Demo device client: client_id "${demo.deviceClientId}" (public, device authorization grant): sign a device in ` +
      `with \`npm run manage -- device-login --client-id ${demo.deviceClientId}\``,
  ];
}
