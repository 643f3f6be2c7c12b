// Parses a single-range `Range: bytes=…` header (RFC 9110 §14) against a file size.

export type RangeRequest = { kind: 'none' } | { kind: 'unsatisfiable' } | { kind: 'range'; start: number; end: number };

const SPEC = /^(\d{0,15})-(\d{0,15})$/;

/**
 * `none` means "send the whole file": no header, another unit, several ranges (allowed to be ignored) or a
 * malformed value. `unsatisfiable` is a well-formed range that selects no byte of this file (416).
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'none' };
  const m = /^bytes=(.*)$/i.exec(header.trim());
  if (!m || (m[1] as string).includes(',')) return { kind: 'none' };
  const spec = SPEC.exec((m[1] as string).trim());
  if (!spec || (spec[1] === '' && spec[2] === '')) return { kind: 'none' };
  if (spec[1] === '') {
    const suffix = Number(spec[2]);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(spec[1]);
  const end = spec[2] === '' ? size - 1 : Number(spec[2]);
  if (start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: Math.min(end, size - 1) };
}
