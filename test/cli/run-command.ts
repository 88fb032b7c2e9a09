/** Test helper: runs one CLI command's `run()` with a fake context, mapping errors to exit codes as main() does. */
import { parseArgs } from 'util';
import { InputError, UnavailableError } from '../../src/util/errors';
import type { Command } from '../../src/cli/types';
import { tempDir } from '../helpers';

export interface CommandOutcome {
  code: number;
  out: string;
  err: string;
}

/**
 * Parses `argv` with the command's options and calls `run()` directly.
 * Exit codes as in src/cli/main.ts: InputError 2, UnavailableError 1, other errors 1.
 */
export async function runCommand(cmd: Command, argv: string[]): Promise<CommandOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const parsed = parseArgs({ args: argv, options: cmd.options ?? {}, allowPositionals: true, strict: true });
  let code: number;
  try {
    code = await cmd.run({
      positionals: parsed.positionals,
      values: parsed.values as Record<string, string | boolean | string[] | undefined>,
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
  } catch (e) {
    err.push((e as Error).message);
    code = e instanceof InputError ? 2 : e instanceof UnavailableError ? 1 : 1;
    if (!(e instanceof InputError) && !(e instanceof UnavailableError)) err.push(String((e as Error).stack));
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Points WORKBENCH_HOME at a fresh temporary folder for the duration of `fn`. */
export async function withTempHome<T>(fn: (home: string) => Promise<T>): Promise<T> {
  const prev = process.env.WORKBENCH_HOME;
  const home = tempDir('wb-cli-');
  process.env.WORKBENCH_HOME = home;
  try {
    return await fn(home);
  } finally {
    if (prev === undefined) delete process.env.WORKBENCH_HOME;
    else process.env.WORKBENCH_HOME = prev;
  }
}
