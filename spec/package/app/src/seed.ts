// The test's set-up of the README's app: a user and a confidential client, printed as JSON.
import { createApplication } from 'koa-oauth-toolkit';
import { orm } from './orm.js';
import { User } from './user.js';

const em = orm.em.fork();
em.create(User, { username: 'alice', email: 'alice@example.com' });
await em.flush();
const created = await createApplication(em, {
  clientType: 'confidential',
  authorizationGrantType: 'authorization-code',
  name: 'Fresh client',
  user: 'alice',
  redirectUris: 'https://client.example/cb',
});
console.log(JSON.stringify({ clientId: created.application.clientId, clientSecret: created.clientSecret }));
await orm.close();
