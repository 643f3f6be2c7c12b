// Contract suite for Store.transaction: all of it lands or none of it does, and reads inside see its own writes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, sessionFor, withStore, type StoreFactory } from './harness.ts';

export function transactionContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: Store.transaction`, () => {
    test('commits what fn wrote and returns its value', () => withStore(factory, async (store) => {
      const result = await store.transaction(async (tx) => {
        await tx.secrets.putSecret('a', '1', 1);
        assert.equal(await tx.secrets.getSecret('a'), '1', 'a transaction reads its own writes');
        return 'done';
      });
      assert.equal(result, 'done');
      assert.equal(await store.secrets.getSecret('a'), '1');
    }));

    test('rolls everything back when fn throws, and rethrows the same error', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const s = sessionFor(ann, null, 'one');
      await store.sessions.createSession(s);
      assert.equal((await store.sessions.findSessionWithUser(s.id))?.user.disabledAt, null); // warm any cache
      const boom = new Error('boom');
      await assert.rejects(store.transaction(async (tx) => {
        await tx.secrets.putSecret('a', '1', 1);
        await tx.users.setUserDisabled(ann.id, 5);
        await tx.sessions.deleteSession(s.id);
        await tx.transaction(async (inner) => inner.secrets.putSecret('b', '2', 1)); // nested: part of the same unit
        throw boom;
      }), (err: unknown) => err === boom);
      assert.equal(await store.secrets.getSecret('a'), null);
      assert.equal(await store.secrets.getSecret('b'), null);
      assert.deepEqual(await store.sessions.findSessionWithUser(s.id), { session: s, user: ann, role: null });
    }));

    test('a conflict inside a transaction rolls back the writes before it', () => withStore(factory, async (store) => {
      await addUser(store, 'ann');
      await assert.rejects(store.transaction(async (tx) => {
        await tx.secrets.putSecret('a', '1', 1);
        await addUser(tx, 'ann');
      }));
      assert.equal(await store.secrets.getSecret('a'), null);
      assert.equal(await store.users.countUsers(), 1);
    }));
  });
}
