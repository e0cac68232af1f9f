import { createHash, timingSafeEqual } from 'node:crypto';
import {
  redirectUriMatches,
  type ClientCredentials,
  type OAuth2Client,
  type OAuth2Request,
} from '../../../lib/oauth2/index.js';

/** A registered client of the in-memory store. */
export interface MemoryClient extends OAuth2Client {
  clientSecret: string | null;
  redirectUris: string[];
  grantTypes: string[];
  responseTypes: string[];
  scopes: string[];
  allowedOrigins: string[];
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** The client and user half of the in-memory validator: registration, authentication and policy questions. */
export abstract class MemoryClients {
  readonly clients = new Map<string, MemoryClient>();
  readonly users = new Map<string, { username: string; password: string }>();
  /** The clock, shared with the server options in tests. */
  now: () => number = Date.now;
  /** Calls made, by method name, for order assertions. */
  readonly calls: string[] = [];
  getDefaultScopes?: (clientId: string, request: OAuth2Request) => Promise<readonly string[]>;

  /** Register a client; confidential when it has a secret. */
  addClient(client: Partial<MemoryClient> & { clientId: string }): MemoryClient {
    const full: MemoryClient = {
      clientSecret: null,
      redirectUris: [],
      grantTypes: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
      responseTypes: ['code', 'token'],
      scopes: ['read', 'write'],
      allowedOrigins: [],
      ...client,
    };
    this.clients.set(full.clientId, full);
    return full;
  }

  async clientAuthenticationRequired(request: OAuth2Request): Promise<boolean> {
    this.calls.push('clientAuthenticationRequired');
    const client = this.clients.get(request.clientId ?? '');
    return client === undefined || client.clientSecret !== null;
  }

  async authenticateClient(credentials: ClientCredentials, _request: OAuth2Request): Promise<MemoryClient | null> {
    this.calls.push('authenticateClient');
    const client = this.clients.get(credentials.clientId);
    // Compare equal-length digests so timing reveals nothing about the stored secret.
    const ok = timingSafeEqual(digest(client?.clientSecret ?? ''), digest(credentials.clientSecret));
    if (client === undefined || client.clientSecret === null || !ok) return null;
    return client;
  }

  async authenticateClientId(clientId: string, request: OAuth2Request): Promise<boolean> {
    const client = this.clients.get(clientId);
    if (client === undefined || client.clientSecret !== null) return false;
    request.client = client;
    return true;
  }

  async validateClientId(clientId: string, request: OAuth2Request): Promise<boolean> {
    return this.identify(request, clientId) !== null;
  }

  async validateRedirectUri(clientId: string, redirectUri: string): Promise<boolean> {
    return this.clients.get(clientId)?.redirectUris.some((r) => redirectUriMatches(r, redirectUri)) ?? false;
  }

  async getDefaultRedirectUri(clientId: string): Promise<string | null> {
    const uris = this.clients.get(clientId)?.redirectUris ?? [];
    return uris.length === 1 ? (uris[0] ?? null) : null;
  }

  async validateResponseType(_id: string, responseType: string, client: OAuth2Client): Promise<boolean> {
    return (client as MemoryClient).responseTypes.includes(responseType);
  }

  async validateScopes(_id: string, scopes: readonly string[], client: OAuth2Client): Promise<boolean> {
    return scopes.every((scope) => (client as MemoryClient).scopes.includes(scope));
  }

  async validateGrantType(
    _id: string,
    grantType: string,
    client: OAuth2Client,
    _request: OAuth2Request,
  ): Promise<boolean> {
    return (client as MemoryClient).grantTypes.includes(grantType);
  }

  async validateUser(username: string, password: string, _client: OAuth2Client, request: OAuth2Request) {
    const user = this.users.get(username);
    const ok = timingSafeEqual(digest(user?.password ?? ''), digest(password));
    if (user === undefined || !ok) return false;
    request.user = user;
    return true;
  }

  async isOriginAllowed(clientId: string, origin: string): Promise<boolean> {
    return this.clients.get(clientId)?.allowedOrigins.includes(origin) ?? false;
  }

  /** Set `request.client` to a known client. */
  protected identify(request: OAuth2Request, clientId: string | null): MemoryClient | null {
    const client = this.clients.get(clientId ?? '') ?? null;
    if (client !== null) request.client = client;
    return client;
  }
}
