// Contract suite for the audit log: append, keyset pages newest first with filters, studio isolation, retention.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withStore, type StoreFactory } from './harness.ts';
import type { AuditEventInput, AuditEventRecord, Store } from '../types.ts';
import { AUDIT_BATCH_MAX } from '../repositories/audit.ts';

const event = (over: Partial<AuditEventInput>): AuditEventInput => ({
  studioId: 'st_one', actorId: 'us_ann', kind: 'login_succeeded', clientIp: '203.0.113.5', userAgent: 'curl/8', data: {}, now: 100, ...over,
});

async function pages(store: Store, studioId: string, limit: number, filter = {}): Promise<AuditEventRecord[][]> {
  const out: AuditEventRecord[][] = [];
  let cursor: { createdAt: number; id: string } | null = null;
  for (;;) {
    const page = await store.audit.listAuditEvents(studioId, filter, cursor, limit);
    if (page.length === 0) return out;
    out.push(page);
    const last = page[page.length - 1]!;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}

export function auditContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: AuditStore`, () => {
    test('an event reads back whole, its data as an object', () => withStore(factory, async (store) => {
      const recorded = await store.audit.recordAuditEvent(event({ data: { scheme: 'jwt', failures: 2 } }));
      assert.match(recorded.id, /^ev_/);
      assert.deepEqual(await store.audit.listAuditEvents('st_one', {}, null, 10), [recorded]);
      assert.deepEqual(recorded.data, { scheme: 'jwt', failures: 2 });
    }));

    test('keyset pages walk every event once, newest first, ties at the same millisecond included', () => withStore(factory, async (store) => {
      for (let i = 0; i < 7; i++) await store.audit.recordAuditEvent(event({ now: 100 + Math.floor(i / 3) }));
      await store.audit.recordAuditEvent(event({ studioId: 'st_two' }));
      const walked = await pages(store, 'st_one', 3);
      assert.deepEqual(walked.map((p) => p.length), [3, 3, 1]);
      const flat = walked.flat();
      assert.equal(new Set(flat.map((e) => e.id)).size, 7, 'no event twice, none skipped');
      for (let i = 1; i < flat.length; i++) {
        const [a, b] = [flat[i - 1]!, flat[i]!];
        assert.ok(a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id), 'strictly newest first');
      }
    }));

    test('filters by actor, kinds and time range; other studios are never listed', () => withStore(factory, async (store) => {
      await store.audit.recordAuditEvent(event({ now: 10 }));
      await store.audit.recordAuditEvent(event({ now: 20, kind: 'logout' }));
      await store.audit.recordAuditEvent(event({ now: 30, actorId: 'us_bob', kind: 'password_changed' }));
      await store.audit.recordAuditEvent(event({ now: 40, studioId: 'st_two', actorId: 'us_bob' }));
      const kinds = async (f: object): Promise<string[]> => (await store.audit.listAuditEvents('st_one', f, null, 10)).map((e) => e.kind);
      assert.deepEqual(await kinds({ actorId: 'us_bob' }), ['password_changed']);
      assert.deepEqual(await kinds({ kinds: ['logout', 'login_succeeded'] }), ['logout', 'login_succeeded']);
      assert.deepEqual(await kinds({ since: 20, until: 30 }), ['logout']);
      assert.deepEqual(await kinds({}), ['password_changed', 'logout', 'login_succeeded']);
    }));

    test('retention removes events older than the cutoff and counts them', () => withStore(factory, async (store) => {
      for (const now of [1, 2, 3]) await store.audit.recordAuditEvent(event({ now }));
      assert.equal(await store.audit.deleteAuditEventsBefore(3), 2);
      assert.deepEqual((await store.audit.listAuditEvents('st_one', {}, null, 10)).map((e) => e.createdAt), [3]);
    }));

    // Events recorded in one turn of the event loop are committed together (group commit), more than one INSERT's
    // worth too: every caller's row is there once its promise resolves, none twice, none missing.
    test('events recorded at once, more than one batch of them, are all committed when their calls resolve', () => withStore(factory, async (store) => {
      const count = AUDIT_BATCH_MAX * 2 + 7;
      const recorded = await Promise.all(Array.from({ length: count }, (_, i) => store.audit.recordAuditEvent(event({ now: 1000 + i }))));
      const listed = (await pages(store, 'st_one', 400)).flat();
      assert.equal(listed.length, count);
      assert.deepEqual(new Set(listed.map((e) => e.id)), new Set(recorded.map((e) => e.id)));
    }));

    test('an event recorded inside a transaction is written by it: rolled back with it, kept when it commits', () => withStore(factory, async (store) => {
      await assert.rejects(store.transaction(async (trx) => {
        await trx.audit.recordAuditEvent(event({ kind: 'rolled_back' }));
        throw new Error('abort');
      }), /abort/);
      await store.transaction(async (trx) => {
        await trx.audit.recordAuditEvent(event({ kind: 'committed' }));
      });
      assert.deepEqual((await store.audit.listAuditEvents('st_one', {}, null, 10)).map((e) => e.kind), ['committed']);
    }));
  });
}
