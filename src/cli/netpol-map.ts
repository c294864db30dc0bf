import { connectivityMap } from '../netpol/engine/connectivity-map.js';
import { focusConnections, type MapFocus, peerMatches } from '../netpol/engine/focus.js';
import { exposureReport, focusExposureEntries } from '../netpol/exposure/report.js';
import { parsePortSpec } from '../netpol/ports/port-spec.js';
import type { MapDocument } from '../netpol/render/map-format.js';
import { MAP_FORMATS } from '../netpol/render/map-formats.js';
import { writeReportWith } from '../report/write.js';
import { useColor } from './color.js';
import { defineCommand } from './command.js';
import { outputFile } from './output-option.js';
import { analyzeManifests, NETPOL_INPUT_OPTIONS, listOption, reportProblems } from './netpol-shared.js';

export const netpolMapCommand = defineCommand({
  name: 'map',
  description: 'Show which workloads (and external address ranges) can reach which, on which ports, under the NetworkPolicies and admin network policies of the manifests',
  arguments: '[paths...]',
  options: [
    ...NETPOL_INPUT_OPTIONS,
    { flags: '-f, --format <format>', description: 'output format', defaultValue: 'table', choices: [...MAP_FORMATS.keys()] },
    { flags: '-o, --output <file>', description: 'write to a file (atomically) instead of stdout', writesFile: true },
    { flags: '--focus-workload <name>', description: 'only connections of this workload (name or namespace/name; repeatable)', repeatable: true },
    { flags: '--focus-workload-peer <name>', description: 'with --focus-workload: only connections with this peer (repeatable)', repeatable: true },
    { flags: '--focus-direction <direction>', description: 'with --focus-workload: only connections into (ingress) or out of (egress) it', choices: ['ingress', 'egress'] },
    { flags: '--focus-conn <port>', description: 'only connections that allow this port, e.g. 8080/TCP or tcp-8080' },
    { flags: '--exposure', description: 'also report what each workload is open to beyond the input: any pod, external ranges, pods that rules select by labels (table, json, markdown; not with --focus-workload-peer)' },
    { flags: '--color', description: 'force colored output' },
    { flags: '--no-color', description: 'disable colored output (also: NO_COLOR=1)' },
  ],
  examples: [
    'rampart netpol map k8s/',
    'rampart netpol map k8s/ --format json --output connectivity.json',
    'rampart netpol map k8s/ --focus-workload shop/web --focus-direction ingress',
    'rampart netpol map k8s/ --format mermaid > connectivity.md',
  ],
  async run(args, options, io) {
    const format = MAP_FORMATS.get(String(options.format));
    if (!format) {
      io.error(`rampart netpol map: unknown format "${String(options.format)}"`);
      return 2;
    }
    if (options.exposure === true && !format.exposure) {
      io.error(`rampart netpol map: --exposure works with the table, json and markdown formats, not ${format.id}`);
      return 2;
    }
    // A peer is the other side of a focused workload's connections: alone it would narrow nothing
    // (netpol-analyzer warns and ignores it). Like --kubeconfig without --cluster, a usage error.
    const peers = listOption(options.focusWorkloadPeer).length > 0;
    const workloads = listOption(options.focusWorkload).length > 0;
    if (peers && !workloads) {
      io.error('rampart netpol map: --focus-workload-peer needs --focus-workload');
      return 2;
    }
    // The direction is that of the focused workloads' connections. netpol-analyzer warns
    // "focus-direction may be used only with focusworkload flag, will be ignored" (connlist.go,
    // warnIncompatibleFlagsUsage, v1.4.4), yet still narrows its exposure report by it.
    if (options.focusDirection !== undefined && !workloads) {
      io.error('rampart netpol map: --focus-direction needs --focus-workload');
      return 2;
    }
    // Exposure is what a workload is open to beyond the input, which a peer of the input cannot
    // narrow: netpol-analyzer warns "exposure analysis is not relevant when both focusworkload and
    // focusworkload-peer are used; exposure flag will be ignored" and drops the exposure report.
    if (options.exposure === true && peers) {
      io.error('rampart netpol map: --exposure is not relevant with --focus-workload-peer');
      return 2;
    }
    let connection: MapFocus['connection'];
    if (typeof options.focusConn === 'string') {
      const spec = parsePortSpec(options.focusConn);
      if (!spec.ok || spec.value.kind !== 'number' || spec.value.lo !== spec.value.hi) {
        io.error(`rampart netpol map: --focus-conn: ${spec.ok ? 'give one numbered port, e.g. 8080/TCP' : spec.error.message}`);
        return 2;
      }
      connection = { protocol: spec.value.protocol, port: spec.value.lo };
    }
    const focus: MapFocus = {
      workloads: listOption(options.focusWorkload),
      peers: listOption(options.focusWorkloadPeer),
      ...(options.focusDirection === 'ingress' || options.focusDirection === 'egress' ? { direction: options.focusDirection } : {}),
      ...(connection ? { connection } : {}),
    };
    const loaded = await analyzeManifests('rampart netpol map', args, options, io);
    if (!loaded) return 2;
    const { analysis, errors, warnings } = loaded;
    for (const name of [...(focus.workloads ?? []), ...(focus.peers ?? [])]) {
      const known = analysis.workloads.some((w) => peerMatches({ kind: 'workload', workload: w }, [name])) || (analysis.ingressController !== undefined && peerMatches({ kind: 'ingress-controller' }, [name]));
      if (!known) io.error(`warning: ${name} matches no workload (use name or namespace/name)`);
    }
    // Only what the focus involves is computed: a full map can have millions of connections.
    const focused = focus.workloads && focus.workloads.length > 0 ? focus.workloads : undefined;
    const all = connectivityMap(analysis, focused ? { involving: (peer) => peerMatches(peer, focused) } : {});
    const connections = focusConnections(all, focus);
    let exposure: MapDocument['exposure'];
    if (options.exposure === true) {
      exposure = exposureReport(analysis, all)
        .filter((w) => peerMatches({ kind: 'workload', workload: w.workload }, focused))
        .map((w) => {
          const pick = (d: 'ingress' | 'egress') => {
            const wanted = focus.direction === undefined || focus.direction === d;
            const entries = !wanted ? [] : connection ? focusExposureEntries(w[d].entries, connection) : w[d].entries;
            return { protected: w[d].protected || !wanted, entries };
          };
          return { workload: w.workload, ingress: pick('ingress'), egress: pick('egress') };
        });
    }
    const output = outputFile(options);
    const color = useColor(io, options.color as boolean | undefined, output !== undefined);
    writeReportWith(output, (sink) => format.render({ analysis, connections, ...(exposure ? { exposure } : {}) }, { color }, sink));
    reportProblems(io, errors, warnings);
    return errors.length > 0 ? 2 : 0;
  },
});
