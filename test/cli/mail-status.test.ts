// `lightbox mail status` (issue #20): counts by state and the messages waiting or failed, never a message body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';
import { openStores } from '../../src/main.ts';
import { loadConfig } from '../../src/config.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new Capture();
  const code = await runCli(argv, { stdin: Readable.from([]), stdout, stderr: new Capture(), env: {} });
  return { code, stdout: stdout.text };
}

test('mail status counts each state, lists queued and failed messages with their last error, and never prints a body', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-mail-status-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openStores(loadConfig({ LIGHTBOX_DATA: dir }, { cwd: dir }));
  const now = Date.now();
  const secretLink = 'https://photos.example/password-reset/complete#token=SECRET-TOKEN-123';
  try {
    const mail = (to: string, kind: string): Parameters<typeof store.mailOutbox.enqueueMail>[0] => ({ studioId: null, kind, to, subject: `Hello ${to}`, text: secretLink, html: `<a href="${secretLink}">reset</a>`, now });
    await store.mailOutbox.enqueueMail(mail('queued@example.com', 'password_reset'));
    const sent = await store.mailOutbox.enqueueMail(mail('sent@example.com', 'password_reset'));
    const failed = await store.mailOutbox.enqueueMail(mail('failed@example.com', 'password_reset'));
    const claimed = await store.mailOutbox.claimMail('worker-1', now, 60_000, 10);
    assert.equal(claimed.length, 3);
    assert.ok(await store.mailOutbox.markMailSent(sent.id, 'worker-1', now));
    assert.ok(await store.mailOutbox.markMailAttemptFailed(failed.id, 'worker-1', '550 mailbox unavailable', null));
    const left = claimed.find((m) => m.to === 'queued@example.com');
    assert.ok(left && await store.mailOutbox.markMailAttemptFailed(left.id, 'worker-1', 'connection refused', now + 30_000));
  } finally {
    await store.close();
  }

  const text = await cli(['mail', 'status', '--data', dir]);
  assert.equal(text.code, 1, 'a failed message makes the exit code 1 (for monitoring)');
  assert.match(text.stdout, /queued: 1 {2}sending: 0 {2}sent: 1 {2}failed: 1/);
  assert.match(text.stdout, /failed@example\.com[^\n]*\n {4}last error: 550 mailbox unavailable/);
  assert.match(text.stdout, /queued@example\.com[^\n]*next attempt/);
  assert.doesNotMatch(text.stdout, /sent@example\.com/, 'sent messages are listed only with --all');
  assert.match(text.stdout, /messages are written to .*outbox/, 'says that mail.url is not set');
  assert.doesNotMatch(text.stdout, /SECRET-TOKEN/);

  const json = await cli(['mail', 'status', '--all', '--json', '--data', dir]);
  const parsed = JSON.parse(json.stdout) as { counts: Record<string, number>; messages: Array<Record<string, unknown>> };
  assert.deepEqual(parsed.counts, { queued: 1, sending: 0, sent: 1, failed: 1 });
  assert.deepEqual(parsed.messages.map((m) => m.to).sort(), ['failed@example.com', 'queued@example.com', 'sent@example.com']);
  assert.doesNotMatch(json.stdout, /SECRET-TOKEN/);
  assert.equal((await cli(['mail', 'status', '--limit', '0', '--data', dir])).code, 2);
});
