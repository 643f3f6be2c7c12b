// The SDK's HTTP core: one request through auth, the retry policy (429/503), one re-login on 401, and error mapping.
import { LightboxError, errorFromResponse } from './errors.ts';
import { RETRYABLE_STATUSES, backoffDelay, parseRetryAfter, type RetryPolicy } from './retry.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface CallOptions {
  /** Cancels the call, including any wait between retries. */
  signal?: AbortSignal;
}

export interface RequestSpec extends CallOptions {
  method: HttpMethod;
  /** A path on the server; may carry a query string (a page's `links.next`). */
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  /** A fresh body per attempt (a stream is read once); `replayable: false` disables retries for it. */
  body?: () => { body: NonNullable<RequestInit['body']>; contentType: string };
  replayable?: boolean;
  headers?: Record<string, string>;
  /** False for the login and refresh calls themselves. */
  authenticate?: boolean;
  /** False: a 401 is reported at once instead of logging in again. */
  reauthenticate?: boolean;
}

export type AuthScheme = 'session' | 'token' | 'jwt' | 'pat' | 'basic';

/** How one credential scheme signs requests and recovers from a 401; `visitor` is the gallery client's. */
export interface AuthStrategy {
  readonly scheme: AuthScheme | 'visitor';
  /** Adds the credential to a request, logging in or refreshing first when needed. */
  apply(headers: Headers, method: HttpMethod, signal: AbortSignal | undefined): Promise<void>;
  /** Sees every response (the session scheme keeps the renewed cookies). */
  observe(res: Response): void;
  /** After a 401: obtain a new credential; true when the request is worth one more try. */
  recover(signal: AbortSignal | undefined): Promise<boolean>;
  /** Takes the credential material a response hands over (a studio switch issues new CSRF or JWT tokens). */
  adopt(body: Record<string, unknown>): void;
  /** True once there is a credential the server could end with a logout. */
  active(): boolean;
  /** Drops every credential held (after logout). */
  forget(): void;
  /** After a password change: later logins use `password`, and a credential the change ended is dropped. */
  passwordChanged(password: string): void;
}

/** A strategy of one of the studio schemes (createClient's). */
export type StudioAuthStrategy = AuthStrategy & { readonly scheme: AuthScheme };

/** Sends one request without authentication, with retries: what strategies use to log in and refresh. */
export type Sender = (spec: RequestSpec) => Promise<Response>;

export interface TransportOptions {
  baseUrl: string;
  fetch: FetchFunction;
  retry: RetryPolicy;
  appKey?: string | undefined;
  credentials?: RequestInit['credentials'] | undefined;
}

const SAFE = new Set<HttpMethod>(['GET']);

export function isUnsafe(method: HttpMethod): boolean {
  return !SAFE.has(method);
}

export class Transport<A extends AuthStrategy = AuthStrategy> {
  readonly auth: A;
  private readonly base: string;

  constructor(private readonly options: TransportOptions, createAuth: (send: Sender) => A) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.auth = createAuth((spec) => this.send({ ...spec, authenticate: false }));
  }

  url(path: string, query: Record<string, QueryValue> = {}): string {
    const url = new URL(path.startsWith('/') ? `${this.base}${path}` : `${this.base}/${path}`);
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    return url.toString();
  }

  /** The response of a successful (2xx or 3xx) call; everything else is thrown as LightboxError. */
  async send(spec: RequestSpec): Promise<Response> {
    const policy = this.options.retry;
    const authenticate = spec.authenticate !== false;
    const canRetry = spec.replayable !== false;
    let waited = 0;
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      const res = await this.attempt(spec, authenticate);
      if (res.ok || (res.status >= 300 && res.status < 400)) return res;
      if (res.status === 401 && authenticate && spec.reauthenticate !== false && canRetry && !reauthenticated) {
        reauthenticated = true;
        const failure = await errorFromResponse(res, undefined);
        if (await this.auth.recover(spec.signal)) {
          attempt--; // a fresh login is not a retry of the budgeted kind
          continue;
        }
        throw failure;
      }
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      if (RETRYABLE_STATUSES.has(res.status) && canRetry && attempt < policy.maxRetries) {
        const delay = backoffDelay(policy, attempt, retryAfter);
        if (waited + delay <= policy.budgetMs) {
          await res.body?.cancel().catch(() => undefined);
          waited += delay;
          await policy.sleep(delay, spec.signal);
          continue;
        }
      }
      throw await errorFromResponse(res, retryAfter);
    }
  }

  async json<T>(spec: RequestSpec): Promise<T> {
    const res = await this.send(spec);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  private async attempt(spec: RequestSpec, authenticate: boolean): Promise<Response> {
    const headers = new Headers({ accept: 'application/json', ...spec.headers });
    if (this.options.appKey !== undefined) headers.set('x-api-key', this.options.appKey);
    if (authenticate) await this.auth.apply(headers, spec.method, spec.signal);
    const init: RequestInit & { duplex?: 'half' } = { method: spec.method, headers, redirect: 'manual' };
    if (this.options.credentials !== undefined) init.credentials = this.options.credentials;
    if (spec.signal) init.signal = spec.signal;
    if (spec.json !== undefined) {
      headers.set('content-type', 'application/json');
      init.body = JSON.stringify(spec.json);
    } else if (spec.body) {
      const { body, contentType } = spec.body();
      headers.set('content-type', contentType);
      init.body = body;
      if (!(body instanceof Blob)) init.duplex = 'half'; // required by fetch for a streamed request body
    }
    let res: Response;
    try {
      res = await this.options.fetch(this.url(spec.path, spec.query), init);
    } catch (err) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      throw new LightboxError(0, 'network_error', `Cannot reach ${this.base}: ${(err as Error).message}`, { cause: err });
    }
    this.auth.observe(res);
    return res;
  }
}
