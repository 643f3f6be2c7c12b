// Contract suite for the mail outbox: queue with a change or not at all, claims by lease, retries, no double claim.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withStore, type StoreFactory } from './harness.ts';
import type { MailInput } from '../types.ts';

const mail = (over: Partial<MailInput> = {}): MailInput => ({
  studioId: 'st_one', kind: 'password_reset', to: 'ann@example.com', subject: 'Reset', text: 'plain', html: '<p>html</p>', now: 100, ...over,
});

export function mailOutboxContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: MailOutboxStore`, () => {
    test('a queued message is claimed once, whole, and marked sent', () => withStore(factory, async (store) => {
      const queued = await store.mailOutbox.enqueueMail(mail());
      assert.equal(queued.status, 'queued');
      const [claimed, ...rest] = await store.mailOutbox.claimMail('w1', 100, 1000, 10);
      assert.equal(rest.length, 0);
      assert.equal(claimed?.id, queued.id);
      assert.equal(claimed?.status, 'sending');
      assert.equal(claimed?.leaseUntil, 1100);
      assert.deepEqual([claimed?.to, claimed?.subject, claimed?.text, claimed?.html], ['ann@example.com', 'Reset', 'plain', '<p>html</p>']);
      assert.deepEqual(await store.mailOutbox.claimMail('w2', 200, 1000, 10), [], 'a live lease is not claimed again');
      assert.equal(await store.mailOutbox.markMailSent(queued.id, 'w1', 300), true);
      assert.deepEqual(await store.mailOutbox.claimMail('w2', 99_999, 1000, 10), [], 'a sent message is never claimed again');
      const counts = await store.mailOutbox.countMailByStatus();
      assert.deepEqual(counts, { queued: 0, sending: 0, sent: 1, failed: 0 });
      const [sent] = await store.mailOutbox.listMail(['sent'], 10);
      assert.deepEqual([sent?.attempts, sent?.sentAt], [1, 300]);
    }));

    test('a message queued in a rolled-back transaction is not queued', () => withStore(factory, async (store) => {
      await assert.rejects(store.transaction(async (tx) => {
        await tx.mailOutbox.enqueueMail(mail());
        throw new Error('the change failed');
      }), /the change failed/);
      assert.deepEqual(await store.mailOutbox.countMailByStatus(), { queued: 0, sending: 0, sent: 0, failed: 0 });
    }));

    test('a failed attempt waits until its retry time; the last one fails for good', () => withStore(factory, async (store) => {
      const { id } = await store.mailOutbox.enqueueMail(mail());
      await store.mailOutbox.claimMail('w1', 100, 1000, 10);
      assert.equal(await store.mailOutbox.markMailAttemptFailed(id, 'w1', 'connection refused', 500), true);
      assert.deepEqual(await store.mailOutbox.claimMail('w1', 499, 1000, 10), [], 'not before its retry time');
      const [again] = await store.mailOutbox.claimMail('w1', 500, 1000, 10);
      assert.deepEqual([again?.id, again?.attempts, again?.lastError], [id, 1, 'connection refused']);
      assert.equal(await store.mailOutbox.markMailAttemptFailed(id, 'w1', 'still refused', null), true);
      assert.deepEqual(await store.mailOutbox.claimMail('w1', 10_000_000, 1000, 10), []);
      const [failed] = await store.mailOutbox.listMail(['failed'], 10);
      assert.deepEqual([failed?.id, failed?.attempts, failed?.lastError], [id, 2, 'still refused']);
    }));

    test('an expired lease (a worker died mid-send) is claimed by another; the first can no longer mark it', () => withStore(factory, async (store) => {
      const { id } = await store.mailOutbox.enqueueMail(mail());
      await store.mailOutbox.claimMail('dead', 100, 1000, 10);
      assert.deepEqual(await store.mailOutbox.claimMail('w2', 1100, 1000, 10), [], 'the lease still holds at its end');
      const [taken] = await store.mailOutbox.claimMail('w2', 1101, 1000, 10);
      assert.deepEqual([taken?.id, taken?.leaseOwner], [id, 'w2']);
      assert.equal(await store.mailOutbox.markMailSent(id, 'dead', 1200), false);
      assert.equal(await store.mailOutbox.markMailSent(id, 'w2', 1200), true);
    }));

    test('claims respect the limit and take the oldest due first; two claimers never share a message', () => withStore(factory, async (store) => {
      for (let i = 0; i < 5; i++) await store.mailOutbox.enqueueMail(mail({ now: 100 + i, to: `c${i}@example.com` }));
      const first = await store.mailOutbox.claimMail('a', 200, 1000, 2);
      assert.deepEqual(first.map((m) => m.to), ['c0@example.com', 'c1@example.com']);
      const [b, c] = await Promise.all([store.mailOutbox.claimMail('b', 200, 1000, 10), store.mailOutbox.claimMail('c', 200, 1000, 10)]);
      const ids = [...first, ...b, ...c].map((m) => m.id);
      assert.equal(ids.length, 5);
      assert.equal(new Set(ids).size, 5);
    }));
  });
}
