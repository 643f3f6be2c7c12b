// `npm run build`: TypeScript's own emit into dist/, then the non-TypeScript assets the server serves (Redoc's bundle).
// Plain JavaScript so it runs during `npm install` (prepare) before anything else is compiled.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
mkdirSync('dist/assets', { recursive: true });
cpSync(require.resolve('redoc/bundles/redoc.standalone.js'), 'dist/assets/redoc.standalone.js');
// The client gallery's scripts and stylesheet, served from beside the compiled web module (src/web/gallery-assets.ts).
cpSync('src/web/assets', 'dist/web/assets', { recursive: true });
