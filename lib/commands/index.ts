/** The toolkit's management commands as library functions (Django's `manage.py` commands), for any app to expose. */
export { migrate } from './migrate.js';
export { makeMigrations } from './make-migrations.js';
export type { MakeMigrationsOptions, MadeMigrations } from './make-migrations.js';
export { createApplication } from './create-application.js';
export type { CreateApplicationOptions, CreatedApplicationResult } from './create-application.js';
export { clearTokens } from './clear-tokens.js';
