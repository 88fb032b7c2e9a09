/**
 * Executing one notebook headlessly through Jupyter (nbclient, the engine of `jupyter nbconvert --execute`)
 * and exporting it with nbconvert's HTML exporter (the `lab` template, as `jupyter nbconvert --to html`).
 *
 * Why a small Python driver instead of the `jupyter nbconvert` command line: tslab reports a failing cell
 * as text on the cell's stderr stream with an empty error reply, so `jupyter nbconvert --execute` prints
 * only `<Error>: ` and the message is lost. The driver runs the same classes, notes which cell failed and
 * returns that cell's error text.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UnavailableError } from '../util/errors';
import { repoRoot } from '../util/fs';
import { withDefaults } from '../viz/options';

/** Python code run as `python -c NOTEBOOK_DRIVER_PY <notebook> <out.html> <kernel> <cell timeout s> <cwd>`. */
export const NOTEBOOK_DRIVER_PY = String.raw`
import json, sys, time
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

src, out, kernel, timeout, cwd = sys.argv[1:6]

def result(obj):
    sys.stdout.write('WBRESULT ' + json.dumps(obj) + '\n')
    sys.stdout.flush()

nb = nbformat.read(src, as_version=4)
state = {'index': None}
def on_start(cell=None, cell_index=None, **kw):
    state['index'] = cell_index
client = NotebookClient(nb, kernel_name=kernel, timeout=int(timeout), startup_timeout=120,
                        resources={'metadata': {'path': cwd}})
client.on_cell_start = on_start
t0 = time.time()
try:
    client.execute()
except Exception as e:
    i = state['index']
    cell = nb.cells[i] if i is not None and i < len(nb.cells) else None
    texts = []
    if cell is not None:
        for o in cell.get('outputs', []):
            if o.get('output_type') == 'error':
                texts.append((o.get('ename') or '') + ': ' + (o.get('evalue') or '') + '\n' + '\n'.join(o.get('traceback') or []))
            elif o.get('output_type') == 'stream' and o.get('name') == 'stderr':
                texts.append(o.get('text') or '')
    result({'ok': False, 'cell': i, 'source': cell.source if cell is not None else '', 'error': type(e).__name__,
            'message': str(e), 'output': ''.join(texts), 'seconds': time.time() - t0})
    sys.exit(3)
html, _ = HTMLExporter(template_name='lab').from_notebook_node(nb)
with open(out, 'w', encoding='utf-8') as f:
    f.write(html)
result({'ok': True, 'cells': len(nb.cells), 'seconds': time.time() - t0})
`;

let cachedPython: string | null | undefined;

/**
 * The Python interpreter that has Jupyter (nbclient + nbconvert): `$WORKBENCH_JUPYTER_PYTHON`, else the
 * interpreter named in the `#!` line of `jupyter-nbconvert` on PATH, else `/usr/bin/python3`
 * (the pyenv `python3` first on PATH usually has no Jupyter). Checked once, then cached.
 * @returns the interpreter path, or undefined when Jupyter is not installed
 */
export function findJupyterPython(): string | undefined {
  if (cachedPython !== undefined) return cachedPython ?? undefined;
  const candidates: string[] = [];
  if (process.env.WORKBENCH_JUPYTER_PYTHON) candidates.push(process.env.WORKBENCH_JUPYTER_PYTHON);
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const f = path.join(dir, 'jupyter-nbconvert');
    if (!dir || !fs.existsSync(f)) continue;
    const first = fs.readFileSync(f, 'utf8').split('\n', 1)[0];
    const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
    if (m) candidates.push(m[1].endsWith('/env') && m[2] ? m[2] : m[1]);
    break;
  }
  candidates.push('/usr/bin/python3');
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import nbclient, nbconvert, nbformat'], { stdio: 'ignore', timeout: 30_000 });
    if (r.status === 0) return (cachedPython = py);
  }
  cachedPython = null;
  return undefined;
}

/**
 * Writes a private tslab kernelspec, `<dir>/kernels/<name>/kernel.json`, that runs this checkout's tslab
 * (`node_modules/.bin/tslab`). Put `dir` first on `JUPYTER_PATH` (option `jupyterPath` of {@link executeNotebook})
 * so headless runs do not depend on, or get confused by, a global registration made by another checkout.
 * @param dir folder to write into (created if missing)
 * @param name kernel name (default `tslab`, the name the notebooks' metadata uses)
 * @returns `dir`, or undefined when this checkout has no `node_modules/.bin/tslab`
 */
export function writeKernelSpec(dir: string, name = 'tslab'): string | undefined {
  const binary = path.join(repoRoot(), 'node_modules', '.bin', 'tslab');
  if (!fs.existsSync(binary)) return undefined;
  const spec = { argv: [binary, 'kernel', '--config-path', '{connection_file}'], display_name: 'TypeScript', language: 'typescript' };
  const kernelDir = path.join(dir, 'kernels', name);
  fs.mkdirSync(kernelDir, { recursive: true });
  fs.writeFileSync(path.join(kernelDir, 'kernel.json'), `${JSON.stringify(spec, null, 1)}\n`);
  return dir;
}

/** A cell failed while a notebook was executed. */
export class NotebookError extends Error {
  /** Notebook file. */
  readonly notebook: string;
  /** 1-based index of the failing cell among all cells (undefined when no cell was running). */
  readonly cell: number | undefined;
  /** Source of the failing cell. */
  readonly source: string;
  /** The cell's full error text (stderr stream and error outputs). */
  readonly output: string;
  constructor(notebook: string, cell: number | undefined, detail: string, source: string, output: string) {
    super(`${notebook}${cell !== undefined ? `: cell ${cell}` : ''}: ${detail}`);
    this.name = 'NotebookError';
    this.notebook = notebook;
    this.cell = cell;
    this.source = source;
    this.output = output;
  }
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/**
 * The error message inside a cell's error text: the `SomeError: message` line (with its continuation lines,
 * up to the stack trace) when there is one, else the whole text (TypeScript compile errors), trimmed.
 * @param output stderr / traceback text of the failing cell
 * @returns one message (at most 2,000 characters)
 */
export function extractCellError(output: string): string {
  const text = output.replace(ANSI, '').replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^(?:Uncaught )?(?:[A-Za-z_$][\w$]*)?(?:Error|Exception)(?: \[[\w]+\])?(?::|$)/.test(l));
  let msg: string;
  if (start >= 0) {
    const body: string[] = [];
    for (let i = start; i < lines.length && !/^\s+at /.test(lines[i]); i++) body.push(lines[i]);
    msg = body.join('\n');
  } else {
    msg = text;
  }
  msg = msg.trim();
  return msg.length > 2000 ? `${msg.slice(0, 1997)}...` : msg;
}

/** Options of {@link executeNotebook}. */
export interface ExecuteOptions {
  /** Kernel name (default `tslab`). */
  kernel?: string;
  /** Seconds one cell may run before it is interrupted and the notebook fails (default 900). */
  cellTimeoutS?: number;
  /** Working directory of the kernel (default: the notebook's folder). */
  cwd?: string;
  /** Environment of the kernel (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /**
   * A folder put first on `JUPYTER_PATH`, holding `kernels/<name>/kernel.json` (see {@link writeKernelSpec}), so
   * this checkout's kernel is used whatever is registered globally. Default: none (global kernelspecs).
   */
  jupyterPath?: string;
}

/** Defaults of {@link ExecuteOptions}. */
export const executeDefaults = { kernel: 'tslab', cellTimeoutS: 900 } as const;

/**
 * Executes a notebook and writes its HTML (nbconvert `lab` template, unmodified) to `outFile`.
 * @param notebook `.ipynb` path
 * @param outFile where the HTML goes (written only on success)
 * @returns `{cells, seconds}`; rejects with a {@link NotebookError} naming the failing cell and its error
 *   message, or an UnavailableError when Jupyter or the kernel is missing
 */
export async function executeNotebook(notebook: string, outFile: string, options: ExecuteOptions = {}): Promise<{ cells: number; seconds: number }> {
  const o = withDefaults(executeDefaults, options);
  const python = findJupyterPython();
  if (!python) throw new UnavailableError('Jupyter is not installed (no Python with nbclient and nbconvert); run `npm run setup` (scripts/setup.sh)');
  const cwd = o.cwd ?? path.dirname(path.resolve(notebook));
  const args = ['-c', NOTEBOOK_DRIVER_PY, path.resolve(notebook), path.resolve(outFile), o.kernel, String(o.cellTimeoutS), cwd];
  const env: NodeJS.ProcessEnv = { PYDEVD_DISABLE_FILE_VALIDATION: '1', ...(o.env ?? process.env) };
  if (o.jupyterPath) env.JUPYTER_PATH = env.JUPYTER_PATH ? `${o.jupyterPath}${path.delimiter}${env.JUPYTER_PATH}` : o.jupyterPath;
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(python, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.length > 100_000) err = err.slice(-50_000);
    });
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
  });
  const line = stdout.split('\n').find((l) => l.startsWith('WBRESULT '));
  if (!line) {
    const tail = stderr.trim().split('\n').slice(-8).join('\n');
    if (/NoSuchKernel|No such kernel/i.test(stderr)) {
      throw new UnavailableError(`the Jupyter kernel \`${o.kernel}\` is not registered; run \`npm run setup\` (scripts/setup.sh registers tslab)`);
    }
    throw new Error(`${notebook}: the notebook runner exited with code ${code} and no result:\n${tail}`);
  }
  const r = JSON.parse(line.slice('WBRESULT '.length)) as {
    ok: boolean;
    cells?: number;
    seconds: number;
    cell?: number | null;
    source?: string;
    error?: string;
    message?: string;
    output?: string;
  };
  if (r.ok) return { cells: r.cells ?? 0, seconds: r.seconds };
  if (r.error === 'NoSuchKernel') {
    throw new UnavailableError(`the Jupyter kernel \`${o.kernel}\` is not registered; run \`npm run setup\` (scripts/setup.sh registers tslab)`);
  }
  const output = r.output ?? '';
  let detail = extractCellError(output);
  if (!detail) detail = `${r.error ?? 'error'}: ${(r.message ?? '').replace(ANSI, '').trim().split('\n').slice(-3).join(' ')}`;
  if (r.error === 'CellTimeoutError') detail = `timed out after ${o.cellTimeoutS} s (cellTimeoutS)${output ? `: ${detail}` : ''}`;
  const cell = r.cell === null || r.cell === undefined ? undefined : r.cell + 1;
  throw new NotebookError(notebook, cell, detail, r.source ?? '', output);
}
