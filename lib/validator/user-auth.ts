import type { Context } from 'koa';
import type { OAuth2Client } from '../oauth2/records.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { oauth2Settings } from '../settings/store.js';
import { throttled } from '../throttle/guard.js';
import type { AbstractConstructor, ValidatorLayerBase } from './base.js';
import { requestEm } from './session.js';
import { readThrottleState, userKeys } from './throttle.js';

/** The resource owner password answers of `OAuth2Validator` (RFC 6749 §4.3; `RequestValidator`'s). */
export interface ResourceOwnerAnswers {
  validateUser(username: string, password: string, client: OAuth2Client, request: OAuth2Request): Promise<boolean>;
  /** Return the Koa context handed to `authenticateUser` for this core request. */
  koaContext(request: OAuth2Request): Context;
}

/** The validator layer that checks a resource owner's password through the `authenticateUser` setting. */
export function ResourceOwnerAuthentication<TBase extends ValidatorLayerBase>(Base: TBase) {
  abstract class ResourceOwnerLayer extends Base implements ResourceOwnerAnswers {
    /**
     * Check a resource owner's password through the `authenticateUser` setting (RFC 6749 §4.3) and set
     * `request.user`; an inactive user (`isActive === false`) is refused, and without the setting nobody can log
     * in. The check is throttled on the counters an app's login shares (`throttledAuthenticate()`): per
     * (username, address) and address.
     * @throws TooManyRequestsError while the pair or the address is blocked (the password is then not checked)
     */
    async validateUser(username: string, password: string, _client: OAuth2Client, request: OAuth2Request) {
      const em = requestEm(request);
      const ctx = this.koaContext(request);
      const authenticate = oauth2Settings().authenticateUser;
      if (authenticate === null) return false;
      const keys = userKeys(request, username);
      const blockedUntil = await readThrottleState(em, request, [keys.pair, keys.address]);
      const check = async (): Promise<boolean> => {
        if (username.includes('\0')) return false;
        const user = (await authenticate(username, password, ctx)) as object | null;
        if (!user || (user as { isActive?: unknown }).isActive === false) return false;
        request.user = user;
        return true;
      };
      return throttled(em, keys, check, blockedUntil);
    }

    /**
     * Return the Koa context handed to `authenticateUser`: the one the backend put on the core request. A request
     * built without one (the core driven directly) gets a stand-in whose `state.em` is the request's EntityManager,
     * where the backend looks for a request's session first (ARCHITECTURE.md, Request session).
     */
    koaContext(request: OAuth2Request): Context {
      return (request.context as Context | undefined) ?? ({ state: { em: requestEm(request) } } as unknown as Context);
    }
  }
  return ResourceOwnerLayer as TBase & AbstractConstructor<ResourceOwnerAnswers>;
}
