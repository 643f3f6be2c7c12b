// issue #19: the shared auth cache serves from memory, drops what another instance's writes name, and serves nothing
// while its revocation channel is not known to deliver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Redis } from 'ioredis';
import { postgresSkip, withTestDatabase } from '../helpers/postgres.ts';
import { REDIS_TEST_URL, deleteKeys, redisSkip, testPrefix } from '../helpers/redis.ts';
import { openSharedStore, type SharedStore } from '../helpers/shared-store.ts';
import type { SessionRecord, Store } from '../../src/store/types.ts';

const skip = (await postgresSkip('the shared auth cache tests')) || (await redisSkip('the shared auth cache tests'));

async function eventually(ms: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    assert.ok(performance.now() - start < ms, `${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return performance.now() - start;
}

async function seed(store: Store, ids: string[]): Promise<string> {
  const user = await store.users.createUser({ email: 'a@example.test', emailKey: 'a@example.test', username: 'aa', usernameKey: 'aa', firstName: 'A', lastName: 'B', passwordHash: 'x', now: 1 });
  const session = (id: string): SessionRecord => ({ id, userId: user.id, studioId: null, kind: 'token', createdAt: 1, lastSeenAt: 1, expiresAt: 1e13 });
  for (const id of ids) await store.sessions.createSession(session(id));
  return user.id;
}

/** Deletes a session behind every cache's back (no store, no event): what a cache that serves from memory misses. */
async function deleteBehind(url: string, id: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('delete from sessions where id = $1', [id]);
  } finally {
    await client.end();
  }
}

async function withTwo(fn: (a: SharedStore, b: SharedStore, url: string, prefix: string, clock: { skew: number }) => Promise<void>): Promise<void> {
  await withTestDatabase(async (database) => {
    const prefix = testPrefix();
    const clock = { skew: 0 };
    const a = await openSharedStore(database.url, prefix);
    const b = await openSharedStore(database.url, prefix, { channel: { now: () => performance.now() + clock.skew } });
    try {
      await a.store.migrate();
      await fn(a, b, database.url, prefix, clock);
    } finally {
      await a.close();
      await b.close();
      await deleteKeys(prefix);
    }
  });
}

test('a write on one instance drops the entry the other serves from memory', { skip }, () => withTwo(async (a, b, url) => {
  const userId = await seed(a.store, ['s1', 's2']);
  assert.ok(await b.store.sessions.findSessionWithUser('s1'));
  await deleteBehind(url, 's1');
  assert.ok(await b.store.sessions.findSessionWithUser('s1'), 'B answers from its cache (the row is gone, no event was sent)');

  assert.ok(await b.store.sessions.findSessionWithUser('s2'));
  await a.store.sessions.deleteSession('s2');
  const ms = await eventually(1000, 'B drops s2', async () => (await b.store.sessions.findSessionWithUser('s2')) === null);
  process.stdout.write(`# store-level revocation delay: ${ms.toFixed(2)} ms\n`);

  assert.equal((await b.store.users.findUserById(userId))?.disabledAt, null);
  await a.store.transaction((tx) => tx.users.setUserDisabled(userId, 5));
  await eventually(1000, 'B sees the user disabled', async () => (await b.store.users.findUserById(userId))?.disabledAt === 5);
}));

test('with its channel silent the cache serves nothing, and drops everything when the channel is heard again', { skip }, () => withTwo(async (a, b, url, _prefix, clock) => {
  await seed(a.store, ['s1', 's2']);
  assert.ok(await b.store.sessions.findSessionWithUser('s1'));
  assert.ok(await b.store.sessions.findSessionWithUser('s2'));
  await deleteBehind(url, 's1');
  clock.skew = 60_000; // nothing heard for a minute, as far as B can tell
  assert.equal(await b.store.sessions.findSessionWithUser('s1'), null, 'fail closed: the database answers, not the cache');
  assert.equal(b.channel.live(), false);
  assert.ok(await b.store.sessions.findSessionWithUser('s2'));

  await deleteBehind(url, 's2');
  await eventually(2000, 'B hears its heartbeat again', async () => b.channel.live());
  assert.equal(await b.store.sessions.findSessionWithUser('s2'), null, 'what was cached before the gap is not trusted after it');
}));

test('a malformed message on the channel drops every cached entry', { skip }, () => withTwo(async (a, b, url, prefix) => {
  await seed(a.store, ['s1']);
  assert.ok(await b.store.sessions.findSessionWithUser('s1'));
  await deleteBehind(url, 's1');
  assert.ok(await b.store.sessions.findSessionWithUser('s1'));
  const raw = new Redis(REDIS_TEST_URL);
  try {
    await raw.publish(`${prefix}auth:invalidate`, '{"o":"someone","e":[{"kind":"session"}]}');
  } finally {
    raw.disconnect();
  }
  await eventually(1000, 'B drops everything', async () => (await b.store.sessions.findSessionWithUser('s1')) === null);
}));
