import { escalationPaths } from '../rbac/paths/paths.js';
import { CLUSTER_OPTIONS } from './cluster-input.js';
import { EXCLUDE_OPTION } from './exclude-option.js';
import { HELM_OPTIONS } from './helm-options.js';
import { KUSTOMIZE_OPTIONS } from './kustomize-options.js';
import { PATH_FORMATS, pathsDot, pathsJson, pathsMermaid, pathsText } from '../rbac/paths/render.js';
import { getSufficesForExec, hasConstrainedImpersonation } from '../rbac/risks/powers.js';
import { parsePrincipal, type Principal } from '../rbac/subjects.js';
import { writeReportWith } from '../report/write.js';
import { defineCommand } from './command.js';
import { DEFAULTS_OPTION, formatOption, loadRbacInput, parseKubeVersion, requirePaths } from './rbac-input.js';
import { OUTPUT_OPTION, outputFile } from './output-option.js';

export const rbacPathsCommand = defineCommand({
  name: 'paths',
  description: 'Privilege-escalation paths: each identity of the input that can become cluster-admin (or --to another identity), step by step',
  arguments: '[paths...]',
  options: [
    EXCLUDE_OPTION,
    ...HELM_OPTIONS,
    ...KUSTOMIZE_OPTIONS,
    ...CLUSTER_OPTIONS,
    { flags: '--to <target>', description: 'cluster-admin, or an identity: a user, User:NAME, Group:NAME, system:serviceaccount:NS:NAME', defaultValue: 'cluster-admin' },
    { flags: '--from <subject>', description: 'only the path from this identity' },
    { flags: '--include-builtin', description: "also start from identities only Kubernetes' bootstrap policy names (control-plane users and controllers)" },
    { flags: '--kube-version <version>', description: 'Kubernetes version of the cluster, e.g. 1.35 (exec over WebSockets needs create from 1.35)' },
    formatOption(PATH_FORMATS, 'text'),
    DEFAULTS_OPTION,
    OUTPUT_OPTION,
  ],
  examples: [
    'rampart rbac paths ./manifests',
    'rampart rbac paths cluster-dump.yaml --format dot | dot -Tsvg > paths.svg',
    'rampart rbac paths ./manifests --to system:serviceaccount:kube-system:replicaset-controller --format mermaid',
  ],
  async run(args, options, io) {
    if (!requirePaths('paths', args, options, io)) return 2;
    const kube = parseKubeVersion(options.kubeVersion);
    if (!kube.ok) {
      io.error(`rampart rbac paths: --kube-version expects a version like 1.33, got "${String(options.kubeVersion)}"`);
      return 2;
    }
    const toText = String(options.to);
    const to: Principal | 'cluster-admin' | undefined = toText === 'cluster-admin' ? 'cluster-admin' : parsePrincipal(toText);
    const from = typeof options.from === 'string' ? parsePrincipal(options.from) : undefined;
    if (!to || (typeof options.from === 'string' && !from)) {
      io.error(`rampart rbac paths: "${!to ? toText : String(options.from)}" is not an identity; give cluster-admin, a user name, User:NAME, Group:NAME or system:serviceaccount:NAMESPACE:NAME`);
      return 2;
    }
    const input = await loadRbacInput('paths', args, options, io);
    if (!input) return 2;
    const answer = escalationPaths(input.model, {
      to,
      ...(from ? { from } : {}),
      includeBuiltIn: options.includeBuiltin === true,
      getSufficesForExec: getSufficesForExec(kube.value),
      constrainedImpersonation: hasConstrainedImpersonation(kube.value),
    });
    writeReportWith(outputFile(options), (out) => {
      const format = String(options.format);
      if (format === 'json') out.write(pathsJson(answer));
      else if (format === 'dot') out.write(pathsDot(answer));
      else if (format === 'mermaid') out.write(pathsMermaid(answer));
      else out.write(pathsText(answer, toText));
    });
    if (input.failed) return 2;
    return answer.paths.length > 0 ? 1 : 0;
  },
});
