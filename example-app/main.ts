// `npm start`: run the example app (tsx runs the TypeScript directly, so there is nothing to build first).
import { boot } from './boot.js';
import { describeDemo } from './demo.js';

try {
  const running = await boot(process.env);
  for (const line of describeDemo(running.demo)) console.log(line);
  console.log(`\nkoa-oauth-toolkit example app listening on ${running.url} (issuer ${running.issuer})`);
  console.log(`Visit ${running.url} and log in at ${new URL('/accounts/login/', running.url).href}`);
  const stop = (): void => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  // Start-up refusals (a bad settings key, a held data directory, a bad PORT) are stated, not thrown as a stack.
  console.error(`Cannot start the example app: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.DEBUG) console.error(error);
  process.exitCode = 1;
}
