// Contract suites for studio invitations (stored by hash, pending until used, withdrawn or expired, consumed once even
// under concurrent accepts, landing with their message or not at all) and for the membership changes that invitations
// and the members API make (add without overwriting, list, change role, remove, transfer; never leaving no owner).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NewInvitation, Store, StudioRecord, UserRecord } from '../types.ts';
import { addStudio, addUser, hashId, rejectsWith, withStore, type StoreFactory } from './harness.ts';

function invitation(studio: StudioRecord, seed: string, times: { now?: number; expiresAt?: number } = {}): NewInvitation {
  return {
    studioId: studio.id, tokenHash: hashId(seed), role: 'member', email: null, emailKey: null, createdBy: null,
    now: times.now ?? 100, expiresAt: times.expiresAt ?? 1000,
  };
}

async function studioWith(store: Store, slug: string, members: Array<[string, 'owner' | 'admin' | 'member' | 'viewer']>): Promise<{ studio: StudioRecord; users: UserRecord[] }> {
  const studio = await addStudio(store, slug);
  const users: UserRecord[] = [];
  let now = 10;
  for (const [name, role] of members) {
    const user = await addUser(store, name);
    await store.studios.putMembership({ studioId: studio.id, userId: user.id, role, now: now++ });
    users.push(user);
  }
  return { studio, users };
}

export function invitationContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: InvitationStore`, () => {
    test('an invitation is found by its hash with every field; a taken hash is a conflict', () => withStore(factory, async (store) => {
      const studio = await addStudio(store, 'north');
      const ann = await addUser(store, 'ann');
      const created = await store.invitations.createInvitation({
        ...invitation(studio, 'i1'), role: 'admin', email: 'Bob@Example.test', emailKey: 'bob@example.test', createdBy: ann.id,
      });
      assert.match(created.id, /^iv_/);
      assert.deepEqual(created, {
        id: created.id, studioId: studio.id, tokenHash: hashId('i1'), role: 'admin', email: 'Bob@Example.test', emailKey: 'bob@example.test',
        createdBy: ann.id, createdAt: 100, expiresAt: 1000, acceptedAt: null, acceptedBy: null, revokedAt: null,
      });
      assert.deepEqual(await store.invitations.findInvitationByHash(hashId('i1')), created);
      assert.equal(await store.invitations.findInvitationByHash(hashId('nope')), null);
      await rejectsWith(store.invitations.createInvitation(invitation(studio, 'i1')), 'conflict');
    }));

    test('pending lists the studio\'s unused, unwithdrawn, unexpired ones, newest first; never another studio\'s', () => withStore(factory, async (store) => {
      const north = await addStudio(store, 'north');
      const south = await addStudio(store, 'south');
      const ann = await addUser(store, 'ann');
      const older = await store.invitations.createInvitation(invitation(north, 'a', { now: 100 }));
      const newer = await store.invitations.createInvitation(invitation(north, 'b', { now: 200 }));
      await store.invitations.createInvitation(invitation(north, 'used', { now: 150 }));
      await store.invitations.createInvitation(invitation(north, 'gone', { now: 160 }));
      await store.invitations.createInvitation(invitation(north, 'short', { now: 170, expiresAt: 300 }));
      await store.invitations.createInvitation(invitation(south, 'c', { now: 180 }));
      assert.ok(await store.invitations.consumeInvitation(hashId('used'), ann.id, 250));
      const gone = await store.invitations.findInvitationByHash(hashId('gone'));
      assert.ok(gone && (await store.invitations.revokeInvitation(north.id, gone.id, 250)));
      assert.deepEqual((await store.invitations.listPendingInvitations(north.id, 299)).map((i) => i.tokenHash), [newer.tokenHash, hashId('short'), older.tokenHash]);
      assert.deepEqual((await store.invitations.listPendingInvitations(north.id, 300)).map((i) => i.id), [newer.id, older.id], 'expired at its expiry time');
      assert.deepEqual((await store.invitations.listPendingInvitations(south.id, 300)).map((i) => i.tokenHash), [hashId('c')]);
    }));

    test('consumed once, by the user it names; never when withdrawn or expired', () => withStore(factory, async (store) => {
      const studio = await addStudio(store, 'north');
      const ann = await addUser(store, 'ann');
      const bob = await addUser(store, 'bob');
      const created = await store.invitations.createInvitation(invitation(studio, 'i1'));
      assert.deepEqual(await store.invitations.consumeInvitation(hashId('i1'), ann.id, 500), { ...created, acceptedAt: 500, acceptedBy: ann.id });
      assert.equal(await store.invitations.consumeInvitation(hashId('i1'), bob.id, 501), null, 'a used invitation is not used again');
      assert.equal((await store.invitations.findInvitationByHash(hashId('i1')))?.acceptedBy, ann.id);

      await store.invitations.createInvitation(invitation(studio, 'late', { expiresAt: 600 }));
      assert.equal(await store.invitations.consumeInvitation(hashId('late'), ann.id, 600), null, 'expired at its expiry time');
      const withdrawn = await store.invitations.createInvitation(invitation(studio, 'w'));
      await store.invitations.revokeInvitation(studio.id, withdrawn.id, 200);
      assert.equal(await store.invitations.consumeInvitation(hashId('w'), ann.id, 300), null);
      assert.equal(await store.invitations.consumeInvitation(hashId('unknown'), ann.id, 300), null);
    }));

    test('withdrawn only while pending, and only by its own studio', () => withStore(factory, async (store) => {
      const north = await addStudio(store, 'north');
      const south = await addStudio(store, 'south');
      const ann = await addUser(store, 'ann');
      const one = await store.invitations.createInvitation(invitation(north, 'one'));
      assert.equal(await store.invitations.revokeInvitation(south.id, one.id, 200), null, 'another studio cannot withdraw it');
      assert.deepEqual(await store.invitations.revokeInvitation(north.id, one.id, 200), { ...one, revokedAt: 200 });
      assert.equal(await store.invitations.revokeInvitation(north.id, one.id, 201), null, 'withdrawn once');
      assert.equal((await store.invitations.findInvitationByHash(hashId('one')))?.revokedAt, 200, 'the first withdrawal time stays');
      const used = await store.invitations.createInvitation(invitation(north, 'used'));
      await store.invitations.consumeInvitation(hashId('used'), ann.id, 300);
      assert.equal(await store.invitations.revokeInvitation(north.id, used.id, 301), null, 'a used one cannot be withdrawn');
      const old = await store.invitations.createInvitation(invitation(north, 'old', { expiresAt: 400 }));
      assert.equal(await store.invitations.revokeInvitation(north.id, old.id, 400), null, 'nor an expired one');
    }));

    test('of concurrent accepts exactly one gets the invitation', () => withStore(factory, async (store) => {
      const studio = await addStudio(store, 'north');
      const users = await Promise.all(['ann', 'bob', 'cat', 'dan'].map((n) => addUser(store, n)));
      await store.invitations.createInvitation(invitation(studio, 'i1'));
      const results = await Promise.all(users.map((u) => store.transaction(async (tx) => tx.invitations.consumeInvitation(hashId('i1'), u.id, 200))));
      assert.equal(results.filter((r) => r !== null).length, 1);
      const winner = results.find((r) => r !== null);
      assert.equal((await store.invitations.findInvitationByHash(hashId('i1')))?.acceptedBy, winner?.acceptedBy);
    }));

    test('an invitation whose message failed to queue does not exist; the sweep removes long-expired ones', () => withStore(factory, async (store) => {
      const studio = await addStudio(store, 'north');
      await assert.rejects(store.transaction(async (tx) => {
        await tx.invitations.createInvitation(invitation(studio, 'i1'));
        await tx.mailOutbox.enqueueMail({ studioId: studio.id, kind: 'member_invitation', to: 'bob@example.test', subject: 'Join', text: 't', html: 'h', now: 100 });
        throw new Error('the message could not be queued');
      }), /could not be queued/);
      assert.equal(await store.invitations.findInvitationByHash(hashId('i1')), null);
      assert.deepEqual(await store.mailOutbox.countMailByStatus(), { queued: 0, sending: 0, sent: 0, failed: 0 });

      await store.invitations.createInvitation(invitation(studio, 'a', { expiresAt: 1000 }));
      await store.invitations.createInvitation(invitation(studio, 'b', { expiresAt: 2000 }));
      assert.equal(await store.invitations.deleteInvitationsExpiredBefore(1000), 0);
      assert.equal(await store.invitations.deleteInvitationsExpiredBefore(1001), 1);
      assert.equal(await store.invitations.findInvitationByHash(hashId('a')), null);
      assert.notEqual(await store.invitations.findInvitationByHash(hashId('b')), null);
    }));
  });

  describe(`${backend}: StudioStore membership changes`, () => {
    test('addMember adds once and never overwrites a role; members list earliest joined first with their users', () => withStore(factory, async (store) => {
      const { studio, users } = await studioWith(store, 'north', [['ann', 'owner']]);
      const bob = await addUser(store, 'bob');
      assert.equal(await store.studios.addMember({ studioId: studio.id, userId: bob.id, role: 'viewer', now: 50 }), true);
      assert.equal(await store.studios.addMember({ studioId: studio.id, userId: bob.id, role: 'owner', now: 60 }), false);
      assert.equal(await store.studios.findRole(bob.id, studio.id), 'viewer');
      const other = await studioWith(store, 'south', [['cat', 'owner']]);
      const members = await store.studios.listStudioMembers(studio.id);
      assert.deepEqual(members.map((m) => [m.user.id, m.role, m.joinedAt]), [[users[0]?.id, 'owner', 10], [bob.id, 'viewer', 50]]);
      assert.equal(members[1]?.user.email, bob.email);
      assert.deepEqual((await store.studios.listStudioMembers(other.studio.id)).map((m) => m.user.username), ['cat']);
    }));

    test('a role change keeps at least one owner and, asked to, leaves owners alone', () => withStore(factory, async (store) => {
      const { studio, users: [ann, bob, cat] } = await studioWith(store, 'north', [['ann', 'owner'], ['bob', 'admin'], ['cat', 'member']]);
      const change = (userId: string, role: 'owner' | 'admin' | 'member' | 'viewer', protectOwners = false) =>
        store.studios.changeMemberRole({ studioId: studio.id, userId, role, protectOwners });
      assert.deepEqual(await change(ann!.id, 'admin'), { outcome: 'last_owner' });
      assert.deepEqual(await change(cat!.id, 'viewer'), { outcome: 'done', previous: 'member' });
      assert.deepEqual(await change(ann!.id, 'member', true), { outcome: 'owner_protected' });
      assert.deepEqual(await change(bob!.id, 'owner'), { outcome: 'done', previous: 'admin' });
      assert.deepEqual(await change(ann!.id, 'admin'), { outcome: 'done', previous: 'owner' }, 'another owner remains');
      assert.deepEqual(await change(ann!.id, 'admin'), { outcome: 'done', previous: 'admin' }, 'the same role again changes nothing');
      const stranger = await addUser(store, 'dan');
      assert.deepEqual(await change(stranger.id, 'viewer'), { outcome: 'not_member' });
      assert.deepEqual(await store.studios.changeMemberRole({ studioId: 'st_missing', userId: ann!.id, role: 'viewer', protectOwners: false }), { outcome: 'not_member' });
      assert.deepEqual([await store.studios.findRole(ann!.id, studio.id), await store.studios.findRole(bob!.id, studio.id), await store.studios.findRole(cat!.id, studio.id)], ['admin', 'owner', 'viewer']);
    }));

    test('removal keeps the last owner, leaves owners alone when asked, and touches no other studio', () => withStore(factory, async (store) => {
      const { studio, users: [ann, bob] } = await studioWith(store, 'north', [['ann', 'owner'], ['bob', 'member']]);
      const south = await addStudio(store, 'south');
      await store.studios.putMembership({ studioId: south.id, userId: bob!.id, role: 'owner', now: 30 });
      assert.deepEqual(await store.studios.removeMember({ studioId: studio.id, userId: ann!.id, protectOwners: false }), { outcome: 'last_owner' });
      assert.deepEqual(await store.studios.removeMember({ studioId: studio.id, userId: ann!.id, protectOwners: true }), { outcome: 'owner_protected' });
      assert.deepEqual(await store.studios.removeMember({ studioId: studio.id, userId: bob!.id, protectOwners: true }), { outcome: 'done', previous: 'member' });
      assert.equal(await store.studios.findRole(bob!.id, studio.id), null);
      assert.equal(await store.studios.findRole(bob!.id, south.id), 'owner');
      assert.deepEqual(await store.studios.removeMember({ studioId: studio.id, userId: bob!.id, protectOwners: false }), { outcome: 'not_member' });
      assert.deepEqual((await store.studios.listStudioMembers(studio.id)).map((m) => m.user.id), [ann!.id]);
    }));

    test('transfer makes the target an owner and the owner an admin together; only an owner transfers', () => withStore(factory, async (store) => {
      const { studio, users: [ann, bob, cat] } = await studioWith(store, 'north', [['ann', 'owner'], ['bob', 'viewer'], ['cat', 'admin']]);
      assert.deepEqual(await store.studios.transferOwnership({ studioId: studio.id, fromUserId: cat!.id, toUserId: bob!.id }), { outcome: 'not_owner' });
      const stranger = await addUser(store, 'dan');
      assert.deepEqual(await store.studios.transferOwnership({ studioId: studio.id, fromUserId: ann!.id, toUserId: stranger.id }), { outcome: 'not_member' });
      assert.deepEqual(await store.studios.transferOwnership({ studioId: studio.id, fromUserId: ann!.id, toUserId: ann!.id }), { outcome: 'done', previous: 'owner' });
      assert.equal(await store.studios.findRole(ann!.id, studio.id), 'owner', 'handing it to oneself changes nothing');
      assert.deepEqual(await store.studios.transferOwnership({ studioId: studio.id, fromUserId: ann!.id, toUserId: bob!.id }), { outcome: 'done', previous: 'viewer' });
      assert.deepEqual([await store.studios.findRole(ann!.id, studio.id), await store.studios.findRole(bob!.id, studio.id)], ['admin', 'owner']);
    }));

    test('two owners demoting or removing each other at once: one succeeds, the other is told it is the last owner', () => withStore(factory, async (store) => {
      // Several rounds: without the studio lock, two transactions that each still see two owners interleave often enough.
      for (const [round, kind] of Array.from({ length: 12 }, (_, i) => [i, i % 2 === 0 ? 'demote' : 'remove'] as const)) {
        const { studio, users: [ann, bob] } = await studioWith(store, `race-${round}`, [[`ann${round}`, 'owner'], [`bob${round}`, 'owner']]);
        const act = (userId: string) => (kind === 'demote'
          ? store.studios.changeMemberRole({ studioId: studio.id, userId, role: 'viewer', protectOwners: false })
          : store.studios.removeMember({ studioId: studio.id, userId, protectOwners: false }));
        const outcomes = (await Promise.all([act(ann!.id), act(bob!.id)])).map((r) => r.outcome).sort();
        assert.deepEqual(outcomes, ['done', 'last_owner'], kind);
        const owners = (await store.studios.listStudioMembers(studio.id)).filter((m) => m.role === 'owner');
        assert.equal(owners.length, 1, `${kind}: exactly one owner is left`);
      }
    }));
  });
}
