import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { Application } from '../../lib/index.js';
import { configureToolkit } from '../app.js';
import { boot, type RunningApp } from '../boot.js';
import { DEMO_CLIENT_ID } from '../demo.js';
import { OIDC_KEY_FILE, oidcRsaKey } from '../oidc-key.js';
import { tempDir } from './database.js';

describe('example app: OpenID Connect', function () {
  this.timeout(60000);
  let dataDir: string;
  let running: RunningApp | undefined;

  before(async () => {
    dataDir = tempDir();
    running = await boot({ DATA_DIR: dataDir, PORT: '0' });
  });

  // The run's root hook resets the toolkit settings after each test; boot() configured them once.
  beforeEach(() => {
    if (running) {
      const oidcRsaPrivateKey = oidcRsaKey({}, dataDir);
      configureToolkit({ orm: running.database.orm, issuer: running.issuer, oidcRsaPrivateKey });
    }
  });

  after(async () => {
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates its RSA key on the first start, readable by its user only, and keeps it', () => {
    const path = join(dataDir, OIDC_KEY_FILE);
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    const pem = oidcRsaKey({}, dataDir);
    expect(pem).to.match(/^-----BEGIN PRIVATE KEY-----/);
    expect(oidcRsaKey({}, dataDir)).to.equal(pem);
    expect(oidcRsaKey({ OIDC_RSA_PRIVATE_KEY: 'configured' }, dataDir)).to.equal('configured');
    expect(() => oidcRsaKey({ NODE_ENV: 'production' }, dataDir)).to.throw(/OIDC_RSA_PRIVATE_KEY/);
  });

  it('publishes its discovery document and JWKS; the demo application signs with RS256', async () => {
    const app = running!.server;
    const discovery = await request(app).get('/o/.well-known/openid-configuration');
    expect(discovery.status).to.equal(200);
    expect(discovery.body.issuer).to.equal(running!.issuer);
    expect(discovery.body.end_session_endpoint).to.equal(`${running!.issuer}/logout/`);
    expect(discovery.body.scopes_supported).to.include.members(['openid', 'profile', 'email']);
    const jwks = await request(app).get('/o/.well-known/jwks.json');
    expect(jwks.body.keys).to.have.length(1);
    const em = running!.database.orm.em.fork();
    const demo = await em.findOneOrFail(Application, { clientId: DEMO_CLIENT_ID });
    expect(demo.algorithm).to.equal('RS256');
  });
});
