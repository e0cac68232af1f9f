import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { hashPassword, verifyPassword } from './password.js';

/** The example app's resource owner, the equivalent of Django's `auth.User` (the toolkit references it). */
export class User {
  /** Properties with defaults, optional in `em.create()`. */
  [OptionalProps]?: 'email' | 'firstName' | 'lastName' | 'isActive' | 'password' | 'lastLogin' | 'dateJoined';

  id!: number;
  username!: string;
  email = '';
  firstName = '';
  lastName = '';
  /** An inactive user cannot log in (Django's `is_active`). */
  isActive = true;
  /** `scrypt$N$r$p$salt$key`, never the password itself; empty means no password can match. */
  password = '';
  lastLogin: Date | null = null;
  dateJoined: Date = new Date();

  /** Store a new scrypt hash of `raw`. */
  async setPassword(raw: string): Promise<void> {
    this.password = await hashPassword(raw);
  }

  /** Check `raw` against the stored hash in constant time. */
  async checkPassword(raw: string): Promise<boolean> {
    return this.password !== '' && verifyPassword(raw, this.password);
  }

  /** Return the first and last name with a space between (Django's `get_full_name()`). */
  getFullName(): string {
    return [this.firstName, this.lastName].filter(Boolean).join(' ');
  }
}

/** The MikroORM schema of `User`, table `auth_user` as in Django. */
export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'auth_user',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    username: { type: 'string', length: 150, unique: true },
    email: { type: 'string', length: 254, default: '' },
    firstName: { type: 'string', length: 150, default: '' },
    lastName: { type: 'string', length: 150, default: '' },
    isActive: { type: 'boolean', default: true },
    password: { type: 'string', length: 255 },
    lastLogin: { type: 'datetime', nullable: true },
    dateJoined: { type: 'datetime', onCreate: () => new Date() },
  },
});
