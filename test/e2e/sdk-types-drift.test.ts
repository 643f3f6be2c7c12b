// issue #5: the SDK's committed types (src/client/schema.ts) match what GET /api/schema generates now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SDK_TYPES_FILE, generateSDKTypes } from '../../scripts/gen-sdk-types.ts';

test('src/client/schema.ts is up to date (else run `npm run gen:sdk-types` and commit the result)', async () => {
  const fresh = await generateSDKTypes();
  const committed = readFileSync(SDK_TYPES_FILE, 'utf8');
  if (fresh !== committed) {
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`src/client/schema.ts drifted from GET /api/schema at line ${line + 1}:\n  committed: ${a[line] ?? '(end)'}\n  generated: ${b[line] ?? '(end)'}\nRun \`npm run gen:sdk-types\`.`);
  }
});
