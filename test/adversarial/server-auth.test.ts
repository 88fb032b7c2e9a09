/** Finding 2 (authentication bypass): the token is checked on the decoded path, before routing, for every route. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as net from 'net';
import { authorize, canonicalPath } from '../../src/server/auth';
import { startServer, stubTrainer } from '../server/helpers';
import { hostile } from './hostile';

/** Sends one raw HTTP/1.1 request (so the request target goes out byte for byte) and returns the status. */
function raw(url: string, method: string, target: string, opts: { body?: string; auth?: string } = {}): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(u.port), u.hostname);
    let data = '';
    sock.setTimeout(5000, () => {
      sock.destroy();
      reject(new Error(`timeout on ${method} ${target}`));
    });
    sock.on('data', (c) => {
      data += c.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (m) {
        sock.destroy();
        resolve(Number(m[1]));
      }
    });
    sock.on('error', reject);
    sock.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    const body = opts.body ?? '';
    const head = [`${method} ${target} HTTP/1.1`, `Host: ${u.host}`, 'Connection: close', ...(opts.auth ? [`Authorization: ${opts.auth}`] : []), ...(body ? ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`] : [])];
    sock.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  });
}

const TARGETS = [
  '/api/runs',
  '/%61pi/runs',
  '/%2561pi/runs',
  '/%252561pi/runs',
  '/api%2Fruns',
  '/API/runs',
  '//api/runs',
  '/api//runs',
  '/./api/runs',
  '/x/../api/runs',
  '/health/../api/runs',
  '/api/runs/..%2F..%2Findex.html',
  '/api/runs/%2e%2e/%2e%2e/index.html',
  '/api/runs?x=/health',
  '/api/runs#/health',
  '/api;/runs',
  '/%61pi/ml/progressive/status',
  '/%61pi/ml/progressive/events',
  '/%61pi/ml/progressive/results',
  '/api/ml/progressive/status',
  '/api/ml/progressive/events',
  '/api/ml/progressive/results',
  '/api/config/schema',
  'http://127.0.0.1/api/runs',
  'HTTP://127.0.0.1/%61pi/runs',
  'http://evil.example/api/ml/progressive/status',
  'http://127.0.0.1/health/../api/runs',
  '/nonexistent',
  '/%',
  '/%zz',
];

test('with a token, no encoding of a protected path gets through without it', async () => {
  const t = await startServer({ token: 's3cret', trainer: stubTrainer, host: '0.0.0.0' });
  try {
    for (const target of TARGETS) {
      hostile('encoding');
      const status = await raw(t.url, 'GET', target);
      assert.ok(status === 401 || status === 400, `GET ${target} → ${status}`);
    }
    for (const target of ['/api/ml/progressive/start', '/%61pi/ml/progressive/start', 'http://127.0.0.1/api/ml/progressive/start', '/api/ml/progressive/cancel', '/%61pi/ml/progressive/resume']) {
      hostile('encoding');
      const status = await raw(t.url, 'POST', target, { body: '{}' });
      assert.ok(status === 401 || status === 400, `POST ${target} → ${status}`);
    }
    assert.is(t.server.manager.busy, false);
    for (const target of ['/', '/index.html', '/app.js', '/health']) assert.is(await raw(t.url, 'GET', target), 200, target);
    assert.is(await raw(t.url, 'GET', '/%61pi/runs', { auth: 'Bearer s3cret' }), 200);
    assert.is(await raw(t.url, 'GET', 'http://127.0.0.1/api/runs', { auth: 'Bearer s3cret' }), 200);
    assert.is(await raw(t.url, 'GET', '/api/runs', { auth: 'Bearer S3CRET' }), 401);
  } finally {
    await t.close();
  }
});

test('canonicalPath decodes, strips the authority and resolves dot segments; authorize is default-deny', () => {
  assert.is(canonicalPath('/%61pi/runs'), '/api/runs');
  assert.is(canonicalPath('http://h:1/%2561pi//x/../runs?q'), '/api/runs');
  assert.is(canonicalPath('\\api\\runs'), '/api/runs');
  assert.throws(() => canonicalPath('/%E0%A4%A'), /well-formed percent-encoded path/);
  assert.throws(() => canonicalPath('/a%00b'), /without control characters/);
  assert.throws(() => canonicalPath(`/${'a'.repeat(9000)}`), /at most 8192 characters/);
  const pub = new Set(['/', '/health']);
  assert.is(authorize('/health', undefined, 't', pub), 'ok');
  assert.is(authorize('/api/runs/..%2F..%2Fhealth', undefined, 't', pub), 'unauthorized');
  assert.is(authorize('/anything', undefined, '', pub), 'ok');
  hostile('encoding', 6);
});

test.run();
