// The package's own name and version, read from package.json at run time (the same relative path from src/ and dist/).
import { createRequire } from 'node:module';

export interface PackageInfo {
  name: string;
  version: string;
}

/** Read at run time, not imported: a JSON import from outside src/ would put package.json inside the compiled tree. */
export function packageInfo(): PackageInfo {
  const pkg = createRequire(import.meta.url)('../../package.json') as { name?: unknown; version?: unknown };
  return { name: String(pkg.name ?? 'lightbox'), version: String(pkg.version ?? '0.0.0') };
}
