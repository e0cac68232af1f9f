import { expect } from 'chai';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Application } from '../../lib/models/application.js';
import { ModelValidationError } from '../../lib/models/validation-error.js';
import { configure } from '../../lib/settings.js';
import { findApplicationsByOrigin } from '../../lib/models/queries.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { createAccessToken, createApplication, createGrant, createUser } from '../helpers/factories.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { Grant } from '../../lib/models/grant.js';

function app(fields: Partial<Application> = {}): Application {
  return Object.assign(new Application(), {
    clientId: 'client-1',
    redirectUris: 'https://client.example/cb',
    ...fields,
  });
}

function cleanErrors(a: Application): Record<string, string[]> {
  try {
    a.clean();
    return {};
  } catch (e) {
    expect(e).to.be.instanceOf(ModelValidationError);
    return (e as ModelValidationError).fieldErrors;
  }
}

describe('Application', () => {
  const em = useTransaction();

  describe('methods', () => {
    it('shows its name, or its client id', () => {
      expect(String(app({ name: 'Shop' }))).to.equal('Shop');
      expect(String(app())).to.equal('client-1');
    });

    it('has a default redirect URI only when exactly one is registered', () => {
      expect(app().defaultRedirectUri).to.equal('https://client.example/cb');
      expect(app({ redirectUris: 'https://a.example/cb https://b.example/cb' }).defaultRedirectUri).to.equal(null);
      expect(app({ redirectUris: '' }).defaultRedirectUri).to.equal(null);
    });

    it('matches redirect URIs exactly, with any port for loopback IPs', () => {
      const a = app({ redirectUris: 'https://client.example/cb http://127.0.0.1/cb' });
      expect(a.redirectUriAllowed('https://client.example/cb')).to.equal(true);
      expect(a.redirectUriAllowed('https://client.example/cb?extra=1')).to.equal(false);
      expect(a.redirectUriAllowed('http://127.0.0.1:49152/cb')).to.equal(true);
    });

    it('matches post-logout redirect URIs against their own list', () => {
      const a = app({ postLogoutRedirectUris: 'https://client.example/bye' });
      expect(a.postLogoutRedirectUriAllowed('https://client.example/bye')).to.equal(true);
      expect(a.postLogoutRedirectUriAllowed('https://client.example/cb')).to.equal(false);
    });

    it('allows a CORS origin only when listed and its scheme is in allowedSchemes', () => {
      expect(app().originAllowed('https://app.example')).to.equal(false);
      const a = app({ allowedOrigins: ['https://app.example', 'http://dev.example'] });
      expect(a.originAllowed('https://app.example')).to.equal(true);
      expect(a.originAllowed('https://other.example')).to.equal(false);
      expect(a.originAllowed('http://dev.example')).to.equal(false);
      configure({ orm: testOrm(), allowedSchemes: ['https', 'http'] });
      expect(a.originAllowed('http://dev.example')).to.equal(true);
    });

    it('checks its one grant type', () => {
      const a = app({ authorizationGrantType: 'client-credentials' });
      expect(a.allowsGrantType('client-credentials')).to.equal(true);
      expect(a.allowsGrantType('authorization-code', 'implicit')).to.equal(false);
    });

    it('allows every scope when allowedScopes is empty, else only those listed', () => {
      expect(app().allowsScopes(['read', 'anything'])).to.equal(true);
      const a = app({ allowedScopes: ['read'] });
      expect(a.allowsScopes(['read'])).to.equal(true);
      expect(a.allowsScopes(['read', 'write'])).to.equal(false);
    });

    it('takes its redirect schemes from allowedRedirectUriSchemes, and can override them', () => {
      expect(app().getAllowedSchemes()).to.deep.equal(['https']);
      class NativeApp extends Application {
        override getAllowedSchemes() {
          return ['com.example.app'];
        }
      }
      const a = Object.assign(new NativeApp(), { clientId: 'n', redirectUris: 'com.example.app:/cb' });
      expect(cleanErrors(a)).to.deep.equal({});
    });

    it('is usable by default', () => {
      expect(app().isUsable()).to.equal(true);
    });
  });

  describe('clean()', () => {
    it('accepts a valid application and normalizes its origins', () => {
      const a = app({ allowedOrigins: ['https://App.example:443/', 'https://app.example'] });
      a.clean();
      expect(a.allowedOrigins).to.deep.equal(['https://app.example']);
    });

    it('refuses an empty redirect_uris for the redirecting grants', () => {
      for (const grant of ['authorization-code', 'implicit', 'openid-hybrid'] as const) {
        const errors = cleanErrors(app({ redirectUris: '', authorizationGrantType: grant }));
        expect(errors['redirectUris']).to.deep.equal([`redirect_uris cannot be empty with grant_type ${grant}`]);
      }
      expect(cleanErrors(app({ redirectUris: '', authorizationGrantType: 'client-credentials' }))).to.deep.equal({});
    });

    it('refuses http redirect URIs except loopback IPs, unless http is listed', () => {
      expect(cleanErrors(app({ redirectUris: 'http://client.example/cb' }))['redirectUris']?.[0]).to.include(
        'invalid_scheme',
      );
      expect(cleanErrors(app({ redirectUris: 'http://127.0.0.1/cb http://[::1]/cb' }))).to.deep.equal({});
      configure({ orm: testOrm(), allowedRedirectUriSchemes: ['https', 'http'] });
      expect(cleanErrors(app({ redirectUris: 'http://client.example/cb' }))).to.deep.equal({});
    });

    it('refuses fragments in redirect and post-logout URIs', () => {
      const errors = cleanErrors(
        app({ redirectUris: 'https://client.example/cb#x', postLogoutRedirectUris: 'https://client.example/b#y' }),
      );
      expect(errors['redirectUris']?.[0]).to.include('fragment not allowed');
      expect(errors['postLogoutRedirectUris']?.[0]).to.include('fragment not allowed');
    });

    it('refuses origins with a path or a scheme outside allowedSchemes', () => {
      const errors = cleanErrors(app({ allowedOrigins: ['https://app.example/x', 'http://app.example'] }));
      expect(errors['allowedOrigins']).to.have.length(2);
    });

    it('requires oidcRsaPrivateKey for RS256', () => {
      expect(cleanErrors(app({ algorithm: 'RS256' }))['algorithm']).to.deep.equal([
        'You must set oidcRsaPrivateKey to use RSA algorithm',
      ]);
      configure({ orm: testOrm(), oidcRsaPrivateKey: '-----BEGIN PRIVATE KEY-----\n...' });
      expect(cleanErrors(app({ algorithm: 'RS256' }))).to.deep.equal({});
    });

    it('refuses HS256 for public clients and implicit or hybrid grants', () => {
      const readable = { algorithm: 'HS256', hashClientSecret: false, clientSecret: 's'.repeat(40) } as const;
      expect(cleanErrors(app({ ...readable, clientType: 'public' }))['algorithm']).to.include(
        'You cannot use HS256 with public grants or clients',
      );
      expect(cleanErrors(app({ ...readable, authorizationGrantType: 'openid-hybrid' }))['algorithm']).to.include(
        'You cannot use HS256 with public grants or clients',
      );
      expect(cleanErrors(app({ ...readable }))).to.deep.equal({});
    });

    it('refuses HS256 with a hashed or empty secret', () => {
      expect(cleanErrors(app({ algorithm: 'HS256', clientSecret: 'x'.repeat(40) }))['algorithm']?.[0]).to.include(
        'hashClientSecret',
      );
      expect(cleanErrors(app({ algorithm: 'HS256', hashClientSecret: false, clientSecret: '' }))).to.have.property(
        'algorithm',
      );
    });

    it('refuses unknown client types, grant types, algorithms and malformed scopes, all at once', () => {
      const errors = cleanErrors(
        app({
          clientType: 'secret' as never,
          authorizationGrantType: 'magic' as never,
          algorithm: 'none' as never,
          allowedScopes: ['ok', 'bad scope', 'q"uote'],
        }),
      );
      expect(Object.keys(errors).sort()).to.deep.equal([
        'algorithm',
        'allowedScopes',
        'authorizationGrantType',
        'clientType',
      ]);
      expect(errors['allowedScopes']).to.have.length(2);
    });

    it('refuses an empty or overlong client id', () => {
      expect(cleanErrors(app({ clientId: '' }))).to.have.property('clientId');
      expect(cleanErrors(app({ clientId: 'x'.repeat(256) }))).to.have.property('clientId');
    });
  });

  describe('storage', () => {
    it('is stored in oauth2_provider_application with its owner', async () => {
      const user = await createUser(em(), { username: 'owner' });
      const { application } = await createApplication(em(), { user, allowedScopes: ['read'] });
      em().clear();
      const rows = await em()
        .getConnection()
        .execute(
          'select client_id, user_id, allowed_scopes from oauth2_provider_application where id = ?',
          [application.id],
          'all',
          em().getTransactionContext(),
        );
      expect(rows).to.deep.equal([{ client_id: application.clientId, user_id: user.id, allowed_scopes: ['read'] }]);
    });

    it('enforces a unique client id in the database', async () => {
      await createApplication(em(), { clientId: 'dup' });
      let error: unknown;
      try {
        await em().transactional(async (inner) => {
          inner.create(Application, { clientId: 'dup' });
        });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(UniqueConstraintViolationException);
    });

    it('takes its codes and tokens with it when deleted (DOT cascade)', async () => {
      const user = await createUser(em());
      const { application } = await createApplication(em(), { user });
      await createAccessToken(em(), { application, user });
      await createGrant(em(), { application, user });
      await em().nativeDelete(Application, { id: application.id });
      em().clear();
      expect(await em().count(AccessToken, { application: application.id })).to.equal(0);
      expect(await em().count(Grant, { application: application.id })).to.equal(0);
      expect(await em().count(AccessToken, {})).to.equal(0);
    });

    it('finds the applications of a CORS origin with one indexed lookup', async () => {
      const { application: a } = await createApplication(em(), { allowedOrigins: ['https://spa.example'] });
      await createApplication(em(), { allowedOrigins: ['https://other.example'] });
      const found = await findApplicationsByOrigin(em(), 'https://spa.example');
      expect(found.map((x) => x.id)).to.deep.equal([a.id]);
      expect(await findApplicationsByOrigin(em(), 'https://nobody.example')).to.deep.equal([]);
      const indexes = await em()
        .getConnection()
        .execute(
          "select indexdef from pg_indexes where tablename = 'oauth2_provider_application' and indexdef like '%gin%'",
          [],
          'all',
          em().getTransactionContext(),
        );
      expect(indexes).to.have.length(1);
    });
  });
});
