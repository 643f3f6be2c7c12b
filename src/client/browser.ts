// The SDK's browser entry: the same surface as the Node one without file paths (upload bytes, Blobs or File objects;
// download with photos.blob()). Nothing here imports node:*.
export * from './core.ts';
