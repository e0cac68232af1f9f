import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import { configureToolkit, createApp, type ExampleAppOptions } from '../app.js';
import { LOGIN_ERROR } from '../views/login.js';
import { createUser, pageFields, type AccountPage } from './accounts.js';
import { openTestDatabase, type TestDatabase } from './database.js';

const FORM = 'application/x-www-form-urlencoded';
const CREDENTIALS = { username: 'fred', password: 'correct horse' };

/** A body the example's forms must refuse: the headers that come with it, and the status it gets. */
interface Malformed {
  name: string;
  headers: Record<string, string>;
  body: string | Buffer;
  status: 400 | 413 | 415;
}

const MALFORMED: Malformed[] = [
  { name: 'an unknown Content-Encoding', headers: { 'Content-Encoding': 'bogus' }, body: 'a=1', status: 415 },
  { name: 'a broken gzip body', headers: { 'Content-Encoding': 'gzip' }, body: 'not gzip', status: 415 },
  {
    name: 'a gzip body (no coding is accepted)',
    headers: { 'Content-Encoding': 'gzip' },
    body: gzipSync('a=1'),
    status: 415,
  },
  { name: 'a deflate body', headers: { 'Content-Encoding': 'deflate' }, body: 'not deflate', status: 415 },
  { name: 'bytes that are not UTF-8', headers: {}, body: Buffer.from([0x61, 0x3d, 0xff, 0xfe]), status: 400 },
  {
    name: 'a charset other than UTF-8',
    headers: { 'Content-Type': `${FORM}; charset=latin1` },
    body: 'a=1',
    status: 415,
  },
  { name: 'an unknown charset', headers: { 'Content-Type': `${FORM}; charset=bogus` }, body: 'a=1', status: 415 },
  { name: 'a body over the size limit', headers: {}, body: `a=${'x'.repeat(100_000)}`, status: 413 },
  { name: 'a JSON body', headers: { 'Content-Type': 'application/json' }, body: '{"a":"1"}', status: 415 },
  { name: 'a text body', headers: { 'Content-Type': 'text/plain' }, body: 'a=1', status: 415 },
  {
    name: 'a multipart body',
    headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
    body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
    status: 415,
  },
  { name: 'a truncated percent-escape', headers: {}, body: 'a=%E0%A4%A', status: 400 },
  { name: 'a lone percent sign', headers: {}, body: 'a=100%', status: 400 },
  { name: 'a percent-escape that is not hex', headers: {}, body: 'a=%zz', status: 400 },
  { name: 'percent-escapes that decode to invalid UTF-8', headers: {}, body: 'a=%ff%fe', status: 400 },
  { name: 'a broken escape in a field name', headers: {}, body: '%=1', status: 400 },
  // PostgreSQL text cannot hold a NUL: a username with one reached the user lookup and failed there with a 500.
  { name: 'a NUL in a field', headers: {}, body: 'username=a%00b&password=x', status: 400 },
  { name: 'an unencoded space (a browser always encodes)', headers: {}, body: 'username=a b', status: 400 },
];

/** The example's login and logout forms take only well-formed UTF-8 form bodies (issue: 500 on a broken body). */
describe('example app: malformed form bodies on the login and logout pages', () => {
  let database: TestDatabase;
  let options: ExampleAppOptions;
  let app: Koa;
  const errors: Error[] = [];

  before(async () => {
    database = await openTestDatabase();
    options = { orm: database.orm, keys: ['form-body-spec-key'], issuer: 'http://127.0.0.1:8000/o' };
    app = createApp(options);
    app.silent = true;
    app.on('error', (error: Error) => errors.push(error));
    await createUser(database.orm, CREDENTIALS.username, CREDENTIALS.password);
  });

  // The run's root hook resets the toolkit settings after each test.
  beforeEach(() => {
    configureToolkit(options);
    errors.length = 0;
  });

  after(async () => {
    await database?.dispose();
  });

  for (const page of ['/accounts/login/', '/accounts/logout/'] as AccountPage[]) {
    for (const { name, headers, body, status } of MALFORMED) {
      it(`${page}: answers ${name} with ${status}, not a 500`, async () => {
        const agent = request.agent(app.callback());
        await pageFields(agent, page);
        const post = agent.post(page).set('Content-Type', FORM);
        for (const [header, value] of Object.entries(headers)) post.set(header, value);
        // Sent as bytes: superagent would otherwise serialize a Buffer as a form of its indexes.
        const response = await post.serialize((raw: unknown) => raw as string).send(body);
        expect(response.status).to.equal(status);
        expect(response.headers['content-type']).to.equal('text/plain; charset=utf-8');
        expect(response.text).not.to.match(/\bat .+:\d+:\d+/); // no stack trace
        expect(errors).to.deep.equal([]);
      });
    }

    it(`${page}: still takes a well-formed form with an explicit UTF-8 charset and escaped UTF-8`, async () => {
      const agent = request.agent(app.callback());
      const fields = await pageFields(agent, page);
      const extra = page === '/accounts/login/' ? `&username=fred&password=correct%20horse` : '';
      const response = await agent
        .post(page)
        .set('Content-Type', `${FORM}; charset=UTF-8`)
        .send(`csrfmiddlewaretoken=${fields.csrfmiddlewaretoken}&next=%2Fcaf%C3%A9${extra}`);
      expect(response.status).to.equal(302);
      expect(response.headers.location).to.equal('/caf%C3%A9');
    });

    it(`${page}: answers a form without its CSRF token with 403, and an empty POST too`, async () => {
      const agent = request.agent(app.callback());
      await pageFields(agent, page);
      expect((await agent.post(page).type('form').send({ next: '/' })).status).to.equal(403);
      expect((await agent.post(page)).status).to.equal(403);
    });
  }

  it('counts a repeated field as missing (no array reaches the view)', async () => {
    const agent = request.agent(app.callback());
    const { csrfmiddlewaretoken } = await pageFields(agent, '/accounts/login/');
    const login = await agent
      .post('/accounts/login/')
      .type('form')
      .send(`csrfmiddlewaretoken=${csrfmiddlewaretoken}&username=fred&username=fred&password=correct%20horse`);
    expect(login.status).to.equal(200);
    expect(login.text).to.include(LOGIN_ERROR);
  });
});
