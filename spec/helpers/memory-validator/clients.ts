/** The client and user questions of the in-memory validator: authentication, registration and policy. */
import { checkSecret } from '../../../lib/secrets/index.js';
import {
  findResponseType,
  redirectUriMatches,
  type ClientCredentials,
  type OAuth2Client,
  type OAuth2Request,
} from '../../../lib/oauth2/index.js';
import type { MemoryApplication, MemoryStore } from './store.js';

/** A stored hash no secret matches: checking against it costs what any failed check costs (one scrypt). */
const NO_SECRET = `sha256$${'0'.repeat(64)}`;

/** `RequestValidator`'s client and resource-owner half, on a `MemoryStore`. */
export abstract class MemoryClientValidator {
  constructor(readonly store: MemoryStore) {}

  /** Return the application of a client id, or null. */
  application(clientId: string | null | undefined): MemoryApplication | null {
    return this.store.applications.get(clientId ?? '') ?? null;
  }

  /** Return the application behind a client the core hands back (one of ours, looked up again). */
  applicationOf(client: OAuth2Client | null | undefined): MemoryApplication | null {
    return this.application(client?.clientId);
  }

  async clientAuthenticationRequired(request: OAuth2Request): Promise<boolean> {
    const application = this.application(request.clientId);
    return application === null || application.secretHash !== null;
  }

  /** Check the secret in constant time; an unknown or public client costs what a wrong secret costs. */
  async authenticateClient(credentials: ClientCredentials, _request: OAuth2Request): Promise<MemoryApplication | null> {
    const application = this.application(credentials.clientId);
    const { ok } = await checkSecret(credentials.clientSecret, application?.secretHash ?? NO_SECRET);
    return ok && application?.secretHash ? application : null;
  }

  async authenticateClientId(clientId: string, request: OAuth2Request): Promise<boolean> {
    const application = this.application(clientId);
    if (application === null || application.secretHash !== null) return false;
    request.client = application;
    return true;
  }

  async validateClientId(clientId: string, request: OAuth2Request): Promise<boolean> {
    const application = this.application(clientId);
    if (application !== null) request.client = application;
    return application !== null;
  }

  async validateRedirectUri(clientId: string, redirectUri: string, _request: OAuth2Request): Promise<boolean> {
    return this.application(clientId)?.redirectUris.some((uri) => redirectUriMatches(uri, redirectUri)) ?? false;
  }

  async getDefaultRedirectUri(clientId: string, _request: OAuth2Request): Promise<string | null> {
    const uris = this.application(clientId)?.redirectUris ?? [];
    return uris.length === 1 ? (uris[0] ?? null) : null;
  }

  async validateResponseType(_id: string, responseType: string, client: OAuth2Client): Promise<boolean> {
    const application = this.applicationOf(client);
    return application !== null && findResponseType(responseType, application.responseTypes) !== null;
  }

  /** Every scope must be known to the provider and allowed for the application. */
  async validateScopes(_id: string, scopes: readonly string[], client: OAuth2Client): Promise<boolean> {
    const application = this.applicationOf(client);
    return application !== null && scopes.every((scope) => this.grantable(application, scope));
  }

  /** The provider's default scopes that the application may be granted. */
  async getDefaultScopes(clientId: string, _request: OAuth2Request): Promise<readonly string[]> {
    const application = this.application(clientId);
    if (application === null) return [];
    return this.store.options.defaultScopes.filter((scope) => this.grantable(application, scope));
  }

  async validateGrantType(_id: string, grantType: string, client: OAuth2Client): Promise<boolean> {
    return this.applicationOf(client)?.grantTypes.includes(grantType) ?? false;
  }

  /** Check the password in constant time; an unknown user costs what a wrong password costs. */
  async validateUser(username: string, password: string, _client: OAuth2Client, request: OAuth2Request) {
    const user = this.store.users.get(username);
    const { ok } = await checkSecret(password, user?.passwordHash ?? NO_SECRET);
    if (!ok || user === undefined) return false;
    request.user = user;
    return true;
  }

  async isOriginAllowed(clientId: string, origin: string, _request: OAuth2Request): Promise<boolean> {
    return this.application(clientId)?.allowedOrigins.includes(origin) ?? false;
  }

  private grantable(application: MemoryApplication, scope: string): boolean {
    const allowed = application.allowedScopes;
    return this.store.options.scopes.includes(scope) && (allowed.length === 0 || allowed.includes(scope));
  }
}
