import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import type { MikroORM } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../lib/errors.js';
import { configure, getOrm, oauth2Settings, resetSettings, settingsVersion, SETTINGS_TABLE } from '../lib/settings.js';
import { buildSettings } from '../lib/settings/build.js';
import { MemoryThrottleStore } from '../lib/throttle/memory-store.js';
import { getTestOrm } from './helpers/db.js';

// Defaults are read from buildSettings() (not through oauth2Settings()), so that this spec does not count as
// "exercising" a key for spec/settings-coverage.spec.ts.
const defaults = () => buildSettings({});
// Read the installed settings without being recorded (the tracking proxy has only a `get` trap).
const peek = (key: string): unknown => Object.getOwnPropertyDescriptor(oauth2Settings(), key)?.value;

function expectImproperlyConfigured(fn: () => unknown, ...fragments: string[]): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).to.be.instanceOf(ImproperlyConfigured);
  for (const f of fragments) expect((error as Error).message).to.include(f);
}

describe('settings', () => {
  let orm: MikroORM;
  before(async function () {
    this.timeout(60000);
    orm = await getTestOrm();
  });

  describe('defaults', () => {
    it('uses the RFC 9700 answers of issue 2', () => {
      const s = defaults();
      expect(s.pkceRequired).to.equal(true);
      expect(s.pkceCodeChallengeMethods).to.deep.equal(['S256']);
      expect(s.allowedRedirectUriSchemes).to.deep.equal(['https']);
      expect(s.authorizationResponseIss).to.equal(true);
      expect(s.bearerTokenLocations).to.deep.equal(['header', 'body']);
      expect(s.rotateRefreshToken).to.equal(true);
      expect(s.refreshTokenReuseProtection).to.equal(true);
      expect(s.refreshTokenGracePeriodSeconds).to.equal(0);
      expect(s.grantTypesSupported).to.deep.equal(['authorization_code', 'client_credentials', 'refresh_token']);
      expect(s.responseTypesSupported).to.deep.equal(['code']);
    });

    it("keeps DOT's defaults elsewhere", () => {
      const s = defaults();
      expect(s.scopes).to.deep.equal({ read: 'Reading scope', write: 'Writing scope' });
      expect(s.accessTokenExpireSeconds).to.equal(36000);
      expect(s.authorizationCodeExpireSeconds).to.equal(60);
      expect(s.refreshTokenExpireSeconds).to.equal(null);
      expect(s.idTokenExpireSeconds).to.equal(36000);
      expect(s.requestApprovalPrompt).to.equal('force');
      expect(s.clientSecretGeneratorLength).to.equal(128);
      expect(s.clearExpiredTokensBatchSize).to.equal(10000);
      expect(s.clearExpiredTokensBatchInterval).to.equal(0);
      expect(s.allowedSchemes).to.deep.equal(['https']);
      expect(s.oidcEnabled).to.equal(false);
      expect(s.oidcJwksMaxAgeSeconds).to.equal(3600);
      expect(s.loginUrl).to.equal('/accounts/login/');
      expect(s.oauth2ValidatorClass).to.equal(null);
    });

    it('resolves __all__ in defaultScopes to every key of scopes', () => {
      expect(defaults().defaultScopes).to.deep.equal(['read', 'write']);
      expect(buildSettings({ scopes: { a: 'A', b: 'B', read: 'r', write: 'w' } }).defaultScopes).to.deep.equal([
        'a',
        'b',
        'read',
        'write',
      ]);
    });

    it('reads the user from ctx.state.user by default', () => {
      const ctx = { state: { user: { id: 7 } } } as never;
      expect(defaults().getUser(ctx)).to.deep.equal({ id: 7 });
      expect(defaults().getUser({ state: {} } as never)).to.equal(null);
    });

    it('returns the defaults before configure(), and getOrm() refuses', () => {
      expect(peek('loginUrl')).to.equal('/accounts/login/');
      expectImproperlyConfigured(() => getOrm(), 'configure');
    });

    it('gives each reset its own event emitter', () => {
      const a = defaults().events;
      const b = defaults().events;
      expect(a).to.be.instanceOf(EventEmitter);
      expect(a).to.not.equal(b);
    });

    it('declares DOT’s name or the replaced key for every setting in the table', () => {
      for (const [key, spec] of Object.entries(SETTINGS_TABLE)) {
        expect(spec.dotDefault, key).to.be.a('string').and.not.equal('');
        expect(spec.check.test(spec.default()), `${key} default passes its own check`).to.equal(true);
      }
      expect(Object.keys(SETTINGS_TABLE).sort()).to.deep.equal(Object.keys(defaults()).sort());
    });
  });

  describe('configure()', () => {
    it('installs the settings and the ORM, and bumps the version', () => {
      const before = settingsVersion();
      const s = configure({ orm, accessTokenExpireSeconds: 60, scopes: { read: 'R', write: 'W', openid: 'O' } });
      expect(settingsVersion()).to.equal(before + 1);
      expect(s.accessTokenExpireSeconds).to.equal(60);
      expect(getOrm()).to.equal(orm);
      expect(Object.isFrozen(s)).to.equal(true);
    });

    it("needs an ORM unless the validator is of the app's own storage; installs no ORM then", () => {
      expectImproperlyConfigured(() => configure({}), "'orm'", "'oauth2ValidatorClass'");
      expectImproperlyConfigured(() => configure({ orm: {} as MikroORM }), "'orm'");
      class OwnStorageValidator {}
      configure({ oauth2ValidatorClass: OwnStorageValidator });
      expect(oauth2Settings().oauth2ValidatorClass).to.equal(OwnStorageValidator);
      expectImproperlyConfigured(() => getOrm(), 'configure');
    });

    it('refuses an unknown key, naming it', () => {
      expectImproperlyConfigured(() => configure({ orm, tokenLifetime: 5 } as never), "'tokenLifetime'");
    });

    it("names our key when given DOT's", () => {
      expectImproperlyConfigured(
        () => configure({ orm, ACCESS_TOKEN_EXPIRE_SECONDS: 5 } as never),
        "'ACCESS_TOKEN_EXPIRE_SECONDS'",
        "'accessTokenExpireSeconds'",
      );
    });

    it('refuses a wrong type, naming the key and the expected type', () => {
      expectImproperlyConfigured(
        () => configure({ orm, accessTokenExpireSeconds: '60' } as never),
        "'accessTokenExpireSeconds'",
        'a positive integer',
        'got string',
      );
      expectImproperlyConfigured(
        () => configure({ orm, pkceRequired: 'yes' } as never),
        "'pkceRequired'",
        'a boolean or a function',
      );
      expectImproperlyConfigured(
        () => configure({ orm, scopes: ['read'] } as never),
        "'scopes'",
        'an object of strings',
      );
      expectImproperlyConfigured(() => configure({ orm, logger: console.log } as never), "'logger'", 'warn()');
    });

    it('refuses values outside a closed set', () => {
      expectImproperlyConfigured(
        () => configure({ orm, requestApprovalPrompt: 'never' } as never),
        "'requestApprovalPrompt'",
        "'force', 'auto'",
      );
      expectImproperlyConfigured(
        () => configure({ orm, pkceCodeChallengeMethods: ['S512'] } as never),
        "'pkceCodeChallengeMethods'",
      );
      expectImproperlyConfigured(
        () => configure({ orm, bearerTokenLocations: ['cookie'] } as never),
        "'bearerTokenLocations'",
      );
      expectImproperlyConfigured(
        () => configure({ orm, grantTypesSupported: ['magic'] } as never),
        "'grantTypesSupported'",
      );
      expectImproperlyConfigured(
        () => configure({ orm, responseTypesSupported: ['code token id'] } as never),
        "'responseTypesSupported'",
      );
    });

    it('takes a throttling store with its three methods, and whole positive limits', () => {
      const store = new MemoryThrottleStore();
      expect(configure({ orm, throttleStore: store }).throttleStore).to.equal(store);
      expectImproperlyConfigured(
        () => configure({ orm, throttleStore: { now: Date.now } } as never),
        "'throttleStore'",
        'blockedUntil() and recordFailure()',
      );
      expectImproperlyConfigured(() => configure({ orm, throttlePairLimit: 0 }), "'throttlePairLimit'");
      expectImproperlyConfigured(() => configure({ orm, throttleWindowSeconds: 1.5 }), "'throttleWindowSeconds'");
    });

    it('accepts any constructor for the class settings', () => {
      class MyValidator {}
      expect(configure({ orm, oauth2ValidatorClass: MyValidator }).oauth2ValidatorClass).to.equal(MyValidator);
      expectImproperlyConfigured(() => configure({ orm, oauth2ServerClass: 'Server' } as never), "'oauth2ServerClass'");
    });

    it('requires refreshTokenGraceKey when the grace period is above 0, without echoing the key', () => {
      expectImproperlyConfigured(
        () => configure({ orm, refreshTokenGracePeriodSeconds: 30 }),
        "'refreshTokenGraceKey'",
      );
      expectImproperlyConfigured(
        () => configure({ orm, refreshTokenGracePeriodSeconds: 30, refreshTokenGraceKey: 'short-secret' }),
        'at least 32',
      );
      try {
        configure({ orm, refreshTokenGracePeriodSeconds: 30, refreshTokenGraceKey: 'short-secret' });
      } catch (e) {
        expect((e as Error).message).to.not.include('short-secret');
      }
      const key = 'k'.repeat(32);
      expect(
        configure({ orm, refreshTokenGracePeriodSeconds: 30, refreshTokenGraceKey: key }).refreshTokenGraceKey,
      ).to.equal(key);
    });

    it('refuses defaultScopes, readScope or writeScope outside scopes', () => {
      expectImproperlyConfigured(() => configure({ orm, defaultScopes: ['admin'] }), "'defaultScopes'", "'admin'");
      expectImproperlyConfigured(() => configure({ orm, readScope: 'view' }), "'readScope'");
      expectImproperlyConfigured(() => configure({ orm, scopes: { read: 'R' } }), "'writeScope'");
    });

    it('refuses an issuer without a scheme, or with a query or fragment, and accepts none at all', () => {
      for (const issuer of ['auth.example.com/o', '//auth.example.com/o', 'ftp://auth.example.com/o', 'https://']) {
        expectImproperlyConfigured(() => configure({ orm, issuer }), "'issuer'", 'with the scheme');
      }
      expectImproperlyConfigured(() => configure({ orm, issuer: 'https://as.example/o?x=1' }), "'issuer'");
      expectImproperlyConfigured(() => configure({ orm, issuer: 'https://as.example/o#top' }), "'issuer'");
      expect(configure({ orm, issuer: 'https://as.example/o' }).issuer).to.equal('https://as.example/o');
      expect(configure({ orm, issuer: 'http://127.0.0.1:8000/o' }).issuer).to.equal('http://127.0.0.1:8000/o');
      // A resource server needs none: the routes that need one refuse it (spec/urls.spec.ts).
      expect(configure({ orm }).issuer).to.equal('');
    });

    it('refuses oidcEnabled without a signing key, naming both key settings', () => {
      expectImproperlyConfigured(
        () => configure({ orm, oidcEnabled: true }),
        "'oidcEnabled'",
        "'oidcRsaPrivateKey'",
        "'oidcEcPrivateKey'",
      );
    });

    it('refuses a scope name that is not an RFC 6749 §3.3 scope token (a space, a quote)', () => {
      const scopes = (name: string) => ({ read: 'R', write: 'W', [name]: 'X' });
      expectImproperlyConfigured(() => configure({ orm, scopes: scopes('read all') }), "'scopes'", '"read all"');
      expectImproperlyConfigured(() => configure({ orm, scopes: scopes('a"b') }), "'scopes'");
      expectImproperlyConfigured(() => configure({ orm, scopes: scopes('') }), "'scopes'");
      expect(Object.keys(configure({ orm, scopes: scopes('files:read') }).scopes)).to.include('files:read');
    });

    it('refuses a missing ORM', () => {
      expectImproperlyConfigured(() => configure({} as never), "'orm'");
    });

    it('refuses an ORM without the toolkit’s entities', async () => {
      const fake = { getMetadata: () => ({ getAll: () => ({}) }) } as unknown as MikroORM;
      expectImproperlyConfigured(() => configure({ orm: fake }), 'Application', 'oauth2Entities()');
    });

    it('leaves the previous settings in place when validation fails', () => {
      configure({ orm, accessTokenExpireSeconds: 99 });
      expect(() => configure({ orm, accessTokenExpireSeconds: -1 })).to.throw(ImproperlyConfigured);
      expect(peek('accessTokenExpireSeconds')).to.equal(99);
      expect(getOrm()).to.equal(orm);
    });
  });

  describe('resetSettings()', () => {
    it('goes back to the defaults and forgets the ORM', () => {
      configure({ orm, accessTokenExpireSeconds: 5 });
      const before = settingsVersion();
      resetSettings();
      expect(settingsVersion()).to.equal(before + 1);
      expect(() => getOrm()).to.throw(ImproperlyConfigured);
      expect(peek('accessTokenExpireSeconds')).to.equal(36000);
    });
  });
});
