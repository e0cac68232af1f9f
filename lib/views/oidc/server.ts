import { ImproperlyConfigured } from '../../errors.js';
import type { OAuthLib } from '../../mixins/oauth-lib.js';
import { OpenIDServer } from '../../oauth2/openid/server.js';
import { oauth2Settings } from '../../settings/store.js';

/**
 * Return the OpenID Connect server behind a view's backend. Every URL and the `iss` of its ID tokens come from the
 * `issuer` setting, so an empty one, or a server class without OpenID Connect, is a configuration mistake named
 * here rather than a 500 deeper down.
 */
export function openIDServerOf(view: OAuthLib & object): OpenIDServer {
  const name = view.constructor.name;
  if (!oauth2Settings().issuer) {
    throw new ImproperlyConfigured(
      `${name} needs the 'issuer' setting (e.g. configure({ issuer: 'https://host/o' })): OpenID Connect builds ` +
        'every URL and the iss claim from it, never from the request',
    );
  }
  const server = view.oauthLibCore().server;
  if (!(server instanceof OpenIDServer)) {
    throw new ImproperlyConfigured(
      `${name} needs an OpenID Connect server, but the server class is ${server.constructor.name}: leave ` +
        "'oauth2ServerClass' unset or set it to a subclass of OpenIDServer",
    );
  }
  return server;
}
