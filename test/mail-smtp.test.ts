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
