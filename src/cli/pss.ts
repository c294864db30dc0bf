import pc from 'picocolors';
import { CLUSTER_OPTIONS, loadManifestInputs } from './cluster-input.js';
import { EXCLUDE_OPTION } from './exclude-option.js';
import { HELM_OPTIONS } from './helm-options.js';
import { KUSTOMIZE_OPTIONS } from './kustomize-options.js';
import { formatProblem } from '../core/result.js';
import { objectLabel } from '../core/finding.js';
import { pssEvaluation } from '../checks/pod-security/pss.js';
import { scannedControllerOf } from '../k8s/controllers.js';
import { derivedScope, injectedSignature } from '../k8s/derived.js';
import { ObjectIndex } from '../k8s/object-index.js';
import { podViewOf } from '../k8s/workloads.js';
import { PSS_LEVELS, type PssPolicy, formatPssPolicy, formatPssReason, parsePssVersion } from '../pss/index.js';
import { printable } from '../report/printable.js';
import { writeReportWith } from '../report/write.js';
import { useColor } from './color.js';
import { OUTPUT_OPTION, outputFile } from './output-option.js';
import { defineCommand } from './command.js';

interface ObjectResult {
  readonly file: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly allowed: boolean;
  readonly violations: ReadonlyArray<{ readonly check: string; readonly reason: string; readonly line: number }>;
}

const checkCommand = defineCommand({
  name: 'check',
  description: 'Evaluate pods and pod templates against a Pod Security Standards level, like a dry run of Pod Security Admission',
  arguments: '[paths...]',
  options: [
    { flags: '-l, --level <level>', description: 'privileged, baseline or restricted', defaultValue: 'restricted', choices: [...PSS_LEVELS] },
    { flags: '--version <version>', description: 'policy version, vX.Y or latest', defaultValue: 'latest' },
    { flags: '-f, --format <format>', description: 'output format', defaultValue: 'table', choices: ['table', 'json'] },
    OUTPUT_OPTION,
    EXCLUDE_OPTION,
    ...HELM_OPTIONS,
    ...KUSTOMIZE_OPTIONS,
    ...CLUSTER_OPTIONS,
  ],
  examples: ['rampart pss check k8s/ --level restricted --version v1.30', 'helm template chart | rampart pss check - --level baseline --format json'],
  async run(args, options, io) {
    const version = parsePssVersion(String(options.version));
    if (!version.ok) {
      io.error(`rampart pss check: --version: ${version.error.message}`);
      return 2;
    }
    const policy: PssPolicy = { level: options.level as PssPolicy['level'], version: version.value };
    const inputs = await loadManifestInputs('rampart pss check', args, options, io);
    if (!inputs) return 2;
    const results: ObjectResult[] = [];
    const index = new ObjectIndex(inputs.objects);
    const injectedJudged = new Set<string>();
    for (const object of inputs.objects) {
      const pod = podViewOf(object);
      // As in scan: the Pods and ReplicaSets of a dump are judged through the workload that made
      // them, unless they run something it does not (an older template, containers injected at
      // admission or ephemeral ones). Of the replicas with the same injected containers, the first.
      const owner = scannedControllerOf(object, index);
      const scope = owner ? derivedScope(object, owner) : undefined;
      if (!pod || scope === 'none') continue;
      const injected = owner && scope ? injectedSignature(owner, scope, index) : undefined;
      if (injected !== undefined) {
        if (injectedJudged.has(injected)) continue;
        injectedJudged.add(injected);
      }
      const evaluation = pssEvaluation(object, pod, policy);
      results.push({
        file: object.source.file,
        kind: object.kind,
        ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
        name: object.name,
        allowed: evaluation.allowed,
        violations: evaluation.violations.map((v) => ({
          check: v.check,
          reason: formatPssReason([v]),
          line: object.locate(v.fields[0] ?? pod.specPath).line,
        })),
      });
    }
    for (const problem of inputs.problems) io.error(`error: ${formatProblem(problem)}`);
    const output = outputFile(options);
    writeReportWith(output, (out) => {
      if (options.format === 'json') out.write(`${JSON.stringify({ policy: formatPssPolicy(policy), results }, null, 2)}\n`);
      else out.write(table(results, policy, useColor(io, undefined, output !== undefined)));
    });
    if (inputs.problems.length > 0) return 2;
    return results.every((r) => r.allowed) ? 0 : 1;
  },
});

function table(results: readonly ObjectResult[], policy: PssPolicy, color: boolean): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  for (const r of results) {
    const label = objectLabel({ apiVersion: '', kind: r.kind, ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name });
    lines.push(`${r.allowed ? c.green('ALLOWED') : c.red('DENIED ')} ${printable(label)}  ${c.dim(printable(r.file))}`);
    for (const v of r.violations) lines.push(`        ${c.dim(`line ${v.line}`)}  ${printable(v.reason)}`);
  }
  const denied = results.filter((r) => !r.allowed).length;
  lines.push('', `${results.length} pods and pod templates against "${formatPssPolicy(policy)}": ${results.length - denied} allowed, ${denied} denied`);
  return `${lines.join('\n')}\n`;
}

export const pssCommand = defineCommand({
  name: 'pss',
  description: 'Pod Security Standards: check manifests against a level and version',
  options: [],
  subcommands: [checkCommand],
});
