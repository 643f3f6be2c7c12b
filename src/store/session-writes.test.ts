// What a login writes: the session row and only the indexes some query uses (issue #6: every login pays for each).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from './sqlite/open.ts';

test('sessions carry only used indexes, and a new session is three WAL pages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-session-writes-'));
  const file = join(dir, 'db.sqlite');
  const store = openSqliteStore(file);
  await store.migrate();
  const raw = new BetterSqlite3(file);
  try {
    const indexes = (raw.prepare("SELECT name FROM pragma_index_list('sessions') ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    assert.deepEqual(indexes, ['sessions_user', 'sqlite_autoindex_sessions_1']);
    // Each remaining index serves a query: the token lookup and "sign out everywhere".
    const plan = (q: string): string => (raw.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    assert.match(plan("SELECT * FROM sessions WHERE id = 'x'"), /sqlite_autoindex_sessions_1/);
    assert.match(plan("DELETE FROM sessions WHERE user_id = 'x'"), /sessions_user/);

    const user = await store.users.createUser({ email: 'a@example.test', emailKey: 'a@example.test', username: 'aa', usernameKey: 'aa', firstName: 'A', lastName: 'B', passwordHash: 'x', now: 1 });
    raw.pragma('wal_checkpoint(TRUNCATE)');
    await store.sessions.createSession({ id: 'a'.repeat(64), userId: user.id, studioId: null, kind: 'cookie', createdAt: 1, lastSeenAt: 1, expiresAt: 10_000 });
    // The table's page, the primary key's and sessions_user's: one WAL frame each (four while expires_at had an index).
    const [wal] = raw.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
    assert.equal(wal?.log, 3);

    // The expiry sweep still finds what it must without that index.
    assert.equal(await store.sessions.deleteExpiredSessions(20_000, 1_000_000), 1);
  } finally {
    raw.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
