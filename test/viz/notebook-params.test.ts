import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { envFlag, notebookParams } from '../../src/viz/notebook-params';

test('notebookParams defaults to full mode on the S&P 500 sample', () => {
  assert.equal(notebookParams({}), { fast: false, source: 'sample:sp500' });
});

test('notebookParams reads WORKBENCH_FAST, WORKBENCH_SOURCE and WORKBENCH_HOME', () => {
  assert.equal(notebookParams({ WORKBENCH_FAST: '1', WORKBENCH_SOURCE: ' /data/a.csv ', WORKBENCH_HOME: '/tmp/h' }), {
    fast: true,
    source: '/data/a.csv',
    home: '/tmp/h',
  });
  assert.is(notebookParams({ WORKBENCH_SOURCE: '  ' }).source, 'sample:sp500');
});

test('envFlag accepts the usual on spellings only', () => {
  for (const v of ['1', 'true', 'YES', 'on']) assert.ok(envFlag(v), v);
  for (const v of [undefined, '', '0', 'false', 'no', 'fast']) assert.not.ok(envFlag(v), String(v));
});

test.run();
