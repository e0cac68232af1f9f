import { expect } from 'chai';
import request from 'supertest';
import { useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { createAccessToken, createApplication, createUser } from '../helpers/factories.js';
import { basic } from '../helpers/basic-auth.js';
import { IntrospectTokenView } from '../../lib/views/introspect.js';
import { OAuth2Validator } from '../../lib/validator.js';
import type { ClientCredentials } from '../../lib/oauth2/request-validator.js';
import type { OAuth2Request } from '../../lib/oauth2/request.js';

const SCOPES = { read: 'Read', write: 'Write', introspection: 'Introspect tokens' };

describe('token introspection (RFC 7662) through /o/introspect/', () => {
  const em = useTransaction({ settings: { scopes: SCOPES } });

  const introspect = (body: Record<string, string>, auth?: string) => {
    const req = request(buildApp({ em }).callback()).post('/o/introspect/');
    if (auth) req.set('Authorization', auth);
    return req.type('form').send(body);
  };

  it('answers a confidential client with the claims of an active token', async () => {
    const caller = await createApplication(em());
    const user = await createUser(em());
    const { application } = await createApplication(em());
    const { accessToken, token } = await createAccessToken(em(), { application, user, scope: 'read' });
    const res = await introspect({ token }, basic(caller.application.clientId, caller.clientSecret));
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.body).to.include({ active: true, scope: 'read', client_id: application.clientId });
    expect(res.body.username).to.equal(user.username);
    expect(res.body.exp).to.equal(Math.floor(accessToken.expires.getTime() / 1000));
  });

  it('answers a bearer token that carries the introspection scope', async () => {
    const { application } = await createApplication(em());
    const caller = await createAccessToken(em(), { application, scope: 'introspection' });
    const { token } = await createAccessToken(em(), { application, scope: 'write' });
    const res = await introspect({ token }, `Bearer ${caller.token}`);
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ active: true, scope: 'write' });
  });

  it('refuses a bearer token without the introspection scope with 403 insufficient_scope', async () => {
    const { application } = await createApplication(em());
    const caller = await createAccessToken(em(), { application, scope: 'read' });
    const { token } = await createAccessToken(em(), { application });
    const res = await introspect({ token }, `Bearer ${caller.token}`);
    expect(res.status).to.equal(403);
    expect(res.headers['www-authenticate']).to.include('error="insufficient_scope"');
  });

  it('answers an unauthenticated caller with 401', async () => {
    const { application } = await createApplication(em());
    const { token } = await createAccessToken(em(), { application });
    const res = await introspect({ token });
    expect(res.status).to.equal(401);
    expect(res.body.error).to.equal('invalid_client');
    expect(res.headers['www-authenticate']).to.be.a('string');
  });

  it('refuses a public client, which cannot authenticate, with 401', async () => {
    const { application } = await createApplication(em(), { clientType: 'public' });
    const { token } = await createAccessToken(em(), { application });
    const res = await introspect({ token, client_id: application.clientId });
    expect(res.status).to.equal(401);
    expect(res.body).to.deep.equal({ error: 'invalid_client', error_description: 'The caller must authenticate.' });
  });

  it('answers a wrong client secret with 401', async () => {
    const caller = await createApplication(em());
    const res = await introspect({ token: 'x' }, basic(caller.application.clientId, 'wrong'));
    expect(res.status).to.equal(401);
    expect(res.body.error).to.equal('invalid_client');
  });

  for (const [label, data] of [
    ['expired', { expiresIn: -60 }],
    ['revoked', { revoked: new Date() }],
  ] as const) {
    it(`answers only {"active": false} for a token that is ${label}`, async () => {
      const caller = await createApplication(em());
      const { application } = await createApplication(em());
      const { token } = await createAccessToken(em(), { application, ...data });
      const res = await introspect({ token }, basic(caller.application.clientId, caller.clientSecret));
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ active: false });
    });
  }

  it('answers only {"active": false} for an unknown token', async () => {
    const caller = await createApplication(em());
    const res = await introspect({ token: 'nope' }, basic(caller.application.clientId, caller.clientSecret));
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ active: false });
  });

  it('refuses GET with 405 (RFC 7662 §2.1 defines POST)', async () => {
    const res = await request(buildApp({ em }).callback()).get('/o/introspect/?token=x');
    expect(res.status).to.equal(405);
  });

  it('checks the client secret once: the view authenticates the caller, the endpoint trusts it', async () => {
    let checks = 0;
    class CountingValidator extends OAuth2Validator {
      override authenticateClient(credentials: ClientCredentials, request: OAuth2Request) {
        checks += 1;
        return super.authenticateClient(credentials, request);
      }
    }
    const app = buildApp({ em, settings: { scopes: SCOPES, oauth2ValidatorClass: CountingValidator } });
    const caller = await createApplication(em());
    const { token } = await createAccessToken(em(), { application: caller.application, scope: 'read' });
    const res = await request(app.callback())
      .post('/o/introspect/')
      .set('Authorization', basic(caller.application.clientId, caller.clientSecret))
      .type('form')
      .send({ token });
    expect(res.body).to.include({ active: true, scope: 'read' });
    expect(checks).to.equal(1);
  });
});

describe('IntrospectTokenView subclassed with its own requiredScopes', () => {
  const em = useTransaction({ settings: { scopes: { ...SCOPES, audit: 'Audit' } } });

  class AuditIntrospectView extends IntrospectTokenView {
    override requiredScopes = ['audit'];
  }

  const introspect = (body: Record<string, string>, auth: string) =>
    request(buildApp({ em, views: { IntrospectTokenView: AuditIntrospectView } }).callback())
      .post('/o/introspect/')
      .set('Authorization', auth)
      .type('form')
      .send(body);

  it('answers a bearer token with the overridden scope, and refuses one with only `introspection`', async () => {
    const { application } = await createApplication(em());
    const auditor = await createAccessToken(em(), { application, scope: 'audit' });
    const introspector = await createAccessToken(em(), { application, scope: 'introspection' });
    const { token } = await createAccessToken(em(), { application, scope: 'read' });
    const ok = await introspect({ token }, `Bearer ${auditor.token}`);
    expect(ok.status).to.equal(200);
    expect(ok.body).to.include({ active: true, scope: 'read' });
    const refused = await introspect({ token }, `Bearer ${introspector.token}`);
    expect(refused.status).to.equal(403);
    expect(refused.headers['www-authenticate']).to.include('scope="audit"');
  });

  it('still answers a confidential client by its secret, whatever the scopes', async () => {
    const caller = await createApplication(em());
    const { application } = await createApplication(em());
    const { token } = await createAccessToken(em(), { application, scope: 'write' });
    const res = await introspect({ token }, basic(caller.application.clientId, caller.clientSecret));
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ active: true, scope: 'write' });
  });
});
