import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';

import { ImproperlyConfigured } from '../../lib/errors.js';
import { View } from '../../lib/views/view.js';
import type { HttpMethodName, ViewMiddleware } from '../../lib/views/view.js';

class GreetingView extends View {
  greeting = 'hello';
  visits = 0;

  async get(): Promise<void> {
    this.visits += 1;
    this.ctx.body = { greeting: this.greeting, visits: this.visits, id: this.params['id'] ?? null };
  }

  async post(): Promise<void> {
    this.ctx.status = 201;
    this.ctx.body = { created: true };
  }

  shout(): string {
    return this.greeting.toUpperCase();
  }
}

class OwnHeadView extends View {
  async get(): Promise<void> {
    this.ctx.body = 'get';
  }

  async head(): Promise<void> {
    this.ctx.set('X-Handler', 'head');
    this.ctx.status = 204;
  }
}

class PostOnlyView extends View {
  async post(): Promise<void> {
    this.ctx.body = 'posted';
  }
}

class NarrowView extends View {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['get', 'options'];

  async get(): Promise<void> {
    this.ctx.body = 'narrow';
  }

  async post(): Promise<void> {
    this.ctx.body = 'never';
  }
}

function appWith(path: string, middleware: ViewMiddleware): Koa {
  const router = new Router();
  router.all('view-under-test', path, middleware); // named, as apps mount views
  const app = new Koa();
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

describe('View', () => {
  describe('dispatch', () => {
    it('calls the handler named after the method, with route params bound', async () => {
      const app = appWith('/greet/:id', GreetingView.asView());
      const res = await request(app.callback()).get('/greet/42').expect(200);
      expect(res.body).to.deep.equal({ greeting: 'hello', visits: 1, id: '42' });
      await request(app.callback()).post('/greet/42').expect(201, { created: true });
    });

    it('answers 405 with Allow listing the handlers the view has', async () => {
      const app = appWith('/greet', GreetingView.asView());
      const res = await request(app.callback()).delete('/greet').expect(405);
      expect(res.headers['allow']).to.equal('GET, POST, HEAD, OPTIONS');
    });

    it('lists neither GET nor HEAD in Allow when the view has no get()', async () => {
      const app = appWith('/post-only', PostOnlyView.asView());
      const res = await request(app.callback()).get('/post-only').expect(405);
      expect(res.headers['allow']).to.equal('POST, OPTIONS');
      await request(app.callback()).head('/post-only').expect(405);
    });

    it('refuses a method left out of a narrowed httpMethodNames, even with a handler', async () => {
      const app = appWith('/narrow', NarrowView.asView());
      const res = await request(app.callback()).post('/narrow').expect(405);
      expect(res.headers['allow']).to.equal('GET, OPTIONS');
      expect(res.text).to.not.equal('never');
    });

    it('answers 405 for a method outside httpMethodNames', async () => {
      const app = appWith('/greet', GreetingView.asView());
      const res = await request(app.callback()).trace('/greet').expect(405);
      expect(res.headers['allow']).to.equal('GET, POST, HEAD, OPTIONS');
    });
  });

  describe('options()', () => {
    it('answers 200 with an empty body and Allow', async () => {
      const app = appWith('/greet', GreetingView.asView());
      const res = await request(app.callback()).options('/greet').expect(200);
      expect(res.headers['allow']).to.equal('GET, POST, HEAD, OPTIONS');
      expect(res.headers['content-length']).to.equal('0');
      expect(res.text).to.equal('');
    });
  });

  describe('X-Content-Type-Options', () => {
    it('is nosniff on every answer: a handler’s, a 405 and an OPTIONS', async () => {
      const app = appWith('/greet', GreetingView.asView());
      const answers = [
        await request(app.callback()).get('/greet').expect(200),
        await request(app.callback()).trace('/greet').expect(405),
        await request(app.callback()).options('/greet').expect(200),
      ];
      for (const res of answers) expect(res.headers['x-content-type-options']).to.equal('nosniff');
    });
  });

  describe('HEAD', () => {
    it('is served by get() without a body', async () => {
      const app = appWith('/greet', GreetingView.asView());
      const res = await request(app.callback()).head('/greet').expect(200);
      expect(res.headers['content-type']).to.match(/^application\/json/);
      expect(res.text).to.equal(undefined);
    });

    it('uses the view’s own head() when it has one', async () => {
      const app = appWith('/own-head', OwnHeadView.asView());
      const res = await request(app.callback()).head('/own-head').expect(204);
      expect(res.headers['x-handler']).to.equal('head');
    });
  });

  describe('asView()', () => {
    it('sets the given options on the instance', async () => {
      const app = appWith('/greet', GreetingView.asView({ greeting: 'hi' }));
      const res = await request(app.callback()).get('/greet').expect(200);
      expect(res.body.greeting).to.equal('hi');
    });

    it('makes a fresh instance per request, so state does not leak', async () => {
      const app = appWith('/greet', GreetingView.asView());
      const first = await request(app.callback()).get('/greet').expect(200);
      const second = await request(app.callback()).get('/greet').expect(200);
      expect([first.body.visits, second.body.visits]).to.deep.equal([1, 1]);
    });

    it('carries viewClass and viewInitOptions', () => {
      const middleware = GreetingView.asView({ greeting: 'hi' });
      expect(middleware.viewClass).to.equal(GreetingView);
      expect(middleware.viewInitOptions).to.deep.equal({ greeting: 'hi' });
    });

    it('keeps its options when the caller later mutates the object it passed', async () => {
      const options = { greeting: 'hi' };
      const app = appWith('/greet', GreetingView.asView(options));
      options.greeting = 'changed';
      const res = await request(app.callback()).get('/greet').expect(200);
      expect(res.body.greeting).to.equal('hi');
    });

    it('refuses an unknown option at registration, naming the class and the key', () => {
      const call = () => GreetingView.asView({ greting: 'typo' } as never);
      expect(call).to.throw(ImproperlyConfigured, /GreetingView.*'greting'/);
    });

    it('refuses an HTTP method name as an option, naming the class and the key', () => {
      const call = () => GreetingView.asView({ get: async () => undefined } as never);
      expect(call).to.throw(ImproperlyConfigured, /'get'.*GreetingView/);
    });

    it('refuses a method of the view as an option', () => {
      const call = () => GreetingView.asView({ shout: () => 'x' } as never);
      expect(call).to.throw(ImproperlyConfigured, /GreetingView.*'shout'/);
    });

    it('refuses the per-request ctx as an option', () => {
      expect(() => GreetingView.asView({ ctx: {} } as never)).to.throw(ImproperlyConfigured, /GreetingView.*'ctx'/);
    });
  });
});
