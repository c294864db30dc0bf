import type { Path } from '../../../core/path.js';
import { k8sDocs, mitre } from '../../../core/references.js';
import { asArray, asRecord, asString } from '../../../k8s/access.js';
import { envFromVariables } from '../../../k8s/env-from.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

/** git-sync v4 reads GITSYNC_GIT, and the name of v3 (GIT_SYNC_GIT) when that is unset. */
const GIT_COMMAND_VARIABLES = new Set(['GITSYNC_GIT', 'GIT_SYNC_GIT']);

/** Where an argument list sets git-sync's --git flag (`--git=PATH` or `--git PATH`). */
function gitFlagIndex(args: readonly unknown[]): number {
  return args.findIndex((a) => typeof a === 'string' && /^--git(=|$)/.test(a));
}

export default defineCheck({
  id: 'git-sync-git-command',
  title: 'git-sync is told which command to run as git',
  severity: 'medium',
  category: 'supply-chain',
  target: 'workload',
  admission: true,
  description:
    'git-sync (the sidecar that keeps a volume in step with a Git repository, common beside Airflow, Prometheus rules and static sites) runs the program its --git flag names, from the environment variable GITSYNC_GIT (GIT_SYNC_GIT in git-sync v3), for every operation on the repository. Security research published in 2024 showed this setting turns anyone who can change the variable into someone who runs commands in the git-sync container, with the repository credentials it holds (SSH keys, tokens) and the volume it shares with the application, which makes it a foothold to the application itself. The image\'s own git is what git-sync needs; a deployment has no reason to set the variable. The check reports a container whose env sets GITSYNC_GIT or GIT_SYNC_GIT (names compared exactly, as the kubelet does), as Checkov\'s CKV_K8S_159 does for GITSYNC_GIT, one that takes either variable through envFrom from a ConfigMap or Secret of the input (a source missing from the input is not seen), and one whose command or args pass the --git flag.',
  remediation:
    'Remove GITSYNC_GIT (and GIT_SYNC_GIT, --git) from the git-sync container and let it use the git of its image; restrict who can edit the workload and the ConfigMaps and Secrets its containers take variables from.',
  references: [
    k8sDocs('git-sync: flags and environment variables', 'https://github.com/kubernetes/git-sync#parameters'),
    mitre('T1610', 'Deploy Container'),
  ],
  run({ object, pod, index, report }) {
    for (const container of pod.containers) {
      const setInEnv = new Set<string>();
      asArray(container.body.env).forEach((entry, i) => {
        const name = asString(asRecord(entry)?.name);
        if (name === undefined || !GIT_COMMAND_VARIABLES.has(name)) return;
        setInEnv.add(name);
        const value = asString(asRecord(entry)?.value);
        const what = value === undefined ? `sets ${name} (through valueFrom)` : `sets ${name} to "${value}"`;
        report({ path: [...container.path, 'env', i, 'name'], message: `${describeContainer(container)} ${what}: git-sync runs that program as git on every sync, with the repository's credentials and the shared volume` });
      });
      // env wins over envFrom for the same name: those are reported above.
      const fromSources = new Set<string>();
      for (const variable of envFromVariables(container, object, index)) {
        if (!GIT_COMMAND_VARIABLES.has(variable.name) || setInEnv.has(variable.name)) continue;
        const key = `${variable.entry}\u0000${variable.name}`;
        if (fromSources.has(key)) continue;
        fromSources.add(key);
        const value = variable.value === undefined ? '' : ` ("${variable.value}")`;
        report({
          path: [...container.path, 'envFrom', variable.entry, variable.field],
          message: `${describeContainer(container)} takes ${variable.name}${value} from ${variable.source.kind} "${variable.source.name}" (envFrom): git-sync runs that program as git on every sync, with the repository's credentials and the shared volume`,
        });
      }
      for (const field of ['command', 'args'] as const) {
        const list = asArray(container.body[field]);
        const at = gitFlagIndex(list);
        if (at < 0) continue;
        const path: Path = [...container.path, field, at];
        report({ path, message: `${describeContainer(container)} passes ${String(list[at])} in ${field}: git-sync runs that program as git on every sync, with the repository's credentials and the shared volume` });
      }
    }
  },
});
