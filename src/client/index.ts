// The SDK's Node entry: everything in core.ts, with file paths on Node's file system (uploads from a path, downloads
// to a file or a folder). Browsers and bundlers get browser.ts through the package's "browser" export condition.
import { createClient as createCoreClient, createGalleryClient as createCoreGalleryClient, type ClientOptions, type GalleryClient, type GalleryClientOptions, type LightboxClient } from './core.ts';
import { nodeFiles } from './node-files.ts';

export * from './core.ts';

export function createClient(options: ClientOptions): LightboxClient {
  return createCoreClient({ files: nodeFiles, ...options });
}

export function createGalleryClient(options: GalleryClientOptions): GalleryClient {
  return createCoreGalleryClient({ files: nodeFiles, ...options });
}
