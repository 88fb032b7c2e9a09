/** The shape of one CLI command: one file per command under `src/cli/`, listed in `commands.ts`. */
import type { ParseArgsConfig } from 'util';

/** Parsed arguments handed to a command. */
export interface CommandContext {
  /** Positional arguments after the command name. */
  positionals: string[];
  /** Option values, by long name. */
  values: Record<string, string | boolean | string[] | undefined>;
  /** Where normal output goes (stdout by default; tests capture it). */
  out: (text: string) => void;
  /** Where diagnostics and progress go (stderr by default). */
  err: (text: string) => void;
}

/** One CLI command. `run` resolves to the exit code: 0 ok, 2 invalid input, 1 internal error. */
export interface Command {
  /** Space-separated name, e.g. `data import`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help text shown by `workbench <name> --help` (usage line, options, examples). */
  help: string;
  /** Options in node's `util.parseArgs` format (long names; `--help` is added automatically). */
  options?: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CommandContext): Promise<number>;
}
