// PhotoStorage on S3-compatible object storage (storage.kind "s3"). Files being received or generated are staged on
// local disk (each instance its own staging folder) and uploaded on commit; a deletion moves the object under the
// bucket's `.staging/` prefix first, so it can be put back until the row is gone, the way the local driver renames.
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import {
  CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Config } from '../config.ts';
import { generateSecret } from '../lib/ids.ts';
import { SpaceMonitor } from './space.ts';
import { StagingFolder, checkedKey, isStorageKey } from './staging.ts';
import type { ByteRange, PhotoStorage, StagedFile } from './types.ts';

/** Objects parked by a deletion, in the bucket: `<prefix>.staging/<random>/<key>`. */
const REMOTE_STAGING = '.staging/';
/** Parts of 8 MiB, four at a time: an original of 100 MiB goes up in 13 requests with at most 32 MiB in memory. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;

type S3Options = Config['storage']['s3'];

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

export function s3ClientConfig(options: S3Options): S3ClientConfig {
  return {
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.accessKeyId !== undefined && options.secretAccessKey !== undefined
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
      : {}),
    // Checksums only where the API requires them: many S3-compatible services do not take the SDK's newer default
    // (a CRC32 trailer in aws-chunked uploads). Every original's SHA-256 is kept by Lightbox itself.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export class S3PhotoStorage implements PhotoStorage {
  readonly space = new SpaceMonitor();
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly staging: StagingFolder;

  /** `stagingDir` is on this machine's disk: uploads land there before they go to the bucket. */
  constructor(options: S3Options, stagingDir: string, client?: S3Client) {
    if (options.bucket === undefined) throw new Error('storage.s3.bucket is required');
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.staging = new StagingFolder(stagingDir);
    this.client = client ?? new S3Client(s3ClientConfig(options));
  }

  async init(): Promise<void> {
    await this.staging.init();
  }

  stage(key?: string): Promise<StagedFile> {
    return this.staging.stage(key);
  }

  async commit(file: StagedFile, key: string): Promise<void> {
    const target = this.objectKey(key);
    const parked = parkedKeyOf(file);
    if (parked !== undefined) {
      // Put back what a deletion parked: a copy inside the bucket, then the parked copy goes.
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: target, CopySource: this.copySource(parked) }));
      await this.deleteObject(parked);
      return;
    }
    await new Upload({
      client: this.client, partSize: PART_SIZE, queueSize: QUEUE_SIZE, leavePartsOnError: false,
      params: { Bucket: this.bucket, Key: target, Body: createReadStream(file.path) },
    }).done();
    await rm(file.path, { force: true });
  }

  async unstage(key: string): Promise<StagedFile | null> {
    const source = this.objectKey(key);
    const parked = `${this.prefix}${REMOTE_STAGING}${generateSecret(18)}/${checkedKey(key)}`;
    try {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: parked, CopySource: this.copySource(source) }));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
    await this.deleteObject(source);
    return this.remoteStaged(parked, key);
  }

  async leftovers(): Promise<StagedFile[]> {
    const found = await this.staging.list();
    const base = `${this.prefix}${REMOTE_STAGING}`;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: base, ...(token ? { ContinuationToken: token } : {}) }));
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        const key = object.Key.slice(base.length).replace(/^[A-Za-z0-9_-]+\//, '');
        found.push(this.remoteStaged(object.Key, isStorageKey(key) ? key : undefined));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return found;
  }

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return head.ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** A stream that fills once the object's GET answers; a missing object is an ENOENT error, as on disk. */
  read(key: string, range?: ByteRange): Readable {
    const out = new PassThrough();
    const request = new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) });
    const abort = new AbortController();
    out.once('close', () => abort.abort());
    this.client.send(request, { abortSignal: abort.signal }).then((answer) => {
      const body = answer.Body as Readable | undefined;
      if (!body) return out.end();
      body.once('error', (err) => out.destroy(err));
      body.pipe(out);
    }, (err: unknown) => {
      if (abort.signal.aborted) return;
      out.destroy(isNotFound(err) ? Object.assign(new Error(`no object under ${key}`), { code: 'ENOENT' }) : (err as Error));
    });
    return out;
  }

  async remove(key: string): Promise<void> {
    await this.deleteObject(this.objectKey(key));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return `${this.prefix}${checkedKey(key)}`;
  }

  private copySource(objectKey: string): string {
    return `${this.bucket}/${objectKey.split('/').map(encodeURIComponent).join('/')}`;
  }

  private async deleteObject(objectKey: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
  }

  private remoteStaged(objectKey: string, key: string | undefined): StagedFile {
    const file: StagedFile = { path: '', ...(key !== undefined ? { key } : {}), discard: () => this.deleteObject(objectKey) };
    PARKED.set(file, objectKey);
    return file;
  }
}

/** A parked object's key in the bucket, for the staged files `unstage` and `leftovers` hand out. */
const PARKED = new WeakMap<StagedFile, string>();

function parkedKeyOf(file: StagedFile): string | undefined {
  return PARKED.get(file);
}
