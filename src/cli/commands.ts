/** Every CLI command, in the order `workbench --help` lists them. Add one import + one entry per command file. */
import type { Command } from './types';

export const COMMANDS: Command[] = [];
