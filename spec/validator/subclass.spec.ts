/**
 * OAuth2Validator is built of layers (ARCHITECTURE.md, Validator), yet an app subclasses it as one class: a method
 * of any layer is overridden with `override` and reached with `super`, through the HTTP endpoints; and the emitted
 * declaration names each layer's answers instead of inlining anonymous class types.
 */
import type Router from '@koa/router';
import { expect } from 'chai';
import request from 'supertest';
import ts from 'typescript';
import type { ClientCredentials } from '../../lib/oauth2/request-validator.js';
import type { AccessTokenRecord, OAuth2Client } from '../../lib/oauth2/records.js';
import type { OAuth2Request } from '../../lib/oauth2/request.js';
import { OAuth2Validator, type Application } from '../../lib/validator.js';
import { ProtectedResourceView } from '../../lib/views/generic.js';
import { buildApp } from '../helpers/app.js';
import { basic } from '../helpers/basic-auth.js';
import { useTransaction } from '../helpers/db.js';
import { createAccessToken, createApplication } from '../helpers/factories.js';

/** Overrides one method of three different layers, each deferring to `super` for the rest. */
class HouseRules extends OAuth2Validator {
  override async validateScopes(
    clientId: string,
    scopes: readonly string[],
    client: OAuth2Client,
    request: OAuth2Request,
  ): Promise<boolean> {
    return !scopes.includes('write') && (await super.validateScopes(clientId, scopes, client, request));
  }

  override async authenticateClient(credentials: ClientCredentials, request: OAuth2Request) {
    const application: Application | null = await super.authenticateClient(credentials, request);
    return application?.name === 'suspended' ? null : application;
  }

  override async validateBearerToken(
    token: string,
    scopes: readonly string[],
    request: OAuth2Request,
  ): Promise<AccessTokenRecord | null> {
    const record = await super.validateBearerToken(token, scopes, request);
    return record?.scopes.includes('write') ? null : record;
  }
}

class Hello extends ProtectedResourceView {
  async get() {
    this.ctx.body = { ok: true };
  }
}

describe('OAuth2Validator subclassed (override + super across its layers)', () => {
  const em = useTransaction();
  const app = () =>
    buildApp({
      em,
      settings: { oauth2ValidatorClass: HouseRules },
      routes: (router: Router) => router.all('hello', '/api/hello', Hello.asView()),
    }).callback();

  function tokenRequest(clientId: string, secret: string, scope: string) {
    return request(app())
      .post('/o/token/')
      .set('Authorization', basic(clientId, secret))
      .type('form')
      .send({ grant_type: 'client_credentials', scope });
  }

  it('validateScopes: the override refuses a scope, super still refuses an unknown one and grants the rest', async () => {
    const { application, clientSecret } = await createApplication(em(), {
      authorizationGrantType: 'client-credentials',
    });
    const refused = await tokenRequest(application.clientId, clientSecret, 'read write');
    expect([refused.status, refused.body.error]).to.deep.equal([400, 'invalid_scope']);
    const unknown = await tokenRequest(application.clientId, clientSecret, 'admin');
    expect([unknown.status, unknown.body.error]).to.deep.equal([400, 'invalid_scope']);
    const granted = await tokenRequest(application.clientId, clientSecret, 'read');
    expect([granted.status, granted.body.scope]).to.deep.equal([200, 'read']);
  });

  it('authenticateClient: super checks the secret, the override refuses a suspended client', async () => {
    const ok = await createApplication(em(), { authorizationGrantType: 'client-credentials' });
    const suspended = await createApplication(em(), {
      authorizationGrantType: 'client-credentials',
      name: 'suspended',
    });
    expect((await tokenRequest(ok.application.clientId, ok.clientSecret, 'read')).status).to.equal(200);
    expect((await tokenRequest(ok.application.clientId, 'wrong', 'read')).status).to.equal(401);
    const refused = await tokenRequest(suspended.application.clientId, suspended.clientSecret, 'read');
    expect([refused.status, refused.body.error]).to.deep.equal([401, 'invalid_client']);
  });

  it('validateBearerToken: super reads the token, the override refuses some', async () => {
    const { application } = await createApplication(em());
    const read = await createAccessToken(em(), { application, scope: 'read' });
    const write = await createAccessToken(em(), { application, scope: 'read write' });
    const get = (token: string) => request(app()).get('/api/hello').set('Authorization', `Bearer ${token}`);
    expect((await get(read.token)).status).to.equal(200);
    expect((await get(write.token)).status).to.equal(401);
    expect((await get('never-issued')).status).to.equal(401);
  });
});

describe('the declaration emitted for OAuth2Validator', () => {
  it('extends an intersection of named layer interfaces, with no anonymous class type or any', function () {
    this.timeout(60_000);
    const config = ts.getParsedCommandLineOfConfigFile(
      'tsconfig.build.json',
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (config === undefined) throw new Error('tsconfig.build.json not found');
    const options = { ...config.options, declaration: true, emitDeclarationOnly: true, noEmit: false };
    const program = ts.createProgram(['lib/validator.ts'], options);
    let emitted = '';
    const source =
      program.getSourceFile('lib/validator.ts') ??
      program.getSourceFiles().find((f) => f.fileName.endsWith('/lib/validator.ts'));
    const result = program.emit(source, (name, text) => {
      if (name.endsWith('/validator.d.ts')) emitted = text;
    });
    expect(result.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).to.deep.equal([]);
    const base = /declare const OAuth2Validator_base: (.*);/.exec(emitted)?.[1] ?? '';
    expect(emitted).to.include('export declare class OAuth2Validator extends OAuth2Validator_base');
    expect(base).to.match(/^typeof ValidatorBase & /);
    expect(base, 'no anonymous type literal').not.to.match(/[{}]/);
    expect(base, 'no any').not.to.match(/\bany\b/);
    for (const layer of ['ViewValidator', 'ClientAuthenticationAnswers', 'BearerTokenAnswers', 'OpenIDAnswers']) {
      expect(base).to.include(layer);
    }
  });
});
