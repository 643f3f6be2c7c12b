// Reading what the server queued or sent: the outbox rows of a test app, and the reset link inside a message.
import assert from 'node:assert/strict';
import type { MailRecord } from '../../src/store/types.ts';
import type { TestApp } from './app.ts';

/** Every message the outbox holds, in the order it was queued; after-response work is waited for first. */
export async function outbox(t: TestApp): Promise<MailRecord[]> {
  await t.deps.background.idle();
  return t.store.mailOutbox.listMail(['queued', 'sending', 'sent', 'failed'], 1000);
}

/** The reset link of a message (plain text body) and the token in its fragment. */
export function resetLinkIn(text: string): { link: string; token: string } {
  const m = /(\S+\/password-reset\/complete#token=([A-Za-z0-9_-]{43}))/.exec(text);
  assert.ok(m, `no reset link in:\n${text}`);
  return { link: m[1] as string, token: m[2] as string };
}
