// Fixtures for the gallery tests: studio sessions, collections, galleries, generated images, multipart bodies, visitors.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { LightMyRequestResponse } from 'fastify';
import { cookieOf, createUser, login, type LoggedIn, type TestApp } from './app.ts';
import type { Role } from '../../src/store/schema.ts';

export interface StudioSession extends LoggedIn {
  studioId: string;
  headers: Record<string, string>;
}

let studios = 0;

/** A user with `role` in a studio (new unless `studio` names an existing one), logged in. */
export async function studioSession(t: TestApp, options: { studio?: string; role?: Role } = {}): Promise<StudioSession> {
  const user = await createUser(t, { studio: options.studio ?? `Studio ${++studios} ${Date.now()}`, role: options.role ?? 'owner' });
  const s = await login(t, user);
  return { ...s, studioId: user.studioId ?? '', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } };
}

export async function createCollection(t: TestApp, s: StudioSession, body: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string; slug: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/collections', headers: s.headers, payload: { name: 'Smith Wedding', ...body } });
  if (res.statusCode !== 201) throw new Error(`create collection: ${res.statusCode} ${res.body}`);
  return res.json().data;
}

export async function createGallery(t: TestApp, s: StudioSession, collectionId: string, body: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string }> {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/collections/${collectionId}/galleries`, headers: s.headers, payload: { name: 'Ceremony', ...body } });
  if (res.statusCode !== 201) throw new Error(`create gallery: ${res.statusCode} ${res.body}`);
  return res.json().data;
}

export interface UploadFile {
  filename: string;
  content: Buffer;
  type?: string;
  field?: string;
}

export function multipartBody(files: UploadFile[], fields: Record<string, string> = {}): { payload: Buffer; contentType: string } {
  const boundary = `----lightbox${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'image/jpeg'}\r\n\r\n`));
    chunks.push(f.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function upload(t: TestApp, s: StudioSession, galleryId: string, files: UploadFile[]): Promise<LightMyRequestResponse> {
  const body = multipartBody(files);
  return t.app.inject({ method: 'POST', url: `/api/v1/galleries/${galleryId}/photos`, headers: { ...s.headers, 'content-type': body.contentType }, payload: body.payload });
}

export async function uploadOne(t: TestApp, s: StudioSession, galleryId: string, content?: Buffer, filename = 'photo.jpg'): Promise<Record<string, unknown> & { id: string }> {
  const res = await upload(t, s, galleryId, [{ filename, content: content ?? (await sampleJpeg()) }]);
  if (res.statusCode !== 201) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return res.json().data[0];
}

let sampleSerial = 0;

/**
 * A small JPEG. Each call's bytes differ (a JPEG comment with a serial number after the start marker; the pixels are
 * the same), since a collection refuses a second upload of the same bytes (409 duplicate_photo).
 */
export async function sampleJpeg(options: { width?: number; height?: number; color?: string } = {}): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: options.width ?? 64, height: options.height ?? 48, channels: 3, background: options.color ?? '#3a7bd5' } }).jpeg().toBuffer();
  return withJpegComment(jpeg, `lightbox test sample ${++sampleSerial}`);
}

/** The JPEG with a COM segment right after SOI: other bytes, the same image. */
export function withJpegComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, body, jpeg.subarray(2)]);
}

/** A JPEG whose EXIF carries a capture time, a camera model and GPS coordinates. */
export async function jpegWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: '#a0522d' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Lightbox', Model: 'Test Camera', DateTime: '2024:05:06 07:08:09' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2964/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 4061/100' },
    })
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c;
}

/** A small PNG whose header claims width × height grey pixels, with one compressed all-zero row block: a bomb. */
export function pngBomb(width: number, height: number, rows = 64): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  const data = deflateSync(Buffer.alloc((width + 1) * Math.min(rows, height)), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', data), pngChunk('IEND', Buffer.alloc(0))]);
}

export interface VisitorSession {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

export async function visitorLogin(t: TestApp, body: { email: string; collection: string; password?: string }): Promise<VisitorSession> {
  const res = await t.app.inject({ method: 'POST', url: '/galleries/login', payload: body });
  if (res.statusCode !== 201) throw new Error(`visitor login: ${res.statusCode} ${res.body}`);
  const session = cookieOf(res, 'gallery_session')?.value ?? '';
  const csrf = res.json().data.csrf_token as string;
  const cookie = `gallery_session=${session}`;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** Every file under the photo storage folder (relative paths), staging included. */
export function storedFiles(t: TestApp): string[] {
  const root = join(t.dataDir, 'photos');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}
