import { Migration } from '@mikro-orm/migrations';

export class Migration20261208000006_throttle extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "oauth2_provider_throttle" ("key" varchar(64) not null, "kind" varchar(16) not null, "failures" int not null default 0, "window_start" timestamptz not null, "blocked_until" timestamptz null, "blocks" int not null default 0, constraint "oauth2_provider_throttle_pkey" primary key ("key"));`);
    this.addSql(`create index "oauth2_provider_throttle_window_start_index" on "oauth2_provider_throttle" ("window_start");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "oauth2_provider_throttle" cascade;`);
  }

}
