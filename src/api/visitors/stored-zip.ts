// A ZIP archive of stored (uncompressed) entries, streamed as it is built, with its exact length known before the
// first byte (PKWARE APPNOTE 6.3: local headers with a data descriptor, then the central directory; ZIP64 records only
// where a size, an offset or the entry count needs them). Photos are already compressed, so nothing is deflated.
//
// Why not yazl, which built the archives before: it computes each entry's CRC-32 in JavaScript (buffer-crc32, about
// 430 MB/s on one core here), which held "download all" to a third of the speed of reading the same files (issue #18's
// benchmark, BENCHMARKS.md). zlib.crc32 is native (several GB/s). Everything else here is the format's fixed layout.
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';

export interface StoredEntry {
  /** Path inside the archive, `/`-separated; written as UTF-8 (general purpose bit 11). */
  name: string;
  mtime: Date;
  /** The exact byte length of what open() yields; a different length fails the archive rather than corrupt it. */
  size: number;
  open(): Readable;
}

const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
const FLAGS = (1 << 3) | (1 << 11); // sizes and CRC in a data descriptor after the data; UTF-8 names
const VERSION_MADE_BY = (3 << 8) | 63; // Unix, APPNOTE 6.3
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const UT_EXTRA = 9; // Info-ZIP extended timestamp: modification time in Unix seconds
const ZIP64_EXTRA = 28; // header, sizes and offset
// In a local header: header and both sizes. It tells a reader that streams the archive (reading local headers, not the
// central directory) that this entry's data descriptor carries 8-byte sizes (APPNOTE 4.3.9.2).
const ZIP64_LOCAL_EXTRA = 20;
const EOCD = 22;
const ZIP64_EOCD = 56;
const ZIP64_LOCATOR = 20;

/** What the layout needs of an entry: its name and size (the length is known before any file is opened). */
type Sized = Pick<StoredEntry, 'name' | 'size'>;

interface Layout<E extends Sized = StoredEntry> { entry: E; name: Buffer; offset: number; zip64: boolean }

function layoutOf<E extends Sized>(entries: readonly E[]): { items: Array<Layout<E>>; directoryOffset: number; directorySize: number; zip64End: boolean; length: number } {
  let offset = 0;
  const items = entries.map((entry) => {
    const name = Buffer.from(entry.name, 'utf8');
    const zip64 = entry.size >= U32_MAX || offset >= U32_MAX;
    const item = { entry, name, offset, zip64 };
    offset += LOCAL_HEADER + name.length + (zip64 ? ZIP64_LOCAL_EXTRA : 0) + entry.size + (zip64 ? 24 : 16);
    return item;
  });
  const directoryOffset = offset;
  const directorySize = items.reduce((n, i) => n + CENTRAL_HEADER + i.name.length + UT_EXTRA + (i.zip64 ? ZIP64_EXTRA : 0), 0);
  const zip64End = items.length >= U16_MAX || directoryOffset >= U32_MAX || directorySize >= U32_MAX;
  return { items, directoryOffset, directorySize, zip64End, length: directoryOffset + directorySize + (zip64End ? ZIP64_EOCD + ZIP64_LOCATOR : 0) + EOCD };
}

/** The archive's exact length in bytes, for Content-Length and the summary shown before a download. */
export function storedZipLength(entries: readonly Sized[]): number {
  return layoutOf(entries).length;
}

/** MS-DOS date and time fields (two-second resolution, 1980 to 2107), in UTC. */
function dosTime(date: Date): { time: number; day: number } {
  const min = Date.UTC(1980, 0, 1);
  const max = Date.UTC(2107, 11, 31, 23, 59, 58);
  const d = new Date(Math.min(max, Math.max(min, date.getTime())));
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    day: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

function localHeader(item: Layout): Buffer {
  const { time, day } = dosTime(item.entry.mtime);
  const b = Buffer.alloc(LOCAL_HEADER);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(item.zip64 ? 45 : 20, 4);
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(0, 8); // stored
  b.writeUInt16LE(time, 10);
  b.writeUInt16LE(day, 12);
  // The CRC-32 is zero here: bit 3 puts it, and the sizes, in the data descriptor. A ZIP64 entry says so with
  // 0xFFFFFFFF sizes and a ZIP64 extra (with the real sizes, which are known before the data is read).
  b.writeUInt16LE(item.name.length, 26);
  if (!item.zip64) return Buffer.concat([b, item.name]);
  b.writeUInt32LE(U32_MAX, 18);
  b.writeUInt32LE(U32_MAX, 22);
  b.writeUInt16LE(ZIP64_LOCAL_EXTRA, 28);
  const extra = Buffer.alloc(ZIP64_LOCAL_EXTRA);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(ZIP64_LOCAL_EXTRA - 4, 2);
  extra.writeBigUInt64LE(BigInt(item.entry.size), 4);
  extra.writeBigUInt64LE(BigInt(item.entry.size), 12);
  return Buffer.concat([b, item.name, extra]);
}

function dataDescriptor(item: Layout, crc: number): Buffer {
  const b = Buffer.alloc(item.zip64 ? 24 : 16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(crc, 4);
  if (item.zip64) {
    b.writeBigUInt64LE(BigInt(item.entry.size), 8);
    b.writeBigUInt64LE(BigInt(item.entry.size), 16);
  } else {
    b.writeUInt32LE(item.entry.size, 8);
    b.writeUInt32LE(item.entry.size, 12);
  }
  return b;
}

function centralHeader(item: Layout, crc: number): Buffer {
  const { time, day } = dosTime(item.entry.mtime);
  const b = Buffer.alloc(CENTRAL_HEADER + item.name.length + UT_EXTRA + (item.zip64 ? ZIP64_EXTRA : 0));
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(VERSION_MADE_BY, 4);
  b.writeUInt16LE(item.zip64 ? 45 : 20, 6);
  b.writeUInt16LE(FLAGS, 8);
  b.writeUInt16LE(0, 10);
  b.writeUInt16LE(time, 12);
  b.writeUInt16LE(day, 14);
  b.writeUInt32LE(crc, 16);
  b.writeUInt32LE(item.zip64 ? U32_MAX : item.entry.size, 20);
  b.writeUInt32LE(item.zip64 ? U32_MAX : item.entry.size, 24);
  b.writeUInt16LE(item.name.length, 28);
  b.writeUInt16LE(UT_EXTRA + (item.zip64 ? ZIP64_EXTRA : 0), 30);
  // comment length, disk number, internal attributes: zero
  b.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
  b.writeUInt32LE(item.zip64 ? U32_MAX : item.offset, 42);
  let at = CENTRAL_HEADER;
  at += item.name.copy(b, at);
  b.writeUInt16LE(0x5455, at);
  b.writeUInt16LE(UT_EXTRA - 4, at + 2);
  b.writeUInt8(1, at + 4); // modification time present
  b.writeInt32LE(Math.max(-0x80000000, Math.min(0x7fffffff, Math.floor(item.entry.mtime.getTime() / 1000))), at + 5);
  at += UT_EXTRA;
  if (item.zip64) {
    b.writeUInt16LE(0x0001, at);
    b.writeUInt16LE(ZIP64_EXTRA - 4, at + 2);
    b.writeBigUInt64LE(BigInt(item.entry.size), at + 4);
    b.writeBigUInt64LE(BigInt(item.entry.size), at + 12);
    b.writeBigUInt64LE(BigInt(item.offset), at + 20);
  }
  return b;
}

function endRecords(count: number, directoryOffset: number, directorySize: number, zip64: boolean): Buffer {
  const parts: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(ZIP64_EOCD);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(BigInt(ZIP64_EOCD - 12), 4);
    record.writeUInt16LE(VERSION_MADE_BY, 12);
    record.writeUInt16LE(45, 14);
    // this disk, the directory's disk: zero
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directorySize), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(ZIP64_LOCATOR);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
    locator.writeUInt32LE(1, 16); // one disk in all
    parts.push(record, locator);
  }
  const end = Buffer.alloc(EOCD);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? U16_MAX : count, 8);
  end.writeUInt16LE(zip64 ? U16_MAX : count, 10);
  end.writeUInt32LE(zip64 ? U32_MAX : directorySize, 12);
  end.writeUInt32LE(zip64 ? U32_MAX : directoryOffset, 16);
  parts.push(end);
  return Buffer.concat(parts);
}

async function* build(entries: readonly StoredEntry[]): AsyncGenerator<Buffer> {
  const { items, directoryOffset, directorySize, zip64End } = layoutOf(entries);
  const crcs: number[] = [];
  for (const item of items) {
    yield localHeader(item);
    let crc = 0;
    let seen = 0;
    // Leaving this loop early (the reader went away) destroys the file's stream: no further file is opened.
    for await (const chunk of item.entry.open()) {
      const data = chunk as Buffer;
      crc = crc32(data, crc);
      seen += data.length;
      if (seen > item.entry.size) break;
      yield data;
    }
    if (seen !== item.entry.size) throw new Error(`archive entry ${item.entry.name}: expected ${item.entry.size} bytes, read ${seen}`);
    crcs.push(crc);
    yield dataDescriptor(item, crc);
  }
  yield Buffer.concat(items.map((item, i) => centralHeader(item, crcs[i] as number)));
  yield endRecords(items.length, directoryOffset, directorySize, zip64End);
}

/** The archive as a stream. Destroying it stops the file being copied and opens no other. */
export function storedZip(entries: readonly StoredEntry[]): Readable {
  return Readable.from(build(entries), { objectMode: false });
}
