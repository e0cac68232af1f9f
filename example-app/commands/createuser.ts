import { User } from '../models/user.js';
import { CommandError, UsageError, parseOptions, type Command } from './command.js';
import { withDatabase } from './database.js';

const USERNAME = /^[\w.@+-]{1,150}$/u;
// Only a sanity check, as Django's EmailValidator is for a form: one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/** `createuser`: add a user of the example app (Django's `createsuperuser --noinput`, without the admin flags). */
export const createUserCommand: Command = {
  name: 'createuser',
  summary: 'Create a user who can log in.',
  usage:
    'createuser --username <name> --password <password> [--email <email>] [--first-name <name>] ' +
    '[--last-name <name>] [--inactive]',
  async run(argv, io) {
    const { values } = parseOptions(argv, {
      username: { type: 'string' },
      password: { type: 'string' },
      email: { type: 'string', default: '' },
      'first-name': { type: 'string', default: '' },
      'last-name': { type: 'string', default: '' },
      inactive: { type: 'boolean', default: false },
    });
    const { username, password } = values;
    const missing = [username === undefined && '--username', password === undefined && '--password'].filter(Boolean);
    if (username === undefined || password === undefined) {
      throw new UsageError(`the following options are required: ${missing.join(', ')}`);
    }
    const problems = [
      USERNAME.test(username) ? '' : 'username: 1 to 150 letters, digits and @/./+/-/_ only.',
      password.length > 0 ? '' : 'password: this field cannot be blank.',
      values.email === '' || EMAIL.test(values.email) ? '' : 'email: enter a valid email address.',
      values['first-name'].length <= 150 ? '' : 'first name: at most 150 characters.',
      values['last-name'].length <= 150 ? '' : 'last name: at most 150 characters.',
    ].filter(Boolean);
    if (problems.length > 0)
      throw new CommandError(`Please correct the following errors:\n - ${problems.join('\n - ')}`);
    await withDatabase(io, async (orm) => {
      const em = orm.em.fork();
      if (await em.count(User, { username })) {
        throw new CommandError(`A user with the username '${username}' already exists.`);
      }
      const user = em.create(User, {
        username,
        email: values.email,
        firstName: values['first-name'],
        lastName: values['last-name'],
        isActive: !values.inactive,
      });
      await user.setPassword(password);
      await em.flush();
      io.out(`User '${username}' created${values.inactive ? ' (inactive)' : ''}.`);
    });
  },
};
