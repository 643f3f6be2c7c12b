// Shared by the client commands: the saved login as an SDK client, exit codes for API failures, list output.
import { createClient, LightboxError, type LightboxClient } from '../client/index.ts';
import type { CommandIO } from './io.ts';
import { readSavedLogin, type SavedLogin } from './credentials-file.ts';

export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3 } as const;

export const CLIENT_OPTIONS = {
  server: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class NotLoggedIn extends Error {}

export interface Session {
  client: LightboxClient;
  login: SavedLogin;
}

/** The saved login as a token-mode client; `--server` must match it (a token is only good on its own server). */
export function savedClient(io: CommandIO, server: string | undefined): Session {
  const login = readSavedLogin(io.env);
  if (login === null) throw new NotLoggedIn('not logged in: run `lightbox login` first');
  if (server !== undefined && server.replace(/\/+$/, '') !== login.server) throw new NotLoggedIn(`logged in to ${login.server}, not ${server}: run \`lightbox login --server ${server}\``);
  const appKey = io.env.LIGHTBOX_APP_KEY;
  return { login, client: createClient({ baseUrl: login.server, auth: { type: 'token', token: login.token }, ...(appKey ? { appKey } : {}) }) };
}

/** Runs a client command body, turning API failures into messages and the documented exit codes. */
export async function clientCommand(io: CommandIO, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof NotLoggedIn) {
      io.stderr.write(`lightbox: ${err.message}\n`);
      return EXIT.auth;
    }
    if (err instanceof LightboxError) {
      const details = err.details ? ` (${Object.entries(err.details).map(([k, v]) => `${k}: ${String(v)}`).join('; ')})` : '';
      io.stderr.write(`lightbox: ${err.message}${details} [${err.code}]\n`);
      if (err.status === 401) {
        io.stderr.write('lightbox: the saved login is no longer valid: run `lightbox login`\n');
        return EXIT.auth;
      }
      return err.code === 'reauth_required' ? EXIT.auth : EXIT.failure;
    }
    throw err;
  }
}

/** Rows as aligned columns, or the raw objects as JSON with --json. */
export function printList<T>(io: CommandIO, rows: T[], json: boolean, columns: Array<[string, (row: T) => string]>): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    io.stdout.write('(none)\n');
    return;
  }
  const table = [columns.map(([h]) => h.toUpperCase()), ...rows.map((r) => columns.map(([, f]) => f(r)))];
  const widths = columns.map((_, i) => Math.max(...table.map((line) => (line[i] ?? '').length)));
  for (const line of table) io.stdout.write(`${line.map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}\n`);
}
