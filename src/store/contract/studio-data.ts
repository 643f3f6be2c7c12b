// Contract suites for a studio's own records: clients, notifications and settings, each scoped to its studio.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientFields } from '../types.ts';
import { addStudio, rejectsWith, withStore, type StoreFactory } from './harness.ts';

const CLIENT: ClientFields = { email: 'ann@example.test', firstName: 'Ann', lastName: 'Lee', phone: null, type: 'client', statusName: null, notes: null };
const PAGE = { limit: 50, offset: 0 };
const ALL = { types: null, search: null };

export function studioDataContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: ClientStore`, () => {
    test('create, find, update and delete, each scoped to the studio', () => withStore(factory, async (store) => {
      const a = await addStudio(store, 'a');
      const b = await addStudio(store, 'b');
      const c = await store.clients.createClient(a.id, CLIENT, 5);
      assert.deepEqual(await store.clients.findClient(a.id, c.id), { ...CLIENT, id: c.id, studioId: a.id, createdAt: 5, updatedAt: 5 });
      assert.equal(await store.clients.findClient(b.id, c.id), null);
      assert.equal(await store.clients.updateClient(b.id, c.id, CLIENT, 6), null);
      const changed = { ...CLIENT, phone: '+1 555', type: 'lead' as const, notes: 'met at fair' };
      assert.deepEqual(await store.clients.updateClient(a.id, c.id, changed, 7), { ...changed, id: c.id, studioId: a.id, createdAt: 5, updatedAt: 7 });
      assert.equal(await store.clients.deleteClient(b.id, c.id), false);
      assert.equal(await store.clients.deleteClient(a.id, c.id), true);
      assert.equal(await store.clients.findClient(a.id, c.id), null);
      assert.equal(await store.clients.updateClient(a.id, 'cl_missing', CLIENT, 8), null);
    }));

    test('an email is unique per studio, whatever its case, on create and on update', () => withStore(factory, async (store) => {
      const a = await addStudio(store, 'a');
      const b = await addStudio(store, 'b');
      await store.clients.createClient(a.id, CLIENT, 1);
      await store.clients.createClient(b.id, CLIENT, 1);
      await rejectsWith(store.clients.createClient(a.id, { ...CLIENT, email: 'ANN@example.test' }, 2), 'conflict');
      const other = await store.clients.createClient(a.id, { ...CLIENT, email: 'bob@example.test' }, 2);
      await rejectsWith(store.clients.updateClient(a.id, other.id, CLIENT, 3), 'conflict');
    }));

    test('lists newest first with offset pagination, a total, a type filter and a literal search', () => withStore(factory, async (store) => {
      const a = await addStudio(store, 'a');
      for (let i = 0; i < 5; i++) {
        await store.clients.createClient(a.id, { ...CLIENT, email: `c${i}@example.test`, firstName: i === 3 ? '100% Émile' : `C${i}`, type: i % 2 === 0 ? 'client' : 'lead' }, 10 + i);
      }
      const page = await store.clients.listClients(a.id, ALL, { limit: 2, offset: 1 });
      assert.equal(page.total, 5);
      assert.deepEqual(page.items.map((c) => c.email), ['c3@example.test', 'c2@example.test']);
      assert.equal((await store.clients.listClients(a.id, { types: ['lead'], search: null }, PAGE)).total, 2);
      assert.deepEqual((await store.clients.listClients(a.id, { types: null, search: '100% É' }, PAGE)).items.map((c) => c.email), ['c3@example.test']);
      assert.equal((await store.clients.listClients(a.id, { types: null, search: '_' }, PAGE)).total, 0, 'wildcards are literal');
      assert.equal((await store.clients.listClients(a.id, { types: [], search: null }, PAGE)).total, 0);
    }));
  });

  describe(`${backend}: NotificationStore`, () => {
    test('created notifications read back scoped to their studio, newest first, paginated', () => withStore(factory, async (store) => {
      const a = await addStudio(store, 'a');
      const b = await addStudio(store, 'b');
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await store.notifications.createNotification({ studioId: a.id, kind: 'favorite', message: `m${i}`, data: { n: i, nested: { ok: true } }, now: i }));
      assert.deepEqual(await store.notifications.findNotification(a.id, made[0]?.id ?? ''), made[0]);
      assert.equal(await store.notifications.findNotification(b.id, made[0]?.id ?? ''), null);
      const page = await store.notifications.listNotifications(a.id, { limit: 2, offset: 0 });
      assert.equal(page.total, 3);
      assert.deepEqual(page.items.map((n) => n.message), ['m2', 'm1']);
      assert.deepEqual(await store.notifications.listNotifications(b.id, PAGE), { items: [], total: 0 });
    }));

    test('marking read keeps the first read time; another studio cannot mark it', () => withStore(factory, async (store) => {
      const a = await addStudio(store, 'a');
      const b = await addStudio(store, 'b');
      const n = await store.notifications.createNotification({ studioId: a.id, kind: 'k', message: 'm', data: {}, now: 1 });
      assert.equal(await store.notifications.markNotificationRead(b.id, n.id, 2), false);
      assert.equal(await store.notifications.markNotificationRead(a.id, n.id, 3), true);
      assert.equal(await store.notifications.markNotificationRead(a.id, n.id, 4), true);
      assert.equal((await store.notifications.findNotification(a.id, n.id))?.readAt, 3);
      assert.equal(await store.notifications.markNotificationRead(a.id, 'nt_missing', 5), false);
    }));
  });

  describe(`${backend}: StudioSettingsStore`, () => {
    test('null until put; a second put replaces the first', () => withStore(factory, async (store) => {
      const a = await addStudio(store, 'a');
      assert.equal(await store.studioSettings.findStudioSettings(a.id), null);
      await store.studioSettings.putStudioSettings(a.id, { timezone: 'UTC', currency: 'EUR', defaultDownloadable: 'none' }, 1);
      await store.studioSettings.putStudioSettings(a.id, { timezone: 'Europe/Berlin', currency: 'USD', defaultDownloadable: 'original' }, 2);
      assert.deepEqual(await store.studioSettings.findStudioSettings(a.id), { timezone: 'Europe/Berlin', currency: 'USD', defaultDownloadable: 'original' });
    }));
  });
}
