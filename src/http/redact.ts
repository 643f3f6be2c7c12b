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

/** The URL with the value of every credential parameter replaced; names, other parameters and the path are kept. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const pairs = url.slice(q + 1).split('&');
  let changed = false;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as string;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    if (!SECRET_PARAMS.has(parsedName(rawName).toLowerCase())) continue;
    pairs[i] = `${rawName}=${CENSOR}`;
    changed = true;
  }
  return changed ? `${url.slice(0, q + 1)}${pairs.join('&')}` : url;
}
