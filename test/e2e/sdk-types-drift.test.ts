// issue #5: the SDK's committed types (src/client/schema.ts) match what GET /api/schema generates now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSDKTypes } from '../../scripts/gen-sdk-types.ts';
import { REPO_ROOT } from '../helpers/paths.ts';

test('src/client/schema.ts is up to date (else run `npm run gen:sdk-types` and commit the result)', async () => {
  const fresh = await generateSDKTypes();
  // The committed file in the repository (not beside a compiled copy of the script).
  const committed = readFileSync(join(REPO_ROOT, 'src/client/schema.ts'), 'utf8');
  if (fresh !== committed) {
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`src/client/schema.ts drifted from GET /api/schema at line ${line + 1}:\n  committed: ${a[line] ?? '(end)'}\n  generated: ${b[line] ?? '(end)'}\nRun \`npm run gen:sdk-types\`.`);
  }
});
