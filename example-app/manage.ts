// `npm run manage -- <command>`: the example app's management commands, like Django's manage.py.
import { runManage } from './commands/index.js';

try {
  // exitCode rather than exit(): let stdout drain and the database close cleanly.
  process.exitCode = await runManage(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    env: process.env,
  });
} catch (error) {
  // An unexpected failure (say, PostgreSQL not answering): the reason, not a stack trace, unless DEBUG asks for it.
  console.error(`manage: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.DEBUG) console.error(error);
  process.exitCode = 1;
}
