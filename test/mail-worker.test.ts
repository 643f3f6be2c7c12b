import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/open.ts';
import { deliverDueMail, type MailTransport } from '../src/mail/worker.ts';

test('a failing transport delays a message with backoff without losing it; it is sent once when the server is back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailw-'));
  const store = openSqliteStore(join(dir, 'db'));
  try {
    await store.migrate();
    let now = 1000;
    let up = false;
    const delivered: string[] = [];
    const transport: MailTransport = { async send(m) { if (!up) throw new Error('ECONNREFUSED'); delivered.push(m.to); } };
    const o = { outbox: store.mailOutbox, transport, from: 'a@b.c', now: () => now, owner: 'w', maxAttempts: 5, baseDelayMs: 100 };
    await store.mailOutbox.enqueueMail({ studioId: null, kind: 'test', to: 'x@example.com', subject: 's', text: 't', html: 'h', now });
    assert.equal(await deliverDueMail(o), 0);
    now += 99;
    assert.equal(await deliverDueMail(o), 0, 'not retried before the backoff');
    up = true;
    now += 1;
    assert.equal(await deliverDueMail(o), 1);
    assert.equal(await deliverDueMail(o), 0, 'never sent twice');
    assert.deepEqual(delivered, ['x@example.com']);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
