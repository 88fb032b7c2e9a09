/** Every CLI command, in the order `workbench --help` lists them. Add one import + one entry per command file. */
import type { Command } from './types';
import { dataImportCommand } from './data-import';
import { dataValidateCommand } from './data-validate';
import { dataListCommand } from './data-list';
import { dataFetchCommand } from './data-fetch';
import { featuresCommand } from './features';
import { reportCommand } from './report';

export const COMMANDS: Command[] = [dataImportCommand, dataValidateCommand, dataListCommand, dataFetchCommand, featuresCommand, reportCommand];
