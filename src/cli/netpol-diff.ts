import { connectivityMap } from '../netpol/engine/connectivity-map.js';
import { EXCLUDE_OPTION } from './exclude-option.js';
import { HELM_OPTIONS } from './helm-options.js';
import { manifestReadOptions } from './read-options.js';
import { KUSTOMIZE_OPTIONS } from './kustomize-options.js';
import { diffConnectivity } from '../netpol/diff/diff.js';
import { analyzePaths } from '../netpol/load.js';
import { DIFF_FORMATS } from '../netpol/render/diff-render.js';
import { writeReportWith } from '../report/write.js';
import { useColor } from './color.js';
import { defineCommand } from './command.js';
import { outputFile } from './output-option.js';
import { NETPOL_KUBE_VERSION_OPTION, netpolAnalysisOptions, reportProblems } from './netpol-shared.js';

export const netpolDiffCommand = defineCommand({
  name: 'diff',
  description: 'List the connections gained, lost and changed between two versions of the manifests (files or directories), for review in CI',
  arguments: '<old> <new>',
  options: [
    EXCLUDE_OPTION,
    ...HELM_OPTIONS,
    ...KUSTOMIZE_OPTIONS,
    NETPOL_KUBE_VERSION_OPTION,
    { flags: '-f, --format <format>', description: 'output format', defaultValue: 'table', choices: [...DIFF_FORMATS.keys()] },
    { flags: '-o, --output <file>', description: 'write to a file (atomically) instead of stdout', writesFile: true },
    { flags: '--exit-code', description: 'exit 1 when the connectivity changed (like git diff --exit-code)' },
    { flags: '--color', description: 'force colored output' },
    { flags: '--no-color', description: 'disable colored output (also: NO_COLOR=1)' },
  ],
  examples: ['rampart netpol diff main-manifests/ pr-manifests/', 'rampart netpol diff old.yaml new.yaml --format markdown --exit-code'],
  async run(args, options, io) {
    const [oldPath = '', newPath = ''] = args;
    const analysisOptions = netpolAnalysisOptions('rampart netpol diff', options, io);
    if (!analysisOptions) return 2;
    const read = manifestReadOptions(options, io);
    const [before, after] = await Promise.all([analyzePaths([oldPath], read, analysisOptions), analyzePaths([newPath], read, analysisOptions)]);
    const changes = diffConnectivity(
      { analysis: before.analysis, connections: connectivityMap(before.analysis) },
      { analysis: after.analysis, connections: connectivityMap(after.analysis) },
    );
    const format = DIFF_FORMATS.get(String(options.format));
    if (!format) {
      io.error(`rampart netpol diff: unknown format "${String(options.format)}"`);
      return 2;
    }
    const output = outputFile(options);
    const color = useColor(io, options.color as boolean | undefined, output !== undefined);
    writeReportWith(output, (sink) => format.render(changes, { color }, sink));
    reportProblems(io, [...before.errors, ...after.errors], [...before.warnings, ...after.warnings]);
    if (before.errors.length + after.errors.length > 0) return 2;
    return options.exitCode === true && changes.length > 0 ? 1 : 0;
  },
});
