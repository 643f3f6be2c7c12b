// issue #20: the SDK's members and invitations methods against a real listening server: invite, accept (new account
// and signed-in user), list, change a role, transfer ownership, remove; the error codes arrive as LightboxErrors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptInvitationWithNewAccount, createClient, LightboxError } from '../../src/client/index.ts';
import { createUser } from '../helpers/app.ts';
import { startLiveServer } from '../helpers/live-server.ts';

const rejectsWithCode = (promise: Promise<unknown>, status: number, code: string) => assert.rejects(promise, (err: unknown) => {
  assert.ok(err instanceof LightboxError, String(err));
  assert.deepEqual([err.status, err.code], [status, code]);
  return true;
});

test('the SDK invites, accepts, lists, changes a role, transfers ownership and removes', async () => {
  const s = await startLiveServer();
  try {
    const owner = await createUser(s, { studio: 'SDK Studio' });
    const client = createClient({ baseUrl: s.url, auth: { type: 'session', email: owner.email, password: owner.password } });
    const roles = await client.members.roles();
    assert.deepEqual(roles.data.map((r) => r.name), ['owner', 'admin', 'member', 'viewer']);

    const created = await client.invitations.create({ role: 'member' });
    assert.match(created.link, /\/invite\/[A-Za-z0-9_-]{43}$/);
    assert.deepEqual((await client.invitations.list()).map((i) => i.id), [created.id]);
    const token = created.link.split('/invite/')[1] ?? '';
    const joined = await acceptInvitationWithNewAccount({ baseUrl: s.url, token, account: { email: 'sdk-new@example.test', username: 'sdknew', password: 'a script that joins at dawn' } });
    assert.equal(joined.studio.role, 'member');
    await rejectsWithCode(acceptInvitationWithNewAccount({ baseUrl: s.url, token, account: { email: 'x@example.test', username: 'sdkx', password: 'a script that joins at dawn' } }), 410, 'invitation_used');

    // An existing user in another studio accepts as themselves and switches into it.
    const other = await createUser(s, { studio: 'SDK Other' });
    const otherClient = createClient({ baseUrl: s.url, auth: { type: 'session', email: other.email, password: other.password } });
    const second = await client.invitations.create({ role: 'viewer', email: other.email });
    assert.equal(second.mailed, true);
    const accepted = await otherClient.invitations.accept({ token: second.link.split('/invite/')[1] ?? '', switchStudio: true });
    assert.equal(accepted.studio.name, 'SDK Studio');
    assert.equal((await otherClient.me()).studio?.name, 'SDK Studio', 'later calls act in the studio joined');

    const members = await client.members.list();
    assert.deepEqual(members.map((m) => `${m.username}:${m.role}`).sort(), [`${other.username}:viewer`, `${owner.username}:owner`, 'sdknew:member'].sort());
    const newcomer = members.find((m) => m.username === 'sdknew')!;
    assert.equal((await client.members.changeRole(newcomer.user_id, 'admin')).role, 'admin');
    await rejectsWithCode(client.members.changeRole(owner.id, 'viewer'), 409, 'last_owner');
    const transfer = await client.members.transferOwnership({ userId: newcomer.user_id });
    assert.deepEqual([transfer.new_owner.role, transfer.previous_owner.role], ['owner', 'admin']);
    const removed = await client.members.remove(other.id);
    assert.equal(removed.removed, true);
    // Its session in the studio ended: the client signs in again (its one retry on 401) and lands in its own studio.
    assert.equal((await otherClient.me()).studio?.name, 'SDK Other');
    assert.ok(!(await otherClient.members.list()).some((m) => m.user_id === owner.id), 'it no longer sees the studio it was removed from');
    const third = await client.invitations.create({ role: 'viewer' });
    await client.invitations.revoke(third.id);
    assert.deepEqual(await client.invitations.list(), []);
  } finally {
    await s.close();
  }
});
