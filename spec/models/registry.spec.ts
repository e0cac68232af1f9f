import { expect } from 'chai';
import type { MikroORM } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../../lib/errors.js';
import { Application } from '../../lib/models/application.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { Grant } from '../../lib/models/grant.js';
import { IDToken } from '../../lib/models/id-token.js';
import {
  findModel,
  getAccessTokenModel,
  getApplicationModel,
  getGrantModel,
  getIdTokenModel,
  getRefreshTokenModel,
} from '../../lib/models/registry.js';
import { TABLE_NAMES } from '../../lib/models/schemas.js';
import { configure } from '../../lib/settings.js';
import { getTestOrm } from '../helpers/db.js';

describe('model registry (DOT get_*_model)', () => {
  let orm: MikroORM;
  before(async function () {
    this.timeout(60000);
    orm = await getTestOrm();
  });

  it('returns the configured model classes', () => {
    configure({ orm });
    expect(getApplicationModel()).to.equal(Application);
    expect(getAccessTokenModel()).to.equal(AccessToken);
    expect(getRefreshTokenModel()).to.equal(RefreshToken);
    expect(getGrantModel()).to.equal(Grant);
    expect(getIdTokenModel()).to.equal(IDToken);
  });

  it("maps them to DOT's table names", () => {
    const metadata = orm.getMetadata();
    expect(metadata.get('Application').tableName).to.equal(TABLE_NAMES.application);
    expect(metadata.get('AccessToken').tableName).to.equal('oauth2_provider_accesstoken');
    expect(metadata.get('RefreshToken').tableName).to.equal('oauth2_provider_refreshtoken');
    expect(metadata.get('Grant').tableName).to.equal('oauth2_provider_grant');
    expect(metadata.get('IDToken').tableName).to.equal('oauth2_provider_idtoken');
  });

  it('refuses before configure() with a message naming the fix', () => {
    expect(() => getApplicationModel()).to.throw(ImproperlyConfigured, 'configure(');
  });

  it('names the model when the ORM does not register it', () => {
    const empty = { getAll: () => ({}) } as never;
    expect(() => findModel(empty, Grant)).to.throw(ImproperlyConfigured, 'Grant');
  });
});
