// Removes credentials from URLs before they reach a log line.

/**
 * Query parameters whose values are credentials, compared after the same decoding the query parser applies. Issue #22
 * (defect 3): matching the raw text let `?%61uth_token=…` (which fast-querystring decodes to auth_token, and which
 * therefore authenticates) reach the log in clear.
 */
const SECRET_PARAMS: ReadonlySet<string> = new Set([
  'auth_token', 'token', 'access_token', 'refresh_token', 'id_token', 'api_key', 'apikey', 'key', 'refresh', 'password', 'secret',
  'csrf_token', 'csrftoken', 'code', 'signature', 'sig',
]);
const CENSOR = '[REDACTED]';

/**
 * A query-string name as fast-querystring (Fastify's parser) reads it: `+` is a space, then percent-decoding when the
 * whole name decodes (it keeps the raw text otherwise, as this does).
 */
function parsedName(raw: string): string {
  const plain = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  if (!plain.includes('%')) return plain;
  try {
    return decodeURIComponent(plain);
  } catch {
    return plain;
  }
}

/**
 * Paths whose segment after the prefix is a secret: an invitation link (`/invite/{token}`, issue #20) carries its
 * token in the path so the page can say which studio it is for; the log keeps the route, not the token.
 */
const SECRET_PATH_PREFIXES: readonly string[] = ['/invite/'];

function redactPath(path: string): string {
  for (const prefix of SECRET_PATH_PREFIXES) {
    if (path.length > prefix.length && path.toLowerCase().startsWith(prefix)) {
      const rest = path.slice(prefix.length);
      const end = rest.indexOf('/');
      return `${path.slice(0, prefix.length)}${CENSOR}${end === -1 ? '' : rest.slice(end)}`;
    }
  }
  return path;
}

/**
 * The URL with the value of every credential parameter replaced, and a secret path segment (an invitation token) too;
 * names, other parameters and the rest of the path are kept.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return redactPath(url);
  const path = redactPath(url.slice(0, q));
  const pairs = url.slice(q + 1).split('&');
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as string;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    if (SECRET_PARAMS.has(parsedName(rawName).toLowerCase())) pairs[i] = `${rawName}=${CENSOR}`;
  }
  return `${path}?${pairs.join('&')}`;
}
