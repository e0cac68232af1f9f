import createDebug from 'debug';
import type { EntityManager } from '@mikro-orm/core';
import { CLIENT_CONFIDENTIAL, CLIENT_PUBLIC, type Application } from '../models/application.js';
import type { ClientCredentials } from '../oauth2/request-validator.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { verifyClientSecret } from '../secrets/index.js';
import { throttled } from '../throttle/guard.js';
import type { AbstractConstructor, ValidatorLayerBase } from './base.js';
import { loadApplication, models, requestEm } from './session.js';
import { clientKeys, lookupKeys, readThrottleState } from './throttle.js';

const debug = createDebug('koa-oauth-toolkit:validator');

/** The client authentication answers of `OAuth2Validator` (RFC 6749 §2.3, §3.2.1; `RequestValidator`'s). */
export interface ClientAuthenticationAnswers {
  clientAuthenticationRequired(request: OAuth2Request): Promise<boolean>;
  authenticateClient(credentials: ClientCredentials, request: OAuth2Request): Promise<Application | null>;
  authenticateClientId(clientId: string, request: OAuth2Request): Promise<boolean>;
  validateClientId(clientId: string, request: OAuth2Request): Promise<boolean>;
}

/** The validator layer that tells who the client is: by its secret (throttled), or by its id alone. */
export function ClientAuthentication<TBase extends ValidatorLayerBase>(Base: TBase) {
  abstract class ClientAuthenticationLayer extends Base implements ClientAuthenticationAnswers {
    /**
     * Return whether the request's client must authenticate with a secret (DOT `client_authentication_required`):
     * a confidential client, or an unknown one (the core then answers `invalid_client`).
     */
    async clientAuthenticationRequired(request: OAuth2Request): Promise<boolean> {
      // The lookup also reads the throttling state of a password grant's user, which the password check needs.
      const application = await loadApplication(
        requestEm(request),
        request.clientId,
        request,
        lookupKeys(request, null),
      );
      return application === null || application.clientType === CLIENT_CONFIDENTIAL;
    }

    /**
     * Authenticate a confidential client by its secret in constant time (lib/secrets), and return it.
     * An unknown or public client fails at the cost of a wrong secret, so that time does not tell which client ids
     * exist. The check is throttled (lib/throttle): a failure is counted against the (client id, address) pair and
     * the address, whose state the client lookup has read. A DOT `pbkdf2_sha256` hash that matches is replaced by
     * our format (one conditional UPDATE, so that concurrent first logins do not fight). Null for anything that does
     * not authenticate.
     * @throws TooManyRequestsError while the pair or the address is blocked (the secret is then not checked)
     */
    async authenticateClient(credentials: ClientCredentials, request: OAuth2Request): Promise<Application | null> {
      const em = requestEm(request);
      const { clientId, clientSecret } = credentials;
      const application = await loadApplication(em, clientId, request, lookupKeys(request, clientId));
      const keys = clientKeys(request, clientId);
      const blockedUntil = await readThrottleState(em, request, [keys.pair, keys.address]);
      return throttled(
        em,
        keys,
        async () => {
          const confidential = application?.clientType === CLIENT_CONFIDENTIAL ? application : null;
          const check = await verifyClientSecret(confidential, clientSecret);
          if (!check.ok || confidential === null) {
            debug('client authentication failed (application id %s)', application?.id ?? 'unknown');
            return null;
          }
          if (check.rehash !== undefined) await rehashSecret(em, confidential, check.rehash);
          return confidential;
        },
        blockedUntil,
      );
    }

    /** Identify a public client by its id alone and set `request.client` (RFC 6749 §2.3, §3.2.1). */
    async authenticateClientId(clientId: string, request: OAuth2Request): Promise<boolean> {
      const application = await loadApplication(requestEm(request), clientId, request);
      if (application === null || application.clientType !== CLIENT_PUBLIC) return false;
      request.client = application;
      return true;
    }

    /** Return whether `clientId` names a usable application, and set `request.client`. */
    async validateClientId(clientId: string, request: OAuth2Request): Promise<boolean> {
      const application = await loadApplication(requestEm(request), clientId, request);
      if (application === null) return false;
      request.client = application;
      return true;
    }
  }
  return ClientAuthenticationLayer as TBase & AbstractConstructor<ClientAuthenticationAnswers>;
}

/** Store `rehash` in place of the DOT hash the secret was just checked against. */
async function rehashSecret(em: EntityManager, application: Application, rehash: string): Promise<void> {
  const { Application: Model } = models(em);
  const n = await em.nativeUpdate(
    Model,
    { id: application.id, clientSecret: application.clientSecret },
    { clientSecret: rehash },
  );
  if (n > 0) application.clientSecret = rehash;
  debug('rehashed the client secret of application %s: %d row(s)', application.id, n);
}
