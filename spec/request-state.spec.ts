/**
 * Per-request state lives on one typed object per request (`RequestScope`), reachable from `ctx` and from the core
 * request, never in a module-level map keyed by the request: such a map hides state from whoever reads the request.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { OAuth2Request, OAuth2RequestState, type ClientCredentials } from '../lib/oauth2/index.js';
import { requestState, RequestScope } from '../lib/request-state.js';
import { OAuth2Validator } from '../lib/validator.js';
import { buildApp } from './helpers/app.js';
import { basic } from './helpers/basic-auth.js';
import { useTransaction } from './helpers/db.js';
import { createApplication } from './helpers/factories.js';

const LIB = resolve(import.meta.dirname, '../lib');

/** The maps of lib/ keyed by something that lives longer than a request, each with what it is keyed by. */
const LONG_LIVED_MAPS: Readonly<Record<string, string>> = {
  'mixins/oauth-lib.ts': 'the view class (the OAuth core cached per class)',
  'models/sql-table.ts': "the ORM's entity metadata",
  'models/registry.ts': "the ORM's metadata storage",
  'oauth2/openid/server.ts': 'the server instance',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('per-request state (RequestScope)', () => {
  const em = useTransaction();

  it('has no module-level WeakMap in lib/ but those keyed by long-lived objects', () => {
    const found = sources(LIB)
      .filter((path) => /new WeakMap\b/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(LIB, path));
    expect(found.sort()).to.deep.equal(Object.keys(LONG_LIVED_MAPS).sort());
  });

  it('keys no Map or WeakMap by the Koa context or the core request', () => {
    const keyed = /new (Weak)?Map<\s*(Context|ParameterizedContext|Koa\.Context|OAuth2Request)\b/;
    const offenders = sources(LIB).filter((path) => keyed.test(readFileSync(path, 'utf8')));
    expect(offenders.map((path) => relative(LIB, path))).to.deep.equal([]);
  });

  it('is one object that ctx, the core request and the validator share', async () => {
    const seen: { state: unknown; session: unknown }[] = [];
    class Probe extends OAuth2Validator {
      override async authenticateClient(credentials: ClientCredentials, req: OAuth2Request) {
        seen.push({ state: req.requestState, session: req.session });
        return super.authenticateClient(credentials, req);
      }
    }
    let fromCtx: RequestScope | null = null;
    const { application, clientSecret } = await createApplication(em(), {
      authorizationGrantType: 'client-credentials',
    });
    const app = buildApp({ em, settings: { oauth2ValidatorClass: Probe } });
    app.middleware.unshift(async (ctx, next) => {
      await next();
      fromCtx = requestState(ctx);
    });
    const res = await request(app.callback())
      .post('/o/token/')
      .set('Authorization', basic(application.clientId, clientSecret))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(res.status).to.equal(200);
    expect(fromCtx).to.be.instanceOf(RequestScope);
    expect(fromCtx).to.be.instanceOf(OAuth2RequestState);
    expect(seen).to.have.length(1);
    expect(seen[0]!.state).to.equal(fromCtx);
    expect(seen[0]!.session).to.equal(em());
  });

  it('OAuth2Validator.authenticateClient() returns the client for the right secret, else null', async () => {
    const { application, clientSecret } = await createApplication(em());
    const validator = new OAuth2Validator();
    const check = (secret: string) =>
      validator.authenticateClient(
        { clientId: application.clientId, clientSecret: secret, method: 'client_secret_basic' },
        OAuth2Request.parse({ uri: '/o/token/', httpMethod: 'POST', session: em() }),
      );
    expect((await check(clientSecret))?.id).to.equal(application.id);
    expect(await check('wrong')).to.equal(null);
  });
});
