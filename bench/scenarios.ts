// The requests of S1-S4, built from a target's paths and fixtures, and the check each probe response must pass
// before anything is timed (a 2xx is not enough: an introspection answering {"active": false} is not S3).
import type { RequestShape } from './load.js';
import type { Fixtures, ScenarioId, TargetPaths } from './targets/types.js';

const FORM = 'application/x-www-form-urlencoded';

function basic({ clientId, clientSecret }: { clientId: string; clientSecret: string }): string {
  // RFC 6749 §2.3.1: form-encode id and secret before base64 (a no-op for the base64url values the seeds use).
  const credentials = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Return the request of `scenario`, or null when the target has no endpoint for it. S4 bodies hold `{code}`. */
export function scenarioRequest(scenario: ScenarioId, paths: TargetPaths, fixtures: Fixtures): RequestShape | null {
  switch (scenario) {
    case 'S1':
      return {
        method: 'POST',
        path: paths.token,
        headers: { authorization: basic(fixtures), 'content-type': FORM },
        body: form({ grant_type: 'client_credentials', ...(fixtures.scope ? { scope: fixtures.scope } : {}) }),
      };
    case 'S2':
      return { method: 'GET', path: paths.resource, headers: { authorization: `Bearer ${fixtures.accessToken}` } };
    case 'S3':
      if (paths.introspect === null) return null;
      return {
        method: 'POST',
        path: paths.introspect,
        headers: { authorization: basic(fixtures), 'content-type': FORM },
        body: form({ token: fixtures.accessToken }),
      };
    case 'S4':
      return {
        method: 'POST',
        path: paths.token,
        headers: { authorization: basic(fixtures.codeClient ?? fixtures), 'content-type': FORM },
        // `{code}` is replaced per request; URLSearchParams would escape the braces, so it is appended by hand.
        body: `${form({ grant_type: 'authorization_code', redirect_uri: fixtures.redirectUri, code_verifier: fixtures.codeVerifier })}&code={code}`,
      };
  }
}

/** Return why a probe response does not show the scenario working, or null when it does. */
export function probeProblem(scenario: ScenarioId, status: number, body: unknown): string | null {
  if (status < 200 || status > 299) return `status ${status}: ${JSON.stringify(body)}`;
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if ((scenario === 'S1' || scenario === 'S4') && typeof fields.access_token !== 'string') {
    return `no access_token in ${JSON.stringify(body)}`;
  }
  if (scenario === 'S4' && typeof fields.refresh_token !== 'string') return 'no refresh_token in the S4 response';
  if (scenario === 'S3' && fields.active !== true) return `introspection did not say active: ${JSON.stringify(body)}`;
  return null;
}

/** Send one request of `scenario` (S4 with `code`) and throw unless it passes `probeProblem`. */
export async function probe(baseUrl: string, scenario: ScenarioId, shape: RequestShape, code?: string): Promise<void> {
  const body = code === undefined ? shape.body : shape.body?.replace('{code}', encodeURIComponent(code));
  const response = await fetch(new URL(shape.path, baseUrl), { method: shape.method, headers: shape.headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the message
  }
  const problem = probeProblem(scenario, response.status, parsed);
  if (problem) throw new Error(`probe ${scenario} ${shape.method} ${shape.path} failed: ${problem}`);
}
