/**
 * Valid requests for the routes the fuzzer knows, as a real client or browser would send them: the fuzzer mutates
 * one of these more often than it builds a request from nothing, so that its hostile part is met deep in the
 * endpoint (after client authentication, with a live token or code, past the CSRF check). A route it does not know
 * (one added later) gets a few random parameters, and is fuzzed all the same.
 */
import { createHash } from 'node:crypto';
import { emptyDraft, pairs, type Draft } from './draft.js';
import type { FuzzClient, FuzzMaterial } from './material.js';
import type { Prng } from './prng.js';
import { paramName, paramValue } from './values.js';

const FORM = 'application/x-www-form-urlencoded';

/** Return `Basic` credentials for a client (RFC 6749 §2.3.1: form-encoded id and secret). */
export function basicAuth(client: FuzzClient): string {
  const text = `${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`;
  return `Basic ${Buffer.from(text, 'latin1').toString('base64')}`;
}

/** Return a valid request for `path` and `method`. */
export function templateFor(rng: Prng, m: FuzzMaterial, path: string, method: string): Draft {
  const draft = emptyDraft();
  const [demo, credentials, password] = m.clients as [FuzzClient, FuzzClient, FuzzClient];
  const any = (list: readonly string[]): string => (list.length > 0 ? rng.pick(list) : 'none');
  const post = (params: Record<string, string>, client: FuzzClient | null): Draft => {
    draft.form = pairs(params);
    draft.contentType = FORM;
    draft.authorization = client === null ? null : basicAuth(client);
    return draft;
  };
  const bearer = (): Draft => {
    draft.authorization = `Bearer ${any(m.accessTokens)}`;
    return draft;
  };
  const page = (params: Record<string, string>): Draft => {
    draft.cookie = m.sessionCookie;
    if (method === 'POST') post({ ...params, csrfmiddlewaretoken: m.csrfToken }, null);
    else draft.query = pairs(params);
    return draft;
  };
  if (path.endsWith('/token/')) {
    const grants: [Record<string, string>, FuzzClient][] = [
      [
        {
          grant_type: 'authorization_code',
          code: any(m.codes),
          redirect_uri: m.redirectUri,
          code_verifier: m.verifier,
        },
        demo,
      ],
      [{ grant_type: 'refresh_token', refresh_token: any(m.refreshTokens) }, demo],
      [{ grant_type: 'client_credentials', scope: 'read' }, credentials],
      [{ grant_type: 'password', username: m.username, password: m.password, scope: 'read' }, password],
    ];
    const [params, client] = rng.pick(grants);
    return post(params, client);
  }
  if (path.endsWith('/introspect/')) return post({ token: any([...m.accessTokens, ...m.refreshTokens]) }, demo);
  if (path.endsWith('/revoke_token/')) {
    return post({ token: any([...m.accessTokens, ...m.refreshTokens]), token_type_hint: 'access_token' }, demo);
  }
  if (path.endsWith('/authorize/')) {
    const challenge = createHash('sha256').update(m.verifier).digest('base64url');
    const request = {
      response_type: 'code',
      client_id: demo.id,
      redirect_uri: m.redirectUri,
      scope: 'openid read',
      state: 'st',
      nonce: 'n',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    return page(method === 'POST' ? { ...request, allow: 'Authorize' } : request);
  }
  if (path.endsWith('/logout/') && path.startsWith('/o/')) {
    const request = { id_token_hint: any(m.idTokens), post_logout_redirect_uri: m.postLogoutRedirectUri, state: 's' };
    return page(method === 'POST' ? { ...request, allow: 'Logout' } : request);
  }
  if (path === '/accounts/login/') return page({ username: m.username, password: m.password, next: '/' });
  if (path === '/accounts/logout/') return page({ next: '/' });
  if (path.endsWith('/userinfo/') || path.startsWith('/api/')) return bearer();
  if (path === '/callback') draft.query = pairs({ code: any(m.codes), state: 'st', iss: 'x' });
  for (let i = rng.int(0, 3); i > 0; i--) {
    const name = paramName(rng);
    draft.query.push([name, paramValue(rng, m, name.toString('latin1'), 200)]);
  }
  return draft;
}
