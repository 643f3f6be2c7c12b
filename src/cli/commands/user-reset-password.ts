// `lightbox user reset-password EMAIL`: set a user's password from the shell (a server without mail, a lost owner
// password), under the password policy; every session ends, as with a reset by mailed link.
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, configFrom } from '../common.ts';
import { readPassword, UsageError, type CommandIO } from '../io.ts';
import { clearSharedLoginThrottle, createDeps, openStores } from '../../main.ts';
import { loginKey } from '../../auth/identifiers.ts';
import { resetPasswordDirectly } from '../../auth/password-reset.ts';
import { AppError } from '../../errors.ts';

export const USER_RESET_PASSWORD_HELP = `Usage: lightbox user reset-password EMAIL [--password-stdin] [--revoke-personal-access-tokens] [--data DIR]

Sets a new password for the account with that email address or username, under the password policy. Every session,
token-mode token and JWT sign-in of the account ends, a hard lock after failed logins is cleared, and reset links
still in a mailbox stop working. Personal access tokens keep working unless --revoke-personal-access-tokens is given
(as with a password change). The password is read from standard input with --password-stdin, otherwise prompted for
twice (never an argument).`;

export async function userResetPasswordCommand(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...COMMON_OPTIONS, email: { type: 'string' }, 'password-stdin': { type: 'boolean' }, 'revoke-personal-access-tokens': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${USER_RESET_PASSWORD_HELP}\n`);
    return 0;
  }
  const email = positionals[0] ?? values.email;
  if (email === undefined || positionals.length > 1) throw new UsageError('give one EMAIL (or --email EMAIL)');
  const config = configFrom(values, io.env);
  const store = await openStores(config);
  try {
    const user = await store.users.findUserByLoginKey(loginKey(email));
    if (!user) throw new AppError('not_found', 'No such user');
    const password = await readPassword(io, values['password-stdin'] === true);
    const deps = await createDeps(config, store);
    const done = await resetPasswordDirectly(
      { store, hasher: deps.hasher, clock: deps.clock, limiter: deps.limiter, passwordPolicy: { minLength: config.password.minLength, maxLength: config.password.maxLength } },
      user, password, { revokeAccessTokens: values['revoke-personal-access-tokens'] === true },
    );
    // The shared (Redis) login counters outlive this process; a server's in-memory ones are its own.
    for (const name of new Set([loginKey(user.email), loginKey(user.username)])) await clearSharedLoginThrottle(config, store, name);
    const now = deps.clock.now();
    const memberships = await store.studios.listUserStudios(user.id);
    for (const studioId of memberships.length > 0 ? memberships.map((m) => m.studio.id) : [null]) {
      await store.audit.recordAuditEvent({
        studioId, actorId: user.id, kind: 'password_reset', clientIp: null, userAgent: 'lightbox cli',
        data: { via: 'cli', sessionsEnded: done.sessionsEnded, tokensRevoked: done.tokensRevoked, unlocked: done.unlocked }, now,
      });
    }
    io.stdout.write(`Password reset for user ${user.id} (${user.email}): ${done.sessionsEnded} session${done.sessionsEnded === 1 ? '' : 's'} ended`
      + `${done.tokensRevoked > 0 ? `, ${done.tokensRevoked} personal access token${done.tokensRevoked === 1 ? '' : 's'} revoked` : ''}${done.unlocked ? ', account unlocked' : ''}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
