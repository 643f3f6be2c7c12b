// splitAuthorization must agree with the pattern it replaces on every input, including odd whitespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitAuthorization } from './authorization-header.ts';

const PATTERN = /^(\S+)(?: +(.*))?$/;

function byPattern(header: string): { scheme: string; rest: string } | null {
  const m = PATTERN.exec(header.trim());
  return m ? { scheme: m[1] as string, rest: m[2] ?? '' } : null;
}

test('common headers split into scheme and credential', () => {
  assert.deepEqual(splitAuthorization('Bearer abc.def.ghi'), { scheme: 'Bearer', rest: 'abc.def.ghi' });
  assert.deepEqual(splitAuthorization('  Basic   dXNlcjpwYXNz  '), { scheme: 'Basic', rest: 'dXNlcjpwYXNz' });
  assert.deepEqual(splitAuthorization('Bearer'), { scheme: 'Bearer', rest: '' });
  assert.deepEqual(splitAuthorization('Bearer a b'), { scheme: 'Bearer', rest: 'a b' });
  assert.equal(splitAuthorization(''), null);
  assert.equal(splitAuthorization('Bearer\tabc'), null);
  assert.equal(splitAuthorization('Bearer abc\ndef'), null);
});

test('agrees with /^(\\S+)(?: +(.*))?$/ on every generated header', () => {
  const alphabet = ['B', 'e', 'x', '.', '=', ' ', ' ', '\t', '\n', '\r', '\v', '\u00a0', '\u1680', '\u2007', '\u2028', '\u2029', '\u202f', '\u3000', '\ufeff', '\u0085', 'é'];
  let seed = 42;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let checked = 0;
  for (let i = 0; i < 50_000; i++) {
    let header = '';
    const length = random(12);
    for (let k = 0; k < length; k++) header += alphabet[random(alphabet.length)];
    assert.deepEqual(splitAuthorization(header), byPattern(header), JSON.stringify(header));
    checked++;
  }
  // Every single code unit up to U+FFFF, alone, between letters and after a scheme.
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    for (const header of [ch, `a${ch}b`, `Bearer ${ch}x`, `Bearer${ch}x`]) {
      assert.deepEqual(splitAuthorization(header), byPattern(header), `U+${c.toString(16)} in ${JSON.stringify(header)}`);
      checked++;
    }
  }
  assert.ok(checked > 300_000);
});
