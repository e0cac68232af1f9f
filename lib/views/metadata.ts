import { writeResponse } from '../backend.js';
import { ImproperlyConfigured } from '../errors.js';
import { OAuthLibMixin } from '../mixins/oauth-lib.js';
import { oauth2Settings } from '../settings/store.js';
import { trimIssuer } from '../urls/paths.js';
import { View, type HttpMethodName } from './view.js';

/**
 * The authorization server metadata document (RFC 8414; DOT 3.4's `OAuthServerMetadataView`), from the core's
 * metadata endpoint: exactly the grant and response types, endpoints and methods that are enabled. Needs the
 * `issuer` setting, since every URL in the document is built from it; `issuer` here, when given, must equal it
 * (RFC 8414 §3.3: the document's issuer is the one its URL was built from).
 *
 * @example
 * router.get('/.well-known/oauth-authorization-server/o', OAuthServerMetadataView.asView({ issuer: 'https://host/o' }));
 */
export class OAuthServerMetadataView extends OAuthLibMixin(View) {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['get', 'head', 'options'];

  /** The issuer the document is served for; null means the `issuer` setting. */
  issuer: string | null = null;

  /** Serve the document (RFC 8414 §3.2), readable cross-origin. */
  async get(): Promise<void> {
    this.checkIssuer();
    writeResponse(this.ctx, this.oauthLibCore().createMetadataResponse());
  }

  /** Refuse to serve a document for an issuer other than the configured one. */
  checkIssuer(): void {
    const configured = trimIssuer(oauth2Settings().issuer);
    if (configured === '') {
      throw new ImproperlyConfigured(
        `${this.constructor.name} needs the 'issuer' setting (e.g. configure({ issuer: 'https://host/o' })): the ` +
          'metadata document is built from it',
      );
    }
    if (this.issuer !== null && trimIssuer(this.issuer) !== configured) {
      throw new ImproperlyConfigured(
        `${this.constructor.name} serves the issuer '${this.issuer}', but the 'issuer' setting is '${configured}': ` +
          'they must be the same (RFC 8414 §3.3)',
      );
    }
  }
}
