// The sign-in history behind the "new sign-in" alert: the opt-in (account_preferences) and, per account, the devices
// it signed in from as hashes of browser family, operating system and network prefix.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SignInDeviceOutcome, SignInStore } from '../types.ts';

export function createSignInStore(db: Kysely<Database>): SignInStore {
  return {
    async findSignInAlerts(userId): Promise<boolean> {
      const row = await db.selectFrom('account_preferences').select('notify_new_sign_in').where('user_id', '=', userId).executeTakeFirst();
      return row !== undefined && Number(row.notify_new_sign_in) === 1;
    },
    async setSignInAlerts(userId, enabled, now): Promise<void> {
      const values = { notify_new_sign_in: enabled ? 1 : 0, updated_at: now };
      await db.insertInto('account_preferences').values({ user_id: userId, first_sign_in_at: null, ...values })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(values)).execute();
    },
    async hasSignInHistory(userId): Promise<boolean> {
      const row = await db.selectFrom('account_preferences').select('first_sign_in_at').where('user_id', '=', userId).executeTakeFirst();
      return row !== undefined && row.first_sign_in_at !== null;
    },
    async recordSignInDevice(userId, deviceKey, now, knownSince): Promise<SignInDeviceOutcome> {
      await db.insertInto('account_preferences').values({ user_id: userId, notify_new_sign_in: 0, first_sign_in_at: now, updated_at: now })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ first_sign_in_at: now }).where('account_preferences.first_sign_in_at', 'is', null))
        .execute();
      const seen = await db.updateTable('sign_in_devices').set({ last_seen_at: now })
        .where('user_id', '=', userId).where('device_key', '=', deviceKey).where('last_seen_at', '>=', knownSince).executeTakeFirst();
      if (Number(seen.numUpdatedRows) === 1) return 'known';
      // New, or not seen for too long: the insert (or the update of a stale row) lands for exactly one caller; a
      // concurrent sign-in that refreshed the row first makes this one change nothing, and it is `known`.
      const r = await db.insertInto('sign_in_devices')
        .values({ user_id: userId, device_key: deviceKey, first_seen_at: now, last_seen_at: now })
        .onConflict((oc) => oc.columns(['user_id', 'device_key']).doUpdateSet({ last_seen_at: now }).where('sign_in_devices.last_seen_at', '<', knownSince))
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1 ? 'new' : 'known';
    },
    async deleteSignInDevicesSeenBefore(cutoff): Promise<number> {
      const r = await db.deleteFrom('sign_in_devices').where('last_seen_at', '<', cutoff).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
