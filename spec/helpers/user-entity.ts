import { EntitySchema, type OptionalProps } from '@mikro-orm/core';

/** The test run's user entity: the resource owner the toolkit's tables point at. */
export class User {
  declare [OptionalProps]?: 'email' | 'firstName' | 'lastName' | 'isActive' | 'password';
  id!: number;
  username!: string;
  email = '';
  firstName = '';
  lastName = '';
  isActive = true;
  password = '';
}

/** The schema of the test `User` (table `test_user`). */
export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'test_user',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    username: { type: 'string', length: 150, unique: true },
    email: { type: 'string', length: 254, default: '' },
    firstName: { type: 'string', length: 150, default: '' },
    lastName: { type: 'string', length: 150, default: '' },
    isActive: { type: 'boolean', default: true },
    password: { type: 'string', length: 255, default: '' },
  },
});
