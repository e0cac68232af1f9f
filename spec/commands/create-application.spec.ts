import { expect } from 'chai';
import { createApplication } from '../../lib/commands/create-application.js';
import { Application } from '../../lib/models/application.js';
import { ModelValidationError } from '../../lib/models/validation-error.js';
import { checkSecret } from '../../lib/secrets/index.js';
import { configure } from '../../lib/settings.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { createUser } from '../helpers/factories.js';

async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await promise;
  } catch (e) {
    expect(e).to.be.instanceOf(ModelValidationError);
    return (e as ModelValidationError).fieldErrors;
  }
  expect.fail('expected a ModelValidationError');
}

describe('createApplication() (DOT createapplication)', () => {
  const em = useTransaction();
  const base = { clientType: 'confidential', authorizationGrantType: 'authorization-code' } as const;

  it('creates an application with a generated id and secret, returning the secret once', async () => {
    const { application, clientSecret } = await createApplication(em(), {
      ...base,
      name: 'Shop',
      redirectUris: 'https://shop.example/cb https://shop.example/cb2',
    });
    expect(application.clientId).to.match(/^[A-Za-z0-9]{40}$/);
    expect(clientSecret).to.match(/^[A-Za-z0-9]{128}$/);
    expect(application.clientSecret).to.match(/^sha256\$/);
    expect((await checkSecret(clientSecret!, application.clientSecret)).ok).to.equal(true);
    em().clear();
    const fresh = await em().findOneOrFail(Application, { clientId: application.clientId });
    expect(fresh.name).to.equal('Shop');
    expect(fresh.redirectUriList()).to.deep.equal(['https://shop.example/cb', 'https://shop.example/cb2']);
    expect(fresh.clientSecret).to.not.include(clientSecret!);
  });

  it('uses the configured generators and secret length', async () => {
    configure({ orm: testOrm(), clientIdGenerator: () => 'fixed-id', clientSecretGeneratorLength: 64 });
    const { application, clientSecret } = await createApplication(em(), {
      ...base,
      redirectUris: 'https://a.example/cb',
    });
    expect(application.clientId).to.equal('fixed-id');
    expect(clientSecret).to.have.length(64);
  });

  it('hashes a supplied secret slowly and does not return it', async () => {
    const { application, clientSecret } = await createApplication(em(), {
      ...base,
      clientId: 'my-client',
      clientSecret: 'typed-secret',
      redirectUris: 'https://a.example/cb',
    });
    expect(clientSecret).to.equal(null);
    expect(application.clientId).to.equal('my-client');
    expect(application.clientSecret).to.match(/^scrypt\$/);
    expect((await checkSecret('typed-secret', application.clientSecret)).ok).to.equal(true);
  });

  it('keeps the secret readable with hashClientSecret: false (HS256)', async () => {
    const { application, clientSecret } = await createApplication(em(), {
      ...base,
      redirectUris: 'https://a.example/cb',
      hashClientSecret: false,
      algorithm: 'HS256',
    });
    expect(application.clientSecret).to.equal(clientSecret);
    expect(application.algorithm).to.equal('HS256');
  });

  it('looks the owner up by username, and takes every DOT option', async () => {
    const user = await createUser(em(), { username: 'dev' });
    const { application } = await createApplication(em(), {
      clientType: 'public',
      authorizationGrantType: 'authorization-code',
      user: 'dev',
      redirectUris: ['https://a.example/cb'],
      postLogoutRedirectUris: 'https://a.example/bye',
      skipAuthorization: true,
      allowedScopes: 'read openid',
      allowedOrigins: 'https://a.example',
    });
    expect(application.user).to.equal(user);
    expect(application.skipAuthorization).to.equal(true);
    expect(application.allowedScopes).to.deep.equal(['read', 'openid']);
    expect(application.allowedOrigins).to.deep.equal(['https://a.example']);
    expect(application.postLogoutRedirectUris).to.equal('https://a.example/bye');
  });

  it('uses a caller-supplied user lookup', async () => {
    const user = await createUser(em(), { username: 'someone', email: 'x@example.com' });
    const { application } = await createApplication(em(), {
      ...base,
      redirectUris: 'https://a.example/cb',
      user: 'x@example.com',
      findUser: (e, value) => e.findOne(user.constructor as never, { email: value } as never),
    });
    expect(application.user).to.equal(user);
  });

  it('reports an unknown user, a missing positional and a taken client id together', async () => {
    await createApplication(em(), { ...base, clientId: 'taken', redirectUris: 'https://a.example/cb' });
    const errors = await fieldErrors(
      createApplication(em(), {
        clientType: '',
        authorizationGrantType: 'authorization-code',
        clientId: 'taken',
        user: 'ghost',
      }),
    );
    expect(Object.keys(errors).sort()).to.deep.equal(['clientId', 'clientType', 'user']);
    expect(errors['user']).to.deep.equal(['no user with username "ghost"']);
  });

  it('refuses what clean() refuses, and saves nothing', async () => {
    const errors = await fieldErrors(
      createApplication(em(), { ...base, clientId: 'bad', redirectUris: 'http://evil.example/cb', algorithm: 'RS256' }),
    );
    expect(errors['redirectUris']?.[0]).to.include('invalid_scheme');
    expect(errors['algorithm']).to.deep.equal(['You must set oidcRsaPrivateKey to use RSA algorithm']);
    await em().flush();
    expect(await em().count(Application, { clientId: 'bad' })).to.equal(0);
  });

  it('refuses an unknown grant type', async () => {
    const errors = await fieldErrors(
      createApplication(em(), { clientType: 'confidential', authorizationGrantType: 'magic' }),
    );
    expect(errors['authorizationGrantType']?.[0]).to.include('must be one of');
  });

  it('refuses an empty supplied secret', async () => {
    const errors = await fieldErrors(
      createApplication(em(), { ...base, clientSecret: '', redirectUris: 'https://a.example/cb' }),
    );
    expect(errors['clientSecret']).to.deep.equal(['must not be empty']);
  });
});
