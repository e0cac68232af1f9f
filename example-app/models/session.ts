import { EntitySchema } from '@mikro-orm/core';

/**
 * A server-side session (Django's `django_session`): what one browser's session holds, until `expireDate`. The
 * browser's cookie holds only a random key; the table holds its SHA-256, so a copy of the table lets nobody in.
 */
export class Session {
  /** SHA-256 (hex) of the session key in the cookie. */
  sessionKey!: string;
  /** The session's data (who logged in and when). */
  sessionData!: Record<string, unknown>;
  /** After this instant the session logs nobody in (and `clearsessions` deletes it). */
  expireDate!: Date;
}

/** The MikroORM schema of `Session`, table `django_session` as in Django. */
export const SessionSchema = new EntitySchema<Session>({
  class: Session,
  tableName: 'django_session',
  properties: {
    sessionKey: { type: 'string', length: 64, primary: true },
    sessionData: { type: 'json' },
    expireDate: { type: 'datetime', index: true },
  },
});
