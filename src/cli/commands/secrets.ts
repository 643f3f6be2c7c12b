// `lightbox secrets rotate csrf`: a new CSRF signing key; tokens signed with the previous one keep working until the next rotation.
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, configFrom } from '../common.ts';
import { UsageError, type CommandIO } from '../io.ts';
import { openStores } from '../../main.ts';
import { CSRF_KEYS_KEPT, rotateCsrfKeys } from '../../auth/csrf-keys.ts';
import { SYSTEM_CLOCK } from '../../lib/clock.ts';

export const SECRETS_HELP = `Usage: lightbox secrets rotate csrf [--data DIR]

Puts a new CSRF signing key first. New tokens are signed with it; tokens signed with the previous key are still
accepted, so pages already open keep working. Keys older than the previous one are dropped (${CSRF_KEYS_KEPT} are kept).
A running server picks the new key up within an hour (its hourly sweep), or at once when restarted.`;

export async function secretsRotateCommand(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: COMMON_OPTIONS, strict: true, allowPositionals: true });
  if (values.help) {
    io.stdout.write(`${SECRETS_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'csrf') throw new UsageError('secrets rotate takes one secret name: csrf');
  const store = await openStores(configFrom(values, io.env));
  try {
    const keys = await rotateCsrfKeys(store.secrets, SYSTEM_CLOCK);
    io.stdout.write(`Rotated the CSRF signing key (${keys.length} key${keys.length === 1 ? '' : 's'} now accepted)\n`);
  } finally {
    await store.close();
  }
  return 0;
}
