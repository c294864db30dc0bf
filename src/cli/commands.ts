import { admissionCommand } from './admission.js';
import type { CommandSpec } from './command.js';
import { configCommand } from './config.js';
import { netpolCommand } from './netpol.js';
import { pssCommand } from './pss.js';
import { rbacCommand } from './rbac.js';
import { rulesCommand } from './rules.js';
import { runtimeCommand } from './runtime.js';
import { scanCommand } from './scan.js';

/** Every top-level command, in the order `rampart --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [scanCommand, rulesCommand, configCommand, pssCommand, admissionCommand, rbacCommand, netpolCommand, runtimeCommand];
