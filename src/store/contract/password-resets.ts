// Contract suite for password-reset tokens: only the newest unused token of a user counts, a token is consumed once
// (also under two concurrent consumers), an expired one never, and it lands or not with the message that carries it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, hashId, rejectsWith, withStore, type StoreFactory } from './harness.ts';

export function passwordResetContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: PasswordResetStore`, () => {
    test('an issued token is found by its hash and consumed once', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const issued = await store.passwordResets.issuePasswordResetToken({ userId: ann.id, tokenHash: hashId('t1'), now: 100, expiresAt: 1100 });
      assert.deepEqual(await store.passwordResets.findPasswordResetToken(hashId('t1')), issued);
      assert.equal(await store.passwordResets.findPasswordResetToken(hashId('nope')), null);
      const used = await store.passwordResets.consumePasswordResetToken(hashId('t1'), 500);
      assert.deepEqual(used, { ...issued, usedAt: 500 });
      assert.equal(await store.passwordResets.consumePasswordResetToken(hashId('t1'), 501), null, 'a used token is not consumed again');
      assert.equal((await store.passwordResets.findPasswordResetToken(hashId('t1')))?.usedAt, 500);
    }));

    test('an expired token is never consumed; the sweep removes it', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      await store.passwordResets.issuePasswordResetToken({ userId: ann.id, tokenHash: hashId('t1'), now: 100, expiresAt: 1100 });
      assert.equal(await store.passwordResets.consumePasswordResetToken(hashId('t1'), 1100), null, 'expired at its expiry time');
      assert.equal(await store.passwordResets.deletePasswordResetTokensBefore(1100), 0);
      assert.equal(await store.passwordResets.deletePasswordResetTokensBefore(1101), 1);
      assert.equal(await store.passwordResets.findPasswordResetToken(hashId('t1')), null);
    }));

    test('a new token supersedes the user\'s older unused one, not another user\'s', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const bob = await addUser(store, 'bob');
      await store.passwordResets.issuePasswordResetToken({ userId: ann.id, tokenHash: hashId('a1'), now: 100, expiresAt: 1100 });
      await store.passwordResets.issuePasswordResetToken({ userId: bob.id, tokenHash: hashId('b1'), now: 100, expiresAt: 1100 });
      await store.passwordResets.issuePasswordResetToken({ userId: ann.id, tokenHash: hashId('a2'), now: 200, expiresAt: 1200 });
      assert.equal(await store.passwordResets.findPasswordResetToken(hashId('a1')), null);
      assert.equal(await store.passwordResets.consumePasswordResetToken(hashId('a1'), 300), null);
      assert.equal((await store.passwordResets.consumePasswordResetToken(hashId('b1'), 300))?.userId, bob.id);
      assert.equal((await store.passwordResets.consumePasswordResetToken(hashId('a2'), 300))?.userId, ann.id);
      await rejectsWith(store.passwordResets.issuePasswordResetToken({ userId: bob.id, tokenHash: hashId('a2'), now: 400, expiresAt: 1400 }), 'conflict');
      assert.equal(await store.passwordResets.deleteUserPasswordResetTokens(ann.id), 1);
      assert.equal(await store.passwordResets.findPasswordResetToken(hashId('a2')), null);
    }));

    test('of two concurrent consumers exactly one gets the token', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      await store.passwordResets.issuePasswordResetToken({ userId: ann.id, tokenHash: hashId('t1'), now: 100, expiresAt: 1100 });
      const results = await Promise.all([1, 2, 3].map(() => store.transaction(async (tx) => tx.passwordResets.consumePasswordResetToken(hashId('t1'), 200))));
      assert.equal(results.filter((r) => r !== null).length, 1);
    }));

    test('a token issued in a rolled-back transaction (its message failed to queue) does not exist', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      await store.passwordResets.issuePasswordResetToken({ userId: ann.id, tokenHash: hashId('old'), now: 50, expiresAt: 1050 });
      await assert.rejects(store.transaction(async (tx) => {
        await tx.passwordResets.issuePasswordResetToken({ userId: ann.id, tokenHash: hashId('t1'), now: 100, expiresAt: 1100 });
        await tx.mailOutbox.enqueueMail({ studioId: null, kind: 'password_reset', to: 'ann@example.test', subject: 'Reset', text: 't', html: 'h', now: 100 });
        throw new Error('the message could not be queued');
      }), /could not be queued/);
      assert.equal(await store.passwordResets.findPasswordResetToken(hashId('t1')), null);
      assert.notEqual(await store.passwordResets.findPasswordResetToken(hashId('old')), null, 'the older link still works: nothing replaced it');
      assert.deepEqual(await store.mailOutbox.countMailByStatus(), { queued: 0, sending: 0, sent: 0, failed: 0 });
    }));

    test('deleting a user\'s tokens removes used and unused ones alike', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      await store.passwordResets.issuePasswordResetToken({ userId: ann.id, tokenHash: hashId('t1'), now: 100, expiresAt: 1100 });
      await store.passwordResets.consumePasswordResetToken(hashId('t1'), 200);
      await store.passwordResets.issuePasswordResetToken({ userId: ann.id, tokenHash: hashId('t2'), now: 300, expiresAt: 1300 });
      assert.equal(await store.passwordResets.deleteUserPasswordResetTokens(ann.id), 2);
      assert.equal(await store.passwordResets.deleteUserPasswordResetTokens(ann.id), 0);
    }));
  });
}
