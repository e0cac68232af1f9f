/**
 * OIDCOnlyMixin and OIDCLogoutOnlyMixin (DOT's mixins): off → in debug an ImproperlyConfigured error saying why,
 * otherwise 404 and the same message as a warning through the `logger` setting; on → the view's handler.
 */
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';

import { ImproperlyConfigured } from '../../../lib/errors.js';
import {
  OIDC_DISABLED_MESSAGE,
  OIDC_LOGOUT_DISABLED_MESSAGE,
  OIDCLogoutOnlyMixin,
  OIDCOnlyMixin,
} from '../../../lib/mixins/oidc-only.js';
import { configure, resetSettings } from '../../../lib/settings.js';
import { View } from '../../../lib/views/view.js';
import { testOrm, useTransaction } from '../../helpers/db.js';
import { RSA_KEY } from './helpers.js';

class OnlyView extends OIDCOnlyMixin(View) {
  async get(): Promise<void> {
    this.ctx.body = { served: true };
  }
}

class LogoutOnlyView extends OIDCLogoutOnlyMixin(View) {
  async get(): Promise<void> {
    this.ctx.body = { served: true };
  }
}

/** An app serving `view`, recording what reaches Koa's error event. */
function serve(view: typeof OnlyView | typeof LogoutOnlyView) {
  const app = new Koa();
  const errors: unknown[] = [];
  app.on('error', (error: unknown) => errors.push(error));
  app.use(view.asView());
  return { app: app.callback(), errors };
}

/** A logger that records warnings. */
function recordingLogger() {
  const warnings: string[] = [];
  return { warnings, logger: { warn: (m: string) => warnings.push(m), error: () => undefined } };
}

describe('OIDCOnlyMixin', () => {
  useTransaction({ settings: false });
  afterEach(() => resetSettings());

  it('serves the view when OIDC is on', async () => {
    configure({ orm: testOrm(), oidcEnabled: true, oidcRsaPrivateKey: RSA_KEY });
    const res = await request(serve(OnlyView).app).get('/');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ served: true });
  });

  it('answers 404 and warns through the logger when OIDC is off', async () => {
    const { warnings, logger } = recordingLogger();
    configure({ orm: testOrm(), logger });
    const res = await request(serve(OnlyView).app).get('/');
    expect(res.status).to.equal(404);
    expect(res.text).not.to.include('served');
    expect(warnings).to.deep.equal([OIDC_DISABLED_MESSAGE]);
  });

  it('answers 404 without a logger too', async () => {
    configure({ orm: testOrm() });
    expect((await request(serve(OnlyView).app).get('/')).status).to.equal(404);
  });

  it('raises ImproperlyConfigured saying why in debug mode', async () => {
    const { warnings, logger } = recordingLogger();
    configure({ orm: testOrm(), debug: true, logger });
    const { app, errors } = serve(OnlyView);
    expect((await request(app).get('/')).status).to.equal(500);
    expect(errors[0]).to.be.instanceOf(ImproperlyConfigured);
    expect((errors[0] as Error).message).to.equal(`OnlyView: ${OIDC_DISABLED_MESSAGE}`);
    expect(warnings).to.deep.equal([]);
  });
});

describe('OIDCLogoutOnlyMixin', () => {
  useTransaction({ settings: false });
  afterEach(() => resetSettings());

  it('serves the view when OIDC and RP-initiated logout are on', async () => {
    configure({ orm: testOrm(), oidcEnabled: true, oidcRsaPrivateKey: RSA_KEY, oidcRpInitiatedLogoutEnabled: true });
    expect((await request(serve(LogoutOnlyView).app).get('/')).body).to.deep.equal({ served: true });
  });

  it('checks the logout setting first, then OIDC', async () => {
    const { warnings, logger } = recordingLogger();
    configure({ orm: testOrm(), oidcEnabled: true, oidcRsaPrivateKey: RSA_KEY, logger });
    expect((await request(serve(LogoutOnlyView).app).get('/')).status).to.equal(404);
    configure({ orm: testOrm(), oidcRpInitiatedLogoutEnabled: true, logger });
    expect((await request(serve(LogoutOnlyView).app).get('/')).status).to.equal(404);
    expect(warnings).to.deep.equal([OIDC_LOGOUT_DISABLED_MESSAGE, OIDC_DISABLED_MESSAGE]);
  });

  it('raises the logout message in debug mode', async () => {
    configure({ orm: testOrm(), oidcEnabled: true, oidcRsaPrivateKey: RSA_KEY, debug: true });
    const { app, errors } = serve(LogoutOnlyView);
    expect((await request(app).get('/')).status).to.equal(500);
    expect((errors[0] as Error).message).to.equal(`LogoutOnlyView: ${OIDC_LOGOUT_DISABLED_MESSAGE}`);
  });
});
