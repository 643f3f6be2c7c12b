// `lightbox user unlock`: the recovery path for an account hard-locked after too many failed logins.
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, configFrom } from '../common.ts';
import { UsageError, type CommandIO } from '../io.ts';
import { clearSharedLoginThrottle, openStores } from '../../main.ts';
import { loginKey } from '../../auth/identifiers.ts';
import { accountThrottleKey } from '../../auth/accounts.ts';
import { AppError } from '../../errors.ts';

export async function userUnlockCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_OPTIONS, email: { type: 'string' } }, strict: true });
  if (values.help) {
    io.stdout.write('Usage: lightbox user unlock --email EMAIL_OR_USERNAME [--data DIR]\n\nClears the hard lock set after 100 consecutive failed logins. With redis.url the shared failure counters\nare cleared too; a server without Redis forgets its in-memory counters only when restarted.\n');
    return 0;
  }
  if (!values.email) throw new UsageError('--email is required');
  const config = configFrom(values, io.env);
  const store = await openStores(config);
  try {
    const user = await store.users.findUserByLoginKey(loginKey(values.email));
    if (!user) throw new AppError('not_found', 'No such user');
    await store.users.setUserLocked(user.id, null);
    await clearSharedLoginThrottle(config, store, accountThrottleKey(user.id));
    io.stdout.write(user.lockedAt === null ? `User ${user.id} was not locked\n` : `Unlocked user ${user.id} (${user.email})\n`);
    return 0;
  } finally {
    await store.close();
  }
}
