// The visitor JSON API as the gallery page calls it: same origin, JSON in and out, the CSRF token the page carries on
// every unsafe request. Answers are never thrown: { ok, status, body, retryAfter } for the caller to word. A request
// refused for want of a confirmed email (issue #20) opens the page's confirmation prompt and, once confirmed, is
// made once more, so every caller gets the answer it would have had.

const csrf = document.querySelector('meta[name=csrf-token]')?.getAttribute('content') ?? '';

/** @type {(() => Promise<boolean>) | null} */
let confirmEmail = null;

/** What `call` does when the server asks for a confirmed email: resolve true to have the request made again. */
export function onEmailConfirmationRequired(prompt) {
  confirmEmail = prompt;
}

/**
 * @param {string} method
 * @param {string} url
 * @param {unknown} [body]
 * @returns {Promise<{ ok: boolean, status: number, body: any, retryAfter: number | null }>}
 */
export async function call(method, url, body) {
  const answer = await send(method, url, body);
  if (answer.status === 403 && answer.body?.code === 'email_confirmation_required' && confirmEmail && await confirmEmail()) return send(method, url, body);
  return answer;
}

/** One request, as it went. */
async function send(method, url, body) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed = null;
    try { parsed = text === '' ? null : JSON.parse(text); } catch { parsed = null; }
    const retry = Number(res.headers.get('retry-after'));
    return { ok: res.ok, status: res.status, body: parsed, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null };
  } catch {
    return { ok: false, status: 0, body: { code: 'network', message: 'Could not reach the server. Try again.' }, retryAfter: null };
  }
}

/** The error's own message, or a fallback, for a status line. */
export function messageOf(answer, fallback = 'That did not work. Try again.') {
  if (answer?.body?.code === 'email_confirmation_required') return 'This gallery asks you to confirm your email address first.';
  const message = answer?.body?.message;
  return typeof message === 'string' && message !== '' ? message.replace(/\.?$/, '.') : fallback;
}

/** "3 minutes" / "40 seconds", for a Retry-After. */
export function waitText(seconds) {
  if (seconds === null) return 'a little while';
  if (seconds < 90) return `${Math.ceil(seconds)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
