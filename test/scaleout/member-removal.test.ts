// issue #20: a member removed (or demoted) through one instance is judged without the studio by every other instance on
// its very next lookup: the membership change travels the Redis revocation channel like a session revocation does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresSkip, withTestDatabase } from '../helpers/postgres.ts';
import { deleteKeys, redisSkip, testPrefix } from '../helpers/redis.ts';
import { openSharedStore, type SharedStore } from '../helpers/shared-store.ts';
import type { Store } from '../../src/store/types.ts';

const skip = (await postgresSkip('the member-removal propagation test')) || (await redisSkip('the member-removal propagation test'));

async function eventually(ms: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    assert.ok(performance.now() - start < ms, `${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function withTwo(fn: (a: SharedStore, b: SharedStore) => Promise<void>): Promise<void> {
  await withTestDatabase(async (database) => {
    const prefix = testPrefix();
    const a = await openSharedStore(database.url, prefix);
    const b = await openSharedStore(database.url, prefix);
    try {
      await a.store.migrate();
      await fn(a, b);
    } finally {
      await a.close();
      await b.close();
      await deleteKeys(prefix);
    }
  });
}

async function seed(store: Store): Promise<{ userId: string; ownerId: string; studioId: string }> {
  const user = (name: string) => store.users.createUser({ email: `${name}@example.test`, emailKey: `${name}@example.test`, username: name, usernameKey: name, firstName: name, lastName: 'T', passwordHash: 'x', now: 1 });
  const owner = await user('owner');
  const member = await user('member');
  const studio = await store.studios.createStudio({ name: 'Shared', slug: 'shared', now: 1 });
  await store.studios.putMembership({ studioId: studio.id, userId: owner.id, role: 'owner', now: 1 });
  await store.studios.putMembership({ studioId: studio.id, userId: member.id, role: 'member', now: 2 });
  await store.sessions.createSession({ id: 's1', userId: member.id, studioId: studio.id, kind: 'token', createdAt: 1, lastSeenAt: 1, expiresAt: 1e13 });
  return { userId: member.id, ownerId: owner.id, studioId: studio.id };
}

test('a role change and a removal on instance A reach instance B\'s cache at once', { skip }, () => withTwo(async (a, b) => {
  const { userId, studioId } = await seed(a.store);
  assert.equal((await b.store.sessions.findSessionWithUser('s1'))?.role, 'member', 'B has the session and role in memory');
  assert.equal((await b.store.studios.listUserStudios(userId)).length, 1);

  assert.equal((await a.store.studios.changeMemberRole({ studioId, userId, role: 'viewer', protectOwners: false })).outcome, 'done');
  await eventually(1000, 'B sees the new role', async () => (await b.store.sessions.findSessionWithUser('s1'))?.role === 'viewer');

  // What DELETE /api/v1/members/{id} does: the membership and the session in one transaction.
  await a.store.transaction(async (tx) => {
    assert.equal((await tx.studios.removeMember({ studioId, userId, protectOwners: true })).outcome, 'done');
    await tx.sessions.deleteSession('s1');
  });
  await eventually(1000, 'B drops the session', async () => (await b.store.sessions.findSessionWithUser('s1')) === null);
  assert.equal(await b.store.studios.findRole(userId, studioId), null);
  assert.deepEqual(await b.store.studios.listUserStudios(userId), [], 'B\'s cached studio list went too');
}));
