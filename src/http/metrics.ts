// The server's Prometheus metrics: one prom-client Registry per app (never the global one: a process, or a test run,
// may hold many apps), with labels drawn only from bounded, non-secret sets (route patterns, methods, status codes,
// login schemes). Nothing that a client typed, no user id or email, ever becomes a label.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Requests that matched no route share this one route label, so unknown paths cannot grow the label set. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The schemes passwordLogin and the visitor login report; any other value is counted as `other`. */
const LOGIN_SCHEMES: ReadonlySet<string> = new Set(['password', 'token', 'jwt', 'basic', 'password_change', 'reauth', 'gallery']);

/** Where a refused attempt was counted: the login throttles (studio, gallery) or the per-client request limit. */
export type ThrottleLimiter = 'login' | 'gallery_login' | 'requests';

export interface QueueLoad {
  running: number;
  waiting: number;
}

export interface MetricsOptions {
  /** prom-client's process metrics (CPU, memory, event-loop delay, GC) in the same registry. */
  processMetrics: boolean;
  /** Live studio sessions by kind, read from the store on every scrape. */
  activeSessions: () => Promise<Record<string, number>>;
}

/** Seconds: from a cached session check (well under a millisecond) to a slow upload. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type LoginOutcome = 'success' | 'failure';

/** What an audit event means for the counters: a login outcome by scheme, or a throttle hit. */
const EVENTS: Readonly<Record<string, { login?: LoginOutcome; throttle?: ThrottleLimiter; scheme?: string }>> = {
  login_succeeded: { login: 'success' },
  login_failed: { login: 'failure' },
  login_throttled: { throttle: 'login' },
  gallery_login_succeeded: { login: 'success', scheme: 'gallery' },
  gallery_login_failed: { login: 'failure', scheme: 'gallery' },
  gallery_login_expired: { login: 'failure', scheme: 'gallery' },
  gallery_login_throttled: { throttle: 'gallery_login' },
};

export class Metrics {
  readonly registry: Registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route' | 'status'>;
  private readonly logins: Counter<'scheme' | 'outcome'>;
  private readonly throttles: Counter<'limiter'>;
  private imageQueue: (() => QueueLoad) | undefined;

  constructor(options: MetricsOptions) {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers });
    this.durations = new Histogram({
      name: 'http_request_duration_seconds', help: 'Time from receiving a request to the end of its response, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'], buckets: DURATION_BUCKETS, registers,
    });
    this.logins = new Counter({ name: 'lightbox_logins_total', help: 'Password logins by scheme (password, token, jwt, basic, gallery, ...) and outcome (success, failure)', labelNames: ['scheme', 'outcome'], registers });
    this.throttles = new Counter({ name: 'lightbox_throttle_hits_total', help: 'Attempts refused by a throttle: login, gallery_login (per identifier or address) or requests (the per-client rate limit)', labelNames: ['limiter'], registers });
    for (const limiter of ['login', 'gallery_login', 'requests'] as const) this.throttles.inc({ limiter }, 0);
    for (const outcome of ['success', 'failure'] as const) this.logins.inc({ scheme: 'password', outcome }, 0);
    new Gauge({
      name: 'lightbox_active_sessions', help: 'Studio sessions within their idle and absolute lifetimes, by kind (cookie, token, jwt)', labelNames: ['kind'], registers,
      async collect(): Promise<void> {
        const counts = await options.activeSessions();
        for (const [kind, n] of Object.entries(counts)) this.set({ kind }, n);
      },
    });
    const queue = (): QueueLoad => this.imageQueue?.() ?? { running: 0, waiting: 0 };
    new Gauge({
      name: 'lightbox_image_queue_jobs', help: 'Uploaded images being decoded into their derivatives (running) and waiting for a turn (waiting)', labelNames: ['state'], registers,
      collect(): void {
        const load = queue();
        this.set({ state: 'running' }, load.running);
        this.set({ state: 'waiting' }, load.waiting);
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** One answered request; `route` is the matched pattern (routeOptions.url), undefined when none matched. */
  observeRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    const labels = { method, route: route ?? UNMATCHED_ROUTE, status: String(status) };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }

  /** An audit event (http/audit.ts): logins and throttle hits are counted from the same events the audit log records. */
  securityEvent(kind: string, fields: Record<string, unknown>): void {
    const meaning = EVENTS[kind];
    if (meaning === undefined) return;
    if (meaning.throttle !== undefined) this.throttles.inc({ limiter: meaning.throttle });
    if (meaning.login !== undefined) {
      const scheme = meaning.scheme ?? (typeof fields.scheme === 'string' && LOGIN_SCHEMES.has(fields.scheme) ? fields.scheme : 'other');
      this.logins.inc({ scheme, outcome: meaning.login });
    }
  }

  throttleHit(limiter: ThrottleLimiter): void {
    this.throttles.inc({ limiter });
  }

  /** The server's image queue (api/photos), read on every scrape. */
  watchImageQueue(load: () => QueueLoad): void {
    this.imageQueue = load;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
