/** Running the example app as `npm start` does, in a child process, with everything it writes kept. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A started child app: its address, what it has written so far, and how to stop it. */
export interface ChildApp {
  readonly origin: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Stop it (SIGTERM, as an operator would) and resolve once it has exited. */
  stop(): Promise<void>;
}

/** Return a port that is free now (the child listens on it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Start `example-app/main.ts` on `port` with `env` (DATABASE_URL dropped unless given) and wait until it listens. */
export async function startChildApp(port: number, env: NodeJS.ProcessEnv): Promise<ChildApp> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  delete childEnv.DATABASE_URL;
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, ['--import', 'tsx', 'example-app/main.ts'], { cwd: root, env: childEnv });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const output = () => Buffer.concat(chunks).toString('utf8');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForListening(child, output, exited);
  return {
    origin: `http://127.0.0.1:${port}`,
    output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitForListening(child: ChildProcess, output: () => string, exited: Promise<void>): Promise<void> {
  const deadline = Date.now() + 60_000;
  let gone = false;
  void exited.then(() => (gone = true));
  while (!output().includes('example app listening on')) {
    if (gone || Date.now() > deadline) {
      if (!gone) child.kill('SIGKILL');
      throw new Error(`the example app did not start:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
