// The part of node-oidc-provider 9's API the bench uses (the package ships no types, and @types/oidc-provider is
// not a dependency of this repository).
declare module 'oidc-provider' {
  import type { Context, Middleware } from 'koa';

  /** A stored model payload; oidc-provider treats it as opaque except for these keys. */
  export interface AdapterPayload {
    [key: string]: unknown;
    grantId?: string;
    userCode?: string;
    uid?: string;
    consumed?: number;
  }

  /** The storage contract (https://github.com/panva/node-oidc-provider/blob/main/example/my_adapter.js). */
  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type AdapterConstructor = new (name: string) => Adapter;

  export interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface Configuration {
    [key: string]: unknown;
    adapter?: AdapterConstructor;
    findAccount?: (ctx: Context, id: string) => Promise<Account | undefined>;
  }

  export interface ClientInstance {
    clientId: string;
  }

  export interface TokenInstance {
    jti: string;
    clientId?: string;
    scope?: string;
    isValid: boolean;
    save(): Promise<string>;
  }

  export interface TokenClass<T extends TokenInstance = TokenInstance> {
    new (properties: Record<string, unknown>): T;
    find(value: string, options?: { ignoreExpiration?: boolean }): Promise<T | undefined>;
  }

  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    use(middleware: Middleware): void;
    listen(port: number, host: string, callback?: () => void): unknown;
    on(event: string, listener: (...args: unknown[]) => void): this;
    readonly Client: { find(id: string): Promise<ClientInstance | undefined> };
    readonly Grant: new (properties: { clientId: string; accountId: string }) => GrantInstance;
    readonly AccessToken: TokenClass;
    readonly ClientCredentials: TokenClass;
    readonly AuthorizationCode: TokenClass;
  }
}
