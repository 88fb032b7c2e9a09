import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeConfigSchema } from '../../src/server/form';

test('describeConfigSchema lists every leaf key with types, defaults, bounds and choices', () => {
  const fields = describeConfigSchema();
  const by = new Map(fields.map((f) => [f.key, f]));
  assert.equal(by.get('training.max_iterations'), { key: 'training.max_iterations', section: 'training', type: 'integer', required: true, default: 30, min: 0, minExclusive: true, max: 1000, maxExclusive: false });
  assert.is(by.get('training.start_date')?.type, 'date');
  assert.is(by.get('training.warm_start')?.type, 'boolean');
  assert.equal(by.get('horizons.task')?.options, ['binary', 'ternary', 'regression', 'volatility']);
  assert.is(by.get('horizons.enabled')?.type, 'number[]');
  assert.equal(by.get('horizons.enabled')?.default, [1, 7, 30]);
  assert.is(by.get('models.enabled')?.type, 'string[]');
  assert.is(by.get('models.params')?.type, 'json');
  assert.is(by.get('data.symbol')?.required, false);
  assert.is(by.get('validation_fraction'), undefined);
  assert.is(by.get('training.validation_fraction')?.minExclusive, true);
});

test.run();
