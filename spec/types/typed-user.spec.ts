/**
 * The app's user type flows to every hook and handler (issue 13): spec/types/typed-user/app.ts declares it once
 * (`OAuth2UserTypes`) and uses it in `configure()`'s hooks, generic and composed views, client-protected views, the
 * middleware's `ctx.state.oauth2` and `oauth2Routes()`'s view map, with `@ts-expect-error` lines for what must not
 * compile. The declaration is global, so that app gets its own strict `tsc` run instead of `npm run typecheck`'s.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const PROJECT = fileURLToPath(new URL('./typed-user/tsconfig.json', import.meta.url));

describe('the declared user type (OAuth2UserTypes)', function () {
  this.timeout(180000);

  it('type-checks a strict app whose hooks, views and ctx.state.oauth2 see its User', async () => {
    const run = await promisify(execFile)(process.execPath, [TSC, '-p', PROJECT], { encoding: 'utf8' }).then(
      () => ({ code: 0, output: '' }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, output: error.stdout ?? '' }),
    );
    expect(run.output).to.equal('');
    expect(run.code).to.equal(0);
  });

  it('is how the README tells an app to type its user', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).to.include("declare module 'koa-oauth-toolkit' {\n  interface OAuth2UserTypes {\n    user: User;");
  });
});
