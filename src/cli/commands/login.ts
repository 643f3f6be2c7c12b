// `lightbox login`: a token-mode login whose token is saved (0600) for the other client commands; `logout` ends it.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { obtainToken } from '../../client/index.ts';
import { UsageError, promptHidden, readAllStdin, type CommandIO } from '../io.ts';
import { CLIENT_OPTIONS, EXIT, clientCommand, savedClient } from '../client-context.ts';
import { readSavedLogin, removeSavedLogin, writeSavedLogin } from '../credentials-file.ts';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

export const LOGIN_HELP = `Usage: lightbox login [--server URL] [--email EMAIL | --username NAME] [--password-stdin]

Logs in (token mode) and saves the token with the server URL in $XDG_CONFIG_HOME/lightbox/credentials.json
(or ~/.config/lightbox/credentials.json), readable only by you. The server defaults to LIGHTBOX_URL, then the
last saved server, then ${DEFAULT_SERVER}. The password is prompted for, or read from stdin with --password-stdin.`;

export const LOGOUT_HELP = `Usage: lightbox logout

Ends the saved token's session on the server and deletes the saved credentials.`;

async function prompt(io: CommandIO, question: string): Promise<string> {
  if (!io.stdin.isTTY) throw new UsageError('no terminal to prompt on: pass --email');
  const rl = createInterface({ input: io.stdin, output: io.stdout });
  try {
    return (await new Promise<string>((resolve) => rl.question(question, resolve))).trim();
  } finally {
    rl.close();
  }
}

export async function loginCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CLIENT_OPTIONS, email: { type: 'string' }, username: { type: 'string' }, 'password-stdin': { type: 'boolean' } }, strict: true });
  if (values.help) {
    io.stdout.write(`${LOGIN_HELP}\n`);
    return EXIT.ok;
  }
  const server = (values.server ?? io.env.LIGHTBOX_URL ?? readSavedLogin(io.env)?.server ?? DEFAULT_SERVER).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(server)) throw new UsageError(`--server must be an http(s) URL, got "${server}"`);
  const identity = values.username !== undefined ? { username: values.username } : { email: values.email ?? (await prompt(io, 'Email: ')) };
  const password = values['password-stdin'] ? await readAllStdin(io.stdin) : await promptHidden(io, 'Password: ');
  if (password === '') throw new UsageError('empty password');
  return clientCommand(io, async () => {
    const appKey = io.env.LIGHTBOX_APP_KEY;
    const login = await obtainToken({ baseUrl: server, ...identity, password, ...(appKey ? { appKey } : {}) });
    const path = writeSavedLogin(io.env, { server, token: login.token, expires_at: login.expires_at, email: login.user.email });
    const studio = login.studios[0];
    io.stdout.write(`Logged in to ${server} as ${login.user.username} (${login.user.email})${studio ? ` in ${studio.name}` : ''}\n`);
    io.stderr.write(`Saved credentials to ${path}\n`);
    return EXIT.ok;
  });
}

export async function logoutCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: CLIENT_OPTIONS, strict: true });
  if (values.help) {
    io.stdout.write(`${LOGOUT_HELP}\n`);
    return EXIT.ok;
  }
  if (readSavedLogin(io.env) === null) {
    io.stdout.write('Not logged in\n');
    return EXIT.ok;
  }
  return clientCommand(io, async () => {
    const { client, login } = savedClient(io, values.server);
    try {
      await client.logout();
    } finally {
      removeSavedLogin(io.env);
    }
    io.stdout.write(`Logged out of ${login.server}\n`);
    return EXIT.ok;
  });
}
