/** Helpers for the server tests: a real server on 127.0.0.1 with an ephemeral port and a temp home. */
import * as fs from 'fs';
import * as path from 'path';
import { createServer, type ServerOptions, type WorkbenchServer } from '../../src/server/app';
import type { TrainerSpec } from '../../src/server/worker';
import { tempDir } from '../helpers';

/** The stub trainer compiled beside this file (see fixtures/stub-trainer.ts). */
export const stubTrainer: TrainerSpec = {
  module: path.join(__dirname, 'fixtures', 'stub-trainer.js'),
  start: ['runTraining'],
  resume: ['resumeTraining'],
};

/** A listening test server. */
export interface TestServer {
  url: string;
  home: string;
  server: WorkbenchServer;
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1:0 with a fresh home.
 * @param options server options (home and port are filled in)
 */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const home = options.home ?? tempDir('wb-server-');
  const server = createServer({ port: 0, ...options, home });
  const url = await server.listen();
  return { url, home, server, close: () => server.close() };
}

/** A JSON response: status and parsed body. */
export interface JsonReply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Sends a request and parses the JSON reply.
 * @param raw body sent verbatim (otherwise `body` is JSON-encoded)
 */
export async function call(url: string, method: string, body?: unknown, opts: { raw?: string; headers?: Record<string, string> } = {}): Promise<JsonReply> {
  const hasBody = opts.raw !== undefined || body !== undefined;
  const res = await fetch(url, {
    method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...(opts.headers ?? {}) },
    body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // leave as text
  }
  return { status: res.status, body: parsed };
}

/** Polls status until the run leaves `running` (or the timeout, ms, passes). */
export async function waitDone(url: string, timeoutMs = 30000): Promise<JsonReply['body']> {
  const t0 = Date.now();
  for (;;) {
    const r = await call(`${url}/api/ml/progressive/status`, 'GET');
    if (r.body.state !== 'running') return r.body;
    if (Date.now() - t0 > timeoutMs) throw new Error(`run still running after ${timeoutMs} ms: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** Every file under `dir`, relative (empty when `dir` does not exist). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** A tiny config for the stub trainer: 1 horizon × 1 model × `iterations` steps. */
export function tinyConfig(iterations = 3): Record<string, unknown> {
  return { models: { enabled: ['logistic'] }, horizons: { enabled: [1] }, training: { max_iterations: iterations }, modes: { progressive: true, unified: false } };
}
