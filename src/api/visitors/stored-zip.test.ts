// The stored-ZIP writer against two independent readers: yauzl (entries, names, sizes, times, bytes) and Info-ZIP's
// `unzip -t`, which recomputes every entry's CRC-32. Also: the exact length it promises, ZIP64 records for a 4 GiB entry (local header, descriptor, central record) and end records past 65,534
// entries, a file shorter than its record fails the stream, and destroying the archive stops the file being read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { fromBuffer, type Entry } from 'yauzl';
import { storedZip, storedZipLength, type StoredEntry } from './stored-zip.ts';

const CI = process.env.CI === 'true';
const hasUnzip = (() => { try { execFileSync('unzip', ['-v'], { stdio: 'ignore' }); return true; } catch { return false; } })();

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function chunked(data: Buffer, size = 7000): () => Readable {
  return () => Readable.from((function* () { for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size); })(), { objectMode: false });
}

async function readAll(zip: Buffer): Promise<Array<{ name: string; data: Buffer; mtime: Date }>> {
  const file = await new Promise<import('yauzl').ZipFile>((resolve, reject) => fromBuffer(zip, { lazyEntries: true, decodeStrings: true }, (err, z) => (err ? reject(err) : resolve(z as import('yauzl').ZipFile))));
  const out: Array<{ name: string; data: Buffer; mtime: Date }> = [];
  await new Promise<void>((resolve, reject) => {
    file.on('entry', (entry: Entry) => {
      file.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(err);
        void bytesOf(stream).then((data) => { out.push({ name: entry.fileName, data, mtime: entry.getLastModDate() }); file.readEntry(); }, reject);
      });
    });
    file.on('end', () => resolve());
    file.on('error', reject);
    file.readEntry();
  });
  return out;
}

function unzipTest(zip: Buffer, quiet = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-zip-'));
  try {
    writeFileSync(join(dir, 'a.zip'), zip);
    return execFileSync('unzip', [quiet ? '-tq' : '-t', join(dir, 'a.zip')], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('entries come back byte for byte, with their names and times, at the promised length; Info-ZIP finds every CRC right', { skip: !hasUnzip && !CI && 'unzip is not installed' }, async () => {
  const files = [
    { name: 'Ceremony/IMG_0001.jpg', data: randomBytes(150_000) },
    { name: 'Ceremony/Zoë & Ana — first look.jpg', data: randomBytes(70_001) },
    { name: 'Portraits/empty.jpg', data: Buffer.alloc(0) },
    { name: 'Portraits/IMG_0002.jpg', data: randomBytes(1) },
  ];
  const mtime = new Date(Date.UTC(2026, 5, 14, 16, 30, 42));
  const entries: StoredEntry[] = files.map((f) => ({ name: f.name, mtime, size: f.data.length, open: chunked(f.data) }));
  const zip = await bytesOf(storedZip(entries));
  assert.equal(zip.length, storedZipLength(entries));
  const read = await readAll(zip);
  assert.deepEqual(read.map((e) => e.name), files.map((f) => f.name));
  for (const [i, e] of read.entries()) {
    assert.ok(e.data.equals(files[i]?.data as Buffer), `${e.name} differs`);
    assert.equal(e.mtime.getTime(), mtime.getTime(), 'the UT extra field carries the time to the second');
  }
  const report = unzipTest(zip);
  assert.match(report, /No errors detected in compressed data/);
  assert.equal((report.match(/testing: .+ OK/g) ?? []).length, files.length);
});

test('past 65,534 entries the archive carries ZIP64 end records, and readers still find every entry', { skip: !hasUnzip && !CI && 'unzip is not installed' }, async () => {
  const count = 65_540;
  const entries: StoredEntry[] = Array.from({ length: count }, (_, i) => ({ name: `f${i}`, mtime: new Date(0), size: 1, open: chunked(Buffer.from([i & 0xff])) }));
  const zip = await bytesOf(storedZip(entries));
  assert.equal(zip.length, storedZipLength(entries));
  assert.equal(zip.readUInt32LE(zip.length - 22 - 20), 0x07064b50, 'a ZIP64 end-of-directory locator before the end record');
  const read = await readAll(zip);
  assert.equal(read.length, count);
  assert.deepEqual(read[count - 1]?.data, Buffer.from([(count - 1) & 0xff]));
  assert.match(unzipTest(zip, true), /No errors detected/);
});

test('an entry of 4 GiB and more: ZIP64 in its local header, data descriptor and central record; the entry after it too (its offset)', async () => {
  const zero = Buffer.alloc(1 << 20);
  const chunks = 4097; // 4 GiB + 1 MiB
  const size = chunks * zero.length;
  const big: StoredEntry = { name: 'big.raw', mtime: new Date(0), size, open: () => Readable.from((function* () { for (let i = 0; i < chunks; i++) yield zero; })(), { objectMode: false }) };
  const small: StoredEntry = { name: 'after.txt', mtime: new Date(0), size: 5, open: chunked(Buffer.from('hello')) };
  // Everything but the big entry's data, which starts after its 57-byte local header (30 + name + ZIP64 extra).
  const dataStart = 57;
  const dataEnd = dataStart + size;
  let length = 0;
  const kept: Buffer[] = [];
  for await (const chunk of storedZip([big, small])) {
    const c = chunk as Buffer;
    const from = length;
    length += c.length;
    if (from < dataStart) kept.push(c.subarray(0, Math.min(c.length, dataStart - from)));
    if (length > dataEnd) kept.push(c.subarray(Math.max(0, dataEnd - from)));
  }
  assert.equal(length, storedZipLength([big, small]));
  const rest = Buffer.concat(kept);
  const extraAt = (b: Buffer, at: number, nameLength: number): number => at + 30 + nameLength;
  // The big entry's local header: 0xFFFFFFFF sizes and a ZIP64 extra with the real ones.
  assert.equal(rest.readUInt32LE(0), 0x04034b50);
  assert.equal(rest.readUInt16LE(4), 45, 'version needed: 4.5 (ZIP64)');
  assert.deepEqual([rest.readUInt32LE(18), rest.readUInt32LE(22)], [0xffffffff, 0xffffffff]);
  assert.equal(rest.readUInt16LE(28), 20, 'a 20-byte extra field');
  const e = extraAt(rest, 0, 7);
  assert.deepEqual([rest.readUInt16LE(e), rest.readUInt16LE(e + 2), rest.readBigUInt64LE(e + 4), rest.readBigUInt64LE(e + 12)], [1, 16, BigInt(size), BigInt(size)]);
  // Its data descriptor, right after the data: signature, CRC-32 of 4 GiB of zeros, 8-byte sizes.
  const d = e + 20;
  assert.equal(rest.readUInt32LE(d), 0x08074b50);
  assert.equal(rest.readUInt32LE(d + 4), crc32(zero, Array.from({ length: chunks - 1 }).reduce<number>((crc) => crc32(zero, crc), 0)));
  assert.deepEqual([rest.readBigUInt64LE(d + 8), rest.readBigUInt64LE(d + 16)], [BigInt(size), BigInt(size)]);
  // The small entry starts past 4 GiB, so it is ZIP64 as well: a local extra and an 8-byte descriptor.
  const l2 = d + 24;
  assert.equal(rest.readUInt32LE(l2), 0x04034b50);
  assert.equal(rest.readUInt16LE(l2 + 28), 20);
  const e2 = extraAt(rest, l2, 9);
  assert.equal(rest.subarray(e2 + 20, e2 + 25).toString(), 'hello');
  assert.equal(rest.readUInt32LE(e2 + 25), 0x08074b50);
  assert.deepEqual([rest.readBigUInt64LE(e2 + 25 + 8), rest.readBigUInt64LE(e2 + 25 + 16)], [5n, 5n]);
  // The central records: offsets through the ZIP64 extra, the second one where its local header really is.
  const c1 = e2 + 25 + 24;
  assert.equal(rest.readUInt32LE(c1), 0x02014b50);
  const c1Extra = c1 + 46 + 7 + 9;
  assert.deepEqual([rest.readBigUInt64LE(c1Extra + 4), rest.readBigUInt64LE(c1Extra + 20)], [BigInt(size), 0n]);
  const c2 = c1Extra + 28;
  assert.equal(rest.readUInt32LE(c2), 0x02014b50);
  const offset2 = rest.readBigUInt64LE(c2 + 46 + 9 + 9 + 20);
  assert.equal(offset2, BigInt(l2 - 0 + size), 'the local header of after.txt, counting the data left out here');
  assert.equal(rest.readUInt32LE(rest.length - 22 - 20), 0x07064b50, 'ZIP64 end records: the directory starts past 4 GiB');
});

test('a file shorter or longer than its record fails the archive instead of writing a corrupt one', async () => {
  for (const actual of [99, 101]) {
    const entries: StoredEntry[] = [{ name: 'a.jpg', mtime: new Date(), size: 100, open: chunked(randomBytes(actual)) }];
    await assert.rejects(bytesOf(storedZip(entries)), /expected 100 bytes/);
  }
});

test('destroying the archive stops reading the current file and opens no other', async () => {
  const opened: string[] = [];
  let destroyed = false;
  const entries: StoredEntry[] = ['a', 'b'].map((name) => ({
    name, mtime: new Date(), size: 10_000_000,
    open: () => {
      opened.push(name);
      const s = new Readable({ read() { this.push(Buffer.alloc(65536)); } });
      s.on('close', () => { destroyed = true; });
      return s;
    },
  }));
  const zip = storedZip(entries);
  let got = 0;
  for await (const c of zip) {
    got += (c as Buffer).length;
    if (got > 1_000_000) break; // leaving the loop destroys the archive stream
  }
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(opened, ['a']);
  assert.equal(destroyed, true);
});
