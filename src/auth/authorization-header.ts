// The Authorization header split into its scheme and the rest, on every request that carries one.

/** Whether a UTF-16 code unit is whitespace as a regular expression's `\s` means it. */
function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The header, trimmed, read as `^(\S+)(?: +(.*))?$`: a scheme of non-whitespace, then optionally spaces and the
 * rest (with no line terminator). Null when it does not have that form. Written out rather than as that pattern
 * because the rest is a ~300-character JWT on many requests; src/auth/authorization-header.test.ts checks the two
 * agree on every input it generates.
 */
export function splitAuthorization(header: string): { scheme: string; rest: string } | null {
  const value = header.trim();
  let end = 0;
  while (end < value.length && !isWhitespace(value.charCodeAt(end))) end++;
  if (end === 0) return null;
  if (end === value.length) return { scheme: value, rest: '' };
  if (value.charCodeAt(end) !== 0x20) return null;
  let start = end + 1;
  while (value.charCodeAt(start) === 0x20) start++;
  if (value.includes('\n', start) || value.includes('\r', start) || value.includes('\u2028', start) || value.includes('\u2029', start)) return null;
  return { scheme: value.slice(0, end), rest: value.slice(start) };
}
