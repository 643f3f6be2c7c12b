// issue #20, "Email": a collection that asks visitors to confirm their email. Viewing is allowed; favoriting, lists,
// notes, sending a selection and every download are 403 email_confirmation_required until the visitor enters the
// 6-digit code mailed to them (delivered to a real SMTP server here). The code is stored hashed, works 10 minutes
// and 5 tries, asking again is throttled, and the confirmation lasts for the session (and the same browser's next
// session with the same email), never for someone else who signs in with that address.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import { buildTestApp, cookieOf, type TestApp } from '../helpers/app.ts';
import { createCollection, createGallery, studioSession, uploadOne, visitorLogin, type VisitorSession } from '../helpers/gallery.ts';
import { eventually, mailFor, mailTo, outbox, type Inbox } from '../helpers/mail.ts';
import { startLiveServer } from '../helpers/live-server.ts';
import { LightboxError, createGalleryClient } from '../../src/client/index.ts';

const PASSWORD = 'lanterns by the lake';
const ANN = 'ann@example.test';

interface Scene { collectionId: string; slug: string; photoId: string }

async function scene(t: TestApp, body: Record<string, unknown> = { require_email_confirmation: true }): Promise<Scene> {
  const s = await studioSession(t, { studio: 'Northlight Photography' });
  const collection = await createCollection(t, s, { name: 'Clara & Dev', password: PASSWORD, downloadable: 'original', client_emails: [ANN, 'bob@example.test'], ...body });
  const gallery = await createGallery(t, s, collection.id);
  const photo = await uploadOne(t, s, gallery.id);
  return { collectionId: collection.id, slug: collection.slug, photoId: photo.id };
}

const call = (t: TestApp, v: VisitorSession, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url, headers: v.headers, ...(payload === undefined ? {} : { payload }) });

/** The code in the newest message to `address`. */
async function codeFor(inbox: Inbox, address: string, count: number): Promise<{ code: string; mail: ParsedMail }> {
  await eventually(() => mailFor(inbox, address).length >= count, `message ${count} to ${address}`);
  const mail = mailFor(inbox, address)[count - 1] as ParsedMail;
  const code = /^\s*(\d{6})\s*$/m.exec(mail.text ?? '')?.[1];
  assert.ok(code, mail.text);
  return { code, mail };
}

/** Every write a visitor can make and every download, with what it answers now. */
async function gatedStatuses(t: TestApp, v: VisitorSession, sc: Scene): Promise<Record<string, number>> {
  const lists = (await call(t, v, 'GET', '/api/v1/gallery/favorite-lists')).json().data as Array<{ id: string }>;
  const list = lists[0]?.id ?? '';
  const photo = `/api/v1/gallery/photos/${sc.photoId}`;
  return {
    favorite: (await call(t, v, 'POST', '/api/v1/gallery/favorites', { photo_id: sc.photoId })).statusCode,
    unfavorite: (await call(t, v, 'DELETE', `/api/v1/gallery/favorites/${sc.photoId}`)).statusCode,
    newList: (await call(t, v, 'POST', '/api/v1/gallery/favorite-lists', { name: 'Album' })).statusCode,
    addToList: (await call(t, v, 'POST', `/api/v1/gallery/favorite-lists/${list}/photos`, { photo_id: sc.photoId })).statusCode,
    note: (await call(t, v, 'PUT', `${photo}/note`, { note: 'warmer?' })).statusCode,
    send: (await call(t, v, 'POST', `/api/v1/gallery/favorite-lists/${list}/send`)).statusCode,
    download: (await call(t, v, 'GET', `${photo}/download?size=web-size`)).statusCode,
    original: (await call(t, v, 'GET', `${photo}/original`)).statusCode,
    check: (await call(t, v, 'GET', `${photo}/download/check?size=original`)).statusCode,
    summary: (await call(t, v, 'GET', '/api/v1/gallery/archive/summary?scope=collection&size=web-size')).statusCode,
    archive: (await call(t, v, 'GET', '/api/v1/gallery/archive?scope=collection&size=web-size')).statusCode,
  };
}

describe('visitor email confirmation', () => {
  test('viewing is allowed, everything else waits for the mailed code; the right code opens it for the session', async () => {
    const t = await buildTestApp();
    const inbox = await mailTo(t);
    try {
      const sc = await scene(t);
      const v = await visitorLogin(t, { email: ANN, collection: sc.slug, password: PASSWORD });
      const collection = (await call(t, v, 'GET', '/api/v1/gallery/collection')).json().data;
      assert.deepEqual([collection.email_confirmation_required, collection.email_confirmed], [true, false]);
      for (const url of [`/api/v1/gallery/photos/${sc.photoId}`, `/api/v1/gallery/photos/${sc.photoId}/web`, `/api/v1/gallery/photos/${sc.photoId}/thumbnail`, '/api/v1/gallery/favorite-lists']) {
        assert.equal((await call(t, v, 'GET', url)).statusCode, 200, `viewing ${url}`);
      }
      const before = await gatedStatuses(t, v, sc);
      assert.deepEqual(new Set(Object.values(before)), new Set([403]), JSON.stringify(before));
      const refused = await call(t, v, 'POST', '/api/v1/gallery/favorites', { photo_id: sc.photoId });
      assert.equal(refused.json().code, 'email_confirmation_required');
      assert.match(refused.json().message, /Confirm your email address \(ann@example\.test\) first/);

      const state = await call(t, v, 'GET', '/api/v1/gallery/email-confirmation');
      assert.deepEqual(state.json().data, { required: true, confirmed: false, email: ANN, code_expires_at: null, attempts_left: null, resend_in_seconds: 0 });
      const sent = await call(t, v, 'POST', '/api/v1/gallery/email-confirmation');
      assert.equal(sent.statusCode, 202, sent.body);
      assert.deepEqual(sent.json().data, { required: true, confirmed: false, email: ANN, code_expires_at: new Date(t.clock.now() + 600_000).toISOString(), attempts_left: 5, resend_in_seconds: 60 });
      const { code, mail } = await codeFor(inbox, ANN, 1);
      assert.equal(mail.subject, 'Confirm your email for "Clara & Dev"');
      assert.doesNotMatch(mail.subject ?? '', /\d{6}/, 'the code is never in the subject (mail status lists subjects)');
      assert.match(mail.text ?? '', /works for 10 minutes/);
      assert.ok(String(mail.html).includes(code));
      const [row] = await outbox(t);
      assert.equal(row?.kind, 'visitor_email_code', 'through the outbox');

      const stored = await t.store.visitorEmail.findLatestEmailCode((await t.store.visitorSessions.listCollectionVisitorSessions(sc.collectionId))[0]?.id ?? '');
      assert.match(stored?.codeHash ?? '', /^\$argon2id\$/, 'stored as an argon2id hash');
      assert.ok(!stored?.codeHash.includes(code));
      assert.ok(!t.logs.text().includes(code), 'and never logged');

      const ok = await call(t, v, 'POST', '/api/v1/gallery/email-confirmation/confirm', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().data.confirmed, true);
      assert.equal((await call(t, v, 'GET', '/api/v1/gallery/collection')).json().data.email_confirmed, true);
      const after = await gatedStatuses(t, v, sc);
      assert.deepEqual(after, { favorite: 201, unfavorite: 204, newList: 201, addToList: 201, note: 200, send: 201, download: 200, original: 200, check: 200, summary: 200, archive: 200 });
      const again = await call(t, v, 'POST', '/api/v1/gallery/email-confirmation');
      assert.deepEqual([again.statusCode, again.json().data.confirmed], [200, true], 'confirmed: no further code');
      assert.equal(mailFor(inbox, ANN).length, 1);
      assert.equal((await call(t, v, 'POST', '/api/v1/gallery/email-confirmation/confirm', { code })).statusCode, 200, 'idempotent once confirmed');
    } finally {
      await inbox.close();
      await t.close();
    }
  });

  test('five tries per code, ten minutes, a new code replaces the old; asking again is throttled', async () => {
    const t = await buildTestApp();
    const inbox = await mailTo(t);
    try {
      const sc = await scene(t);
      const v = await visitorLogin(t, { email: ANN, collection: sc.slug, password: PASSWORD });
      const confirm = (code: string) => call(t, v, 'POST', '/api/v1/gallery/email-confirmation/confirm', { code });
      assert.equal((await confirm('123456')).json().code, 'email_code_expired', 'no code sent yet');
      assert.equal((await call(t, v, 'POST', '/api/v1/gallery/email-confirmation')).statusCode, 202);
      const { code } = await codeFor(inbox, ANN, 1);
      const wrong = code === '000000' ? '111111' : '000000';
      const bad = await confirm('12345');
      assert.deepEqual([bad.statusCode, bad.json().code], [422, 'validation_failed'], 'not six digits: no try spent');

      const soon = await call(t, v, 'POST', '/api/v1/gallery/email-confirmation');
      assert.deepEqual([soon.statusCode, soon.json().code, soon.headers['retry-after']], [429, 'rate_limited', '60']);
      for (let left = 4; left >= 1; left--) {
        const res = await confirm(wrong);
        assert.deepEqual([res.statusCode, res.json().code, res.json().details], [403, 'email_code_invalid', { attempts_left: left }]);
      }
      const last = await confirm(wrong);
      assert.deepEqual([last.statusCode, last.json().code], [403, 'email_code_exhausted']);
      assert.equal((await confirm(code)).json().code, 'email_code_exhausted', 'even the right code needs a new one now');

      t.clock.advance(61);
      assert.equal((await call(t, v, 'POST', '/api/v1/gallery/email-confirmation')).statusCode, 202);
      const second = await codeFor(inbox, ANN, 2);
      if (second.code !== code) assert.equal((await confirm(code)).json().code, 'email_code_invalid', 'the old code is replaced');
      t.clock.advance(601);
      assert.equal((await confirm(second.code)).json().code, 'email_code_expired', 'ten minutes');

      // Five codes an hour per visitor, every session of the address counted.
      const other = await visitorLogin(t, { email: 'ANN@example.test', collection: sc.slug, password: PASSWORD });
      for (let i = 3; i <= 5; i++) {
        t.clock.advance(61);
        assert.equal((await call(t, i % 2 === 0 ? other : v, 'POST', '/api/v1/gallery/email-confirmation')).statusCode, 202, `code ${i}`);
      }
      t.clock.advance(61);
      const capped = await call(t, other, 'POST', '/api/v1/gallery/email-confirmation');
      assert.equal(capped.statusCode, 429);
      assert.match(capped.json().message, /5 codes were sent in the last hour/);
      const wait = Number(capped.headers['retry-after']);
      assert.ok(wait > 60 && wait <= 3600, String(wait));
      t.clock.advance(wait);
      assert.equal((await call(t, other, 'POST', '/api/v1/gallery/email-confirmation')).statusCode, 202, 'the hour passed');
      await eventually(() => mailFor(inbox, ANN).length === 6, 'six codes');
      assert.equal((await call(t, other, 'POST', '/api/v1/gallery/email-confirmation/confirm', { code: (await codeFor(inbox, ANN, 6)).code })).statusCode, 200);
    } finally {
      await inbox.close();
      await t.close();
    }
  });

  test('two requests for a code at the same instant: one is sent, the other is 429', async () => {
    const t = await buildTestApp();
    const inbox = await mailTo(t);
    try {
      const sc = await scene(t);
      const v = await visitorLogin(t, { email: ANN, collection: sc.slug, password: PASSWORD });
      const w = await visitorLogin(t, { email: ANN, collection: sc.slug, password: PASSWORD });
      const answers = await Promise.all([v, w, v, w].map((s) => call(t, s, 'POST', '/api/v1/gallery/email-confirmation')));
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [202, 429, 429, 429], answers.map((r) => r.body).join('\n'));
      assert.equal((await outbox(t)).filter((m) => m.kind === 'visitor_email_code').length, 1, 'one code queued');
      t.clock.advance(61);
      assert.equal((await call(t, w, 'POST', '/api/v1/gallery/email-confirmation')).statusCode, 202, 'a minute later another may be sent');
    } finally {
      await inbox.close();
      await t.close();
    }
  });

  test("the confirmation is the session's: another sign-in with the address confirms again; the same browser keeps it", async () => {
    const t = await buildTestApp();
    const inbox = await mailTo(t);
    try {
      const sc = await scene(t);
      const v = await visitorLogin(t, { email: ANN, collection: sc.slug, password: PASSWORD });
      await call(t, v, 'POST', '/api/v1/gallery/email-confirmation');
      const { code } = await codeFor(inbox, ANN, 1);
      assert.equal((await call(t, v, 'POST', '/api/v1/gallery/email-confirmation/confirm', { code })).statusCode, 200);

      const elsewhere = await visitorLogin(t, { email: ANN, collection: sc.slug, password: PASSWORD });
      assert.equal((await call(t, elsewhere, 'GET', '/api/v1/gallery/collection')).json().data.email_confirmed, false, 'someone else who knows the address and password');
      assert.equal((await call(t, elsewhere, 'POST', '/api/v1/gallery/favorites', { photo_id: sc.photoId })).json().code, 'email_confirmation_required');

      // The same browser signs in again (its cookie still valid): the new session keeps the confirmation.
      const res = await t.app.inject({ method: 'POST', url: '/galleries/login', headers: { cookie: v.cookie }, payload: { email: 'Ann@Example.test', collection: sc.slug, password: PASSWORD } });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().data.collection.email_confirmed, true);
      const renewed = `gallery_session=${cookieOf(res, 'gallery_session')?.value ?? ''}`;
      const headers = { cookie: renewed, 'x-csrf-token': res.json().data.csrf_token as string };
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/gallery/favorites', headers, payload: { photo_id: sc.photoId } })).statusCode, 201);
      assert.equal((await call(t, v, 'GET', '/api/v1/gallery/collection')).statusCode, 401, 'the old session ended');

      // ... but not with another email, even on the same browser.
      const bob = await t.app.inject({ method: 'POST', url: '/galleries/login', headers: { cookie: renewed }, payload: { email: 'bob@example.test', collection: sc.slug, password: PASSWORD } });
      assert.equal(bob.json().data.collection.email_confirmed, false);
    } finally {
      await inbox.close();
      await t.close();
    }
  });

  test('the SDK: a favorite is refused with email_confirmation_required, then requestCode() and confirm(code) open it', async () => {
    const server = await startLiveServer();
    const inbox = await mailTo(server);
    try {
      const sc = await scene(server);
      const gallery = createGalleryClient({ baseUrl: server.url, collection: sc.slug, email: ANN, password: PASSWORD });
      assert.deepEqual((await gallery.emailConfirmation.status()).confirmed, false);
      await assert.rejects(gallery.favorites.add(sc.photoId), (err: unknown) => err instanceof LightboxError && err.status === 403 && err.code === 'email_confirmation_required');
      assert.equal((await gallery.emailConfirmation.requestCode()).attempts_left, 5);
      const { code } = await codeFor(inbox, ANN, 1);
      await assert.rejects(gallery.emailConfirmation.confirm(code === '000000' ? '111111' : '000000'), (err: unknown) => err instanceof LightboxError && err.code === 'email_code_invalid' && (err.details as { attempts_left?: number })?.attempts_left === 4);
      assert.equal((await gallery.emailConfirmation.confirm(code)).confirmed, true);
      assert.equal((await gallery.favorites.add(sc.photoId)).favorite, true);
      await gallery.logout();
    } finally {
      await inbox.close();
      await server.close();
    }
  });

  test('a collection that does not ask: everything works, asking for a code is 409; turning it on asks sessions already open', async () => {
    const t = await buildTestApp();
    try {
      const s = await studioSession(t, { studio: 'Open Studio' });
      const collection = await createCollection(t, s, { name: 'Open', downloadable: 'web-size' });
      assert.equal(collection.require_email_confirmation, false);
      const gallery = await createGallery(t, s, collection.id);
      const photo = await uploadOne(t, s, gallery.id);
      const v = await visitorLogin(t, { email: ANN, collection: collection.slug });
      assert.deepEqual((await call(t, v, 'GET', '/api/v1/gallery/email-confirmation')).json().data, { required: false, confirmed: true, email: ANN, code_expires_at: null, attempts_left: null, resend_in_seconds: 0 });
      const ask = await call(t, v, 'POST', '/api/v1/gallery/email-confirmation');
      assert.deepEqual([ask.statusCode, ask.json().code], [409, 'conflict']);
      assert.equal((await call(t, v, 'POST', '/api/v1/gallery/favorites', { photo_id: photo.id })).statusCode, 201);

      const on = await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${collection.id}`, headers: s.headers, payload: { require_email_confirmation: true } });
      assert.equal(on.json().data.require_email_confirmation, true);
      assert.equal((await call(t, v, 'GET', `/api/v1/gallery/photos/${photo.id}/download`)).json().code, 'email_confirmation_required');
      assert.deepEqual(await outbox(t), []);
    } finally {
      await t.close();
    }
  });
});
