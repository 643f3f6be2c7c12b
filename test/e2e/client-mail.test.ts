// issue #20, "Email": the gallery-ready message a studio sends the clients on a collection's access list, and the
// expiry reminder the housekeeping sends once per client, both delivered by the outbox worker to a real SMTP server in
// this process and read back with mailparser: recipients, subject, the link (followed to the gallery login and
// through it), the note escaped, never the password; and a reminder sent once however many instances run.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, createUser, login, type TestApp } from '../helpers/app.ts';
import { createCollection, studioSession, visitorLogin, type StudioSession } from '../helpers/gallery.ts';
import { eventually, linkIn, mailFor, mailTo, outbox, recipientsOf, type Inbox } from '../helpers/mail.ts';
import { FakeClock } from '../helpers/clock.ts';
import { createDeps, housekeeping, openStores } from '../../src/main.ts';
import { postgresSkip, withTestDatabase } from '../helpers/postgres.ts';

const PUBLIC_URL = 'https://photos.example.test';
const PASSWORD = 'lanterns by the lake';
const ANN = 'ann@example.test';
const BOB = 'Bob@Example.test';
const DAY = 86_400;
const pgSkip = await postgresSkip('the two-instance expiry reminder test');

async function scene(t: TestApp, body: Record<string, unknown> = {}): Promise<{ s: StudioSession; collection: Awaited<ReturnType<typeof createCollection>> }> {
  const s = await studioSession(t, { studio: 'Northlight Photography' });
  const collection = await createCollection(t, s, { name: 'Clara & Dev', password: PASSWORD, expiry_date: '2026-09-30', client_emails: [ANN, BOB], ...body });
  return { s, collection };
}

/** Follows a mailed gallery link the way a browser would: the login page it names, then the login it leads to. */
async function followGalleryLink(t: TestApp, link: string, slug: string, email: string): Promise<void> {
  const url = new URL(link);
  assert.equal(url.origin, PUBLIC_URL, 'the configured public URL, never a request Host');
  const page = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}`, headers: { accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`name="collection"[^>]*value="${slug}"`), 'the login form has the collection filled in');
  const visitor = await visitorLogin(t, { email, collection: url.searchParams.get('collection') ?? '', password: PASSWORD });
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/gallery/collection', headers: visitor.headers })).statusCode, 200);
}

async function notify(t: TestApp, s: StudioSession, id: string, payload: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: `/api/v1/collections/${id}/notify-clients`, headers: s.headers, payload });
}

describe('gallery ready: POST /api/v1/collections/{id}/notify-clients', () => {
  test('mails every client on the access list once, with the link (which works), the expiry and the escaped note, never the password', async () => {
    const t = await buildTestApp({ server: { publicUrl: PUBLIC_URL } });
    const inbox = await mailTo(t);
    try {
      const { s, collection } = await scene(t);
      const note = 'Thank you both!\n<script>alert(1)</script> & see you soon';
      const res = await notify(t, s, collection.id, { message: note });
      assert.equal(res.statusCode, 202, res.body);
      assert.deepEqual(res.json(), { data: { queued: 2, emails: [ANN, BOB] } });
      await eventually(() => inbox.received.length === 2, 'two messages');
      assert.deepEqual(inbox.received.flatMap(recipientsOf).map((a) => a.toLowerCase()).sort(), [ANN, BOB.toLowerCase()].sort());
      for (const mail of inbox.received) {
        assert.equal(mail.subject, 'Northlight Photography: your gallery "Clara & Dev" is ready');
        const text = mail.text ?? '';
        const html = String(mail.html);
        const link = linkIn(text, PUBLIC_URL);
        assert.equal(link, `${PUBLIC_URL}/galleries/login?collection=${collection.slug}`);
        assert.ok(html.includes(link.replace(/&/g, '&amp;')), 'the HTML part carries the same link');
        assert.match(text, /available until 30 September 2026/);
        assert.match(text, /Thank you both!\n<script>alert\(1\)<\/script> & see you soon/, 'the note as written in the text part');
        assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; see you soon'), 'and escaped in the HTML part');
        assert.ok(!html.includes('<script>'), 'no markup from the note');
        assert.ok(!text.includes(PASSWORD) && !html.includes(PASSWORD), 'never the gallery password');
        assert.match(text, /gallery password Northlight Photography gave you/);
        await followGalleryLink(t, link, collection.slug, recipientsOf(mail)[0] ?? '');
      }
      assert.deepEqual((await outbox(t)).map((m) => m.kind), ['gallery_ready', 'gallery_ready'], 'through the outbox');
      const audit = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?kind=clients_notified', headers: s.headers });
      const [event] = audit.json().data as Array<{ data: Record<string, unknown>; actor_id: string }>;
      assert.deepEqual(event?.data, { collectionId: collection.id, recipients: 2, note: true });
      assert.ok(!audit.body.includes(ANN), 'the audit event names no client address');
    } finally {
      await inbox.close();
      await t.close();
    }
  });

  test('a subset: named addresses must be on the list, each is mailed once; without an expiry or password the message says less', async () => {
    const t = await buildTestApp({ server: { publicUrl: PUBLIC_URL } });
    const inbox = await mailTo(t);
    try {
      const { s, collection } = await scene(t, { password: null, expiry_date: null });
      const res = await notify(t, s, collection.id, { emails: ['bob@example.test', ' BOB@example.test'] });
      assert.equal(res.statusCode, 202, res.body);
      assert.deepEqual(res.json().data, { queued: 1, emails: [BOB] });
      await eventually(() => inbox.received.length === 1, 'one message');
      const text = inbox.received[0]?.text ?? '';
      assert.doesNotMatch(text, /available until|password/);
      assert.match(text, /Sign in with this email address\./);

      const stranger = await notify(t, s, collection.id, { emails: [ANN, 'eve@example.test', 'not-an-email'] });
      assert.equal(stranger.statusCode, 422);
      assert.equal(stranger.json().code, 'validation_failed');
      assert.deepEqual(Object.keys(stranger.json().details).sort(), ['emails.1', 'emails.2']);
      assert.match(stranger.json().details['emails.1'], /not on the collection's client access list/);
      assert.equal((await notify(t, s, collection.id, { emails: [] })).statusCode, 422, 'an empty subset is refused by the schema');
      const long = await notify(t, s, collection.id, { message: 'x'.repeat(2001) });
      assert.deepEqual([long.statusCode, long.json().details], [422, { message: 'must be at most 2000 characters' }]);
      assert.equal((await notify(t, s, collection.id, { message: '😀'.repeat(2000) })).statusCode, 202, '2000 characters, however many UTF-16 units');
      assert.equal((await outbox(t)).length, 1 + 2, 'only accepted calls queued anything');
    } finally {
      await inbox.close();
      await t.close();
    }
  });

  test('at most 3 messages per recipient and collection in 24 hours: a 4th is 429 naming them, nothing queued; others still get theirs', async () => {
    const t = await buildTestApp({ server: { publicUrl: PUBLIC_URL } });
    try {
      const { s, collection } = await scene(t);
      for (let i = 0; i < 3; i++) assert.equal((await notify(t, s, collection.id, { emails: [ANN] })).statusCode, 202);
      const queued = (await outbox(t)).length;
      const refused = await notify(t, s, collection.id);
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(refused.json().code, 'rate_limited');
      assert.deepEqual(refused.json().details, { emails: ANN });
      assert.match(refused.json().message, /ann@example\.test already had 3 messages/);
      assert.ok(Number(refused.headers['retry-after']) > 23 * 3600, 'retry after the 24-hour window');
      assert.equal((await outbox(t)).length, queued, 'a refused request queues nothing, for Bob neither');
      assert.equal((await notify(t, s, collection.id, { emails: [BOB] })).statusCode, 202, "Bob's budget was not spent by the refusal");
      const other = await createCollection(t, s, { name: 'Second shoot', client_emails: [ANN] });
      assert.equal((await notify(t, s, other.id)).statusCode, 202, 'counted per collection');
      t.clock.advance(DAY + 1);
      assert.equal((await notify(t, s, collection.id, { emails: [ANN] })).statusCode, 202, 'a new window the next day');
    } finally {
      await t.close();
    }
  });

  test('refused: no access list (400 no_client_access_list), an expired collection, a viewer, another studio', async () => {
    const t = await buildTestApp({ server: { publicUrl: PUBLIC_URL } });
    try {
      const { s, collection } = await scene(t);
      const open = await createCollection(t, s, { name: 'Open house' });
      const none = await notify(t, s, open.id);
      assert.equal(none.statusCode, 400);
      assert.deepEqual({ code: none.json().code, message: none.json().message }, { code: 'no_client_access_list', message: 'This collection has no client access list: add client_emails to the collection first' });
      assert.equal((await notify(t, s, open.id, { emails: [ANN] })).json().code, 'no_client_access_list');

      const viewer = await createUser(t, { studio: 'Northlight Photography', role: 'viewer' });
      const vs = await login(t, viewer);
      const asViewer = await t.app.inject({ method: 'POST', url: `/api/v1/collections/${collection.id}/notify-clients`, headers: { cookie: vs.cookie, 'x-csrf-token': vs.csrf }, payload: {} });
      assert.deepEqual([asViewer.statusCode, asViewer.json().code], [403, 'insufficient_permissions']);
      const other = await studioSession(t, { studio: 'Elsewhere' });
      assert.equal((await notify(t, other, collection.id)).statusCode, 404, "another studio's collection is not found");

      const past = await createCollection(t, s, { name: 'Last year', expiry_date: '2025-06-01', client_emails: [ANN] });
      const expired = await notify(t, s, past.id);
      assert.deepEqual([expired.statusCode, expired.json().code], [403, 'collection_expired']);
      assert.deepEqual(await outbox(t), [], 'nothing was queued');
    } finally {
      await t.close();
    }
  });
});

describe('expiry reminders: the housekeeping mails each client once, mail.expiryReminderDays before the end', () => {
  const reminders = (inbox: Inbox): ParsedMail[] => inbox.received.filter((m) => /is available until/.test(m.subject ?? ''));

  test('sent once per client when the window opens; not before, not again after a restart or on a second instance', async () => {
    const t = await buildTestApp({ server: { publicUrl: PUBLIC_URL } });
    const inbox = await mailTo(t);
    let second: Awaited<ReturnType<typeof openStores>> | null = null;
    try {
      // The clock starts at 2026-01-01T00:00Z; the last day is 10 January, so the collection closes at 11 January 00:00Z.
      const { s, collection } = await scene(t, { expiry_date: '2026-01-10' });
      await housekeeping(t.deps);
      t.clock.advance(6 * DAY);
      await housekeeping(t.deps);
      assert.deepEqual(await outbox(t), [], 'four days before the end: nothing yet');

      t.clock.advance(DAY + 3600); // 8 January, 01:00: within three days of the end
      await housekeeping(t.deps);
      await eventually(() => reminders(inbox).length === 2, 'two reminders');
      assert.deepEqual(reminders(inbox).flatMap(recipientsOf).map((a) => a.toLowerCase()).sort(), [ANN, BOB.toLowerCase()].sort());
      const mail = reminders(inbox)[0] as ParsedMail;
      assert.equal(mail.subject, 'Northlight Photography: "Clara & Dev" is available until 10 January 2026');
      assert.match(mail.text ?? '', /closes at the end of 10 January 2026 \(UTC\), in 3 days/);
      assert.ok(!(mail.text ?? '').includes(PASSWORD));
      await followGalleryLink(t, linkIn(mail.text ?? '', PUBLIC_URL), collection.slug, ANN);

      // Two passes at once, then a restart (the same database file opened again, fresh deps): nothing more. (Two
      // instances at once run on PostgreSQL below: two SQLite connections in one process would block each other.)
      await Promise.all([housekeeping(t.deps), housekeeping(t.deps)]);
      second = await openStores(t.config);
      const other = await createDeps(t.config, second, { clock: new FakeClock(t.clock.now()) });
      await housekeeping(other);
      assert.equal((await outbox(t)).filter((m) => m.kind === 'expiry_reminder').length, 2, 'still two');

      // A client added later gets theirs from whichever look comes first; the others send nothing.
      const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${collection.id}`, headers: s.headers, payload: { client_emails: [ANN, BOB, 'cat@example.test'] } });
      assert.equal(patch.statusCode, 200, patch.body);
      await housekeeping(other);
      await housekeeping(t.deps);
      const queued = (await outbox(t)).filter((m) => m.kind === 'expiry_reminder');
      assert.deepEqual(queued.map((m) => m.to).sort(), [ANN, BOB, 'cat@example.test'].sort());
      await eventually(() => reminders(inbox).length === 3, 'the third reminder');

      // A later expiry is a new reminder, when its own window opens.
      await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${collection.id}`, headers: s.headers, payload: { expiry_date: '2026-01-20' } });
      await housekeeping(t.deps);
      assert.equal((await outbox(t)).filter((m) => m.kind === 'expiry_reminder').length, 3);
      t.clock.advance(9 * DAY); // 17 January, 01:00: not yet within three days of 21 January
      await housekeeping(t.deps);
      assert.equal((await outbox(t)).filter((m) => m.kind === 'expiry_reminder').length, 3);
      t.clock.advance(DAY);
      await housekeeping(t.deps);
      assert.equal((await outbox(t)).filter((m) => m.kind === 'expiry_reminder').length, 6);
      await eventually(() => reminders(inbox).length === 6, 'the reminders of the new date');
      assert.equal(reminders(inbox).at(-1)?.subject, 'Northlight Photography: "Clara & Dev" is available until 20 January 2026');
    } finally {
      await second?.close();
      await inbox.close();
      await t.close();
    }
  });

  test('two instances on one PostgreSQL database, housekeeping at the same moment: each client is reminded once', { skip: pgSkip }, () => withTestDatabase(async (database) => {
    const a = await buildTestApp({ store: { kind: 'postgres', url: database.url } });
    const b = await buildTestApp({ store: { kind: 'postgres', url: database.url } });
    try {
      const { collection } = await scene(a, { expiry_date: '2026-01-02', client_emails: [ANN, BOB, 'cat@example.test', 'dan@example.test'] });
      for (let round = 0; round < 3; round++) await Promise.all([housekeeping(a.deps), housekeeping(b.deps), housekeeping(a.deps), housekeeping(b.deps)]);
      const sent = (await outbox(a)).filter((m) => m.kind === 'expiry_reminder');
      assert.deepEqual(sent.map((m) => m.to).sort(), [ANN, BOB, 'cat@example.test', 'dan@example.test'].sort(), 'one each, whoever claimed it');
      assert.ok(sent.every((m) => m.subject.includes('Clara & Dev')), collection.id);
    } finally {
      await a.close();
      await b.close();
    }
  }));

  test('mail.expiryReminderDays sets the window; 0 sends none; collections without an access list or already expired get none', async () => {
    const week = await buildTestApp({ mail: { expiryReminderDays: 7 } });
    const off = await buildTestApp({ mail: { expiryReminderDays: 0 } });
    try {
      for (const t of [week, off]) {
        const { s } = await scene(t, { expiry_date: '2026-01-06' });
        await createCollection(t, s, { name: 'Nobody listed', expiry_date: '2026-01-06' });
        await createCollection(t, s, { name: 'Gone', expiry_date: '2025-12-01', client_emails: [ANN] });
        await housekeeping(t.deps);
      }
      assert.deepEqual((await outbox(week)).map((m) => m.to).sort(), [ANN, BOB].sort(), 'seven days: due at once');
      assert.match((await outbox(week))[0]?.text ?? '', /in 6 days/);
      assert.deepEqual(await outbox(off), [], 'off');
    } finally {
      await week.close();
      await off.close();
    }
  });
});
