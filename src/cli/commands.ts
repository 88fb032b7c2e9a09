/** Every CLI command, in the order `workbench --help` lists them. Add one import + one entry per command file. */
import type { Command } from './types';
import { dataImportCommand } from './data-import';
import { dataValidateCommand } from './data-validate';
import { dataListCommand } from './data-list';
import { dataFetchCommand } from './data-fetch';
import { featuresCommand } from './features';
import { trainCommand } from './train';
import { resumeCommand } from './resume';
import { reproduceCommand } from './reproduce';
import { evaluateCommand } from './evaluate';
import { compareCommand } from './compare';
import { runsCommand } from './runs';
import { registryRegisterCommand } from './registry-register';
import { registryPromoteCommand } from './registry-promote';
import { registryListCommand } from './registry-list';
import { registryRollbackCommand } from './registry-rollback';
import { exportMlflowCommand } from './export';
import { tuneCommand } from './tune';
import { updateCommand } from './update';
import { predictCommand } from './predict';
import { predictionsCommand } from './predictions';
import { verifyCommand } from './verify';
import { retrainCommand } from './retrain';
import { reportCommand } from './report';
import { serveCommand } from './serve';
import { workerCommand } from './worker';
import { pipelineCommand } from './pipeline';

export const COMMANDS: Command[] = [
  dataImportCommand,
  dataValidateCommand,
  dataListCommand,
  dataFetchCommand,
  featuresCommand,
  trainCommand,
  pipelineCommand,
  resumeCommand,
  reproduceCommand,
  evaluateCommand,
  compareCommand,
  runsCommand,
  registryRegisterCommand,
  registryPromoteCommand,
  registryListCommand,
  registryRollbackCommand,
  exportMlflowCommand,
  tuneCommand,
  updateCommand,
  predictCommand,
  predictionsCommand,
  verifyCommand,
  retrainCommand,
  reportCommand,
  serveCommand,
  workerCommand,
];
