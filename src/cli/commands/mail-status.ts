// `lightbox mail status`: what the outbox holds (issue #20): counts by state, then the messages waiting or failed.
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, configFrom } from '../common.ts';
import type { CommandIO } from '../io.ts';
import { openStores } from '../../main.ts';
import type { MailRecord, MailStatus } from '../../store/types.ts';

const HELP = `Usage: lightbox mail status [--all] [--limit N] [--json] [--data DIR]

Counts the outbox's messages by state (queued, sending, sent, failed) and lists those still waiting or failed for
good, oldest first, with their last error. --all lists sent ones too. Recipients are shown; message bodies (which can
hold a reset link) never are.
`;

const STATES: readonly MailStatus[] = ['queued', 'sending', 'sent', 'failed'];

function describe(m: MailRecord): Record<string, unknown> {
  return {
    id: m.id, status: m.status, kind: m.kind, to: m.to, subject: m.subject, attempts: m.attempts,
    created_at: new Date(m.createdAt).toISOString(),
    next_attempt_at: m.status === 'queued' ? new Date(m.nextAttemptAt).toISOString() : null,
    sent_at: m.sentAt === null ? null : new Date(m.sentAt).toISOString(),
    last_error: m.lastError,
  };
}

export async function mailStatusCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_OPTIONS, all: { type: 'boolean' }, json: { type: 'boolean' }, limit: { type: 'string' } }, strict: true });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    io.stderr.write('--limit must be an integer from 1 to 10000\n');
    return 2;
  }
  const config = configFrom(values, io.env);
  const store = await openStores(config);
  try {
    const counts = await store.mailOutbox.countMailByStatus();
    const listed = values.all ? STATES : (['queued', 'sending', 'failed'] as const);
    const messages = (await store.mailOutbox.listMail(listed, limit)).map(describe);
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ counts, messages, mail_configured: config.mail.url !== undefined })}\n`);
    } else {
      io.stdout.write(`${STATES.map((s) => `${s}: ${counts[s]}`).join('  ')}\n`);
      if (config.mail.url === undefined) io.stdout.write(`mail.url is not set: messages are written to ${config.dataDir}/outbox/ instead of being sent\n`);
      for (const m of messages) {
        const when = m.status === 'queued' ? ` next attempt ${String(m.next_attempt_at)}` : '';
        const error = m.last_error ? `\n    last error: ${String(m.last_error)}` : '';
        io.stdout.write(`${String(m.id)}  ${String(m.status).padEnd(7)} ${String(m.kind)} → ${String(m.to)}  "${String(m.subject)}"  attempts ${String(m.attempts)}${when}${error}\n`);
      }
    }
    return counts.failed > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
