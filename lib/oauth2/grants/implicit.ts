import type { ResponseMode } from '../errors.js';
import type { OAuth2Request } from '../request.js';
import { redirectResponse, type OAuth2Response } from '../response.js';
import { addParamsToUri } from '../serialize.js';
import { AuthorizationGrant } from './authorization-base.js';

/**
 * The implicit grant (RFC 6749 §4.2): the access token travels in the fragment, never with a refresh token.
 * RFC 9700 §2.1.2 advises against it, so it is served only when `responseTypesSupported` lists `token`.
 */
export class ImplicitGrant extends AuthorizationGrant {
  readonly responseTypes: readonly string[] = ['token'];
  readonly defaultResponseMode: ResponseMode = 'fragment';

  /** Create and save the token, then redirect with it in the fragment (RFC 6749 §4.2.2). */
  protected async issue(request: OAuth2Request, iss: string | null): Promise<OAuth2Response> {
    const token = await this.issueToken(request, { issue: false });
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(token)) params[name] = String(value);
    if (request.state !== null) params.state = request.state;
    if (iss !== null) params.iss = iss;
    return redirectResponse(addParamsToUri(request.redirectUri ?? '', params, 'fragment'));
  }
}
