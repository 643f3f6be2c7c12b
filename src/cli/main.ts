// `lightbox`: the command-line entry point. Each command is a small module; this file only dispatches.
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config.ts';
import { AppError } from '../errors.ts';
import { UsageError, type CommandIO } from './io.ts';
import { serveCommand } from './commands/serve.ts';
import { migrateCommand } from './commands/migrate.ts';
import { SECRETS_HELP, secretsRotateCommand } from './commands/secrets.ts';
import { userCreateCommand } from './commands/user-create.ts';
import { studioCreateCommand } from './commands/studio-create.ts';
import { userUnlockCommand } from './commands/user-unlock.ts';
import { loginCommand, logoutCommand } from './commands/login.ts';
import { whoamiCommand } from './commands/whoami.ts';
import { CLIENTS_LIST_HELP, COLLECTIONS_LIST_HELP, clientsListCommand, collectionsListCommand } from './commands/lists.ts';
import { uploadCommand } from './commands/upload.ts';
import { downloadCommand } from './commands/download.ts';
import {
  APP_KEYS_HELP, TOKENS_HELP, appKeysCreateCommand, appKeysListCommand, appKeysRevokeCommand, tokensCreateCommand, tokensListCommand, tokensRevokeCommand,
} from './commands/credentials.ts';

export const HELP = `Usage: lightbox <command> [options]

Commands:
  serve            run the server (--host, --port, --data, --demo)
  migrate          create or upgrade the database schema
  user create      add a user (--email, --username, --studio, --role, --password-stdin)
  user unlock      clear an account's hard lock after too many failed logins (--email)
  studio create    add a studio (--name)
  secrets rotate   rotate a signing key: csrf (tokens of the previous key stay valid)

Client commands (talk to a running server with the saved login):
  login            log in and save a token (--server URL, --email, --password-stdin)
  logout           end the saved login on the server and delete it
  whoami           the saved login's user, studio and server
  clients list     the active studio's clients (--json)
  collections list the active studio's collections (--json)
  upload           upload files or folders into a gallery (resumable)
  download         download a collection's photos into a folder (resumable)
  tokens           create, list or revoke personal access tokens
  app-keys         create, list or revoke application keys

Server commands take --data DIR (or LIGHTBOX_DATA); every command takes --help.
Exit codes: 0 success, 1 failure, 2 usage or configuration error, 3 authentication (not logged in, or the
saved login expired or was revoked: run lightbox login).`;

type Command = (args: string[], io: CommandIO) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  'user create': userCreateCommand,
  'user unlock': userUnlockCommand,
  'studio create': studioCreateCommand,
  'secrets rotate': secretsRotateCommand,
  login: loginCommand,
  logout: logoutCommand,
  whoami: whoamiCommand,
  'clients list': clientsListCommand,
  'collections list': collectionsListCommand,
  upload: uploadCommand,
  download: downloadCommand,
  'tokens create': tokensCreateCommand,
  'tokens list': tokensListCommand,
  'tokens revoke': tokensRevokeCommand,
  'app-keys create': appKeysCreateCommand,
  'app-keys list': appKeysListCommand,
  'app-keys revoke': appKeysRevokeCommand,
  clients: groupHelp(CLIENTS_LIST_HELP),
  collections: groupHelp(COLLECTIONS_LIST_HELP),
  tokens: groupHelp(TOKENS_HELP),
  'app-keys': groupHelp(APP_KEYS_HELP),
  secrets: groupHelp(SECRETS_HELP),
};

/** A command group without its subcommand: its help, and a usage error unless help was asked for. */
function groupHelp(text: string): Command {
  return async (args, io) => {
    const asked = args.includes('--help') || args.includes('-h');
    (asked ? io.stdout : io.stderr).write(`${text}\n`);
    return asked ? 0 : 2;
  };
}

export async function runCli(argv: string[], io: CommandIO): Promise<number> {
  const [first, second] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(`${HELP}\n`);
    return first ? 0 : 2;
  }
  const two = second ? COMMANDS[`${first} ${second}`] : undefined;
  const command = two ?? COMMANDS[first];
  const rest = argv.slice(two ? 2 : 1);
  if (!command) {
    io.stderr.write(`lightbox: unknown command "${[first, second].filter(Boolean).join(' ')}"\n\n${HELP}\n`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`lightbox: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`lightbox: ${(err as Error).message}\n`);
      return 2;
    }
    if (err instanceof AppError) {
      const details = err.details ? ` (${Object.entries(err.details).map(([k, v]) => `${k}: ${String(v)}`).join('; ')})` : '';
      io.stderr.write(`lightbox: ${err.message}${details}\n`);
      return 1;
    }
    io.stderr.write(`lightbox: ${(err as Error).message}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  const code = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
  process.exitCode = code;
}
