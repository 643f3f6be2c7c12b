// The base URL printed in documentation: server.publicUrl when set, else the request's own scheme and Host (display only).

/** Host header values we are willing to print in a shell command: a host name or IP literal and an optional port. */
const SAFE_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

export interface RequestOrigin {
  protocol: string;
  host: string;
}

/**
 * Never used for a security decision (links, redirects and cookies do not depend on it). A Host header that is not a
 * plain host[:port] is not echoed: the listening address stands in, so a forged Host cannot put text into curl examples.
 */
export function displayBaseUrl(publicUrl: string | undefined, request: RequestOrigin, fallbackHost: string): string {
  if (publicUrl !== undefined) return publicUrl.replace(/\/+$/, '');
  const protocol = request.protocol === 'https' ? 'https' : 'http';
  const host = SAFE_HOST.test(request.host) ? request.host : fallbackHost;
  return `${protocol}://${host}`;
}
