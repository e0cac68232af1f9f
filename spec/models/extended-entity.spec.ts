/**
 * The swappable-model spike, kept as a spec (the first thing tried): the toolkit's relations point at the
 * app's user entity by a lazily resolved name, and an app can extend a toolkit entity and name its class.
 */
import { expect } from 'chai';
import { EntitySchema, type EntityManager } from '@mikro-orm/core';
import { Application } from '../../lib/models/application.js';
import { Grant } from '../../lib/models/grant.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { getApplicationModel, getGrantModel } from '../../lib/models/registry.js';
import { configure, oauth2Entities } from '../../lib/settings.js';
import { createApplication } from '../../lib/commands/create-application.js';
import { getTestOrm, useScratchOrm } from '../helpers/db.js';

class Member {
  id!: number;
  login!: string;
}
const MemberSchema = new EntitySchema<Member>({
  class: Member,
  tableName: 'club_member',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    login: { type: 'string', unique: true },
  },
});

class MyApplication extends Application {
  logoUrl: string | null = null;
}
const MyApplicationSchema = new EntitySchema<MyApplication>({
  class: MyApplication,
  extends: 'AbstractApplication' as never,
  tableName: 'oauth2_provider_application',
  properties: { logoUrl: { type: 'text', nullable: true } } as never,
});

async function foreignKeys(em: EntityManager, table: string): Promise<string[]> {
  const rows = await em.getConnection().execute<{ def: string }[]>(
    `select pg_get_constraintdef(c.oid) as def from pg_constraint c join pg_class t on t.oid = c.conrelid
     where t.relname = ? and c.contype = 'f' order by def`,
    [table],
  );
  return (rows as { def: string }[]).map((r) => r.def);
}

describe('swappable models (an app’s user entity and an extended Application)', () => {
  const orm = useScratchOrm(
    () => [MemberSchema, ...oauth2Entities({ userEntity: MemberSchema, applicationModel: MyApplicationSchema })],
    'ext',
  );

  it('finds the app’s class through configure() and the registry', () => {
    configure({ orm: orm() });
    expect(getApplicationModel()).to.equal(MyApplication);
    expect(getGrantModel()).to.equal(Grant);
  });

  it('stores the added field in the toolkit’s table and keeps the model’s methods', async () => {
    configure({ orm: orm() });
    const em = orm().em.fork();
    const member = em.create(Member, { login: 'ann' });
    await em.flush();
    const { application } = await createApplication(em, {
      clientType: 'confidential',
      authorizationGrantType: 'authorization-code',
      redirectUris: 'https://club.example/cb',
      user: 'ann',
      findUser: (e, login) => e.findOne(Member, { login }),
    });
    expect(application).to.be.instanceOf(MyApplication);
    (application as MyApplication).logoUrl = 'https://club.example/logo.png';
    await em.flush();
    const em2 = orm().em.fork();
    const fresh = await em2.findOneOrFail(MyApplication, { id: application.id }, { populate: ['user'] as never });
    expect(fresh.logoUrl).to.equal('https://club.example/logo.png');
    expect(fresh.redirectUriAllowed('https://club.example/cb')).to.equal(true);
    expect((fresh.user as Member).login).to.equal('ann');
    expect(member.id).to.be.a('number');
  });

  it('points every relation at the app’s user table and at the extended application', async () => {
    const em = orm().em.fork();
    expect(await foreignKeys(em, 'oauth2_provider_grant')).to.deep.equal([
      'FOREIGN KEY (application_id) REFERENCES oauth2_provider_application(id) ON UPDATE CASCADE ON DELETE CASCADE',
      'FOREIGN KEY (user_id) REFERENCES club_member(id) ON UPDATE CASCADE ON DELETE CASCADE',
    ]);
    const meta = orm().getMetadata().get(Grant.name);
    expect(meta.properties.application?.type).to.equal('MyApplication');
    expect(orm().getMetadata().get(AccessToken.name).properties.user?.type).to.equal('Member');
  });

  it('sees no constructor parameters in the model classes (em.create() assigns every field)', () => {
    for (const meta of Object.values(orm().getMetadata().getAll())) {
      if (meta.class) expect(meta.constructorParams ?? [], meta.className).to.deep.equal([]);
    }
  });

  it('leaves the run’s own ORM (a plain User and the toolkit’s Application) intact', async () => {
    const main = await getTestOrm();
    expect(main.getMetadata().get(Grant.name).properties.application?.type).to.equal('Application');
    expect(main.getMetadata().get(Grant.name).properties.user?.type).to.equal('User');
    const em = main.em.fork();
    expect(await foreignKeys(em, 'oauth2_provider_accesstoken')).to.include(
      'FOREIGN KEY (user_id) REFERENCES test_user(id) ON UPDATE CASCADE ON DELETE CASCADE',
    );
  });
});
