/**
 * One fuzz case from a seed and an index: a route and method of the app, then a valid request for it with a few
 * hostile mutations, or a request built from nothing. Each case has its own generator seeded by `seed:index`, so a
 * failing case can be rebuilt alone (`FUZZ_ONLY`).
 */
import { emptyDraft, toRawRequest, type Draft } from './draft.js';
import { drawAuthorization, drawContentType, drawCookie } from './headers.js';
import type { FuzzMaterial } from './material.js';
import { mutate } from './mutate.js';
import { Prng } from './prng.js';
import type { RawRequest } from './raw-http.js';
import type { MountedRoute } from './routes.js';
import { templateFor } from './templates.js';
import { paramName, paramValue } from './values.js';

/** A generated request and what it aims at. */
export interface FuzzCase {
  readonly index: number;
  readonly route: MountedRoute;
  readonly method: string;
  readonly request: RawRequest;
  /** Tags naming the input's shape (template or random, each mutation), for the report. */
  readonly shape: readonly string[];
}

/** Build case `index`: the first cases walk every route × method once, the rest draw them with weights. */
export function generateCase(seed: string, index: number, routes: readonly MountedRoute[], m: FuzzMaterial): FuzzCase {
  const rng = new Prng(`${seed}:${index}`);
  const combos = routes.flatMap((route) => route.methods.map((method) => [route, method] as const));
  const [route, method] = index < combos.length ? (combos[index] as (typeof combos)[number]) : drawTarget(rng, routes);
  const path = rng.pick(route.paths);
  const fromTemplate = rng.chance(0.7);
  const draft = fromTemplate ? templateFor(rng, m, path, method) : randomDraft(rng, m, method);
  const mutations = rng.weighted([
    [10, 0],
    [45, 1],
    [30, 2],
    [15, rng.int(3, 6)],
  ] as const);
  const shape = [fromTemplate ? 'template' : 'random', ...mutate(rng, m, draft, mutations)];
  if (method === 'OPTIONS' && rng.chance(0.5)) {
    // A CORS preflight's shape (the toolkit answers those from its applications' allowed origins).
    draft.headers.push(['Origin', rng.pick([new URL(m.redirectUri).origin, 'http://evil.example'])]);
    draft.headers.push(['Access-Control-Request-Method', rng.pick(['POST', 'GET', 'PUT'])]);
    shape.push('preflight');
  }
  const rawTarget = rng.chance(0.02);
  if (rawTarget) shape.push('raw-target');
  return { index, route, method, request: toRawRequest(draft, method, path, rawTarget), shape };
}

/** Draw a route and one of its methods: mostly GET and POST, the rest spread over every registered method. */
function drawTarget(rng: Prng, routes: readonly MountedRoute[]): readonly [MountedRoute, string] {
  const route = rng.pick(routes);
  const wanted = rng.weighted([
    [38, 'GET'],
    [38, 'POST'],
    [4, 'HEAD'],
    [5, 'OPTIONS'],
    [15, ''],
  ] as const);
  return [route, route.methods.includes(wanted) ? wanted : rng.pick(route.methods)];
}

/** Build a request from nothing: random parameters in the query and a body, random credentials. */
function randomDraft(rng: Prng, m: FuzzMaterial, method: string): Draft {
  const draft = emptyDraft();
  const fill = (count: number) =>
    Array.from({ length: count }, () => {
      const name = paramName(rng);
      return [name, paramValue(rng, m, name.toString('latin1'), 4_000)] as [Buffer, Buffer];
    });
  draft.query = fill(rng.int(0, 8));
  if (['POST', 'PUT', 'PATCH'].includes(method) ? rng.chance(0.9) : rng.chance(0.1)) {
    draft.form = fill(rng.int(0, 10));
    draft.contentType = rng.chance(0.7) ? 'application/x-www-form-urlencoded' : drawContentType(rng);
  }
  if (rng.chance(0.6)) draft.authorization = drawAuthorization(rng, m)[1];
  draft.cookie = drawCookie(rng, m)?.[1] ?? null;
  return draft;
}
