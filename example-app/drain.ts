import type { IncomingMessage, ServerResponse } from 'node:http';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A request handler that remembers the requests still being handled, so that shutdown can wait for them. */
export interface Drainable {
  /** The handler to give the HTTP server. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** How many requests are being handled now. */
  readonly inFlight: number;
  /** Resolve once every request being handled has finished, or after `timeoutMs`, whichever comes first. */
  drain(timeoutMs: number): Promise<void>;
}

/**
 * Wrap a Koa callback so shutdown can wait for its handlers. `server.close()` calls back once the sockets are gone,
 * which a client that hung up makes happen while its handler still queries the database; closing the database then
 * fails that handler ("aborted").
 */
export function drainable(handler: Handler): Drainable {
  const pending = new Set<Promise<unknown>>();
  return {
    handle(req, res) {
      const done: Promise<unknown> = Promise.resolve(handler(req, res))
        .catch(() => undefined)
        .finally(() => pending.delete(done));
      pending.add(done);
    },
    get inFlight() {
      return pending.size;
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.allSettled([...pending]), timeout]);
      clearTimeout(timer);
    },
  };
}
