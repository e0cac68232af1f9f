import { ImproperlyConfigured, ModelValidationError } from '../../lib/index.js';
import { DataDirLockedError } from '../data-lock.js';
import { CommandError, UsageError, type Command, type CommandIo } from './command.js';
import { clearsessionsCommand } from './clearsessions.js';
import { cleartokensCommand } from './cleartokens.js';
import { createApplicationCommand } from './createapplication.js';
import { createUserCommand } from './createuser.js';
import { deviceLoginCommand } from './device-login.js';
import { makemigrationsCommand } from './makemigrations.js';
import { migrateCommand } from './migrate.js';

/** Every command `npm run manage -- <command>` knows, by name. */
export const COMMANDS: readonly Command[] = [
  migrateCommand,
  makemigrationsCommand,
  createUserCommand,
  createApplicationCommand,
  cleartokensCommand,
  clearsessionsCommand,
  deviceLoginCommand,
];

function overview(): string {
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(18)} ${command.summary}`);
  return ['usage: npm run manage -- <command> [options]', '', 'commands:', ...lines].join('\n');
}

/** A refused value (the toolkit's validation, a bad settings key) or a held data directory: its message says why. */
function isRefusal(error: unknown): error is Error {
  return (
    error instanceof CommandError ||
    error instanceof ModelValidationError ||
    error instanceof ImproperlyConfigured ||
    error instanceof DataDirLockedError
  );
}

/**
 * Run one command like Django's manage.py and return the exit status: 0 on success, 2 with the usage for wrong
 * arguments, 1 with the reason for a refused value or an unusable database.
 */
export async function runManage(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(overview());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`${overview()}\n\nerror: unknown command '${name}'`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: npm run manage -- ${command.usage}`);
    return 0;
  }
  try {
    await command.run(rest, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`usage: npm run manage -- ${command.usage}\n${command.name}: error: ${error.message}`);
      return 2;
    }
    if (isRefusal(error)) {
      io.err(`${command.name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
