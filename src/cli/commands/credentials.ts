// `lightbox tokens create|list|revoke` and `lightbox app-keys create|list|revoke`: personal access tokens and application keys.
import { parseArgs } from 'node:util';
import { UsageError, readAllStdin, type CommandIO } from '../io.ts';
import { CLIENT_OPTIONS, EXIT, clientCommand, printList, savedClient } from '../client-context.ts';
import type { AccessTokenInput } from '../../client/index.ts';

export const TOKENS_HELP = `Usage: lightbox tokens create --name NAME --scope SCOPE [--scope SCOPE...] [--expires-at ISO] [--password-stdin]
       lightbox tokens list [--json]
       lightbox tokens revoke ID

Personal access tokens (lbx_pat_…). The secret is printed once, on create. Creating needs a login from the last
15 minutes, or your current password (--password-stdin).`;

export const APP_KEYS_HELP = `Usage: lightbox app-keys create --name NAME [--password-stdin]
       lightbox app-keys list [--json]
       lightbox app-keys revoke ID

Application keys (lbx_app_…) of the active studio, for owners and admins. The key is printed once, on create.`;

const CREATE_OPTIONS = { ...CLIENT_OPTIONS, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } } as const;

function help(io: CommandIO, text: string): number {
  io.stdout.write(`${text}\n`);
  return EXIT.ok;
}

export async function tokensCreateCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CREATE_OPTIONS, scope: { type: 'string', multiple: true }, 'expires-at': { type: 'string' } }, strict: true });
  if (values.help) return help(io, TOKENS_HELP);
  if (!values.name || !values.scope?.length) throw new UsageError('tokens create needs --name and at least one --scope');
  const currentPassword = values['password-stdin'] ? await readAllStdin(io.stdin) : undefined;
  return clientCommand(io, async () => {
    const { client } = savedClient(io, values.server);
    const input = {
      name: values.name as string, scopes: values.scope as AccessTokenInput['scopes'],
      ...(values['expires-at'] ? { expires_at: values['expires-at'] } : {}), ...(currentPassword ? { current_password: currentPassword } : {}),
    };
    const token = await client.accessTokens.create(input);
    io.stderr.write(`Created ${token.id} (${token.scopes.join(', ')}). The token is shown only now:\n`);
    io.stdout.write(`${token.token ?? ''}\n`);
    return EXIT.ok;
  });
}

export async function tokensListCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CLIENT_OPTIONS, json: { type: 'boolean' } }, strict: true });
  if (values.help) return help(io, TOKENS_HELP);
  return clientCommand(io, async () => {
    const rows = await savedClient(io, values.server).client.accessTokens.list();
    printList(io, rows, values.json === true, [
      ['id', (t) => t.id], ['name', (t) => t.name], ['prefix', (t) => t.token_prefix], ['scopes', (t) => t.scopes.join(',')],
      ['expires', (t) => t.expires_at ?? 'never'], ['state', (t) => (t.revoked ? 'revoked' : 'active')],
    ]);
    return EXIT.ok;
  });
}

export async function tokensRevokeCommand(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: CLIENT_OPTIONS, strict: true, allowPositionals: true });
  if (values.help) return help(io, TOKENS_HELP);
  const [id] = positionals;
  if (id === undefined || positionals.length !== 1) throw new UsageError('tokens revoke needs exactly one token id');
  return clientCommand(io, async () => {
    await savedClient(io, values.server).client.accessTokens.revoke(id);
    io.stdout.write(`Revoked ${id}\n`);
    return EXIT.ok;
  });
}

export async function appKeysCreateCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: CREATE_OPTIONS, strict: true });
  if (values.help) return help(io, APP_KEYS_HELP);
  if (!values.name) throw new UsageError('app-keys create needs --name');
  const currentPassword = values['password-stdin'] ? await readAllStdin(io.stdin) : undefined;
  return clientCommand(io, async () => {
    const key = await savedClient(io, values.server).client.appKeys.create({ name: values.name as string, ...(currentPassword ? { current_password: currentPassword } : {}) });
    io.stderr.write(`Created ${key.id}. The key is shown only now:\n`);
    io.stdout.write(`${key.key ?? ''}\n`);
    return EXIT.ok;
  });
}

export async function appKeysListCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CLIENT_OPTIONS, json: { type: 'boolean' } }, strict: true });
  if (values.help) return help(io, APP_KEYS_HELP);
  return clientCommand(io, async () => {
    const rows = await savedClient(io, values.server).client.appKeys.list();
    printList(io, rows, values.json === true, [['id', (k) => k.id], ['name', (k) => k.name], ['prefix', (k) => k.key_prefix], ['state', (k) => (k.revoked ? 'revoked' : 'active')]]);
    return EXIT.ok;
  });
}

export async function appKeysRevokeCommand(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: CLIENT_OPTIONS, strict: true, allowPositionals: true });
  if (values.help) return help(io, APP_KEYS_HELP);
  const [id] = positionals;
  if (id === undefined || positionals.length !== 1) throw new UsageError('app-keys revoke needs exactly one key id');
  return clientCommand(io, async () => {
    await savedClient(io, values.server).client.appKeys.revoke(id);
    io.stdout.write(`Revoked ${id}\n`);
    return EXIT.ok;
  });
}
