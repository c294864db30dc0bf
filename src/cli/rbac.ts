import { defineCommand } from './command.js';
import { rbacCanCommand } from './rbac-can.js';
import { rbacMinimizeCommand } from './rbac-minimize.js';
import { rbacPathsCommand } from './rbac-paths.js';
import { rbacRisksCommand } from './rbac-risks.js';
import { rbacWhoCanCommand } from './rbac-who-can.js';

export const rbacCommand = defineCommand({
  name: 'rbac',
  description: 'RBAC analysis, exactly as the API server decides: who can, what a subject can do, risky grants, escalation paths, least privilege',
  options: [],
  subcommands: [rbacWhoCanCommand, rbacCanCommand, rbacRisksCommand, rbacPathsCommand, rbacMinimizeCommand],
});
