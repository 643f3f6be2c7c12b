// The audit log's group commit on SQLite (synchronous = FULL, one fsync per commit): the events of one turn of the
// event loop cost one INSERT, so a login storm's refused attempts do not cost one commit each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from './sqlite/open.ts';
import { AUDIT_BATCH_MAX } from './repositories/audit.ts';
import type { AuditEventInput } from './types.ts';

const event = (now: number): AuditEventInput => ({
  studioId: 'st_one', actorId: null, kind: 'login_failed', clientIp: '203.0.113.5', userAgent: null, data: { reason: 'unknown_user' }, now,
});

test('events recorded in one turn share an INSERT; a batch holds at most AUDIT_BATCH_MAX rows; later events get their own', async () => {
  const inserts: string[] = [];
  const store = openSqliteStore(':memory:', { onStatement: (s) => { if (/^insert into "audit_events"/i.test(s.sql)) inserts.push(s.sql); } });
  await store.migrate();
  try {
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.audit.recordAuditEvent(event(i))));
    assert.equal(inserts.length, 1, 'forty events at once: one INSERT');

    inserts.length = 0;
    await Promise.all(Array.from({ length: AUDIT_BATCH_MAX + 1 }, (_, i) => store.audit.recordAuditEvent(event(100 + i))));
    assert.equal(inserts.length, 2, 'one over the batch size: two INSERTs');

    inserts.length = 0;
    await store.audit.recordAuditEvent(event(9000));
    await store.audit.recordAuditEvent(event(9001));
    assert.equal(inserts.length, 2, 'one after the other: one INSERT each');
    assert.equal((await store.audit.listAuditEvents('st_one', {}, null, 1000)).length, 40 + AUDIT_BATCH_MAX + 1 + 2, 'every event is there');
  } finally {
    await store.close();
  }
});

test('a failed INSERT fails every call of its batch, and the next batch works', async () => {
  const store = openSqliteStore(':memory:');
  await store.migrate();
  try {
    // A NOT NULL column left null makes the whole statement fail, the well-formed rows beside it too.
    const bad = { ...event(1), kind: null as unknown as string };
    const results = await Promise.allSettled([store.audit.recordAuditEvent(event(1)), store.audit.recordAuditEvent(bad)]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.equal((await store.audit.listAuditEvents('st_one', {}, null, 10)).length, 0, 'nothing half-written');
    await store.audit.recordAuditEvent(event(2));
    assert.equal((await store.audit.listAuditEvents('st_one', {}, null, 10)).length, 1);
  } finally {
    await store.close();
  }
});
