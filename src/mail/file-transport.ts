// The transport of a server without mail.url: each message becomes data/outbox/<id>.eml (mode 0600, the folder
// 0700) for a developer to read, and one log line with its recipient and subject. A message can carry a secret (a
// reset link), so the log line never holds its body; only the file does.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lazyTransporter } from './nodemailer.ts';
import type { MailTransport } from './worker.ts';

export interface MailLog {
  info(fields: Record<string, unknown>, message: string): void;
}

/** `<ml_…@lightbox>` → `ml_…`: the outbox id, which is also the file name. */
function fileNameOf(messageId: string): string {
  const id = messageId.replace(/^</, '').replace(/@.*$/, '');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error('unexpected Message-ID shape');
  return `${id}.eml`;
}

export function fileTransport(dir: string, log: MailLog): MailTransport {
  // nodemailer composes the same RFC 5322 message SMTP would carry, into a buffer instead of onto a socket.
  const composer = lazyTransporter((create) => create({ streamTransport: true, buffer: true, newline: 'unix' }));
  return {
    async send(m): Promise<void> {
      const info = await (await composer()).sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId });
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, fileNameOf(m.messageId));
      const partial = `${file}.partial`;
      // Written aside and renamed, so a reader never sees half a message; the same id twice overwrites, never duplicates.
      await writeFile(partial, info.message as Buffer, { mode: 0o600 });
      await rename(partial, file);
      log.info({ event: 'mail_written', to: m.to, subject: m.subject, file }, 'mail is not configured; message written to a file');
    },
  };
}
