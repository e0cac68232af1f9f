import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import { configureToolkit, createApp, type ExampleAppOptions } from '../app.js';
import { safeNext } from '../auth.js';
import { createUser, pageFields, submit, type AccountPage } from './accounts.js';
import { openTestDatabase, type TestDatabase } from './database.js';

const ORIGIN = 'http://127.0.0.1:8000';
const CREDENTIALS = { username: 'rita', password: 'correct horse' };

/** Values of `next` that leave the site, directly or once a URL parser or a browser has normalised them. */
const OFF_SITE = [
  // The issue's: dot segments turn a path into a scheme-relative URL after the check.
  '/.//evil.example',
  '/%2e%2e//evil.example',
  '/accounts/../..//evil.example',
  // More dot segments, encoded or not, with a query and fragment kept.
  '/%2e/%2e//evil.example',
  '/..//evil.example',
  '/a/%2E%2E//evil.example/?x=1#y',
  '/.//evil.example:443/path',
  // Scheme-relative and backslashed forms (browsers read `\` as `/`).
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '/.\\/evil.example',
  '\\/evil.example',
  // Browsers drop tabs and newlines anywhere in a URL.
  '/\t/evil.example',
  '/\n/evil.example',
  '/.\r\n/\t/evil.example',
  '\t//evil.example',
  // Absolute URLs and schemes.
  'https://evil.example/',
  'https:evil.example',
  'https:/evil.example',
  'HTTPS://evil.example',
  'javascript:alert(1)',
  ' //evil.example',
];

/** Values that stay on the site: followed, in their normalised form. */
const ON_SITE: [string, string][] = [
  ['/o/authorize/?client_id=abc&scope=openid#x', '/o/authorize/?client_id=abc&scope=openid#x'],
  ['/%2f/evil.example', '/%2f/evil.example'],
  ['/%5c/evil.example', '/%5c/evil.example'],
  ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ['/accounts/../o/authorize/', '/o/authorize/'],
];

/** A Location that a browser resolves on the page's own origin, as a path (one leading `/`, not `//` nor `/\`). */
function expectSameOrigin(location: string | undefined): void {
  expect(location).to.match(/^\/(?![/\\])/);
  expect(new URL(location!, `${ORIGIN}/accounts/login/`).origin).to.equal(ORIGIN);
}

describe('example app: where login and logout redirect (next)', () => {
  let database: TestDatabase;
  let options: ExampleAppOptions;
  let app: Koa;

  before(async () => {
    database = await openTestDatabase();
    options = { orm: database.orm, keys: ['redirect-spec-key'], issuer: `${ORIGIN}/o` };
    app = createApp(options);
    await createUser(database.orm, CREDENTIALS.username, CREDENTIALS.password);
  });

  // The run's root hook resets the toolkit settings after each test.
  beforeEach(() => configureToolkit(options));

  after(async () => {
    await database?.dispose();
  });

  const pages: [AccountPage, Record<string, string>][] = [
    ['/accounts/login/', CREDENTIALS],
    ['/accounts/logout/', {}],
  ];

  for (const [page, fields] of pages) {
    for (const next of OFF_SITE) {
      it(`${page}: POST with next=${JSON.stringify(next)} redirects to /`, async () => {
        const response = await submit(request.agent(app.callback()), page, { ...fields, next });
        expect(response.status).to.equal(302);
        expect(response.headers.location).to.equal('/');
      });

      it(`${page}: GET with next=${JSON.stringify(next)} puts / in the form`, async () => {
        expect((await pageFields(request.agent(app.callback()), page, next)).next).to.equal('/');
      });
    }

    for (const [next, normalised] of ON_SITE) {
      it(`${page}: follows the local path ${JSON.stringify(next)} as ${normalised}, in the form and after POST`, async () => {
        const agent = request.agent(app.callback());
        expect((await pageFields(agent, page, next)).next).to.equal(normalised);
        const response = await submit(agent, page, { ...fields, next });
        expect(response.status).to.equal(302);
        expect(response.headers.location).to.equal(normalised);
        expectSameOrigin(response.headers.location);
      });
    }
  }
});

describe('example app: safeNext', () => {
  it('returns / or a same-origin path for every value, whatever its normalisation does', () => {
    for (const next of OFF_SITE) expect(safeNext(next), JSON.stringify(next)).to.equal('/');
    for (const [next, normalised] of ON_SITE) expect(safeNext(next), next).to.equal(normalised);
  });
});
