// issue #20: the outbox worker delivers the reset message to a real SMTP server (smtp-server in this process, read
// back with mailparser): recipient, subject and link are right and the link works. A server that is down delays the
// message without losing it. Without SMTP, the file transport writes the message to data/outbox/ (0600) and logs
// its recipient and subject, never the link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { smtpTransport } from '../src/mail/smtp.ts';
import { fileTransport } from '../src/mail/file-transport.ts';
import { buildTestApp, createUser } from './helpers/app.ts';
import { eventually, resetLinkIn, runWorker, startInbox, type Inbox } from './helpers/mail.ts';

const PUBLIC_URL = 'https://photos.example.test';
const NEW_PASSWORD = 'a passphrase from the mailed link';

test('the worker sends the reset message over SMTP; recipient, subject and link are right and the link works', async () => {
  const t = await buildTestApp({ server: { publicUrl: PUBLIC_URL } });
  const inbox = await startInbox();
  const worker = runWorker(t, smtpTransport(`smtp://127.0.0.1:${inbox.port}`, { allowPlain: true }));
  try {
    const u = await createUser(t, { studio: 'Northlight Photography' });
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: u.email } })).statusCode, 202);
    await eventually(() => inbox.received.length === 1, 'the message');
    const mail = inbox.received[0] as ParsedMail;
    assert.deepEqual(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : [], [u.email]);
    assert.equal(mail.subject, 'Reset your Northlight Photography password');
    assert.match(mail.from?.text ?? '', /studio@example\.test/);
    const { link, token } = resetLinkIn(mail.text ?? '');
    assert.ok(link.startsWith(`${PUBLIC_URL}/password-reset/complete#token=`));
    assert.ok(String(mail.html).includes(link), 'the HTML part carries the same link');
    assert.match(mail.messageId ?? '', /^<ml_[0-9A-Za-z]{22}@lightbox>$/);
    const done = await t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token, password: NEW_PASSWORD } });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: NEW_PASSWORD } })).statusCode, 201);
  } finally {
    await worker.stop();
    await inbox.close();
    await t.close();
  }
});

test('an SMTP server that is down delays the reset message without losing it; it arrives once, when the server is back', async () => {
  const t = await buildTestApp({ server: { publicUrl: PUBLIC_URL } });
  const parked = await startInbox();
  const port = parked.port;
  await parked.close(); // a port nothing listens on now
  const worker = runWorker(t, smtpTransport(`smtp://127.0.0.1:${port}`, { allowPlain: true }));
  let inbox: Inbox | null = null;
  try {
    const u = await createUser(t);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: u.email } })).statusCode, 202, 'an SMTP failure is not the user\'s error');
    await eventually(async () => (await t.store.mailOutbox.listMail(['queued'], 10)).some((m) => m.attempts === 1), 'the first failed attempt');
    const [queued] = await t.store.mailOutbox.listMail(['queued'], 10);
    assert.match(queued?.lastError ?? '', /ECONNREFUSED|connect/i);
    inbox = await startInbox(port);
    t.clock.advance(30); // the first retry is due after 30 s
    await eventually(() => (inbox?.received.length ?? 0) === 1, 'the retried message');
    assert.equal(inbox.received[0]?.subject, 'Reset your Lightbox password', 'a user in no studio gets the product name');
    t.clock.advance(3600);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(inbox.received.length, 1, 'never sent twice');
    assert.deepEqual(await t.store.mailOutbox.countMailByStatus(), { queued: 0, sending: 0, sent: 1, failed: 0 });
  } finally {
    await worker.stop();
    await inbox?.close();
    await t.close();
  }
});

test('without SMTP the message goes to data/outbox/<id>.eml (mode 0600) and the log names recipient and subject, never the link', async () => {
  const t = await buildTestApp({ server: { publicUrl: PUBLIC_URL } });
  const dir = join(t.dataDir, 'outbox');
  const lines: Array<Record<string, unknown>> = [];
  const worker = runWorker(t, fileTransport(dir, { info: (fields, message) => lines.push({ ...fields, message }) }));
  try {
    const u = await createUser(t, { studio: 'Northlight Photography' });
    await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: u.email } });
    await eventually(() => lines.length === 1, 'the message file');
    const [file] = readdirSync(dir);
    assert.match(file ?? '', /^ml_[0-9A-Za-z]{22}\.eml$/);
    const path = join(dir, file ?? '');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const parsed = await simpleParser(readFileSync(path));
    assert.equal(parsed.subject, 'Reset your Northlight Photography password');
    const { token } = resetLinkIn(parsed.text ?? '');
    assert.deepEqual([lines[0]?.to, lines[0]?.subject, lines[0]?.file], [u.email, parsed.subject, path]);
    assert.ok(!JSON.stringify(lines).includes(token), 'the log line carries no token');
    assert.ok(!t.logs.text().includes(token), 'nor does the server log');
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token, password: NEW_PASSWORD } })).statusCode, 200);
  } finally {
    await worker.stop();
    await t.close();
  }
});
