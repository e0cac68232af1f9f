/**
 * Every malformed form body, at every toolkit endpoint that reads one, is the client's error: 413 for a body over the
 * limit, 415 for a content coding the toolkit does not decode, 400 for one that is not UTF-8 — JSON at the OAuth and
 * resource endpoints, the error page at the HTML ones — and never a 500 (the body is read once, however many checks
 * look at it).
 */
import type Router from '@koa/router';
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';

import { protectedResource } from '../../lib/middleware.js';
import { ClientProtectedResourceView, ProtectedResourceView } from '../../lib/views/generic.js';
import { FORM_BODY_LIMIT } from '../../lib/backend/form-body.js';
import { useTransaction } from '../helpers/db.js';
import { createUser } from '../helpers/factories.js';
import type { User } from '../helpers/user-entity.js';
import { buildApp } from '../helpers/app.js';
import { emptySession, oidcSettings } from '../views/oidc/helpers.js';

class Hello extends ProtectedResourceView {
  async post(): Promise<void> {
    this.ctx.body = { ok: true };
  }
}
class Client extends ClientProtectedResourceView {
  async post(): Promise<void> {
    this.ctx.body = { ok: true };
  }
}

/** A malformed body: how it is sent, and the status it must get. */
interface Malformed {
  name: string;
  status: number;
  send(req: request.Test): request.Test;
}

// Bytes go out as they are: superagent would serialize a Buffer sent with a form type as an object.
const form = (req: request.Test) =>
  req.set('Content-Type', 'application/x-www-form-urlencoded').serialize((bytes: unknown) => bytes as string);
const MALFORMED: Malformed[] = [
  {
    name: 'a body over the limit',
    status: 413,
    send: (req) => form(req).send(`token=${'a'.repeat(FORM_BODY_LIMIT + 1)}`),
  },
  {
    name: 'a body that is not UTF-8',
    status: 400,
    send: (req) => form(req).send(Buffer.from([0x74, 0x6f, 0x6b, 0x65, 0x6e, 0x3d, 0xff, 0xfe])),
  },
  {
    name: 'a gzip-encoded body',
    status: 415,
    send: (req) =>
      form(req)
        .set('Content-Encoding', 'gzip')
        .send(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01])),
  },
  {
    name: 'an unknown Content-Encoding',
    status: 415,
    send: (req) => form(req).set('Content-Encoding', 'x-nonsense').send('token=a'),
  },
];

/** An endpoint that reads a form body: its path and whether it answers with the HTML error page. */
const ENDPOINTS: { path: string; html: boolean }[] = [
  { path: '/o/token/', html: false },
  { path: '/o/revoke_token/', html: false },
  { path: '/o/introspect/', html: false },
  { path: '/o/userinfo/', html: false },
  { path: '/api/hello', html: false },
  { path: '/api/client', html: false },
  { path: '/api/middleware', html: false },
  { path: '/o/authorize/', html: true },
  { path: '/o/logout/', html: true },
];

describe('malformed form bodies at every endpoint that reads one', () => {
  const session = emptySession();
  const em = useTransaction({
    settings: oidcSettings(session, { oidcRpInitiatedLogoutEnabled: true, bearerTokenLocations: ['header', 'body'] }),
  });
  let app: Koa;
  let user: User;

  before(async () => {
    user = await createUser(em());
  });

  beforeEach(() => {
    session.user = user;
    const routes = (router: Router) => {
      router.all('hello', '/api/hello', Hello.asView());
      router.all('client', '/api/client', Client.asView());
      router.post('/api/middleware', protectedResource(), (ctx) => {
        ctx.body = { ok: true };
      });
    };
    const login: Koa.Middleware = async (ctx, next) => {
      ctx.state['user'] = session.user;
      await next();
    };
    app = buildApp({ em, middleware: [login], routes });
  });

  for (const { path, html } of ENDPOINTS) {
    for (const body of MALFORMED) {
      it(`POST ${path} with ${body.name} → ${body.status}${html ? ' error page' : ' invalid_request JSON'}`, async () => {
        const res = await body.send(request(app.callback()).post(path));
        expect(res.status, res.text.slice(0, 300)).to.equal(body.status);
        if (html) {
          expect(res.type).to.equal('text/html');
          expect(res.text).to.include('Error: invalid_request');
          expect(res.headers['location']).to.equal(undefined);
        } else {
          expect(res.body.error).to.equal('invalid_request');
        }
      });
    }
  }
});
