// issue #21: which log output a configuration and a stdout give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLogOutput } from './log-format.ts';

test('auto is pretty on a terminal and JSON otherwise; json and pretty are what they say whatever stdout is', () => {
  assert.equal(chooseLogOutput('auto', true), 'pretty');
  assert.equal(chooseLogOutput('auto', false), 'json');
  for (const tty of [true, false]) {
    assert.equal(chooseLogOutput('json', tty), 'json');
    assert.equal(chooseLogOutput('pretty', tty), 'pretty');
  }
});
