// Reading what the server queued or sent: the outbox rows of a test app, the reset link inside a message, and a real
// SMTP server in this process (smtp-server, read back with mailparser) with the outbox worker delivering to it.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { MailRecord } from '../../src/store/types.ts';
import { startMailWorker } from '../../src/mail/runner.ts';
import { smtpTransport } from '../../src/mail/smtp.ts';
import type { MailTransport } from '../../src/mail/worker.ts';
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

export interface Inbox {
  port: number;
  /** Every message that arrived, parsed, in arrival order. */
  received: ParsedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (no TLS, no auth), on `port` or a free one. */
export async function startInbox(port = 0): Promise<Inbox> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then((parsed) => { received.push(parsed); done(); }, (err: Error) => done(err));
    },
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { port: (server.server.address() as AddressInfo).port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Polls (real time, bounded) until `check` holds: the worker and the SMTP server are real and asynchronous. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The app's outbox worker, on the test's fake clock, woken by every message the app queues. */
export function runWorker(t: TestApp, transport: MailTransport): { stop(): Promise<void> } {
  const runner = startMailWorker({
    outbox: t.store.mailOutbox, transport, from: 'Northlight <studio@example.test>', now: () => t.clock.now(), owner: 'test-worker',
    maxAttempts: 5, pollMs: 50, log: { warn: () => undefined },
  });
  t.deps.mailQueued.subscribe(() => runner.wake());
  return runner;
}

/** An inbox with the app's worker delivering to it over SMTP; `close` stops both. */
export async function mailTo(t: TestApp): Promise<Inbox> {
  const inbox = await startInbox();
  const worker = runWorker(t, smtpTransport(`smtp://127.0.0.1:${inbox.port}`, { allowPlain: true }));
  return { ...inbox, close: async () => { await worker.stop(); await inbox.close(); } };
}

/** The addresses a parsed message was sent to. */
export function recipientsOf(mail: ParsedMail): string[] {
  const to = mail.to === undefined ? [] : Array.isArray(mail.to) ? mail.to : [mail.to];
  return to.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

/** The messages that arrived for `address` (compared without case, as mailboxes are). */
export function mailFor(inbox: Inbox, address: string): ParsedMail[] {
  return inbox.received.filter((m) => recipientsOf(m).some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** The first http(s) address in a text that starts with `base`. */
export function linkIn(text: string, base: string): string {
  const found = text.match(/https?:\/\/\S+/g)?.find((l) => l.startsWith(base));
  assert.ok(found, `no link to ${base} in:\n${text}`);
  return found;
}
