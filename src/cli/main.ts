/**
 * CLI entry point: `workbench <command> [args] [--options]`.
 * Exit codes: 0 success, 2 invalid input (message on stderr, nothing written), 1 internal error.
 */
import { parseArgs } from 'util';
import { InputError, UnavailableError } from '../util/errors';
import { COMMANDS } from './commands';
import type { Command } from './types';

function listing(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: workbench <command> [arguments] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `workbench <command> --help` for the options of one command.',
    'State (store, runs, models) lives under $WORKBENCH_HOME (default: <repo>/outputs).',
  ].join('\n');
}

/** Finds the command whose name matches the longest prefix of `args`. */
function resolve(args: string[]): { cmd?: Command; rest: string[] } {
  let best: Command | undefined;
  let bestWords = 0;
  for (const c of COMMANDS) {
    const words = c.name.split(' ');
    if (words.length > bestWords && words.every((w, i) => args[i] === w)) {
      best = c;
      bestWords = words.length;
    }
  }
  return { cmd: best, rest: args.slice(bestWords) };
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code.
 * @param io optional output sinks (tests capture output through them)
 */
export async function main(
  argv: string[],
  io: { out?: (s: string) => void; err?: (s: string) => void } = {},
): Promise<number> {
  const out = io.out ?? ((s: string) => void process.stdout.write(s.endsWith('\n') ? s : `${s}\n`));
  const err = io.err ?? ((s: string) => void process.stderr.write(s.endsWith('\n') ? s : `${s}\n`));
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    out(listing());
    return 0;
  }
  const { cmd, rest } = resolve(argv);
  if (!cmd) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
    if (group.length && (argv.length === 1 || argv.includes('--help'))) {
      out(group.map((c) => `workbench ${c.name.padEnd(24)} ${c.summary}`).join('\n'));
      return argv.includes('--help') ? 0 : 2;
    }
    err(`workbench: unknown command \`${argv.join(' ')}\`; expected one of: ${COMMANDS.map((c) => c.name).join(', ')}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(cmd.help);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: cmd.options ?? {}, allowPositionals: true, strict: true });
  } catch (e) {
    err(`workbench ${cmd.name}: ${(e as Error).message.replace(/\. To specify.*$/, '')}\nRun \`workbench ${cmd.name} --help\` for usage.`);
    return 2;
  }
  try {
    return await cmd.run({ positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | string[] | undefined>, out, err });
  } catch (e) {
    if (e instanceof InputError) {
      err(`workbench ${cmd.name}: ${e.message}`);
      return 2;
    }
    if (e instanceof UnavailableError) {
      err(`workbench ${cmd.name}: ${e.message}`);
      return 1;
    }
    err(`workbench ${cmd.name}: internal error: ${(e as Error)?.stack ?? String(e)}`);
    return 1;
  }
}
