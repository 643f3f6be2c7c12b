// Contract suites for JWT signing keys, refresh tokens, application keys and personal access tokens.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessTokenRecord, AppKeyRecord } from '../types.ts';
import { addMember, addStudio, addUser, hashId, rejectsWith, sessionFor, withStore, type StoreFactory } from './harness.ts';

export function credentialsContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: JwtKeyStore`, () => {
    test('lists newest first, retires all but one, and deletes only keys retired before the cutoff', () => withStore(factory, async (store) => {
      const key = (kid: string, createdAt: number): { kid: string; alg: string; privateJwk: string; publicJwk: string; createdAt: number; retiredAt: null } =>
        ({ kid, alg: 'EdDSA', privateJwk: `{"d":"${kid}"}`, publicJwk: `{"x":"${kid}"}`, createdAt, retiredAt: null });
      for (const k of [key('old', 1), key('mid', 2), key('new', 3)]) await store.jwtKeys.insertJwtKey(k);
      assert.deepEqual((await store.jwtKeys.listJwtKeys()).map((k) => k.kid), ['new', 'mid', 'old']);
      await store.jwtKeys.retireJwtKeys('new', 10);
      await store.jwtKeys.retireJwtKeys('new', 20); // already retired keys keep their first retirement time
      const listed = await store.jwtKeys.listJwtKeys();
      assert.deepEqual(listed.map((k) => [k.kid, k.retiredAt]), [['new', null], ['mid', 10], ['old', 10]]);
      assert.deepEqual(listed[0], key('new', 3));
      assert.equal(await store.jwtKeys.deleteJwtKeysRetiredBefore(10), 0);
      assert.equal(await store.jwtKeys.deleteJwtKeysRetiredBefore(11), 2);
      assert.deepEqual((await store.jwtKeys.listJwtKeys()).map((k) => k.kid), ['new']);
    }));
  });

  describe(`${backend}: RefreshTokenStore`, () => {
    test('finds by hash, nothing for an unknown hash, and marks used exactly once', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const s = sessionFor(ann, null, 'fam', { kind: 'jwt' });
      await store.sessions.createSession(s);
      const token = { id: hashId('refresh'), sessionId: s.id, createdAt: 1, expiresAt: 99, usedAt: null };
      await store.refreshTokens.insertRefreshToken(token);
      assert.deepEqual(await store.refreshTokens.findRefreshToken(token.id), token);
      assert.equal(await store.refreshTokens.findRefreshToken(hashId('other')), null);
      const race = await Promise.all([store.refreshTokens.markRefreshTokenUsed(token.id, 5), store.refreshTokens.markRefreshTokenUsed(token.id, 6)]);
      assert.deepEqual(race.sort(), [false, true], 'one caller wins the rotation');
      assert.equal(await store.refreshTokens.markRefreshTokenUsed(hashId('other'), 7), false);
      assert.ok([5, 6].includes((await store.refreshTokens.findRefreshToken(token.id))?.usedAt ?? -1));
    }));
  });

  describe(`${backend}: AppKeyStore`, () => {
    const appKey = (studioId: string, createdBy: string | null, id: string, createdAt: number): AppKeyRecord => ({
      id, studioId, createdBy, name: `key ${id}`, keyHash: hashId(`key-${id}`), keyPrefix: `lbk_${id}`, createdAt, lastUsedAt: null, revokedAt: null,
    });

    test('finds a key by hash (revoked ones too, for the caller to refuse), nothing for an unknown hash', () => withStore(factory, async (store) => {
      const { user, studio } = await addMember(store, 's', 'ann', 'owner');
      const k = appKey(studio.id, user.id, 'k1', 1);
      await store.appKeys.insertAppKey(k);
      assert.deepEqual(await store.appKeys.findAppKeyByHash(k.keyHash), k);
      assert.equal(await store.appKeys.findAppKeyByHash(hashId('nope')), null);
      await store.appKeys.touchAppKey(k.id, 7);
      assert.equal(await store.appKeys.revokeAppKey(studio.id, k.id, 8), true);
      assert.equal(await store.appKeys.revokeAppKey(studio.id, k.id, 9), true);
      assert.deepEqual(await store.appKeys.findAppKeyByHash(k.keyHash), { ...k, lastUsedAt: 7, revokedAt: 8 });
    }));

    test('lists a studio\'s keys newest first; another studio cannot list or revoke them; a duplicate hash is a conflict', () => withStore(factory, async (store) => {
      const { user, studio } = await addMember(store, 's', 'ann', 'owner');
      const other = await addStudio(store, 'other');
      await store.appKeys.insertAppKey(appKey(studio.id, user.id, 'k1', 1));
      await store.appKeys.insertAppKey(appKey(studio.id, null, 'k2', 2));
      assert.deepEqual((await store.appKeys.listAppKeys(studio.id)).map((k) => k.id), ['k2', 'k1']);
      assert.deepEqual(await store.appKeys.listAppKeys(other.id), []);
      assert.equal(await store.appKeys.revokeAppKey(other.id, 'k1', 5), false);
      assert.equal((await store.appKeys.findAppKeyByHash(hashId('key-k1')))?.revokedAt, null);
      await rejectsWith(store.appKeys.insertAppKey({ ...appKey(studio.id, null, 'k3', 3), keyHash: hashId('key-k1') }), 'conflict');
    }));
  });

  describe(`${backend}: AccessTokenStore`, () => {
    const pat = (userId: string, studioId: string | null, id: string, createdAt: number): AccessTokenRecord => ({
      id, userId, studioId, name: `token ${id}`, scopes: ['clients:read', 'photos:write'], tokenHash: hashId(`pat-${id}`), tokenPrefix: `lbp_${id}`,
      createdAt, expiresAt: null, lastUsedAt: null, revokedAt: null,
    });

    test('round-trips scopes and nullable times; an unknown hash finds nothing', () => withStore(factory, async (store) => {
      const { user, studio } = await addMember(store, 's', 'ann', 'member');
      const t = { ...pat(user.id, studio.id, 't1', 1), expiresAt: 500 };
      await store.accessTokens.insertAccessToken(t);
      await store.accessTokens.insertAccessToken(pat(user.id, null, 't2', 2));
      assert.deepEqual(await store.accessTokens.findAccessTokenByHash(t.tokenHash), t);
      assert.equal((await store.accessTokens.findAccessTokenByHash(hashId('pat-t2')))?.studioId, null);
      assert.equal(await store.accessTokens.findAccessTokenByHash(hashId('nope')), null);
    }));

    test('lists a user\'s tokens newest first; only the owner revokes, once; touch records use', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const bob = await addUser(store, 'bob');
      await store.accessTokens.insertAccessToken(pat(ann.id, null, 't1', 1));
      await store.accessTokens.insertAccessToken(pat(ann.id, null, 't2', 2));
      assert.deepEqual((await store.accessTokens.listAccessTokens(ann.id)).map((t) => t.id), ['t2', 't1']);
      assert.deepEqual(await store.accessTokens.listAccessTokens(bob.id), []);
      assert.equal(await store.accessTokens.revokeAccessToken(bob.id, 't1', 3), false);
      assert.equal(await store.accessTokens.revokeAccessToken(ann.id, 't1', 4), true);
      assert.equal(await store.accessTokens.revokeAccessToken(ann.id, 't1', 5), true);
      await store.accessTokens.touchAccessToken('t1', 6);
      const t1 = await store.accessTokens.findAccessTokenByHash(hashId('pat-t1'));
      assert.equal(t1?.revokedAt, 4);
      assert.equal(t1?.lastUsedAt, 6);
      await rejectsWith(store.accessTokens.insertAccessToken({ ...pat(ann.id, null, 't3', 3), tokenHash: hashId('pat-t1') }), 'conflict');
    }));

    test('findAccessTokenWithUser: the token, its user and the role in the token\'s studio, seeing writes at once', () => withStore(factory, async (store) => {
      const { user, studio } = await addMember(store, 's', 'ann', 'member');
      const other = await addStudio(store, 'other');
      const scoped = pat(user.id, studio.id, 't1', 1);
      const foreign = pat(user.id, other.id, 't2', 2);
      const bare = pat(user.id, null, 't3', 3);
      for (const t of [scoped, foreign, bare]) await store.accessTokens.insertAccessToken(t);
      assert.deepEqual(await store.accessTokens.findAccessTokenWithUser(scoped.tokenHash), { token: scoped, user, role: 'member' });
      assert.deepEqual(await store.accessTokens.findAccessTokenWithUser(foreign.tokenHash), { token: foreign, user, role: null });
      assert.deepEqual(await store.accessTokens.findAccessTokenWithUser(bare.tokenHash), { token: bare, user, role: null });
      assert.equal(await store.accessTokens.findAccessTokenWithUser(hashId('nope')), null);
      await store.studios.putMembership({ studioId: studio.id, userId: user.id, role: 'viewer', now: 4 });
      await store.accessTokens.revokeAccessToken(user.id, scoped.id, 5);
      await store.users.updatePasswordHash(user.id, 'changed', 6);
      const later = await store.accessTokens.findAccessTokenWithUser(scoped.tokenHash);
      assert.deepEqual([later?.role, later?.token.revokedAt, later?.user.passwordHash], ['viewer', 5, 'changed']);
      assert.deepEqual(later, { token: await store.accessTokens.findAccessTokenByHash(scoped.tokenHash), user: await store.users.findUserById(user.id), role: 'viewer' });
      later?.token.scopes.push('mutated'); // callers get their own copies
      assert.deepEqual((await store.accessTokens.findAccessTokenWithUser(scoped.tokenHash))?.token.scopes, scoped.scopes);
    }));
  });
}
