import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { smtpTransport } from '../src/mail/smtp.ts';

test('a message reaches a real SMTP server with its recipient, subject and link', async () => {
  const got: string[] = [];
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], onData(stream, _s, cb) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => { got.push(Buffer.concat(chunks).toString()); cb(); });
  } });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (server.server.address() as AddressInfo).port;
    await smtpTransport(`smtp://127.0.0.1:${port}`, { allowPlain: true }).send({
      from: 'Studio <s@example.com>', to: 'ann@example.com', subject: 'Reset your password', text: 'Open https://x.test/reset?t=1',
      html: '<a href="https://x.test/reset?t=1">reset</a>', messageId: '<ml_1@lightbox>',
    });
    const parsed = await simpleParser(got[0] ?? '');
    assert.equal(parsed.subject, 'Reset your password');
    assert.match(JSON.stringify(parsed.to), /ann@example.com/);
    assert.match(parsed.text ?? '', /https:\/\/x\.test\/reset\?t=1/);
    assert.equal(parsed.messageId, '<ml_1@lightbox>');
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('smtp:// requires STARTTLS: against a server that offers none, nothing is sent in clear, not even the login', async () => {
  const got: string[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'], allowInsecureAuth: true,
    onAuth(auth, _s, cb) { logins.push(String(auth.password)); cb(null, { user: auth.username }); },
    onData(stream, _s, cb) { stream.on('data', (c: Buffer) => got.push(c.toString())); stream.on('end', () => cb()); },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (server.server.address() as AddressInfo).port;
    await assert.rejects(smtpTransport(`smtp://lightbox:mail-password@127.0.0.1:${port}`).send({
      from: 's@example.com', to: 'ann@example.com', subject: 'Reset', text: 'https://x.test/reset#secret', html: '<p>x</p>', messageId: '<ml_2@lightbox>',
    }), /STARTTLS/);
    assert.deepEqual(logins, [], 'the password never crossed the wire');
    assert.deepEqual(got, [], 'the message never crossed the wire');
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
