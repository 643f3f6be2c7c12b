// `lightbox`: the command-line entry point. Each command is a small module; this file only dispatches.
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config.ts';
import { AppError } from '../errors.ts';
import { UsageError, type CommandIO } from './io.ts';
import { serveCommand } from './commands/serve.ts';
import { migrateCommand } from './commands/migrate.ts';
import { userCreateCommand } from './commands/user-create.ts';
import { studioCreateCommand } from './commands/studio-create.ts';

export const HELP = `Usage: lightbox <command> [options]

Commands:
  serve            run the server (--host, --port, --data, --demo)
  migrate          create or upgrade the database schema
  user create      add a user (--email, --username, --studio, --role, --password-stdin)
  studio create    add a studio (--name)

Every command takes --data DIR (or LIGHTBOX_DATA) and --help.
Exit codes: 0 success, 1 failure, 2 usage or configuration error.`;

type Command = (args: string[], io: CommandIO) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  'user create': userCreateCommand,
  'studio create': studioCreateCommand,
};

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
