// Removes credentials from URLs before they reach a log line.
const SECRET_PARAMS = /([?&](?:auth_token|token|access_token|api_key|key|refresh)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[REDACTED]');
}
