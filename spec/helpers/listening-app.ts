import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import Koa from 'koa';

/** A Koa app served on a loopback port for the suite, and the base URL it answers at (set in `before`). */
export interface ListeningApp {
  url: string;
}

/**
 * Serve `routes` on a real loopback port for the describe block (mocha `before`/`after`), each request with its own
 * EntityManager fork of `orm()` and so its own connection, as a deployment gives it: what the race specs need to
 * make requests really concurrent.
 */
export function useListeningApp(orm: () => MikroORM, routes: (router: Router) => void): ListeningApp {
  const served: ListeningApp = { url: '' };
  let http: HttpServer;
  before(async () => {
    const router = new Router();
    routes(router);
    const app = new Koa();
    app.use(async (ctx, next) => {
      ctx.state['em'] = orm().em.fork();
      await next();
    });
    app.use(router.routes()).use(router.allowedMethods());
    http = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => http.once('listening', () => resolve()));
    served.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
  return served;
}
