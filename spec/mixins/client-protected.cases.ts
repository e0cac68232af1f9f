/** Cases shared by ClientProtectedResourceView and a custom view composed with ClientProtectedResourceMixin. */
import type { EntityManager } from '@mikro-orm/core';
import { expect } from 'chai';
import request from 'supertest';
import { createAccessToken, createApplication } from '../helpers/factories.js';
import { basic } from '../helpers/basic-auth.js';

type Callback = Parameters<typeof request>[0];
/** Register the client protection cases for the app and paths `target()` gives. */
export function ClientProtectedMixinCases(
  em: () => EntityManager,
  target: () => { app: Callback; path: string; scopedPath: string },
): void {
  describe('client protection (Basic, body, then bearer)', () => {
    it('serves a client authenticated with Basic and puts the application on ctx.state.oauth2', async () => {
      const { application, clientSecret } = await createApplication(em());
      const { app, path } = target();
      const res = await request(app).get(path).set('Authorization', basic(application.clientId, clientSecret));
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({
        ok: true,
        scopes: [],
        user: null,
        application: application.clientId,
        token: null,
      });
    });

    it('serves a client authenticated in the form body', async () => {
      const { application, clientSecret } = await createApplication(em());
      const { app, path } = target();
      const res = await request(app)
        .post(path)
        .type('form')
        .send({ client_id: application.clientId, client_secret: clientSecret });
      expect(res.status).to.equal(200);
    });

    it('answers a wrong secret with 401 invalid_client and a Basic challenge', async () => {
      const { application } = await createApplication(em());
      const { app, path } = target();
      const res = await request(app).get(path).set('Authorization', basic(application.clientId, 'wrong'));
      expect(res.status).to.equal(401);
      expect(res.body.error).to.equal('invalid_client');
      expect(res.headers['www-authenticate']).to.match(/^Basic realm=/);
    });

    it('refuses a public client, which has no secret', async () => {
      const { application } = await createApplication(em(), { clientType: 'public' });
      const { app, path } = target();
      const res = await request(app).post(path).type('form').send({ client_id: application.clientId });
      expect(res.status).to.equal(401);
      expect(res.headers['www-authenticate']).to.equal('Bearer realm="oauth2"');
    });

    it('falls back to a bearer token, with the scopes only on that path', async () => {
      const { application, clientSecret } = await createApplication(em());
      const { token: reader } = await createAccessToken(em(), { application, scope: 'read' });
      const { app, path, scopedPath } = target();
      expect((await request(app).get(path).set('Authorization', `Bearer ${reader}`)).status).to.equal(200);
      const scoped = await request(app).get(scopedPath).set('Authorization', `Bearer ${reader}`);
      expect(scoped.status).to.equal(403);
      const byClient = await request(app)
        .get(scopedPath)
        .set('Authorization', basic(application.clientId, clientSecret));
      expect(byClient.status).to.equal(200);
    });

    it('answers no credentials at all with 401 and a bare Bearer challenge', async () => {
      const { app, path } = target();
      const res = await request(app).get(path);
      expect(res.status).to.equal(401);
    });

    it('lets OPTIONS through', async () => {
      const { app, path } = target();
      expect((await request(app).options(path)).status).to.equal(200);
    });
  });
}
