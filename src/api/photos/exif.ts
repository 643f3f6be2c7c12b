// Reads the capture time (DateTimeOriginal, else DateTime) from a raw EXIF block; a bounded, defensive TIFF walk.

const EXIF_IFD_POINTER = 0x8769;
const DATE_TIME = 0x0132;
const DATE_TIME_ORIGINAL = 0x9003;
const ASCII = 2;
const MAX_ENTRIES = 512;

interface Reader {
  u16(at: number): number;
  u32(at: number): number;
}

function readerFor(tiff: Buffer): Reader | null {
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  return {
    u16: (at) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at)),
    u32: (at) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at)),
  };
}

/** Tag → entry offset within one IFD. */
function readIFD(tiff: Buffer, r: Reader, offset: number): Map<number, number> {
  const out = new Map<number, number>();
  if (offset < 8 || offset + 2 > tiff.length) return out;
  const count = Math.min(r.u16(offset), MAX_ENTRIES);
  for (let i = 0; i < count; i++) {
    const entry = offset + 2 + i * 12;
    if (entry + 12 > tiff.length) break;
    out.set(r.u16(entry), entry);
  }
  return out;
}

function asciiValue(tiff: Buffer, r: Reader, entry: number | undefined): string | null {
  if (entry === undefined || r.u16(entry + 2) !== ASCII) return null;
  const count = r.u32(entry + 4);
  const at = count <= 4 ? entry + 8 : r.u32(entry + 8);
  if (count === 0 || count > 64 || at + count > tiff.length) return null;
  return tiff.toString('latin1', at, at + count).replace(/\0+$/, '');
}

/** "YYYY:MM:DD HH:MM:SS" has no zone; it is read as UTC, the same for every photo of a shoot. */
function parseExifDate(value: string | null): number | null {
  const m = value ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(value) : null;
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isFinite(ms) && y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 ? ms : null;
}

export function exifTakenAt(exif: Buffer | undefined): number | null {
  if (!exif || exif.length < 14) return null;
  const tiff = exif.toString('latin1', 0, 6) === 'Exif\0\0' ? exif.subarray(6) : exif;
  try {
    const r = readerFor(tiff);
    if (!r || r.u16(2) !== 42) return null;
    const ifd0 = readIFD(tiff, r, r.u32(4));
    const pointer = ifd0.get(EXIF_IFD_POINTER);
    const exifIFD = pointer === undefined ? new Map<number, number>() : readIFD(tiff, r, r.u32(pointer + 8));
    return parseExifDate(asciiValue(tiff, r, exifIFD.get(DATE_TIME_ORIGINAL))) ?? parseExifDate(asciiValue(tiff, r, ifd0.get(DATE_TIME)));
  } catch {
    return null; // a RangeError from a lying offset: no capture time, not a failed upload
  }
}
