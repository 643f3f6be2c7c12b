// LightboxError: the one error the SDK throws for an HTTP failure (status, code, message, details) or a network failure.
export interface ErrorBody {
  error?: string;
  message?: string;
  code?: string;
  details?: Record<string, unknown>;
}

export class LightboxError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  /** Seconds from Retry-After when the server sent one (429, 503). */
  readonly retryAfter: number | undefined;

  constructor(status: number, code: string, message: string, options: { details?: Record<string, unknown>; retryAfter?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LightboxError';
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }
}

/** Builds the error from a non-2xx response; a body that is not Lightbox's JSON error shape still gives a useful error. */
export async function errorFromResponse(res: Response, retryAfter: number | undefined): Promise<LightboxError> {
  let body: ErrorBody = {};
  const text = await res.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') body = parsed as ErrorBody;
  } catch {
    // not JSON: keep the status text below
  }
  const code = typeof body.code === 'string' ? body.code : `http_${res.status}`;
  const message = typeof body.message === 'string' ? body.message : (res.statusText || `HTTP ${res.status}`);
  return new LightboxError(res.status, code, message, {
    ...(body.details !== undefined && typeof body.details === 'object' ? { details: body.details } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  });
}
