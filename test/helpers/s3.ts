// A real S3-compatible server for the S3 storage tests: s3rver from npm (no S3 service installs here), in the test
// process on a free port, its files in a temporary folder; each test gets its own bucket and removes it all after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import S3rver from 's3rver';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../src/config.ts';
import { s3ClientConfig } from '../../src/storage/s3.ts';

export interface TestBucket {
  /** storage.s3 settings for this bucket. */
  settings: Config['storage']['s3'];
  /** LIGHTBOX_STORAGE_* variables for a `lightbox serve` process. */
  env: Record<string, string>;
  /** Every object key in the bucket. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

// The SDK's one-time notice that its 2027 releases need Node 22 is not what these tests look at.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export async function startTestBucket(options: { prefix?: string } = {}): Promise<TestBucket> {
  const directory = mkdtempSync(join(tmpdir(), 'lightbox-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true });
  const address = (await server.run()) as { port: number };
  const bucket = `lightbox-test-${randomBytes(6).toString('hex')}`;
  const settings: Config['storage']['s3'] = {
    endpoint: `http://127.0.0.1:${address.port}`, bucket, region: 'us-east-1', forcePathStyle: true,
    accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', prefix: options.prefix ?? '',
  };
  const client = new S3Client(s3ClientConfig(settings));
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    settings,
    env: {
      LIGHTBOX_STORAGE_KIND: 's3', LIGHTBOX_STORAGE_S3_ENDPOINT: settings.endpoint!, LIGHTBOX_STORAGE_S3_BUCKET: bucket,
      LIGHTBOX_STORAGE_S3_REGION: settings.region, LIGHTBOX_STORAGE_S3_FORCE_PATH_STYLE: 'true',
      LIGHTBOX_STORAGE_S3_ACCESS_KEY_ID: 'S3RVER', LIGHTBOX_STORAGE_S3_SECRET_ACCESS_KEY: 'S3RVER', LIGHTBOX_STORAGE_S3_PREFIX: settings.prefix,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    async keys(): Promise<string[]> {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (page.Contents ?? []).map((o) => o.Key ?? '').sort();
    },
    async close(): Promise<void> {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((err?: Error) => (err ? reject(err) : resolve())));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
