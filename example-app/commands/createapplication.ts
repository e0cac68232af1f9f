import { createApplication } from '../../lib/index.js';
import { User } from '../models/user.js';
import { parseOptions, type Command } from './command.js';
import { withDatabase } from './database.js';

const OPTIONS = {
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  name: { type: 'string' },
  user: { type: 'string' },
  'redirect-uris': { type: 'string' },
  'post-logout-redirect-uris': { type: 'string' },
  'skip-authorization': { type: 'boolean' },
  algorithm: { type: 'string' },
  'no-hash-client-secret': { type: 'boolean' },
  'allowed-scopes': { type: 'string' },
  'allowed-origins': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * `createapplication <client_type> <authorization_grant_type>`: DOT's command. The toolkit's `createApplication`
 * validates every field; a generated secret is printed once (only its hash is stored).
 */
export const createApplicationCommand: Command = {
  name: 'createapplication',
  summary: 'Create an OAuth application (DOT arguments); prints a generated secret once.',
  usage:
    'createapplication <client_type> <authorization_grant_type> [--client-id <id>] [--client-secret <secret>] ' +
    '[--name <name>] [--user <username>] [--redirect-uris "<uri> ..."] [--post-logout-redirect-uris "<uri> ..."] ' +
    '[--skip-authorization] [--algorithm RS256|HS256|ES256] [--no-hash-client-secret] [--allowed-scopes "<scope> ..."] ' +
    '[--allowed-origins "<origin> ..."] [--json]\n' +
    '  client_type: confidential | public\n' +
    '  authorization_grant_type: authorization-code | client-credentials | openid-hybrid | implicit | password | ' +
    'urn:ietf:params:oauth:grant-type:device_code',
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, OPTIONS, ['client_type', 'authorization_grant_type']);
    const [clientType = '', authorizationGrantType = ''] = positionals;
    await withDatabase(io, async (orm) => {
      const em = orm.em.fork();
      const { application, clientSecret } = await createApplication(em, {
        clientType,
        authorizationGrantType,
        clientId: values['client-id'],
        clientSecret: values['client-secret'],
        name: values.name,
        user: values.user,
        findUser: (userEm, username) => userEm.findOne(User, { username }),
        redirectUris: values['redirect-uris'],
        postLogoutRedirectUris: values['post-logout-redirect-uris'],
        skipAuthorization: values['skip-authorization'],
        algorithm: values.algorithm,
        hashClientSecret: !values['no-hash-client-secret'],
        allowedScopes: values['allowed-scopes'],
        allowedOrigins: values['allowed-origins'],
      });
      if (values.json) {
        // The secret the caller gave is theirs already; a generated one is only ever shown here.
        const secret = clientSecret ?? values['client-secret'] ?? null;
        // Written out so that it reads like the documented `{"client_id": ..., "client_secret": ...}`; valid JSON.
        io.out(`{"client_id": ${JSON.stringify(application.clientId)}, "client_secret": ${JSON.stringify(secret)}}`);
        return;
      }
      io.out(`New application ${application.name || application.clientId} created successfully.`);
      io.out(`client_id: ${application.clientId}`);
      if (clientSecret !== null) io.out(`client_secret: ${clientSecret}`);
    });
  },
};
