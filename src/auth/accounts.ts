// Accounts: creating users (with the password policy) and verifying passwords with throttling and no enumeration.
import { AppError } from '../errors.ts';
import type { NewUser, Role, Store, UserRecord, StudioRecord } from '../store/types.ts';
import type { Clock } from '../lib/clock.ts';
import { checkPasswordPolicy, type PasswordHasher, type PasswordPolicy } from './passwords.ts';
import { emailProblem, loginKey, nameProblem, slugify, usernameProblem } from './identifiers.ts';
import type { LoginLimiter } from './throttle.ts';

export interface AccountDeps {
  store: Store;
  hasher: PasswordHasher;
  clock: Clock;
  passwordPolicy: PasswordPolicy;
}

export interface NewAccount {
  email: string;
  username: string;
  firstName?: string;
  lastName?: string;
  password: string;
}

/** Validates every field at once; throws AppError('validation_failed' | 'weak_password') with per-field details. */
export function validateNewAccount(input: NewAccount, policy: PasswordPolicy): void {
  const details: Record<string, string> = {};
  const email = emailProblem(input.email);
  if (email) details.email = email;
  const username = usernameProblem(input.username);
  if (username) details.username = username;
  for (const [field, label, value] of [['first_name', 'First name', input.firstName], ['last_name', 'Last name', input.lastName]] as const) {
    const problem = nameProblem(value ?? '', label);
    if (problem) details[field] = problem;
  }
  if (Object.keys(details).length > 0) throw new AppError('validation_failed', undefined, { details });
  const context = [input.email, input.username, input.firstName ?? '', input.lastName ?? ''];
  const weak = checkPasswordPolicy(input.password, policy, context);
  if (weak) throw new AppError('weak_password', weak, { details: { password: weak } });
}

/**
 * Validates the account and hashes its password: the row createUser stores. Separate from createAccount so a caller
 * can hash before it opens a transaction (argon2 is slow; a transaction should not wait for it).
 */
export async function prepareNewUser(deps: AccountDeps, input: NewAccount): Promise<NewUser> {
  validateNewAccount(input, deps.passwordPolicy);
  const passwordHash = await deps.hasher.hash(input.password);
  return {
    email: input.email.normalize('NFKC').trim(),
    emailKey: loginKey(input.email),
    username: input.username.normalize('NFKC').trim(),
    usernameKey: loginKey(input.username),
    firstName: (input.firstName ?? '').trim(),
    lastName: (input.lastName ?? '').trim(),
    passwordHash,
    now: deps.clock.now(),
  };
}

export async function createAccount(deps: AccountDeps, input: NewAccount, store: Store = deps.store): Promise<UserRecord> {
  return store.users.createUser(await prepareNewUser(deps, input));
}

/** Finds the studio by its slug or creates it; returns it with whether it was new. */
export async function ensureStudio(store: Store, name: string, now: number): Promise<{ studio: StudioRecord; created: boolean }> {
  const trimmed = name.trim();
  const problem = trimmed.length === 0 ? 'Studio name is required' : nameProblem(trimmed, 'Studio name');
  if (problem) throw new AppError('validation_failed', undefined, { details: { studio: problem } });
  const slug = slugify(trimmed);
  const existing = await store.studios.findStudioBySlug(slug);
  if (existing) return { studio: existing, created: false };
  return { studio: await store.studios.createStudio({ name: trimmed, slug, now }), created: true };
}

/** Creates the user and (when named) the studio and membership in one transaction. */
export async function createAccountInStudio(deps: AccountDeps, input: NewAccount & { studioName?: string; role?: Role }): Promise<{ user: UserRecord; studio: StudioRecord | null }> {
  return deps.store.transaction(async (tx) => {
    const user = await createAccount(deps, input, tx);
    if (!input.studioName) return { user, studio: null };
    const now = deps.clock.now();
    const { studio } = await ensureStudio(tx, input.studioName, now);
    await tx.studios.putMembership({ studioId: studio.id, userId: user.id, role: input.role ?? 'member', now });
    return { user, studio };
  });
}

export interface LoginDeps extends AccountDeps {
  limiter: LoginLimiter;
  /** Structured security events; never receives secrets. */
  audit: (event: string, fields: Record<string, unknown>) => void;
}

/**
 * Verifies an identifier (email or username) and password. Every failure (unknown user, wrong password,
 * disabled or locked account) is the same AppError('invalid_credentials') after the same argon2 work.
 */
/**
 * The login-throttle counter of an account: one per account, whichever of its names (email or username) is typed, so
 * switching names neither doubles the free failures nor delays the hard lock (SECURITY-BAR R8, R9).
 */
export function accountThrottleKey(userId: string): string {
  return `account:${userId}`;
}

export async function verifyPasswordLogin(deps: LoginDeps, identifier: string, password: string, ip: string, scheme: string): Promise<UserRecord> {
  const key = loginKey(identifier);
  // Looked up before the limiter, for known and unknown names alike, so that the counter is the account's.
  const user = await deps.store.users.findUserByLoginKey(key);
  const throttleKey = user ? accountThrottleKey(user.id) : `name:${key}`;
  try {
    await deps.limiter.begin(throttleKey, ip);
  } catch (err) {
    // No identifier: what was typed may be a password in the wrong field (issue #22, defect 3); the IP and scheme say enough.
    deps.audit('login_throttled', { scheme, ip, code: err instanceof AppError ? err.code : 'error' });
    throw err;
  }
  let ok: boolean;
  try {
    ok = user ? await deps.hasher.verify(user.passwordHash, password) : await deps.hasher.verifyDummy(password);
  } catch (err) {
    await deps.limiter.fail(throttleKey, ip); // an attempt that errored still counts; the reservation must be released
    throw err;
  }
  const reason = !user ? 'unknown_user' : !ok ? 'wrong_password' : user.disabledAt !== null ? 'disabled' : user.lockedAt !== null ? 'locked' : null;
  if (reason !== null || !user) {
    const outcome = await deps.limiter.fail(throttleKey, ip);
    if (outcome.hardLocked && user && user.lockedAt === null) {
      await deps.store.users.setUserLocked(user.id, deps.clock.now());
      deps.audit('account_locked', { userId: user.id, scheme, ip });
    }
    // The account when one matched; never the text typed for an unknown one (often a password in the wrong field).
    deps.audit('login_failed', { userId: user?.id ?? null, reason, scheme, ip, failures: outcome.failures });
    throw new AppError('invalid_credentials');
  }
  await deps.limiter.succeed(throttleKey, ip);
  if (deps.hasher.needsRehash(user.passwordHash)) {
    await deps.store.users.updatePasswordHash(user.id, await deps.hasher.hash(password), deps.clock.now());
  }
  deps.audit('login_succeeded', { userId: user.id, scheme, ip });
  return user;
}

/**
 * Stores a new password hash and ends every session of the user (cookie, token mode, JWT families), so a stolen
 * credential does not outlive the change; personal access tokens too when asked. Call it inside a transaction.
 */
export async function replacePassword(tx: Store, userId: string, passwordHash: string, now: number, options: { revokeAccessTokens?: boolean } = {}): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  await tx.users.updatePasswordHash(userId, passwordHash, now);
  const sessionsEnded = await tx.sessions.deleteUserSessions(userId);
  let tokensRevoked = 0;
  if (options.revokeAccessTokens === true) {
    for (const t of await tx.accessTokens.listAccessTokens(userId)) {
      if (t.revokedAt === null && (await tx.accessTokens.revokeAccessToken(userId, t.id, now))) tokensRevoked += 1;
    }
  }
  return { sessionsEnded, tokensRevoked };
}

/**
 * Sets a new password and, in the same transaction, ends every session of the user (cookie, token mode, JWT
 * families). Personal access tokens are credentials of their own that scripts run on: they go too only when asked.
 */
export async function setPassword(deps: AccountDeps, user: UserRecord, newPassword: string, options: { revokeAccessTokens?: boolean } = {}): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  const weak = checkPasswordPolicy(newPassword, deps.passwordPolicy, [user.email, user.username, user.firstName, user.lastName]);
  if (weak) throw new AppError('weak_password', weak, { details: { new_password: weak } });
  const hash = await deps.hasher.hash(newPassword);
  return deps.store.transaction((tx) => replacePassword(tx, user.id, hash, deps.clock.now(), options));
}
