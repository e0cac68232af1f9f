import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../lib/oauth2');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('oauth2 boundaries (ARCHITECTURE.md, Layers: the core imports no framework)', () => {
  for (const file of files(ROOT)) {
    const name = relative(ROOT, file);
    it(`${name} imports nothing from koa, nunjucks, MikroORM or lib/ outside lib/oauth2`, () => {
      const source = readFileSync(file, 'utf8');
      const specifiers = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] ?? '');
      for (const spec of specifiers) {
        expect(spec, name).to.not.match(/^(koa|@koa\/|nunjucks|@mikro-orm\/|mikro-orm)/);
        if (spec.startsWith('.')) expect(resolve(file, '..', spec).startsWith(ROOT), `${name}: ${spec}`).to.equal(true);
        else expect(spec, name).to.match(/^(node:|jose$)/); // jose: every JWT/JWK operation (issue 5)
      }
    });

    it(`${name} stays within 300 lines`, () => {
      expect(readFileSync(file, 'utf8').split('\n').length).to.be.at.most(300);
    });
  }
});
