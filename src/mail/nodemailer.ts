// nodemailer is loaded with the first message, not at start: a server that sends no mail never pays its ~30 ms import.
import type { Transporter } from 'nodemailer';

type CreateTransport = (typeof import('nodemailer'))['createTransport'];

let loading: Promise<CreateTransport> | undefined;

/** nodemailer's createTransport, imported once on first use. */
function loadCreateTransport(): Promise<CreateTransport> {
  loading ??= import('nodemailer').then((m) => (m.default ?? m).createTransport);
  return loading;
}

/** A transporter made on the first call and reused after. */
export function lazyTransporter(make: (create: CreateTransport) => Transporter): () => Promise<Transporter> {
  let made: Promise<Transporter> | undefined;
  return () => (made ??= loadCreateTransport().then(make));
}
