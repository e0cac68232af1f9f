import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes, and the environment it reads (injectable for tests). */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

/** A `manage` command: parses its own arguments and does its work, throwing `UsageError` or `CommandError`. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The usage text, printed with a `UsageError` (exit 2). */
  readonly usage: string;
  run(argv: readonly string[], io: CommandIo): Promise<void>;
}

/** Wrong or missing arguments: the usage is printed and the exit status is 2 (as argparse and Django do). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A refused value or an unusable database: the reason is printed and the exit status is 1. */
export class CommandError extends Error {
  override name = 'CommandError';
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: true }>>;

/**
 * Parse `argv` strictly with node:util's `parseArgs`: an unknown option, a missing option value or a wrong number
 * of positional arguments is a `UsageError`.
 */
export function parseOptions<T extends Options>(
  argv: readonly string[],
  options: T,
  positionalNames: readonly string[] = [],
): Parsed<T> {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  if (parsed.positionals.length < positionalNames.length) {
    const missing = positionalNames.slice(parsed.positionals.length);
    throw new UsageError(`the following arguments are required: ${missing.join(', ')}`);
  }
  if (parsed.positionals.length > positionalNames.length) {
    throw new UsageError(`unrecognized arguments: ${parsed.positionals.slice(positionalNames.length).join(' ')}`);
  }
  return parsed;
}
