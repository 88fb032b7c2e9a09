import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError, inputError, formatLocation } from '../../src/util/errors';

test('inputError puts where, expected and received in one line', () => {
  const e = inputError({ file: 'data/AAPL.csv', line: 1043, column: 'high' }, 'column `high` must be >= `low`', 'high=101.2 low=103.9');
  assert.instance(e, InputError);
  assert.is(e.message, 'data/AAPL.csv:1043: column `high`: column `high` must be >= `low`, received high=101.2 low=103.9');
});

test('formatLocation names key paths', () => {
  assert.is(formatLocation({ file: 'cfg.yaml', key: 'training.start_date' }), 'cfg.yaml: `training.start_date`');
  assert.is(formatLocation(undefined), '');
});

test.run();
