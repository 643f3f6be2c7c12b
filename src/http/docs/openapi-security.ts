// OpenAPI security schemes for every Lightbox credential, and each operation's `security` derived from its route policy.
import type { Config } from '../../config.ts';
import type { RoutePolicy } from '../types.ts';
import { appKeyRequired } from '../app-key-gate.ts';

export type SecurityScheme =
  | { type: 'apiKey'; in: 'header' | 'cookie' | 'query'; name: string; description: string }
  | { type: 'http'; scheme: 'bearer' | 'basic'; bearerFormat?: string; description: string };

/** One alternative: every named scheme in it must be present together (OpenAPI AND); the list is OR. */
export type SecurityRequirement = Record<string, string[]>;

export const SCHEME = {
  session: 'sessionCookie',
  csrf: 'csrfHeader',
  jwt: 'jwtBearer',
  jwtCookie: 'jwtCookie',
  token: 'authToken',
  tokenBearer: 'authTokenBearer',
  tokenQuery: 'authTokenQuery',
  basic: 'basicAuth',
  appKey: 'appKey',
  pat: 'personalAccessToken',
  visitor: 'visitorSession',
} as const;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every scheme Lightbox knows; the descriptions say which are switched off on this server. */
export function securitySchemes(config: Config): Record<string, SecurityScheme> {
  const { auth, cookies } = config;
  const off = (on: boolean, setting: string): string => (on ? '' : ` Disabled on this server (${setting}).`);
  return {
    [SCHEME.session]: {
      type: 'apiKey', in: 'cookie', name: cookies.session,
      description: `Browser session from POST /api/auth/login (cookie mode). Unsafe methods also need ${SCHEME.csrf}.`,
    },
    [SCHEME.csrf]: {
      type: 'apiKey', in: 'header', name: 'X-CSRF-Token',
      description: `CSRF token for cookie-authenticated POST/PUT/PATCH/DELETE. X-CSRFToken and X-CSRF are accepted too; the value is the csrf_token from the login response or the ${cookies.csrf} cookie (double submit). GET /api/csrf issues one.`,
    },
    [SCHEME.jwt]: {
      type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
      description: `JWT access token from POST /api/auth/token/obtain (refresh with POST /api/auth/token/refresh; ${auth.jwt.accessTtl} s lifetime).`,
    },
    [SCHEME.jwtCookie]: {
      type: 'apiKey', in: 'cookie', name: cookies.jwt,
      description: `The ${cookies.jwt} cookie set by the JWT endpoints; unsafe methods also need ${SCHEME.csrf}.`,
    },
    [SCHEME.token]: {
      type: 'apiKey', in: 'header', name: 'X-Auth-Token',
      description: 'Token-mode token from POST /api/auth/login with "mode": "token". No CSRF token needed.',
    },
    [SCHEME.tokenBearer]: {
      type: 'http', scheme: 'bearer', bearerFormat: 'opaque',
      description: 'The token-mode token sent as Authorization: Bearer instead of X-Auth-Token.',
    },
    [SCHEME.tokenQuery]: {
      type: 'apiKey', in: 'query', name: 'auth_token',
      description: `The token-mode token as a query parameter (PhotoShelter compatibility).${off(auth.tokenQueryParam, 'auth.tokenQueryParam')}`,
    },
    [SCHEME.basic]: {
      type: 'http', scheme: 'basic',
      description: `HTTP Basic with email or username and password, HTTPS only${auth.basic.allowInsecure ? ' (plain HTTP allowed by auth.basic.allowInsecure)' : ''}.${off(auth.basic.enabled, 'auth.basic.enabled')}`,
    },
    [SCHEME.appKey]: {
      type: 'apiKey', in: 'header', name: 'X-Api-Key',
      description: `Application key (lbx_app_…), sent in addition to the user's credential on every /api/ request but the documentation.${off(auth.requireAppKey, 'auth.requireAppKey')}`,
    },
    [SCHEME.pat]: {
      type: 'http', scheme: 'bearer', bearerFormat: 'lbx_pat_…',
      description: 'Personal access token from POST /api/v1/access-tokens; the requirement lists the scope the operation needs.',
    },
    [SCHEME.visitor]: {
      type: 'apiKey', in: 'cookie', name: cookies.visitorSession,
      description: `Gallery visitor session from the collection login; unsafe methods also need ${SCHEME.csrf} (the visitor's token).`,
    },
  };
}

/** The user credentials an authenticated route accepts on this server, as OpenAPI alternatives. */
function userAlternatives(config: Config, unsafe: boolean, permission: string | null): SecurityRequirement[] {
  const withCsrf = (name: string): SecurityRequirement => (unsafe ? { [name]: [], [SCHEME.csrf]: [] } : { [name]: [] });
  const list: SecurityRequirement[] = [
    withCsrf(SCHEME.session),
    { [SCHEME.jwt]: [] },
    withCsrf(SCHEME.jwtCookie),
    { [SCHEME.token]: [] },
    { [SCHEME.tokenBearer]: [] },
  ];
  if (config.auth.tokenQueryParam) list.push({ [SCHEME.tokenQuery]: [] });
  if (config.auth.basic.enabled) list.push({ [SCHEME.basic]: [] });
  list.push({ [SCHEME.pat]: permission === null ? [] : [permission] });
  return list;
}

/**
 * What an operation needs, read from the route's policy exactly as src/http/plugins/policy.ts enforces it:
 * public → nothing ([]); optional → nothing or any credential; authenticated → any credential (cookies plus CSRF on
 * unsafe methods); visitor → the visitor cookie. With auth.requireAppKey, /api/ routes other than the docs also need X-Api-Key.
 */
export function securityFor(config: Config, policy: RoutePolicy | undefined, methods: readonly string[], url: string): SecurityRequirement[] {
  const unsafe = methods.some((m) => UNSAFE.has(m));
  if (policy === undefined) return [];
  if (policy.access === 'visitor') return [unsafe ? { [SCHEME.visitor]: [], [SCHEME.csrf]: [] } : { [SCHEME.visitor]: [] }];
  const needsAppKey = config.auth.requireAppKey && appKeyRequired(url, policy);
  const appKey = (r: SecurityRequirement): SecurityRequirement => (needsAppKey ? { ...r, [SCHEME.appKey]: [] } : r);
  if (policy.access === 'public') return needsAppKey ? [{ [SCHEME.appKey]: [] }] : [];
  const alternatives = userAlternatives(config, unsafe, policy.access === 'authenticated' ? policy.permission : null).map(appKey);
  return policy.access === 'optional' ? [appKey({}), ...alternatives] : alternatives;
}
