/** What a run records about where it ran: git commit (read from `.git` without spawning git), host, pid liveness. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../util/fs';

/**
 * The commit checked out in the repository at `root`, read from `.git/HEAD` (following a symbolic ref into
 * `refs/…` or `packed-refs`); a `.git` file pointing elsewhere (worktrees) is followed too.
 * @param root repository root (default: the workbench repository)
 * @returns the 40-hex commit id, or undefined when there is no readable git metadata
 */
export function gitCommit(root: string = repoRoot()): string | undefined {
  try {
    let gitDir = path.join(root, '.git');
    if (!fs.existsSync(gitDir)) return undefined;
    if (fs.statSync(gitDir).isFile()) {
      const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(gitDir, 'utf8'));
      if (!m) return undefined;
      gitDir = path.resolve(root, m[1].trim());
    }
    const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1].trim();
    if (!ref) return undefined;
    const dirs = [gitDir];
    const common = path.join(gitDir, 'commondir');
    if (fs.existsSync(common)) dirs.push(path.resolve(gitDir, fs.readFileSync(common, 'utf8').trim()));
    for (const d of dirs) {
      const loose = path.join(d, ref);
      if (fs.existsSync(loose)) {
        const id = fs.readFileSync(loose, 'utf8').trim();
        if (/^[0-9a-f]{40}$/.test(id)) return id;
      }
      const packed = path.join(d, 'packed-refs');
      if (fs.existsSync(packed)) {
        for (const line of fs.readFileSync(packed, 'utf8').split('\n')) {
          const [id, name] = line.trim().split(' ');
          if (name === ref && /^[0-9a-f]{40}$/.test(id)) return id;
        }
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** This machine's host name. */
export function hostName(): string {
  return os.hostname();
}

/**
 * Whether a process with this id is alive on this machine (signal 0 probe; EPERM counts as alive).
 * @param pid process id
 */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
