import createDebug from 'debug';

import type { ImproperlyConfigured } from '../errors.js';
import { oauth2Settings } from './store.js';

const debug = createDebug('koa-oauth-toolkit:config');

/**
 * Report a configuration mistake that only a request could show (no `app.keys`, a body parser that kept no raw
 * body): its message, which names the fix and never a secret, goes to the `logger` setting's `error()` and to
 * `debug`. The caller rethrows it, so the client sees only Koa's generic 500.
 */
export function reportImproperlyConfigured(error: ImproperlyConfigured): void {
  debug('%s', error.message);
  oauth2Settings().logger?.error(`koa-oauth-toolkit is improperly configured: ${error.message}`);
}
