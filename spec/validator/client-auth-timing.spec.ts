/**
 * Client ids cannot be enumerated by timing (issue 5): every failed secret check costs one scrypt verification at
 * `hashSecret()`'s parameters, whether the client is unknown, public, or stores its secret as SHA-256 or readable;
 * a success is not padded. Counted on the scrypt diagnostics channel, then measured through HTTP.
 */
import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../lib/models/application.js';
import { OAuth2Request } from '../../lib/oauth2/index.js';
import { OAuth2Validator } from '../../lib/validator.js';
import { buildApp } from '../helpers/app.js';
import { basic } from '../helpers/basic-auth.js';
import { useTransaction } from '../helpers/db.js';
import { createApplication } from '../helpers/factories.js';
import { HASH_SECRET_COST, scryptRunsOf } from '../helpers/scrypt-runs.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('client authentication timing (client ids cannot be enumerated)', () => {
  const em = useTransaction();
  const validator = new OAuth2Validator();

  /** Authenticate `clientId` with `secret` through the validator, as the token endpoint does. */
  async function authenticate(clientId: string, secret: string): Promise<boolean> {
    const init = { uri: '/o/token/', httpMethod: 'POST', session: em() };
    const credentials = { clientId, clientSecret: secret, method: 'client_secret_basic' as const };
    return (await validator.authenticateClient(credentials, OAuth2Request.parse(init))) !== null;
  }

  async function failureCosts(clientId: string, secret: string): Promise<unknown[]> {
    let ok: boolean | null = null;
    const runs = await scryptRunsOf(async () => (ok = await authenticate(clientId, secret)));
    expect(ok, clientId).to.equal(false);
    return runs;
  }

  it('runs one scrypt at hashSecret() cost for an unknown client', async () => {
    expect(await failureCosts('no-such-client', 'guess')).to.deep.equal([HASH_SECRET_COST]);
  });

  it('runs one scrypt for a public client presenting a secret', async () => {
    const { application } = await createApplication(em(), { clientType: 'public' });
    expect(await failureCosts(application.clientId, 'guess')).to.deep.equal([HASH_SECRET_COST]);
  });

  it('runs one scrypt for a wrong secret whether the stored one is SHA-256, readable or scrypt', async () => {
    const stored: Application[] = [
      (await createApplication(em())).application,
      (await createApplication(em(), { hashClientSecret: false })).application,
      (await createApplication(em(), { clientSecret: 'a typed secret' })).application,
    ];
    for (const application of stored) {
      expect(await failureCosts(application.clientId, 'guess')).to.deep.equal([HASH_SECRET_COST]);
    }
  });

  it('does not pad a success', async () => {
    const { application, clientSecret } = await createApplication(em());
    let ok = false;
    const runs = await scryptRunsOf(async () => (ok = await authenticate(application.clientId, clientSecret)));
    expect(ok).to.equal(true);
    expect(runs).to.deep.equal([]);
  });

  it('answers an unknown client about as slowly as a known client with a typed secret (HTTP, medians)', async function () {
    this.timeout(60000);
    const { application } = await createApplication(em(), {
      clientSecret: 'a typed secret',
      authorizationGrantType: 'client-credentials',
    });
    const app = buildApp({ em }).callback();
    const timed = async (clientId: string): Promise<number> => {
      const start = performance.now();
      const res = await request(app)
        .post('/o/token/')
        .set('Authorization', basic(clientId, 'a wrong secret'))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(res.status).to.equal(401);
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so that a burst of load on the machine weighs on both alike.
    for (let i = 0; i < 5; i++) {
      known.push(await timed(application.clientId));
      unknown.push(await timed(`unknown-client-${i}`));
    }
    expect(median(unknown)).to.be.at.least(0.5 * median(known), `unknown ${unknown} known ${known}`);
  });
});
