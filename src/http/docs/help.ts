// buildHelp: the content of GET /api/help, a pure function of the configuration and the base URL to print.
import { STATUS_CODES } from 'node:http';
import type { Config } from '../../config.ts';
import { ERROR_STATUS } from '../../errors.ts';
import { CSRF_HEADERS } from '../../auth/csrf.ts';
import type { ErrorStatus, HelpDocument } from './help-schema.ts';
import { applicationKeyExample, enabledSchemes, type ExampleContext } from './help-schemes.ts';

export const DOCS_PATHS = { help: '/api/help', openapi: '/api/schema', swaggerUI: '/api/swagger', redoc: '/api/redoc' } as const;

const MEANING: Record<number, string> = {
  400: 'Malformed request, or two credentials that disagree (ambiguous_credentials)',
  401: 'No usable credential: missing, expired, revoked or wrong. Log in (again) or fix the credential.',
  403: 'Authenticated but not allowed: role, token scope, CSRF, cross-site origin, HTTPS-only Basic, or a studio you are not in',
  404: 'No such resource in your active studio (ids from other studios are 404 too), or no such route',
  405: 'The path exists but not with this method; see the Allow header',
  409: 'Conflicts with existing data',
  413: 'Body too large',
  415: 'Wrong Content-Type for this route (JSON, form or multipart as documented)',
  422: 'Validation failed; details maps each field to its problem',
  429: 'Too many attempts; wait Retry-After seconds',
  503: 'Temporarily unavailable or busy; retry after Retry-After seconds',
};

const HEADERS: Record<number, string[]> = {
  401: ['WWW-Authenticate: Bearer realm="lightbox"'],
  405: ['Allow'],
  429: ['Retry-After'],
  503: ['Retry-After'],
};

const HEADER_WORDS: Record<string, string> = { x: 'X', csrf: 'CSRF', csrftoken: 'CSRFToken' };

/** x-csrf-token → X-CSRF-Token: the spelling the seeds' documents use. */
function displayHeaderName(name: string): string {
  return name.split('-').map((w) => HEADER_WORDS[w] ?? `${w.charAt(0).toUpperCase()}${w.slice(1)}`).join('-');
}

/** The error table, read from the one error vocabulary (src/errors.ts) so it cannot drift from what the server sends. */
function errorStatuses(): ErrorStatus[] {
  const byStatus = new Map<number, string[]>();
  for (const [code, status] of Object.entries(ERROR_STATUS)) byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  return [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, codes]) => ({
    status,
    meaning: MEANING[status] ?? STATUS_CODES[status] ?? 'Error',
    codes,
    headers: HEADERS[status] ?? [],
  }));
}

export function buildHelp(config: Config, baseUrl: string, version: string): HelpDocument {
  const base = baseUrl.replace(/\/+$/, '');
  const ctx: ExampleContext = { base, appKey: config.auth.requireAppKey, cookies: config.cookies };
  const { auth, loginThrottle: t } = config;
  const notEnabled: HelpDocument['authentication']['not_enabled'] = [];
  if (!auth.basic.enabled) notEnabled.push({ id: 'basic', name: 'HTTP Basic', setting: 'auth.basic.enabled' });
  if (!auth.tokenQueryParam) notEnabled.push({ id: 'token_query', name: 'auth_token query parameter', setting: 'auth.tokenQueryParam' });

  const help: HelpDocument = {
    name: 'Lightbox API',
    version,
    base_url: base,
    documentation: {
      help: `${base}${DOCS_PATHS.help}`,
      openapi: `${base}${DOCS_PATHS.openapi}`,
      swagger_ui: `${base}${DOCS_PATHS.swaggerUI}`,
      redoc: `${base}${DOCS_PATHS.redoc}`,
      jwks: `${base}/.well-known/jwks.json`,
      readme: 'README.md in the Lightbox repository: "Every credential scheme" and "API documentation"',
    },
    authentication: {
      summary: 'Every request resolves, through one pipeline, to one principal (user, active studio, scopes, scheme); GET /api/auth/me reports which scheme was used in auth.scheme. Gallery visitors use a separate gallery_session cookie from POST /galleries/login that never works on the Studio API.',
      precedence: [
        'A request carries one user credential.',
        'A header credential (Authorization, X-Auth-Token, the auth_token query parameter) wins over cookies and is never replaced by them: if it is invalid the request fails.',
        `Without one, the ${config.cookies.session} cookie, then the ${config.cookies.jwt} cookie, is used.`,
        'Two credentials naming different users, or two different header credentials, are refused with 400 ambiguous_credentials.',
      ],
      schemes: enabledSchemes(config, ctx),
      not_enabled: notEnabled,
      csrf: {
        headers: CSRF_HEADERS.map(displayHeaderName),
        cookie: config.cookies.csrf,
        form_field: 'csrf_token',
        token_endpoint: 'GET /api/csrf',
        description: `Needed on POST, PUT, PATCH and DELETE authenticated by a cookie (${config.cookies.session} or ${config.cookies.jwt}). Send the csrf_token from the login response, or the value of the ${config.cookies.csrf} cookie (double submit), in any of the headers. Tokens are bound to the session: one from another session never passes.`,
      },
    },
    errors: {
      format: 'Every error is JSON: {"error": "<HTTP reason>", "message": "<human readable>", "code": "<stable snake_case>", "details"?: {...}}. Branch on code, not on message.',
      example: { error: 'Unauthorized', message: 'Session expired or invalid', code: 'session_invalid' },
      statuses: errorStatuses(),
    },
    rate_limits: {
      description: `Logins (every password check: login, token obtain, Basic) are throttled per account and per client IP: after ${t.freeFailures} consecutive failures an account gets doubling delays (429 too_many_attempts with Retry-After, from ${t.baseDelay} s up to ${t.maxDelay} s), and after ${t.hardLockAfter} it is locked until an administrator unlocks it (429 account_locked). ${t.ipMaxFailures} failures from one IP within ${t.ipWindow} s make that IP wait. Password hashing runs in a bounded queue; when it is full the answer is 503 overloaded with Retry-After.`,
      login: {
        free_failures: t.freeFailures,
        base_delay_seconds: t.baseDelay,
        max_delay_seconds: t.maxDelay,
        hard_lock_after: t.hardLockAfter,
        ip_max_failures: t.ipMaxFailures,
        ip_window_seconds: t.ipWindow,
      },
      retry: 'Retry 429 and 503 after the Retry-After seconds, with backoff; do not retry other 4xx answers unchanged.',
    },
    unauthorized_vs_forbidden: {
      '401': 'Who are you? The credential is missing or no longer valid (authentication_required, session_invalid, invalid_token, invalid_credentials, api_key_required, …). Carries WWW-Authenticate: Bearer realm="lightbox", never a Basic challenge.',
      '403': 'You may not do this: the credential is valid but lacks the role or scope (insufficient_permissions, insufficient_scope), the CSRF header is missing (csrf_failed), the request came from another site (origin_rejected), or Basic was sent over plain HTTP (https_required). Logging in again does not help.',
    },
  };
  if (auth.requireAppKey) {
    help.authentication.application_key = {
      header: 'X-Api-Key',
      description: 'This server requires a registered application key (lbx_app_…) in X-Api-Key on every /api/ request, in addition to the user credential. Missing: 401 api_key_required; unknown or revoked: 401 invalid_api_key.',
      obtain: 'An owner or admin registers the application with POST /api/v1/app-keys {"name"} (the key is shown once). That request needs a key too while auth.requireAppKey is on, so register the first one before turning it on.',
      exempt: [DOCS_PATHS.help, DOCS_PATHS.openapi, DOCS_PATHS.swaggerUI, DOCS_PATHS.redoc],
      example: applicationKeyExample(ctx),
    };
  }
  return help;
}
