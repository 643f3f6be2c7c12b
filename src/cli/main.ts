// `lightbox`: the command-line entry point. Each command is a small module; this file only dispatches.
import { pathToFileURL } from 'node:url';
import { AppError } from '../errors.ts';
import { packageInfo } from '../lib/package-info.ts';
import { UsageError, type CommandIO } from './io.ts';

export const HELP = `Usage: lightbox <command> [options]

Commands:
  serve            run the server (--host, --port, --data, --demo)
  migrate          create or upgrade the database schema
  user create      add a user (--email, --username, --studio, --role, --password-stdin)
  user unlock      clear an account's hard lock after too many failed logins (--email)
  user reset-password EMAIL
                   set a new password from the shell (--password-stdin); every session of the account ends
  studio create    add a studio (--name)
  secrets rotate   rotate a signing key: csrf (tokens of the previous key stay valid)
  doctor           check the configuration, data directory, database, storage and Redis, and say what to fix
  backup           copy the data directory while the server runs (--to DIR): database, photos, checksums
  restore          restore a backup into an empty data directory, checking every checksum (--from DIR)
  mail status      the outbox: messages queued, sent and failed, with their last error (--all, --json)

Client commands (talk to a running server with the saved login):
  login            log in and save a token (--server URL, --email, --password-stdin)
  logout           end the saved login on the server and delete it
  whoami           the saved login's user, studio and server
  clients list     the active studio's clients (--json)
  collections list the active studio's collections (--q, --sort, --json)
  upload           upload files or folders into a gallery (resumable)
  download         download a collection's photos into a folder (resumable)
  tokens           create, list or revoke personal access tokens
  app-keys         create, list or revoke application keys

lightbox --version prints the version. Server commands take --data DIR (or LIGHTBOX_DATA); every command takes --help.
Exit codes: 0 success, 1 failure, 2 usage or configuration error, 3 authentication (not logged in, or the
saved login expired or was revoked: run lightbox login).`;

type Command = (args: string[], io: CommandIO) => Promise<number>;

/** Each command module is loaded only when it runs, so `--help` and `--version` do not pay for the server's imports. */
const lazy = <M>(load: () => Promise<M>, pick: (module: M) => Command): Command => async (args, io) => pick(await load())(args, io);
const credentials = (): Promise<typeof import('./commands/credentials.ts')> => import('./commands/credentials.ts');
const lists = (): Promise<typeof import('./commands/lists.ts')> => import('./commands/lists.ts');
const login = (): Promise<typeof import('./commands/login.ts')> => import('./commands/login.ts');
const backup = (): Promise<typeof import('./commands/backup.ts')> => import('./commands/backup.ts');
const secrets = (): Promise<typeof import('./commands/secrets.ts')> => import('./commands/secrets.ts');

const COMMANDS: Record<string, Command> = {
  serve: lazy(() => import('./commands/serve.ts'), (m) => m.serveCommand),
  migrate: lazy(() => import('./commands/migrate.ts'), (m) => m.migrateCommand),
  doctor: lazy(() => import('./commands/doctor.ts'), (m) => m.doctorCommand),
  backup: lazy(backup, (m) => m.backupCommand),
  restore: lazy(backup, (m) => m.restoreCommand),
  'mail status': lazy(() => import('./commands/mail-status.ts'), (m) => m.mailStatusCommand),
  'user create': lazy(() => import('./commands/user-create.ts'), (m) => m.userCreateCommand),
  'user unlock': lazy(() => import('./commands/user-unlock.ts'), (m) => m.userUnlockCommand),
  'user reset-password': lazy(() => import('./commands/user-reset-password.ts'), (m) => m.userResetPasswordCommand),
  // The plural reads naturally too ("users reset-password"): the same command.
  'users reset-password': lazy(() => import('./commands/user-reset-password.ts'), (m) => m.userResetPasswordCommand),
  'studio create': lazy(() => import('./commands/studio-create.ts'), (m) => m.studioCreateCommand),
  'secrets rotate': lazy(secrets, (m) => m.secretsRotateCommand),
  login: lazy(login, (m) => m.loginCommand),
  logout: lazy(login, (m) => m.logoutCommand),
  whoami: lazy(() => import('./commands/whoami.ts'), (m) => m.whoamiCommand),
  'clients list': lazy(lists, (m) => m.clientsListCommand),
  'collections list': lazy(lists, (m) => m.collectionsListCommand),
  upload: lazy(() => import('./commands/upload.ts'), (m) => m.uploadCommand),
  download: lazy(() => import('./commands/download.ts'), (m) => m.downloadCommand),
  'tokens create': lazy(credentials, (m) => m.tokensCreateCommand),
  'tokens list': lazy(credentials, (m) => m.tokensListCommand),
  'tokens revoke': lazy(credentials, (m) => m.tokensRevokeCommand),
  'app-keys create': lazy(credentials, (m) => m.appKeysCreateCommand),
  'app-keys list': lazy(credentials, (m) => m.appKeysListCommand),
  'app-keys revoke': lazy(credentials, (m) => m.appKeysRevokeCommand),
  clients: lazy(lists, (m) => groupHelp(m.CLIENTS_LIST_HELP)),
  collections: lazy(lists, (m) => groupHelp(m.COLLECTIONS_LIST_HELP)),
  tokens: lazy(credentials, (m) => groupHelp(m.TOKENS_HELP)),
  'app-keys': lazy(credentials, (m) => groupHelp(m.APP_KEYS_HELP)),
  secrets: lazy(secrets, (m) => groupHelp(m.SECRETS_HELP)),
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
  if (first === '--version' || first === '-v' || first === 'version') {
    io.stdout.write(`${packageInfo().version}\n`);
    return 0;
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
    const { ConfigError } = await import('../config.ts');
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
