// The authentication schemes of /api/help: one entry per scheme enabled in this config, each with runnable curl steps.
import type { Config } from '../../config.ts';
import { SCHEME } from './openapi-security.ts';
import type { AuthScheme, CurlStep, Example } from './help-schema.ts';

/** What every example needs to know: where the server is and what each request must carry. */
export interface ExampleContext {
  base: string;
  appKey: boolean;
  cookies: Config['cookies'];
}

const JSON_TYPE = "-H 'Content-Type: application/json'";
const JAR = 'cookies.txt';

/** A curl command line; the URL is double-quoted so $VARIABLES in it expand. /api/ requests carry X-Api-Key when required. */
export function curl(ctx: ExampleContext, path: string, options: string[] = []): string {
  const key = ctx.appKey && path.startsWith('/api/') ? ['-H "X-Api-Key: $APP_KEY"'] : [];
  return ['curl -sS', ...key, ...options, `"${ctx.base}${path}"`].join(' ');
}

/** A shell pipeline stage that prints one string field of a JSON response (no jq needed). */
export function jsonField(name: string): string {
  return `sed -n 's/.*"${name}":"\\([^"]*\\)".*/\\1/p'`;
}

function step(description: string, command: string): CurlStep {
  return { description, command };
}

/** An example's steps, preceded by the application-key variable when the server requires one. */
function example(ctx: ExampleContext, title: string, placeholders: string[], steps: CurlStep[]): Example {
  if (!ctx.appKey) return { title, placeholders, steps };
  return {
    title,
    placeholders: [...placeholders, '<app_key>'],
    steps: [step('This server requires an application key on every /api/ request', "APP_KEY='<app_key>'"), ...steps],
  };
}

function cookieLogin(ctx: ExampleContext): CurlStep[] {
  return [
    step(`Log in: sets the ${ctx.cookies.session} (HttpOnly) and ${ctx.cookies.csrf} cookies; 201 with the user, csrf_token and studios`,
      curl(ctx, '/api/auth/login', [`-c ${JAR}`, JSON_TYPE, `-d '{"email":"<email>","password":"<password>"}'`])),
    step(`Read the CSRF token from the ${ctx.cookies.csrf} cookie (the same value as csrf_token in the login response)`,
      `CSRF=$(awk '$6=="${ctx.cookies.csrf}"{print $7}' ${JAR})`),
  ];
}

function sessionScheme(ctx: ExampleContext): AuthScheme {
  const jar = `-b ${JAR} -c ${JAR}`;
  return {
    id: 'session',
    name: 'Session cookie + CSRF token (browsers, Django-style clients)',
    description: 'Cookie-mode login. The session cookie authenticates every request; POST, PUT, PATCH and DELETE also need the CSRF token in a header (double submit: the same value as the csrftoken cookie). Every response renews the cookie (idle timeout).',
    obtain: 'POST /api/auth/login with {"email" or "username", "password"} (JSON or form)',
    send: [
      { in: 'cookie', name: ctx.cookies.session },
      { in: 'header', name: 'X-CSRF-Token', format: 'also X-CSRFToken or X-CSRF', when: 'POST, PUT, PATCH, DELETE' },
    ],
    csrf: true,
    end: 'POST /api/auth/logout (with the CSRF header): deletes the session server-side and clears both cookies',
    openapi_security: [SCHEME.session, SCHEME.csrf],
    notes: ['curl and scripts send no Origin header and are judged by the CSRF token alone; browsers on another site are refused.'],
    example: example(ctx, 'Log in, read, create a client, log out', ['<email>', '<password>'], [
      ...cookieLogin(ctx),
      step('Reads need only the cookie', curl(ctx, '/api/auth/me', [jar])),
      step('Writes need the CSRF header too', curl(ctx, '/api/v1/clients', [jar, '-X POST', '-H "X-CSRF-Token: $CSRF"', JSON_TYPE,
        `-d '{"email":"ann@example.com","first_name":"Ann","last_name":"Lee"}'`])),
      step('Log out: the session ends on the server', curl(ctx, '/api/auth/logout', [jar, '-X POST', '-H "X-CSRF-Token: $CSRF"'])),
    ]),
  };
}

function tokenScheme(ctx: ExampleContext, queryParam: boolean): AuthScheme {
  const steps = [
    step('Log in in token mode: 200 {"token", "expires_at", "user", "studios"}, no cookie',
      `TOKEN=$(${curl(ctx, '/api/auth/login', [JSON_TYPE, `-d '{"email":"<email>","password":"<password>","mode":"token"}'`])} | ${jsonField('token')})`),
    step('Send it in X-Auth-Token (preferred)', curl(ctx, '/api/v1/clients', ['-H "X-Auth-Token: $TOKEN"'])),
    step('or as a Bearer token', curl(ctx, '/api/auth/me', ['-H "Authorization: Bearer $TOKEN"'])),
  ];
  if (queryParam) steps.push(step('or as the auth_token query parameter', curl(ctx, '/api/auth/me?auth_token=$TOKEN')));
  steps.push(step('End it', curl(ctx, '/api/auth/logout', ['-X POST', '-H "X-Auth-Token: $TOKEN"'])));
  return {
    id: 'token',
    name: 'Token mode (PhotoShelter style)',
    description: 'A constant token for scripts: same idle and absolute expiry as a cookie session, no cookie and no CSRF token.',
    obtain: 'POST /api/auth/login with {"email" or "username", "password", "mode": "token"} (or the form field mode=token)',
    send: [
      { in: 'header', name: 'X-Auth-Token' },
      { in: 'header', name: 'Authorization', format: 'Bearer <token>' },
      ...(queryParam ? [{ in: 'query' as const, name: 'auth_token', format: 'avoid where URLs are logged' }] : []),
    ],
    csrf: false,
    end: 'POST /api/auth/logout with the token',
    openapi_security: [SCHEME.token, SCHEME.tokenBearer, ...(queryParam ? [SCHEME.tokenQuery] : [])],
    notes: queryParam ? [] : ['The auth_token query parameter is turned off on this server (auth.tokenQueryParam).'],
    example: example(ctx, 'Token mode', ['<email>', '<password>'], steps),
  };
}

function jwtScheme(ctx: ExampleContext, config: Config): AuthScheme {
  const pair = `ACCESS=$(printf '%s' "$PAIR" | ${jsonField('access')}); REFRESH=$(printf '%s' "$PAIR" | ${jsonField('refresh')})`;
  return {
    id: 'jwt',
    name: 'JWT access and refresh tokens (LibrePhotos style)',
    description: `EdDSA-signed access tokens (${config.auth.jwt.accessTtl} s) and single-use refresh tokens (${config.auth.jwt.refreshTtl} s). Each refresh returns a new pair; presenting a used refresh token revokes the whole family. The ${ctx.cookies.jwt} cookie (HttpOnly) holds the access token for browsers; through the cookie, unsafe methods need the CSRF header.`,
    obtain: 'POST /api/auth/token/obtain with {"username" or "email", "password"}; renew with POST /api/auth/token/refresh {"refresh"}',
    send: [
      { in: 'header', name: 'Authorization', format: 'Bearer <access>' },
      { in: 'cookie', name: ctx.cookies.jwt, when: 'browsers; unsafe methods also need the CSRF header' },
    ],
    csrf: false,
    end: 'POST /api/auth/logout with the access token: revokes the refresh family and its access tokens at once',
    openapi_security: [SCHEME.jwt, SCHEME.jwtCookie],
    notes: ['Public verification keys: GET /.well-known/jwks.json.'],
    example: example(ctx, 'Obtain, use, refresh, log out', ['<username>', '<password>'], [
      step('Obtain a pair: 200 {"access", "refresh", "csrf_token", "studios"} and the jwt cookie',
        `PAIR=$(${curl(ctx, '/api/auth/token/obtain', [JSON_TYPE, `-d '{"username":"<username>","password":"<password>"}'`])})`),
      step('Keep both tokens', pair),
      step('Call the API', curl(ctx, '/api/auth/me', ['-H "Authorization: Bearer $ACCESS"'])),
      step('Refresh (rotation: the old refresh token stops working)',
        `PAIR=$(${curl(ctx, '/api/auth/token/refresh', [JSON_TYPE, '-d "{\\"refresh\\":\\"$REFRESH\\"}"'])})`),
      step('Keep the new pair', pair),
      step('Log out: the family is revoked', curl(ctx, '/api/auth/logout', ['-X POST', '-H "Authorization: Bearer $ACCESS"'])),
    ]),
  };
}

function basicScheme(ctx: ExampleContext, allowInsecure: boolean): AuthScheme {
  return {
    id: 'basic',
    name: 'HTTP Basic',
    description: allowInsecure
      ? 'Email or username and password on every request. Plain HTTP is allowed on this server (auth.basic.allowInsecure): use that for local testing only.'
      : 'Email or username and password on every request, accepted only over HTTPS (directly or through a trusted proxy); over plain HTTP the answer is 403 https_required.',
    obtain: 'Your email or username and password',
    send: [{ in: 'header', name: 'Authorization', format: 'Basic base64(<username>:<password>)' }],
    csrf: false,
    end: 'Nothing to end; change the password to invalidate it',
    openapi_security: [SCHEME.basic],
    notes: ['Lightbox never answers with a WWW-Authenticate: Basic challenge, so browsers do not cache the credentials.'],
    example: example(ctx, 'HTTP Basic', ['<username>', '<password>'], [
      step('Any request, credentials included', curl(ctx, '/api/auth/me', ["-u '<username>:<password>'"])),
    ]),
  };
}

function patScheme(ctx: ExampleContext): AuthScheme {
  const jar = `-b ${JAR} -c ${JAR}`;
  return {
    id: 'pat',
    name: 'Personal access tokens (scoped, for scripts and integrations)',
    description: 'Long-lived tokens (lbx_pat_…) limited to the scopes you choose, below your own role. Out of scope: 403 insufficient_scope.',
    obtain: 'POST /api/v1/access-tokens {"name", "scopes": [...], "expires_at"?} after a recent login (or with "current_password"); the secret is shown once',
    send: [{ in: 'header', name: 'Authorization', format: 'Bearer lbx_pat_…' }],
    csrf: false,
    end: 'DELETE /api/v1/access-tokens/{id}',
    openapi_security: [SCHEME.pat],
    notes: ['Scopes are permission names: account:read, clients:read, clients:write, galleries:read, galleries:write, photos:write, …'],
    example: example(ctx, 'Create a token with a session, then use it', ['<email>', '<password>'], [
      ...cookieLogin(ctx),
      step('Create it: 201 {"data": {"id", "token", ...}}; keep the token',
        `PAT=$(${curl(ctx, '/api/v1/access-tokens', [jar, '-X POST', '-H "X-CSRF-Token: $CSRF"', JSON_TYPE,
          `-d '{"name":"my script","scopes":["account:read","clients:read"]}'`])} | ${jsonField('token')})`),
      step('Use it', curl(ctx, '/api/v1/clients', ['-H "Authorization: Bearer $PAT"'])),
    ]),
  };
}

/** Only the schemes this configuration accepts right now, in the order a new integration should consider them. */
export function enabledSchemes(config: Config, ctx: ExampleContext): AuthScheme[] {
  const list = [sessionScheme(ctx), tokenScheme(ctx, config.auth.tokenQueryParam), jwtScheme(ctx, config), patScheme(ctx)];
  if (config.auth.basic.enabled) list.push(basicScheme(ctx, config.auth.basic.allowInsecure));
  return list;
}

export function applicationKeyExample(ctx: ExampleContext): Example {
  return example(ctx, 'An application key next to a user credential', ['<email>', '<password>'], [
    step('Log in in token mode (the login itself needs the key too)',
      `TOKEN=$(${curl(ctx, '/api/auth/login', [JSON_TYPE, `-d '{"email":"<email>","password":"<password>","mode":"token"}'`])} | ${jsonField('token')})`),
    step('Every /api/ request carries both', curl(ctx, '/api/auth/me', ['-H "X-Auth-Token: $TOKEN"'])),
  ]);
}
