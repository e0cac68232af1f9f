import { Migration } from '@mikro-orm/migrations';

export class Migration20261125135816 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "auth_user" ("id" serial primary key, "username" varchar(150) not null, "email" varchar(254) not null default '', "first_name" varchar(150) not null default '', "last_name" varchar(150) not null default '', "is_active" boolean not null default true, "password" varchar(255) not null default '', "last_login" timestamptz null, "date_joined" timestamptz not null);`);
    this.addSql(`alter table "auth_user" add constraint "auth_user_username_unique" unique ("username");`);

    this.addSql(`create table "oauth2_provider_application" ("id" bigserial primary key, "client_id" varchar(255) not null, "user_id" int null, "redirect_uris" text not null default '', "post_logout_redirect_uris" text not null default '', "client_type" varchar(32) not null, "authorization_grant_type" varchar(44) not null, "client_secret" varchar(255) not null default '', "hash_client_secret" boolean not null default true, "name" varchar(255) not null default '', "skip_authorization" boolean not null default false, "created" timestamptz not null, "updated" timestamptz not null, "algorithm" varchar(5) not null default '', "allowed_origins" text[] not null default '{}', "allowed_scopes" text[] not null default '{}');`);
    this.addSql(`alter table "oauth2_provider_application" add constraint "oauth2_provider_application_client_id_unique" unique ("client_id");`);
    this.addSql(`create index "oauth2_provider_application_user_id_index" on "oauth2_provider_application" ("user_id");`);
    this.addSql(`create index "oauth2_provider_application_allowed_origins_index" on "oauth2_provider_application" using gin ("allowed_origins");`);

    this.addSql(`create table "oauth2_provider_idtoken" ("id" bigserial primary key, "user_id" int null, "jti" uuid not null, "application_id" bigint null, "expires" timestamptz not null, "scope" text not null default '', "created" timestamptz not null, "updated" timestamptz not null);`);
    this.addSql(`create index "oauth2_provider_idtoken_user_id_index" on "oauth2_provider_idtoken" ("user_id");`);
    this.addSql(`alter table "oauth2_provider_idtoken" add constraint "oauth2_provider_idtoken_jti_unique" unique ("jti");`);
    this.addSql(`create index "oauth2_provider_idtoken_application_id_index" on "oauth2_provider_idtoken" ("application_id");`);
    this.addSql(`create index "oauth2_provider_idtoken_expires_index" on "oauth2_provider_idtoken" ("expires");`);

    this.addSql(`create table "oauth2_provider_grant" ("id" bigserial primary key, "user_id" int not null, "code_checksum" varchar(64) not null, "application_id" bigint not null, "expires" timestamptz not null, "redirect_uri" text not null default '', "scope" text not null default '', "created" timestamptz not null, "updated" timestamptz not null, "code_challenge" varchar(128) not null default '', "code_challenge_method" varchar(10) not null default '', "nonce" varchar(255) not null default '', "auth_time" timestamptz null, "acr" varchar(255) not null default '', "claims" text not null default '', "consumed" timestamptz null, "family" uuid null);`);
    this.addSql(`create index "oauth2_provider_grant_user_id_index" on "oauth2_provider_grant" ("user_id");`);
    this.addSql(`alter table "oauth2_provider_grant" add constraint "oauth2_provider_grant_code_checksum_unique" unique ("code_checksum");`);
    this.addSql(`create index "oauth2_provider_grant_application_id_index" on "oauth2_provider_grant" ("application_id");`);
    this.addSql(`create index "oauth2_provider_grant_expires_index" on "oauth2_provider_grant" ("expires");`);

    this.addSql(`create table "oauth2_provider_accesstoken" ("id" bigserial primary key, "user_id" int null, "source_refresh_token_id" bigint null, "token_checksum" varchar(64) not null, "id_token_id" bigint null, "application_id" bigint null, "expires" timestamptz not null, "scope" text not null default '', "created" timestamptz not null, "updated" timestamptz not null, "family" uuid null, "revoked" timestamptz null, "auth_time" timestamptz null, "acr" varchar(255) not null default '', "claims" text not null default '');`);
    this.addSql(`create index "oauth2_provider_accesstoken_user_id_index" on "oauth2_provider_accesstoken" ("user_id");`);
    this.addSql(`alter table "oauth2_provider_accesstoken" add constraint "oauth2_provider_accesstoken_source_refresh_token_id_unique" unique ("source_refresh_token_id");`);
    this.addSql(`alter table "oauth2_provider_accesstoken" add constraint "oauth2_provider_accesstoken_token_checksum_unique" unique ("token_checksum");`);
    this.addSql(`alter table "oauth2_provider_accesstoken" add constraint "oauth2_provider_accesstoken_id_token_id_unique" unique ("id_token_id");`);
    this.addSql(`create index "oauth2_provider_accesstoken_application_id_index" on "oauth2_provider_accesstoken" ("application_id");`);
    this.addSql(`create index "oauth2_provider_accesstoken_expires_index" on "oauth2_provider_accesstoken" ("expires");`);
    this.addSql(`create index "oauth2_provider_accesstoken_family_index" on "oauth2_provider_accesstoken" ("family");`);

    this.addSql(`create table "oauth2_provider_refreshtoken" ("id" bigserial primary key, "user_id" int not null, "token_checksum" varchar(64) not null, "application_id" bigint not null, "access_token_id" bigint null, "family" uuid null, "created" timestamptz not null, "updated" timestamptz not null, "revoked" timestamptz null, "successor_ciphertext" text null, "successor_expires" timestamptz null, "auth_time" timestamptz null, "acr" varchar(255) not null default '', "claims" text not null default '');`);
    this.addSql(`create index "oauth2_provider_refreshtoken_user_id_index" on "oauth2_provider_refreshtoken" ("user_id");`);
    this.addSql(`alter table "oauth2_provider_refreshtoken" add constraint "oauth2_provider_refreshtoken_token_checksum_unique" unique ("token_checksum");`);
    this.addSql(`create index "oauth2_provider_refreshtoken_application_id_index" on "oauth2_provider_refreshtoken" ("application_id");`);
    this.addSql(`alter table "oauth2_provider_refreshtoken" add constraint "oauth2_provider_refreshtoken_access_token_id_unique" unique ("access_token_id");`);
    this.addSql(`create index "oauth2_provider_refreshtoken_family_index" on "oauth2_provider_refreshtoken" ("family");`);

    this.addSql(`alter table "oauth2_provider_application" add constraint "oauth2_provider_application_user_id_foreign" foreign key ("user_id") references "auth_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "oauth2_provider_idtoken" add constraint "oauth2_provider_idtoken_user_id_foreign" foreign key ("user_id") references "auth_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "oauth2_provider_idtoken" add constraint "oauth2_provider_idtoken_application_id_foreign" foreign key ("application_id") references "oauth2_provider_application" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "oauth2_provider_grant" add constraint "oauth2_provider_grant_user_id_foreign" foreign key ("user_id") references "auth_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "oauth2_provider_grant" add constraint "oauth2_provider_grant_application_id_foreign" foreign key ("application_id") references "oauth2_provider_application" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "oauth2_provider_accesstoken" add constraint "oauth2_provider_accesstoken_user_id_foreign" foreign key ("user_id") references "auth_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "oauth2_provider_accesstoken" add constraint "oauth2_provider_accesstoken_source_refresh_token_id_foreign" foreign key ("source_refresh_token_id") references "oauth2_provider_refreshtoken" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "oauth2_provider_accesstoken" add constraint "oauth2_provider_accesstoken_id_token_id_foreign" foreign key ("id_token_id") references "oauth2_provider_idtoken" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "oauth2_provider_accesstoken" add constraint "oauth2_provider_accesstoken_application_id_foreign" foreign key ("application_id") references "oauth2_provider_application" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "oauth2_provider_refreshtoken" add constraint "oauth2_provider_refreshtoken_user_id_foreign" foreign key ("user_id") references "auth_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "oauth2_provider_refreshtoken" add constraint "oauth2_provider_refreshtoken_application_id_foreign" foreign key ("application_id") references "oauth2_provider_application" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "oauth2_provider_refreshtoken" add constraint "oauth2_provider_refreshtoken_access_token_id_foreign" foreign key ("access_token_id") references "oauth2_provider_accesstoken" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "oauth2_provider_application" drop constraint "oauth2_provider_application_user_id_foreign";`);

    this.addSql(`alter table "oauth2_provider_idtoken" drop constraint "oauth2_provider_idtoken_user_id_foreign";`);

    this.addSql(`alter table "oauth2_provider_grant" drop constraint "oauth2_provider_grant_user_id_foreign";`);

    this.addSql(`alter table "oauth2_provider_accesstoken" drop constraint "oauth2_provider_accesstoken_user_id_foreign";`);

    this.addSql(`alter table "oauth2_provider_refreshtoken" drop constraint "oauth2_provider_refreshtoken_user_id_foreign";`);

    this.addSql(`alter table "oauth2_provider_idtoken" drop constraint "oauth2_provider_idtoken_application_id_foreign";`);

    this.addSql(`alter table "oauth2_provider_grant" drop constraint "oauth2_provider_grant_application_id_foreign";`);

    this.addSql(`alter table "oauth2_provider_accesstoken" drop constraint "oauth2_provider_accesstoken_application_id_foreign";`);

    this.addSql(`alter table "oauth2_provider_refreshtoken" drop constraint "oauth2_provider_refreshtoken_application_id_foreign";`);

    this.addSql(`alter table "oauth2_provider_accesstoken" drop constraint "oauth2_provider_accesstoken_id_token_id_foreign";`);

    this.addSql(`alter table "oauth2_provider_refreshtoken" drop constraint "oauth2_provider_refreshtoken_access_token_id_foreign";`);

    this.addSql(`alter table "oauth2_provider_accesstoken" drop constraint "oauth2_provider_accesstoken_source_refresh_token_id_foreign";`);

    this.addSql(`drop table if exists "auth_user" cascade;`);

    this.addSql(`drop table if exists "oauth2_provider_application" cascade;`);

    this.addSql(`drop table if exists "oauth2_provider_idtoken" cascade;`);

    this.addSql(`drop table if exists "oauth2_provider_grant" cascade;`);

    this.addSql(`drop table if exists "oauth2_provider_accesstoken" cascade;`);

    this.addSql(`drop table if exists "oauth2_provider_refreshtoken" cascade;`);
  }

}
