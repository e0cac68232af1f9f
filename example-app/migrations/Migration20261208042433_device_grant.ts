import { Migration } from '@mikro-orm/migrations';

export class Migration20261208042433_device_grant extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "oauth2_provider_devicegrant" ("id" bigserial primary key, "user_id" int null, "device_code_checksum" varchar(64) not null, "user_code_checksum" varchar(64) not null, "scope" text not null default '', "interval" int not null default 5, "expires" timestamptz not null, "status" varchar(64) not null default 'authorization-pending', "client_id" varchar(255) not null, "last_checked" timestamptz null, "auth_time" timestamptz null, "acr" varchar(255) not null default '', "claims" text not null default '');`);
    this.addSql(`create index "oauth2_provider_devicegrant_user_id_index" on "oauth2_provider_devicegrant" ("user_id");`);
    this.addSql(`alter table "oauth2_provider_devicegrant" add constraint "oauth2_provider_devicegrant_device_code_checksum_unique" unique ("device_code_checksum");`);
    this.addSql(`create index "oauth2_provider_devicegrant_user_code_checksum_index" on "oauth2_provider_devicegrant" ("user_code_checksum");`);
    this.addSql(`create index "oauth2_provider_devicegrant_expires_index" on "oauth2_provider_devicegrant" ("expires");`);
    this.addSql(`create index "oauth2_provider_devicegrant_client_id_index" on "oauth2_provider_devicegrant" ("client_id");`);
    this.addSql(`create unique index "oauth2_provider_devicegrant_pending_user_code_unique" on "oauth2_provider_devicegrant" ("user_code_checksum") where "status" = 'authorization-pending';`);

    this.addSql(`alter table "oauth2_provider_devicegrant" add constraint "oauth2_provider_devicegrant_user_id_foreign" foreign key ("user_id") references "auth_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "oauth2_provider_devicegrant" cascade;`);
  }

}
