/**
 * The device grant's races for real, on PostgreSQL (PGlite has one connection, so nothing can race there): after
 * the user approved, 200 polls released together over HTTP get the tokens exactly once; every other poll is
 * `slow_down` (it came inside the interval the winner's poll started) or `invalid_grant` (after the redemption), and
 * 200 concurrent redemptions of one approved code have exactly one winner (RFC 8628 §3.5). Second tier: a listening
 * server, committed data, tables truncated after each spec.
 */
import { expect } from 'chai';
import { AccessToken } from '../../lib/models/access-token.js';
import { DeviceGrant } from '../../lib/models/device-grant.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { DEVICE_CODE_GRANT_TYPE, OAuth2Request, Server, encodeForm } from '../../lib/oauth2/index.js';
import { serverOptionsFromSettings } from '../../lib/mixins/oauth-lib.js';
import { configure, oauth2Entities } from '../../lib/settings.js';
import { OAuth2Validator } from '../../lib/validator.js';
import { TokenView } from '../../lib/views/token.js';
import { useListeningApp } from '../helpers/listening-app.js';
import { truncateAll, useScratchOrm } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { UserSchema } from '../helpers/user-entity.js';

const CONCURRENCY = 200;
const POOL = { min: 0, max: 16 };
const NEEDS_PG = 'needs PostgreSQL: set DATABASE_URL';

if (!process.env['DATABASE_URL']) {
  console.log(`  device grant races pending (${NEEDS_PG}): PGlite has a single connection, so nothing can race on it`);
  describe(`device grant races (${NEEDS_PG})`, () => {
    it(`races ${CONCURRENCY} polls after approval: exactly one gets tokens`);
    it(`races ${CONCURRENCY} redemptions of one approved device code: exactly one wins`);
  });
} else {
  describe(`device grant races on PostgreSQL (${CONCURRENCY} requests, committed)`, function () {
    this.timeout(120000);
    const orm = useScratchOrm(() => [UserSchema, ...oauth2Entities({ userEntity: UserSchema })], 'device_race', {
      pool: POOL,
    });
    const served = useListeningApp(orm, (router) => {
      router.all('/o/token/', TokenView.asView());
    });

    beforeEach(() =>
      configure({
        orm: orm(),
        issuer: 'https://as.example/o',
        grantTypesSupported: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
      }),
    );
    afterEach(() => truncateAll(orm()));

    const lookup = () => OAuth2Request.parse({ uri: '/o/device/', httpMethod: 'GET', session: orm().em.fork() });

    /** A public device client asks for codes and the user approves, in the core directly (not what races here). */
    async function approved(): Promise<{ clientId: string; deviceCode: string }> {
      const em = orm().em.fork();
      const user = await createUser(em);
      const { application } = await createApplication(em, {
        clientType: 'public',
        authorizationGrantType: DEVICE_CODE_GRANT_TYPE,
        redirectUris: '',
      });
      const validator = new OAuth2Validator();
      const server = new Server(validator, serverOptionsFromSettings());
      const res = await server.createDeviceAuthorizationResponse({
        uri: 'https://as.example/o/device-authorization/',
        httpMethod: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: encodeForm({ client_id: application.clientId, scope: 'read' }),
        session: orm().em.fork(),
      });
      const start = JSON.parse(res.body) as { device_code: string; user_code: string };
      expect(await validator.enterDeviceUserCode(start.user_code, user, await lookup())).to.not.equal(null);
      const decided = await validator.decideDeviceGrant(
        application.clientId,
        start.user_code,
        user,
        { authTime: null, acr: null },
        await lookup(),
      );
      expect(decided).to.equal(true);
      return { clientId: application.clientId, deviceCode: start.device_code };
    }

    async function poll(clientId: string, deviceCode: string): Promise<{ status: number; error?: string }> {
      const body = encodeForm({ grant_type: DEVICE_CODE_GRANT_TYPE, client_id: clientId, device_code: deviceCode });
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      const res = await fetch(`${served.url}/o/token/`, { method: 'POST', headers, body });
      return { status: res.status, error: ((await res.json()) as { error?: string }).error };
    }

    it(`races ${CONCURRENCY} polls after approval: exactly one gets tokens`, async () => {
      const { clientId, deviceCode } = await approved();
      const answers = await Promise.all(Array.from({ length: CONCURRENCY }, () => poll(clientId, deviceCode)));
      expect(
        answers.filter((a) => a.status === 200),
        'polls that got tokens',
      ).to.have.length(1);
      for (const loser of answers.filter((a) => a.status !== 200)) {
        expect(loser.status).to.equal(400);
        expect(loser.error).to.be.oneOf(['slow_down', 'invalid_grant']);
      }
      const em = orm().em.fork();
      expect(await em.count(AccessToken, {}), 'access tokens issued').to.equal(1);
      const grant = await em.findOneOrFail(DeviceGrant, { deviceCodeChecksum: tokenChecksum(deviceCode) });
      expect(grant.status).to.equal('redeemed');
    });

    it(`races ${CONCURRENCY} redemptions of one approved device code: exactly one wins`, async () => {
      const { clientId, deviceCode } = await approved();
      const validator = new OAuth2Validator();
      const requests = await Promise.all(Array.from({ length: CONCURRENCY }, () => lookup()));
      const won = await Promise.all(requests.map((r) => validator.redeemDeviceCode(clientId, deviceCode, r)));
      expect(won.filter(Boolean), 'winning redemptions').to.have.length(1);
    });
  });
}
