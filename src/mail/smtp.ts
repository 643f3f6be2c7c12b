// The SMTP transport over nodemailer: smtp:// requires STARTTLS, smtps:// is implicit TLS.
import { lazyTransporter } from './nodemailer.ts';
import type { MailTransport } from './worker.ts';

/**
 * The options go in one object with the URL: createTransport's second argument is defaults for every message, not
 * transport options, so options passed there (requireTLS among them) would be silently ignored. The URL's scheme
 * decides implicit TLS (smtps://); for smtp:// STARTTLS is required, so credentials and messages never cross in clear.
 */
function smtpTransporter(url: string, options: { allowPlain?: boolean; timeoutMs?: number }) {
  const plain = options.allowPlain === true;
  return lazyTransporter((create) => create({
    url, requireTLS: !url.startsWith('smtps://') && !plain, ignoreTLS: plain,
    connectionTimeout: options.timeoutMs ?? 10_000, greetingTimeout: options.timeoutMs ?? 10_000,
  } as never));
}

/** Connects, upgrades to TLS and logs in as a message would, then hangs up (`lightbox doctor`); throws what failed. */
export async function verifySmtp(url: string, timeoutMs = 5000): Promise<void> {
  const transporter = await smtpTransporter(url, { timeoutMs })();
  try {
    await transporter.verify();
  } finally {
    transporter.close();
  }
}

export function smtpTransport(url: string, options: { allowPlain?: boolean } = {}): MailTransport {
  const transporter = smtpTransporter(url, options);
  return {
    async send(m): Promise<void> {
      await (await transporter()).sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId });
    },
  };
}
