// Counts the SQL a credential lookup runs against SQLite: each joined lookup is one statement where the separate reads are three (issue #17).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore, type ExecutedStatement } from '../../src/store/sqlite/open.ts';
import type { SqliteStore } from '../../src/store/sqlite/open.ts';

interface Counted {
  store: SqliteStore;
  statements: ExecutedStatement[];
  queries(): string[];
}

function openCounted(): Counted {
  const statements: ExecutedStatement[] = [];
  const store = openSqliteStore(':memory:', { onStatement: (s) => statements.push(s) });
  return { store, statements, queries: () => statements.filter((s) => s.source === 'query').map((s) => s.sql) };
}

async function seed(store: SqliteStore): Promise<{ sessionId: string; userId: string; studioId: string }> {
  await store.migrate();
  const user = await store.users.createUser({
    email: 'ann@example.test', emailKey: 'ann@example.test', username: 'ann', usernameKey: 'ann',
    firstName: 'Ann', lastName: 'Lee', passwordHash: 'argon2-hash', now: 1,
  });
  const studio = await store.studios.createStudio({ name: 'S', slug: 's', now: 1 });
  await store.studios.putMembership({ studioId: studio.id, userId: user.id, role: 'admin', now: 1 });
  const sessionId = 'a'.repeat(64);
  await store.sessions.createSession({ id: sessionId, userId: user.id, studioId: studio.id, kind: 'cookie', createdAt: 1, lastSeenAt: 1, expiresAt: 1_000_000 });
  return { sessionId, userId: user.id, studioId: studio.id };
}

// issue #17: a cookie or token resolves with one SQL statement.
test('findSessionWithUser runs exactly one SQL statement on a cold cache, and none once cached', async () => {
  const { store, statements, queries } = openCounted();
  try {
    const { sessionId, userId, studioId } = await seed(store);
    statements.length = 0;
    const found = await store.sessions.findSessionWithUser(sessionId);
    assert.equal(found?.user.id, userId);
    assert.equal(found?.session.studioId, studioId);
    assert.equal(found?.role, 'admin');
    assert.equal(queries().length, 1, queries().join('\n'));
    assert.match(queries()[0] ?? '', /join/i);

    statements.length = 0;
    const again = await store.sessions.findSessionWithUser(sessionId);
    assert.deepEqual(again, found);
    assert.deepEqual(queries(), [], 'served from the auth cache');
    // The only thing a cached read asks SQLite is whether another connection wrote.
    assert.ok(statements.every((s) => s.source === 'cache-check'));
  } finally {
    await store.close();
  }
});

test('findAccessTokenWithUser runs exactly one SQL statement on a cold cache, and none once cached', async () => {
  const { store, statements, queries } = openCounted();
  try {
    const { userId, studioId } = await seed(store);
    const tokenHash = 'b'.repeat(64);
    await store.accessTokens.insertAccessToken({
      id: 'pt_1', userId, studioId, name: 'ci', scopes: ['clients:read'], tokenHash, tokenPrefix: 'lbp_1',
      createdAt: 1, expiresAt: null, lastUsedAt: null, revokedAt: null,
    });
    statements.length = 0;
    const found = await store.accessTokens.findAccessTokenWithUser(tokenHash);
    assert.equal(found?.role, 'admin');
    assert.equal(queries().length, 1, queries().join('\n'));
    statements.length = 0;
    assert.deepEqual(await store.accessTokens.findAccessTokenWithUser(tokenHash), found);
    assert.deepEqual(queries(), []);
  } finally {
    await store.close();
  }
});

test('the three separate reads it replaces cost three statements', async () => {
  const { store, statements, queries } = openCounted();
  try {
    const { sessionId, userId, studioId } = await seed(store);
    statements.length = 0;
    await store.sessions.findSession(sessionId);
    await store.users.findUserById(userId);
    await store.studios.findRole(userId, studioId);
    assert.equal(queries().length, 3);
  } finally {
    await store.close();
  }
});

test('every statement is reported, transaction control and failed statements included, never with parameters', async () => {
  const { store, statements, queries } = openCounted();
  try {
    await store.migrate();
    statements.length = 0;
    await assert.rejects(store.transaction(async (tx) => {
      await tx.secrets.putSecret('k', 'super-secret-value', 1);
      throw new Error('roll back');
    }));
    assert.deepEqual(queries().map((q) => q.split(' ')[0]?.toLowerCase()), ['begin', 'insert', 'rollback']);
    await assert.rejects(store.studios.putMembership({ studioId: 'st_missing', userId: 'us_missing', role: 'owner', now: 1 }));
    assert.equal(queries().length, 4, 'the failed insert is counted too');
    assert.ok(statements.every((s) => !s.sql.includes('super-secret-value')));
  } finally {
    await store.close();
  }
});

test('a store opened without a listener runs as before', async () => {
  const store = openSqliteStore(':memory:');
  try {
    await store.migrate();
    assert.equal(await store.sessions.findSessionWithUser('f'.repeat(64)), null);
  } finally {
    await store.close();
  }
});
