import { Migration } from '@mikro-orm/migrations';

export class Migration20261207234205_session extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "django_session" ("session_key" varchar(64) not null, "session_data" jsonb not null, "expire_date" timestamptz not null, constraint "django_session_pkey" primary key ("session_key"));`);
    this.addSql(`create index "django_session_expire_date_index" on "django_session" ("expire_date");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "django_session" cascade;`);
  }

}
