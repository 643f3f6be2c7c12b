// The auth cache never outlives a write: through the store, inside a transaction, or from another connection (issue #6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from './sqlite/open.ts';
import type { SessionRecord } from './types.ts';

test('cached sessions and users are dropped by every write path (issue #6)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-cache-'));
  const file = join(dir, 'db.sqlite');
  const store = openSqliteStore(file);
  await store.migrate();
  try {
    const user = await store.users.createUser({ email: 'a@example.test', emailKey: 'a@example.test', username: 'aa', usernameKey: 'aa', firstName: 'A', lastName: 'B', passwordHash: 'x', now: 1 });
    const session = (id: string): SessionRecord => ({ id, userId: user.id, studioId: null, kind: 'cookie', createdAt: 1, lastSeenAt: 1, expiresAt: 10_000 });
    for (const id of ['s1', 's2', 's3']) await store.sessions.createSession(session(id));

    assert.ok(await store.sessions.findSession('s1')); // now cached
    await store.sessions.deleteSession('s1');
    assert.equal(await store.sessions.findSession('s1'), null);

    assert.equal((await store.users.findUserById(user.id))?.disabledAt, null); // cached
    await store.transaction(async (tx) => tx.users.setUserDisabled(user.id, 5));
    assert.equal((await store.users.findUserById(user.id))?.disabledAt, 5);

    assert.ok(await store.sessions.findSession('s2'));
    await store.sessions.touchSession('s2', 7);
    assert.equal((await store.sessions.findSession('s2'))?.lastSeenAt, 7);

    // Another process (the CLI, a second server) deletes a session: from the next event-loop turn (the foreign-write
    // check runs once per turn), no read comes from the cache.
    assert.ok(await store.sessions.findSession('s3'));
    const other = new BetterSqlite3(file);
    other.prepare('DELETE FROM sessions WHERE id = ?').run('s3');
    other.close();
    await new Promise((done) => setImmediate(done));
    assert.equal(await store.sessions.findSession('s3'), null);

    // deleteUserSessions drops every cached session of the user, even one read while it ran.
    const racing = store.sessions.findSession('s2');
    await store.sessions.deleteUserSessions(user.id);
    await racing;
    assert.equal(await store.sessions.findSession('s2'), null);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
