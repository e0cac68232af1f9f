import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';

import { ImproperlyConfigured } from '../../lib/errors.js';
import { ContextMixin, TemplateResponseMixin, templateEnvironment } from '../../lib/views/template.js';
import { View } from '../../lib/views/view.js';
import type { ViewMiddleware } from '../../lib/views/view.js';
import { configure, resetSettings } from '../../lib/settings.js';
import { expectPageCsp } from '../helpers/csp.js';
import { getTestOrm } from '../helpers/db.js';

/** The package's generic error page, filled from the query string (so a test controls what reaches the template). */
class ErrorPageView extends TemplateResponseMixin(ContextMixin(View)) {
  override templateName: string | null = 'oauth2_provider/error.html';
  status = 400;

  async get(): Promise<void> {
    const error = { error: this.ctx.query['error'], description: this.ctx.query['description'] };
    await this.renderToResponse(this.getContextData({ error }), this.status);
  }
}

class NoTemplateView extends TemplateResponseMixin(View) {
  async get(): Promise<void> {
    await this.renderToResponse({});
  }
}

class FallbackView extends TemplateResponseMixin(View) {
  override getTemplateNames(): readonly string[] {
    return ['myapp/does-not-exist.html', 'oauth2_provider/error.html'];
  }

  async get(): Promise<void> {
    await this.renderToResponse({ error: { error: 'fallback_used' } });
  }
}

/** Configure `templateDirs` for a test (`apply`), back to the defaults after each test and on `reset`. */
function useTemplateDirs(dirs: () => string[]): { apply(): void; reset(): void } {
  let orm: MikroORM | undefined;
  before(async function () {
    this.timeout(60000);
    orm = await getTestOrm(); // configure() needs the app's ORM, even for a template setting
  });
  afterEach(() => resetSettings());
  return {
    apply: () => void configure({ orm: orm!, templateDirs: dirs() }),
    reset: () => resetSettings(),
  };
}

function appWith(middleware: ViewMiddleware): { app: Koa; errors: Error[] } {
  const router = new Router();
  router.all('/page', middleware);
  const app = new Koa();
  const errors: Error[] = [];
  app.silent = true;
  app.on('error', (err: Error) => errors.push(err));
  app.use(router.routes());
  return { app, errors };
}

describe('ContextMixin', () => {
  class ContextView extends ContextMixin(View) {}

  it('returns the given variables plus a view entry', () => {
    const view = new ContextView();
    expect(view.getContextData({ a: 1 })).to.deep.equal({ view, a: 1 });
  });

  it('lets extraContext override the handler’s variables (Django’s order)', () => {
    const view = new ContextView();
    view.extraContext = { a: 2, b: 3 };
    expect(view.getContextData({ a: 1 })).to.deep.equal({ view, a: 2, b: 3 });
  });

  it('takes extraContext from asView() options', async () => {
    const { app } = appWith(ErrorPageView.asView({ extraContext: { error: { error: 'from_options' } } }));
    const res = await request(app.callback()).get('/page?error=from_query').expect(400);
    expect(res.text).to.contain('Error: from_options');
  });
});

describe('TemplateResponseMixin', () => {
  it('renders the template as HTML with the given status', async () => {
    const { app } = appWith(ErrorPageView.asView());
    const res = await request(app.callback())
      .get('/page?error=invalid_request&description=Missing+client_id')
      .expect(400);
    expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(res.text).to.contain('<h2>Error: invalid_request</h2>');
    expect(res.text).to.contain('<p>Missing client_id</p>');
  });

  it('extends base.html: a container and an inline stylesheet, no third-party resource', async () => {
    const { app } = appWith(ErrorPageView.asView());
    const res = await request(app.callback()).get('/page?error=x').expect(400);
    expect(res.text).to.match(/<main class="container">/);
    expect(res.text).to.match(/<style nonce="[^"]+">/);
    expect(res.text).to.not.match(/(src|href)=["']?(https?:)?\/\//);
  });

  it('escapes variables (autoescape is on)', async () => {
    const { app } = appWith(ErrorPageView.asView());
    const script = '<script>alert("x")</script>';
    const res = await request(app.callback()).get('/page').query({ error: script }).expect(400);
    expect(res.text).to.not.contain(script);
    expect(res.text).to.contain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('sets the page security headers', async () => {
    const { app } = appWith(ErrorPageView.asView());
    const res = await request(app.callback()).get('/page?error=x').expect(400);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['referrer-policy']).to.equal('no-referrer');
    expect(res.headers['x-frame-options']).to.equal('DENY');
    expectPageCsp(res);
  });

  it('renders the first template of getTemplateNames() that exists', async () => {
    const { app } = appWith(FallbackView.asView());
    const res = await request(app.callback()).get('/page').expect(200);
    expect(res.text).to.contain('Error: fallback_used');
  });

  it('throws ImproperlyConfigured naming the class when templateName is missing', async () => {
    expect(() => new NoTemplateView().getTemplateNames()).to.throw(
      ImproperlyConfigured,
      /NoTemplateView requires either a definition of 'templateName' or an implementation of 'getTemplateNames\(\)'/,
    );
    const { app, errors } = appWith(NoTemplateView.asView());
    const res = await request(app.callback()).get('/page').expect(500);
    expect(res.text).to.equal('Internal Server Error');
    expect(errors[0]).to.be.instanceOf(ImproperlyConfigured);
  });

  it('throws ImproperlyConfigured naming the view and the template when none is found', async () => {
    const { app, errors } = appWith(ErrorPageView.asView({ templateName: 'myapp/missing.html' }));
    const res = await request(app.callback()).get('/page').expect(500);
    expect(res.text).to.equal('Internal Server Error');
    expect(errors[0]).to.be.instanceOf(ImproperlyConfigured);
    expect(errors[0]?.message).to.match(/ErrorPageView.*'myapp\/missing\.html'/);
  });

  describe('with the app’s templateDirs', () => {
    let dir: string;
    const dirs = useTemplateDirs(() => [dir]);

    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'kot-templates-'));
      mkdirSync(path.join(dir, 'oauth2_provider'));
      mkdirSync(path.join(dir, 'myapp'));
      writeFileSync(path.join(dir, 'oauth2_provider', 'error.html'), '<p>app page: {{ error.error }}</p>');
      writeFileSync(path.join(dir, 'myapp', 'broken.html'), '{% if %}');
      writeFileSync(
        path.join(dir, 'myapp', 'own.html'),
        '{% extends "oauth2_provider/base.html" %}{% block content %}own{% endblock %}',
      );
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    it('searches them before the package’s templates, so the app overrides a built-in page', async () => {
      dirs.apply();
      const { app } = appWith(ErrorPageView.asView());
      const res = await request(app.callback()).get('/page?error=<b>x</b>').expect(400);
      expect(res.text).to.equal('<p>app page: &lt;b&gt;x&lt;/b&gt;</p>');
    });

    it('still finds the package’s templates from the app’s (base.html)', async () => {
      dirs.apply();
      const { app } = appWith(ErrorPageView.asView({ templateName: 'myapp/own.html' }));
      const res = await request(app.callback()).get('/page').expect(400);
      expect(res.text).to.match(/<main class="container">\s*own\s*<\/main>/);
    });

    it('answers a bare 500 for a template error, never its details or stack', async () => {
      dirs.apply();
      const { app, errors } = appWith(ErrorPageView.asView({ templateName: 'myapp/broken.html' }));
      const res = await request(app.callback()).get('/page').expect(500);
      expect(res.text).to.equal('Internal Server Error');
      expect(errors).to.have.length(1);
      expect(res.headers['x-frame-options']).to.equal(undefined);
    });

    it('builds a new environment when the settings change, and reuses it otherwise', () => {
      dirs.reset();
      const before = templateEnvironment();
      expect(templateEnvironment()).to.equal(before);
      dirs.apply();
      expect(templateEnvironment()).to.not.equal(before);
    });
  });
});
