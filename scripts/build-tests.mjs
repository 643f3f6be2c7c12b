// `npm test`, first step: type-check src/, test/, bin/ and scripts/ and compile them into .test-build/ (TypeScript's
// own emit, relative imports rewritten to .js), so each test file's process loads plain JavaScript. Through tsx's
// loader every one of the ~190 files spent seconds resolving and loading the same 400-odd modules before its first test.
// A type error fails the build and emits nothing. Plain JavaScript, so it needs nothing compiled to run.
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';

const OUT = '.test-build';
const require = createRequire(import.meta.url);
rmSync(OUT, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
// What the compiled code reads beside itself: the package's name and version, the pages' scripts and stylesheets.
cpSync('package.json', `${OUT}/package.json`);
cpSync('src/web/assets', `${OUT}/src/web/assets`, { recursive: true });
