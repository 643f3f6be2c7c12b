// Reads the Prometheus text exposition format into sample values, for tests that scrape /metrics.
import assert from 'node:assert/strict';

/** One sample's key: its name and its labels sorted by name, as `name{a="1",b="2"}` (just `name` without labels). */
export function sampleKey(name: string, labels: Record<string, string> = {}): string {
  const pairs = Object.keys(labels).sort().map((k) => `${k}="${labels[k] as string}"`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample of a scrape by sampleKey; comments (HELP, TYPE) skipped; a malformed line fails the test. */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    assert.ok(m, `a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1] as string] = (l[2] as string).replace(/\\(.)/g, '$1');
    out.set(sampleKey(m[1] as string, labels), Number(m[3]));
  }
  return out;
}

/** The value of a sample, 0 when the scrape does not have it (a counter not yet touched). */
export function sample(samples: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  return samples.get(sampleKey(name, labels)) ?? 0;
}
