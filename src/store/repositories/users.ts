// Users: created, found by id or normalized login key, password and lock state updated.
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../schema.ts';
import type { NewUser, UserRecord, UserStore } from '../types.ts';
import { generateId } from '../../lib/ids.ts';
import { mapUnique } from './errors.ts';
import { preparedQuery } from '../prepared.ts';
import { AppError } from '../../errors.ts';

export function toUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    firstName: row.first_name,
    lastName: row.last_name,
    passwordHash: row.password_hash,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
    lockedAt: row.locked_at === null ? null : Number(row.locked_at),
  };
}

export function createUserStore(db: Kysely<Database>): UserStore {
  // Every login looks its user up by login key, and every uncached request its principal's user by id.
  const byId = preparedQuery(db, (id: string) => db.selectFrom('users').selectAll().where('id', '=', id));
  const byLoginKey = preparedQuery(db, (key: string) => db.selectFrom('users').selectAll()
    .where((eb) => eb.or([eb('email_key', '=', key), eb('username_key', '=', key)])));
  return {
    async createUser(input: NewUser): Promise<UserRecord> {
      const row = {
        id: generateId('us'),
        email: input.email,
        email_key: input.emailKey,
        username: input.username,
        username_key: input.usernameKey,
        first_name: input.firstName,
        last_name: input.lastName,
        password_hash: input.passwordHash,
        created_at: input.now,
        updated_at: input.now,
        disabled_at: null,
        locked_at: null,
      };
      // A username may not equal another account's email key and vice versa, or logins would be ambiguous.
      const clash = await db.selectFrom('users').select('id')
        .where((eb) => eb.or([eb('email_key', '=', input.usernameKey), eb('username_key', '=', input.emailKey)]))
        .executeTakeFirst();
      if (clash) throw new AppError('conflict', 'Email or username is already taken');
      await mapUnique(db.insertInto('users').values(row).execute(), 'Email or username is already taken');
      return toUser(row);
    },
    async findUserById(id: string): Promise<UserRecord | null> {
      const row = (await byId(id)).rows[0];
      return row ? toUser(row) : null;
    },
    async findUserByLoginKey(key: string): Promise<UserRecord | null> {
      const row = (await byLoginKey(key)).rows[0];
      return row ? toUser(row) : null;
    },
    async updatePasswordHash(id: string, passwordHash: string, now: number): Promise<void> {
      await db.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id).execute();
    },
    async updateUserNames(id, names, now): Promise<void> {
      await db.updateTable('users').set({ first_name: names.firstName, last_name: names.lastName, updated_at: now }).where('id', '=', id).execute();
    },
    async setUserLocked(id: string, lockedAt: number | null): Promise<void> {
      await db.updateTable('users').set({ locked_at: lockedAt }).where('id', '=', id).execute();
    },
    async setUserDisabled(id: string, disabledAt: number | null): Promise<void> {
      await db.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', id).execute();
    },
    async countUsers(): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
