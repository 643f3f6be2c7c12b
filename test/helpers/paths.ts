// Where the tests find the repository, whether they run from TypeScript (through tsx: `node --import tsx --test
// test/x.test.ts`) or from what `npm test` compiled into .test-build/ (scripts/build-tests.mjs).
import { basename, resolve } from 'node:path';

/** The directory `npm test` compiles src/ and test/ into (git-ignored, rebuilt from nothing by every run). */
export const TEST_BUILD_DIR = '.test-build';

const helpers = import.meta.dirname;
const twoUp = resolve(helpers, '../..');

/** The repository's root: two levels above this file, and one more when that is the compiled copy. */
export const REPO_ROOT = basename(twoUp) === TEST_BUILD_DIR ? resolve(twoUp, '..') : twoUp;

/** True when this code runs compiled (from .test-build/), false when tsx compiles it as it loads. */
export const COMPILED = !import.meta.url.endsWith('.ts');

/** The `lightbox` command's entry, in the same form as the tests that start it: compiled JS, or TypeScript for tsx. */
export const CLI_ENTRY = resolve(twoUp, COMPILED ? 'src/cli/main.js' : 'src/cli/main.ts');

/** The node arguments that run CLI_ENTRY: tsx's loader only for the TypeScript. */
export const CLI_NODE_ARGS: readonly string[] = COMPILED ? [CLI_ENTRY] : ['--import', 'tsx', CLI_ENTRY];
