// The outbox worker: claims due messages under a lease, sends each once through the transport, and on failure
// queues it again with exponential backoff (30 s doubling, at most an hour) until maxAttempts, then marks it failed.
import type { MailOutboxStore, MailRecord } from '../store/types.ts';

export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string; html: string; messageId: string }): Promise<void>;
}

export interface MailWorkerOptions {
  outbox: MailOutboxStore;
  transport: MailTransport;
  from: string;
  now: () => number;
  owner: string;
  maxAttempts: number;
  leaseMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export function retryDelayMs(attemptsSoFar: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** attemptsSoFar);
}

/** One pass: returns how many messages were sent. */
export async function deliverDueMail(o: MailWorkerOptions, limit = 20): Promise<number> {
  return (await deliverDueMailPass(o, limit)).sent;
}

/** One pass: how many messages were claimed (sent or failed) and how many of them were sent. */
export async function deliverDueMailPass(o: MailWorkerOptions, limit: number): Promise<{ claimed: number; sent: number }> {
  const claimed: MailRecord[] = await o.outbox.claimMail(o.owner, o.now(), o.leaseMs ?? 60_000, limit);
  let sent = 0;
  for (const m of claimed) {
    try {
      // A stable Message-ID: should a send be repeated after a crash between SMTP and the mark, receivers can dedupe it.
      await o.transport.send({ from: o.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: `<${m.id}@lightbox>` });
      await o.outbox.markMailSent(m.id, o.owner, o.now());
      sent++;
    } catch (err) {
      const attempts = m.attempts + 1;
      const retryAt = attempts >= o.maxAttempts ? null : o.now() + retryDelayMs(m.attempts, o.baseDelayMs ?? 30_000, o.maxDelayMs ?? 3_600_000);
      await o.outbox.markMailAttemptFailed(m.id, o.owner, err instanceof Error ? err.message : String(err), retryAt);
    }
  }
  return { claimed: claimed.length, sent };
}
