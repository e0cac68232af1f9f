/**
 * Root hooks of the whole run (.mocharc.json `require`): settings are reset after each test, and the ORM, made
 * lazily by the first spec that calls `useTransaction()`, is closed at the end. Specs that never ask for the
 * database (spec/oauth2) pay nothing for it.
 */
import { resetSettings } from '../../lib/settings.js';
import { closeTestOrm } from './db.js';

/** Mocha root hooks. */
export const mochaHooks = {
  afterEach(): void {
    resetSettings();
  },
  async afterAll(): Promise<void> {
    await closeTestOrm();
  },
};
