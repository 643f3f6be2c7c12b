// The load generator: one autocannon run in its own process (pinned by the caller), printing its summary as JSON.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration: number;
  amount?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** A file of cookie header values, one per line: each request takes the next one (touches many sessions). */
  rotateCookiesFile?: string;
  /** Request bodies taken in turn, one per request (logins spread over several accounts). */
  rotateBodies?: string[];
}

export interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const cookies = spec.rotateCookiesFile ? readFileSync(spec.rotateCookiesFile, 'utf8').split('\n').filter(Boolean) : null;
const bodies = spec.rotateBodies && spec.rotateBodies.length > 0 ? spec.rotateBodies : null;
let nextCookie = 0;
let nextBody = 0;

/** Each request takes the next cookie and/or the next body, when the spec rotates them. */
function setupRequest(req: { headers?: Record<string, string>; body?: string }): { headers?: Record<string, string>; body?: string } {
  const out = { ...req };
  if (cookies) out.headers = { ...(req.headers ?? {}), cookie: cookies[nextCookie++ % cookies.length] as string };
  if (bodies) out.body = bodies[nextBody++ % bodies.length] as string;
  return out;
}

const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration }),
  method: spec.method ?? 'GET',
  headers: spec.headers ?? {},
  ...(spec.body !== undefined ? { body: spec.body } : {}),
  ...(cookies || bodies ? { requests: [{ setupRequest }] } : {}),
});

const seconds = result.duration;
const out: LoadResult = {
  requests: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  seconds,
  rps: result.requests.total / seconds,
  p50: result.latency.p50,
  p99: result.latency.p99,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
