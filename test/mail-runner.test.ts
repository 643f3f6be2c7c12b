// issue #20: the running mail worker stops gracefully: the message in hand is sent and marked, no other is claimed,
// and a queued message wakes it without waiting for its next look.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/open.ts';
import { startMailWorker } from '../src/mail/runner.ts';
import type { MailTransport } from '../src/mail/worker.ts';

test('stop() waits for the message in hand, which is marked sent, and claims nothing more; wake() skips the sleep', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mail-runner-'));
  const store = openSqliteStore(join(dir, 'db'));
  try {
    await store.migrate();
    const sent: string[] = [];
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const inHand = new Promise<void>((r) => { started = r; });
    const transport: MailTransport = {
      async send(m) {
        if (m.to === 'slow@example.test') {
          started();
          await new Promise<void>((r) => { release = r; });
        }
        sent.push(m.to);
      },
    };
    // A poll interval far beyond the test: only wake() can make the worker look again.
    const runner = startMailWorker({ outbox: store.mailOutbox, transport, from: 'a@b.c', now: () => 1000, owner: 'w', maxAttempts: 3, pollMs: 600_000, log: { warn: () => undefined } });
    await new Promise((r) => setTimeout(r, 50)); // its first look found nothing; it sleeps
    await store.mailOutbox.enqueueMail({ studioId: null, kind: 'test', to: 'slow@example.test', subject: 's', text: 't', html: 'h', now: 1000 });
    runner.wake();
    await inHand;
    await store.mailOutbox.enqueueMail({ studioId: null, kind: 'test', to: 'later@example.test', subject: 's', text: 't', html: 'h', now: 1001 });
    let stopped = false;
    const stopping = runner.stop().then(() => { stopped = true; });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(stopped, false, 'stop waits for the send in progress');
    release();
    await stopping;
    assert.deepEqual(sent, ['slow@example.test']);
    assert.deepEqual(await store.mailOutbox.countMailByStatus(), { queued: 1, sending: 0, sent: 1, failed: 0 }, 'the next message stays queued for the next start');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
