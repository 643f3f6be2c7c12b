// Contract suites for the stores behind issue #20's client mail: expiry reminders (the window, paging, the one-time
// claim under concurrency and rollback), visitor email codes and confirmations, and the sign-in history.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectionRecord, EmailCodeRecord, Store } from '../types.ts';
import { addStudio, addUser, hashId, withStore, type StoreFactory } from './harness.ts';

const DAY = 86_400_000;
const FIELDS = { description: '', eventDate: null, coverPhotoId: null, downloadable: 'web-size' as const, passwordHash: null };

async function collection(store: Store, studioId: string, slug: string, expiresAt: number | null): Promise<CollectionRecord> {
  return store.collections.createCollection(studioId, { ...FIELDS, name: slug, slug, expiresAt }, 1);
}

async function visitorSession(store: Store, c: CollectionRecord, seed: string, email = 'ann@example.test'): Promise<string> {
  const id = hashId(seed);
  await store.visitorSessions.createVisitorSession({ id, studioId: c.studioId, collectionId: c.id, email, createdAt: 1, lastSeenAt: 1, expiresAt: 10 * DAY });
  return id;
}

function code(sessionId: string, c: CollectionRecord, id: string, createdAt: number, emailKey = 'ann@example.test'): EmailCodeRecord {
  return { id, sessionId, collectionId: c.id, emailKey, codeHash: `$argon2id$code-${id}`, attempts: 0, createdAt, expiresAt: createdAt + 600_000 };
}

export function noticesContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: ExpiryReminderStore`, () => {
    test('lists the collections of every studio closing in (after, until], soonest first, paged by (expiry, id)', () => withStore(factory, async (store) => {
      const one = await addStudio(store, 'one');
      const two = await addStudio(store, 'two');
      const now = 100 * DAY;
      await collection(store, one.id, 'expired', now);
      await collection(store, one.id, 'never', null);
      await collection(store, one.id, 'later', now + 4 * DAY);
      const a = await collection(store, one.id, 'a', now + 2 * DAY);
      const b = await collection(store, two.id, 'b', now + 1 * DAY);
      const c = await collection(store, two.id, 'c', now + 2 * DAY);
      const d = await collection(store, one.id, 'd', now + 3 * DAY);
      const all = await store.expiryReminders.listCollectionsExpiring(now, now + 3 * DAY, null, 10);
      const sameDay = [a, c].sort((x, y) => (x.id < y.id ? -1 : 1));
      assert.deepEqual(all.map((x) => x.slug), [b, ...sameDay, d].map((x) => x.slug), 'expired, open-ended and later ones are left out');
      assert.equal(all[0]?.studioId, two.id, 'every studio');
      const first = await store.expiryReminders.listCollectionsExpiring(now, now + 3 * DAY, null, 2);
      const last = first.at(-1);
      assert.ok(last && last.expiresAt !== null);
      const rest = await store.expiryReminders.listCollectionsExpiring(now, now + 3 * DAY, { expiresAt: last.expiresAt, id: last.id }, 10);
      assert.deepEqual([...first, ...rest].map((x) => x.id), all.map((x) => x.id), 'the pages join up without gaps or repeats');
    }));

    test('a reminder is claimed once per client and expiry, also by concurrent transactions; a rolled-back claim is no claim', () => withStore(factory, async (store) => {
      const studio = await addStudio(store, 'claims');
      const c = await collection(store, studio.id, 'wedding', 10 * DAY);
      const claim = { collectionId: c.id, emailKey: 'ann@example.test', expiresAt: 10 * DAY, now: 8 * DAY };
      await assert.rejects(store.transaction(async (tx) => {
        assert.equal(await tx.expiryReminders.claimExpiryReminder(claim), true);
        throw new Error('the message could not be queued');
      }));
      assert.deepEqual(await store.expiryReminders.listRemindedEmailKeys(c.id, 10 * DAY), [], 'rolled back with its transaction');
      const outcomes = await Promise.all([1, 2, 3, 4].map(() => store.transaction(async (tx) => tx.expiryReminders.claimExpiryReminder(claim))));
      assert.deepEqual(outcomes.filter(Boolean).length, 1, `exactly one claim wins: ${JSON.stringify(outcomes)}`);
      assert.equal(await store.expiryReminders.claimExpiryReminder(claim), false, 'and a later run finds it taken');
      assert.equal(await store.expiryReminders.claimExpiryReminder({ ...claim, emailKey: 'bob@example.test' }), true, 'each client has their own');
      assert.equal(await store.expiryReminders.claimExpiryReminder({ ...claim, expiresAt: 20 * DAY }), true, 'a new expiry is a new reminder');
      assert.deepEqual((await store.expiryReminders.listRemindedEmailKeys(c.id, 10 * DAY)).sort(), ['ann@example.test', 'bob@example.test']);
      assert.equal(await store.expiryReminders.deleteExpiryRemindersBefore(11 * DAY), 2);
      assert.deepEqual(await store.expiryReminders.listRemindedEmailKeys(c.id, 20 * DAY), ['ann@example.test']);
      assert.equal(await store.collections.deleteCollection(studio.id, c.id), true);
      assert.deepEqual(await store.expiryReminders.listRemindedEmailKeys(c.id, 20 * DAY), [], 'claims go with their collection');
    }));
  });

  describe(`${backend}: VisitorEmailStore`, () => {
    test('codes: the newest of the session, counted per visitor, attempts spent by compare-and-set', () => withStore(factory, async (store) => {
      const studio = await addStudio(store, 'codes');
      const c = await collection(store, studio.id, 'codes', null);
      const s1 = await visitorSession(store, c, 'v1');
      const s2 = await visitorSession(store, c, 'v2');
      assert.equal(await store.visitorEmail.findLatestEmailCode(s1), null);
      assert.deepEqual(await store.visitorEmail.emailCodesSentSince(c.id, 'ann@example.test', 0), { count: 0, firstAt: null, latestAt: null });
      await store.visitorEmail.createEmailCode(code(s1, c, 'ec1', 100));
      await store.visitorEmail.createEmailCode(code(s1, c, 'ec2', 200));
      await store.visitorEmail.createEmailCode(code(s2, c, 'ec3', 300));
      await store.visitorEmail.createEmailCode(code(s2, c, 'ec4', 400, 'bob@example.test'));
      assert.deepEqual(await store.visitorEmail.findLatestEmailCode(s1), code(s1, c, 'ec2', 200));
      assert.deepEqual(await store.visitorEmail.emailCodesSentSince(c.id, 'ann@example.test', 150), { count: 2, firstAt: 200, latestAt: 300 }, 'every session of the visitor, not others');

      const spent = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => store.visitorEmail.spendEmailCodeAttempt('ec2', 5)));
      assert.equal(spent.filter(Boolean).length, 5, 'never more than max, however many at once');
      assert.equal((await store.visitorEmail.findLatestEmailCode(s1))?.attempts, 5);
      assert.equal(await store.visitorEmail.spendEmailCodeAttempt('ec2', 5), false);
      assert.equal(await store.visitorEmail.spendEmailCodeAttempt('ec-missing', 5), false);
      assert.equal(await store.visitorEmail.deleteEmailCodesBefore(250), 2);
      assert.equal(await store.visitorEmail.findLatestEmailCode(s1), null);
    }));

    test('a confirmation belongs to one session, deletes its codes, and goes with the session', () => withStore(factory, async (store) => {
      const studio = await addStudio(store, 'confirm');
      const c = await collection(store, studio.id, 'confirm', null);
      const s1 = await visitorSession(store, c, 'v1');
      const s2 = await visitorSession(store, c, 'v2');
      await store.visitorEmail.createEmailCode(code(s1, c, 'ec1', 100));
      await store.visitorEmail.createEmailCode(code(s2, c, 'ec2', 100));
      assert.equal(await store.visitorEmail.isVisitorEmailConfirmed(s1), false);
      await store.visitorEmail.confirmVisitorEmail(s1, c.id, 150);
      await store.visitorEmail.confirmVisitorEmail(s1, c.id, 160);
      assert.equal(await store.visitorEmail.isVisitorEmailConfirmed(s1), true);
      assert.equal(await store.visitorEmail.isVisitorEmailConfirmed(s2), false, 'another session of the same email is not confirmed');
      assert.equal(await store.visitorEmail.findLatestEmailCode(s1), null, 'its codes cannot be used again');
      assert.notEqual(await store.visitorEmail.findLatestEmailCode(s2), null);
      await store.visitorSessions.deleteVisitorSession(s1);
      assert.equal(await store.visitorEmail.isVisitorEmailConfirmed(s1), false, 'ended with the session');
      await store.visitorSessions.deleteVisitorSession(s2);
      assert.equal(await store.visitorEmail.findLatestEmailCode(s2), null, 'codes go with their session');
    }));
  });

  describe(`${backend}: SignInStore`, () => {
    test('the opt-in defaults to off and is per user', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const bob = await addUser(store, 'bob');
      assert.equal(await store.signIns.findSignInAlerts(ann.id), false);
      await store.signIns.setSignInAlerts(ann.id, true, 5);
      assert.equal(await store.signIns.findSignInAlerts(ann.id), true);
      assert.equal(await store.signIns.findSignInAlerts(bob.id), false);
      await store.signIns.setSignInAlerts(ann.id, false, 6);
      assert.equal(await store.signIns.findSignInAlerts(ann.id), false);
    }));

    test('a device is new the first time and after a long absence, known in between; one of two at once is new', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const bob = await addUser(store, 'bob');
      assert.equal(await store.signIns.hasSignInHistory(ann.id), false);
      assert.equal(await store.signIns.recordSignInDevice(ann.id, 'laptop', 100, 0), 'new');
      assert.equal(await store.signIns.hasSignInHistory(ann.id), true);
      assert.equal(await store.signIns.hasSignInHistory(bob.id), false);
      assert.equal(await store.signIns.recordSignInDevice(ann.id, 'laptop', 200, 50), 'known');
      assert.equal(await store.signIns.recordSignInDevice(bob.id, 'laptop', 200, 50), 'new', 'per user');
      assert.equal(await store.signIns.recordSignInDevice(ann.id, 'laptop', 1000, 201), 'new', 'not seen since 201: new again');
      assert.equal(await store.signIns.recordSignInDevice(ann.id, 'laptop', 1001, 201), 'known', 'and its last sight moved to 1000');
      const race = await Promise.all([1, 2, 3].map((i) => store.signIns.recordSignInDevice(ann.id, 'phone', 2000 + i, 1500)));
      assert.deepEqual(race.filter((o) => o === 'new').length, 1, JSON.stringify(race));
      assert.equal(await store.signIns.deleteSignInDevicesSeenBefore(1500), 1 + 1, "ann's laptop and bob's laptop");
      assert.equal(await store.signIns.hasSignInHistory(bob.id), true, 'with every device forgotten, bob has still signed in before');
      assert.equal(await store.signIns.findSignInAlerts(bob.id), false, 'and recording sign-ins turns no alert on');
      assert.equal(await store.signIns.recordSignInDevice(ann.id, 'laptop', 3000, 0), 'new', 'a forgotten device is new');
      await store.signIns.setSignInAlerts(ann.id, true, 3001);
      assert.equal(await store.signIns.hasSignInHistory(ann.id), true, 'changing the opt-in keeps the history');
    }));
  });
}
