// Written by makeMigrations() (koa-oauth-toolkit): the migrations, oldest first. Do not edit by hand.
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125135816 } from './Migration20261125135816.js';
import { Migration20261207234205_session } from './Migration20261207234205_session.js';
import { Migration20261208000006_throttle } from './Migration20261208000006_throttle.js';
import { Migration20261208042433_device_grant } from './Migration20261208042433_device_grant.js';

/** The migrations, listed in code so that they compile with the app (no folder scanning). */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261125135816', class: Migration20261125135816 },
  { name: 'Migration20261207234205_session', class: Migration20261207234205_session },
  { name: 'Migration20261208000006_throttle', class: Migration20261208000006_throttle },
  { name: 'Migration20261208042433_device_grant', class: Migration20261208042433_device_grant },
];
