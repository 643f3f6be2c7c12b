// Captures what a real Lightbox route answers, so a bare Fastify floor can answer the same bytes.
import { writeFileSync } from 'node:fs';

export interface CapturedReply {
  /** The route's path without the query string (the floor's route). */
  path: string;
  status: number;
  /** Every response header but those Fastify writes itself; Set-Cookie as a list, one header line each. */
  headers: Record<string, string | string[]>;
  body: string;
}

/** Written by Node's HTTP layer on every response, so the floor must not set them twice. */
const FRAMEWORK_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** GETs `url` with `headers` and writes what came back to `file`; a non-2xx answer means a broken case. */
export async function captureReply(url: string, headers: Record<string, string>, file: string): Promise<CapturedReply> {
  const res = await fetch(url, { headers });
  const body = await res.text();
  if (!res.ok) throw new Error(`capture of ${url}: ${res.status} ${body}`);
  const out: Record<string, string | string[]> = {};
  res.headers.forEach((value, name) => {
    if (!FRAMEWORK_HEADERS.has(name) && name !== 'set-cookie') out[name] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  const captured: CapturedReply = { path: new URL(url).pathname, status: res.status, headers: out, body };
  writeFileSync(file, JSON.stringify(captured));
  return captured;
}
