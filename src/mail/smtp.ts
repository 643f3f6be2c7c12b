// The SMTP transport over nodemailer: smtp:// requires STARTTLS, smtps:// is implicit TLS.
import { lazyTransporter } from './nodemailer.ts';
import type { MailTransport } from './worker.ts';

export function smtpTransport(url: string, options: { allowPlain?: boolean } = {}): MailTransport {
  const secure = url.startsWith('smtps://');
  const transporter = lazyTransporter((create) => create(url, { secure, requireTLS: !secure && options.allowPlain !== true, ignoreTLS: options.allowPlain === true, connectionTimeout: 10_000 } as never));
  return {
    async send(m): Promise<void> {
      await (await transporter()).sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId });
    },
  };
}
