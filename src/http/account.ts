// Your sessions and credentials as you see them, for the account API and the security page alike: every kind (cookie,
// token mode, JWT family, personal access token) with where it started; end one, or every one but this.
import Type, { type Static } from 'typebox';
import Bowser from 'bowser';
import { AppError } from '../errors.ts';
import { isIdOf } from '../lib/ids.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import type { AccessTokenRecord, SessionListing } from '../store/types.ts';
import type { AppDeps } from './deps.ts';

/** A session's public id: 24 of the 43 base64url characters of its stored id (the SHA-256 of its token), so it names the session, not the secret. */
const SESSION_ID_CHARS = 24;
const publicSessionId = (storedId: string): string => `ses_${storedId.slice(0, SESSION_ID_CHARS)}`;
const PUBLIC_SESSION_ID = new RegExp(`^ses_[A-Za-z0-9_-]{${SESSION_ID_CHARS}}$`);

const KINDS = { cookie: 'cookie', token: 'token', jwt: 'jwt' } as const;

export const Credential = Type.Object({
  id: Type.String({ description: 'ses_… for a session (cookie, token mode, JWT family), pat_… for a personal access token' }),
  kind: Type.Union([Type.Literal('cookie'), Type.Literal('token'), Type.Literal('jwt'), Type.Literal('personal_access_token')]),
  current: Type.Boolean({ description: 'True for the credential this request was made with' }),
  name: Type.Union([Type.String(), Type.Null()], { description: 'A personal access token\'s name; null for sessions' }),
  created_at: Type.String(),
  last_seen_at: Type.Union([Type.String(), Type.Null()]),
  expires_at: Type.Union([Type.String(), Type.Null()]),
  client_address: Type.Union([Type.String(), Type.Null()], { description: 'Where the session was started' }),
  user_agent: Type.Union([Type.String(), Type.Null()], { description: 'The User-Agent it was started with' }),
  device: Type.Union([Type.String(), Type.Null()], { description: 'The user agent in words, e.g. "Firefox 133 on Linux"' }),
});

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** "Firefox 133 on Linux"; the raw product token ("curl/8.5.0") when the agent is not a browser Bowser knows. */
export function describeUserAgent(agent: string | null): string | null {
  if (!agent) return null;
  const { browser, os } = Bowser.parse(agent);
  if (!browser.name) return agent.split(/\s/, 1)[0]!.slice(0, 64);
  const version = browser.version?.split('.')[0];
  return `${browser.name}${version ? ` ${version}` : ''}${os.name ? ` on ${os.name}` : ''}`;
}

/** A session as the API shows it; `current` when it is the session of the request looking at it. */
export function fromSession(s: SessionListing, p: UserPrincipal): Static<typeof Credential> {
  return {
    id: publicSessionId(s.id), kind: KINDS[s.kind], current: s.id === p.sessionId, name: null,
    created_at: new Date(s.createdAt).toISOString(), last_seen_at: iso(s.lastSeenAt), expires_at: iso(s.expiresAt),
    client_address: s.clientIp, user_agent: s.userAgent, device: describeUserAgent(s.userAgent),
  };
}

function fromAccessToken(t: AccessTokenRecord): Static<typeof Credential> {
  return {
    id: t.id, kind: 'personal_access_token', current: false, name: t.name,
    created_at: new Date(t.createdAt).toISOString(), last_seen_at: iso(t.lastUsedAt), expires_at: iso(t.expiresAt),
    client_address: null, user_agent: null, device: null,
  };
}

async function liveAccessTokens(deps: AppDeps, userId: string): Promise<AccessTokenRecord[]> {
  const now = deps.clock.now();
  return (await deps.store.accessTokens.listAccessTokens(userId)).filter((t) => t.revokedAt === null && (t.expiresAt === null || t.expiresAt > now));
}

export type AccountCredential = Static<typeof Credential>;

/** Every live credential of the caller: the current session, the other sessions newest first, then personal access tokens. */
export async function listCredentials(deps: AppDeps, p: UserPrincipal): Promise<AccountCredential[]> {
  const [sessions, tokens] = await Promise.all([deps.sessions.listForUser(p.user.id), liveAccessTokens(deps, p.user.id)]);
  // This request's own session first, then the rest newest first: the order a person scans the list in.
  const listed = sessions.map((s) => fromSession(s, p)).sort((x, y) => Number(y.current) - Number(x.current));
  return [...listed, ...tokens.map(fromAccessToken)];
}

/** Ending credentials takes a login credential: a personal access token may list them but not end them. */
function mayEnd(p: UserPrincipal): void {
  if (p.scheme === 'pat') throw new AppError('insufficient_scope', 'Personal access tokens cannot end sessions; use a login session');
}

/** Ends one of the caller's sessions (ses_…) or personal access tokens (pat_…); not_found for anyone else's. */
export async function endCredential(deps: AppDeps, p: UserPrincipal, id: string): Promise<'session' | 'access_token'> {
  mayEnd(p);
  if (isIdOf('pat', id)) {
    if (!(await deps.store.accessTokens.revokeAccessToken(p.user.id, id, deps.clock.now()))) throw new AppError('not_found');
    return 'access_token';
  }
  if (!PUBLIC_SESSION_ID.test(id)) throw new AppError('invalid_id_format');
  const target = (await deps.store.sessions.listUserSessions(p.user.id)).find((s) => publicSessionId(s.id) === id);
  if (!target || !(await deps.sessions.revokeOwn(p.user.id, target.id))) throw new AppError('not_found');
  return 'session';
}

/** "Sign out everywhere else": every session but the caller's own, and personal access tokens when asked. */
export async function revokeOtherCredentials(deps: AppDeps, p: UserPrincipal, includeAccessTokens: boolean): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  mayEnd(p);
  // A Basic request has no session of its own, so "everywhere else" is every session.
  const sessionsEnded = p.sessionId === null ? await deps.sessions.revokeUser(p.user.id) : await deps.sessions.revokeOthers(p.user.id, p.sessionId);
  let tokensRevoked = 0;
  if (includeAccessTokens) {
    for (const t of await liveAccessTokens(deps, p.user.id)) {
      if (await deps.store.accessTokens.revokeAccessToken(p.user.id, t.id, deps.clock.now())) tokensRevoked += 1;
    }
  }
  return { sessionsEnded, tokensRevoked };
}

