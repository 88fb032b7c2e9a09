/** File-system helpers: atomic writes, the workbench home folder, the repository root. */
import * as fs from 'fs';
import * as path from 'path';
import * as crypto from 'crypto';
import { inputError } from './errors';

/**
 * Writes a file atomically: write to a temporary file beside it, fsync, rename over the target,
 * then fsync the folder. A crash at any moment leaves either the old file or the new one, never a partial one.
 * @param file target path (its folder is created if missing)
 * @param data file contents
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dir);
}

/** Writes JSON (2-space indent, trailing newline) atomically. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems do not allow fsync on directories; the rename is still atomic.
  }
}

let cachedRoot: string | undefined;

/** The repository root: the nearest ancestor of this module holding `package.json` named stock-ml-workbench. */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'stock-ml-workbench') return (cachedRoot = dir);
      } catch {
        // keep walking up
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return (cachedRoot = process.cwd());
    dir = up;
  }
}

/**
 * The root of all writable state (store, runs, checkpoints, models, logs):
 * `$WORKBENCH_HOME` when set, else `<repo>/outputs`. Created on first use.
 */
export function workbenchHome(): string {
  const home = process.env.WORKBENCH_HOME ? path.resolve(process.env.WORKBENCH_HOME) : path.join(repoRoot(), 'outputs');
  try {
    fs.mkdirSync(home, { recursive: true });
  } catch (e) {
    throw inputError({ key: 'WORKBENCH_HOME' }, 'a folder (or a path where one can be created)', `${JSON.stringify(home)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!fs.statSync(home).isDirectory()) throw inputError({ key: 'WORKBENCH_HOME' }, 'a folder', `${JSON.stringify(home)}, a file`);
  return home;
}

/** sha256 of a file's bytes, streamed (hex). */
export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await new Promise<void>((resolve, reject) => {
    fs.createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve())
      .on('error', reject);
  });
  return hash.digest('hex');
}

/** sha256 of bytes or a string (hex). */
export function sha256(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/**
 * Replaces a whole folder atomically: `fill` writes into a fresh temporary sibling folder, which is then
 * renamed over `target` (the old folder, if any, is moved aside first and removed after). A crash leaves
 * either the old folder or the new one in place (plus at most a stray `.tmp` sibling, cleaned on the next call).
 * @param target folder to create or replace
 * @param fill writes the folder's contents into the given temporary path
 */
export async function replaceDirAtomic(target: string, fill: (tmpDir: string) => Promise<void> | void): Promise<void> {
  const parent = path.dirname(target);
  const base = path.basename(target);
  fs.mkdirSync(parent, { recursive: true });
  for (const f of fs.readdirSync(parent)) {
    if (f.startsWith(`.${base}.`) && (f.endsWith('.tmp') || f.endsWith('.old'))) fs.rmSync(path.join(parent, f), { recursive: true, force: true });
  }
  const tag = `${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  const tmp = path.join(parent, `.${base}.${tag}.tmp`);
  fs.mkdirSync(tmp);
  try {
    await fill(tmp);
    for (const f of fs.readdirSync(tmp)) {
      const p = path.join(tmp, f);
      if (fs.statSync(p).isFile()) {
        const fd = fs.openSync(p, 'r');
        try {
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      }
    }
    fsyncDir(tmp);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const old = path.join(parent, `.${base}.${tag}.old`);
  const hadOld = fs.existsSync(target);
  if (hadOld) fs.renameSync(target, old);
  fs.renameSync(tmp, target);
  fsyncDir(parent);
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
}
