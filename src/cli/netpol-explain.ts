import { explainPair, type ExplainTarget, resolveTarget, restrictExplanation } from '../netpol/explain/explain.js';
import { ConnSet } from '../netpol/ports/conn-set.js';
import { parsePortSpec } from '../netpol/ports/port-spec.js';
import { explanationJson, explanationText } from '../netpol/render/explain-render.js';
import { formatIpRange } from '../netpol/ip/ip-set.js';
import { writeReportWith } from '../report/write.js';
import { useColor } from './color.js';
import { defineCommand } from './command.js';
import { analyzeManifests, NETPOL_INPUT_OPTIONS, reportProblems } from './netpol-shared.js';
import { OUTPUT_OPTION, outputFile } from './output-option.js';

export const netpolExplainCommand = defineCommand({
  name: 'explain',
  description: 'Say whether SRC can connect to DST, and exactly which policies and rules (with file:line) decide it in each direction; exit 0 when allowed, 1 when denied',
  arguments: '<src> <dst> [paths...]',
  options: [
    ...NETPOL_INPUT_OPTIONS,
    { flags: '-p, --port <port>', description: 'one port or range, e.g. 8080, 8080/TCP, 53/UDP, 9000-9100/TCP, or a port name of DST' },
    { flags: '-f, --format <format>', description: 'output format', defaultValue: 'text', choices: ['text', 'json'] },
    { flags: '--color', description: 'force colored output' },
    { flags: '--no-color', description: 'disable colored output (also: NO_COLOR=1)' },
    OUTPUT_OPTION,
  ],
  examples: [
    'rampart netpol explain shop/web shop/db k8s/ --port 5432/TCP',
    'rampart netpol explain 0.0.0.0 shop/web k8s/ --format json',
    'rampart netpol explain shop/web 169.254.169.254 k8s/',
  ],
  async run(args, options, io) {
    const [srcText = '', dstText = '', ...paths] = args;
    const loaded = await analyzeManifests('rampart netpol explain', paths, options, io);
    if (!loaded) return 2;
    const { analysis, errors, warnings } = loaded;
    const one = (text: string): ExplainTarget | undefined => {
      const resolved = resolveTarget(analysis, text);
      if (!resolved.ok) {
        io.error(`rampart netpol explain: ${resolved.error.message}`);
        return undefined;
      }
      if (resolved.value.length !== 1) {
        const ranges = resolved.value.map((t) => (t.kind === 'external' ? formatIpRange(t.range) : '')).join(', ');
        io.error(`rampart netpol explain: ${text} spans ${resolved.value.length} address ranges that the policies treat differently (${ranges}); ask about one address`);
        return undefined;
      }
      return resolved.value[0];
    };
    const src = one(srcText);
    const dst = one(dstText);
    if (!src || !dst) {
      reportProblems(io, errors, warnings);
      return 2;
    }
    if (src.kind !== 'workload' && src.kind !== 'ingress-controller' && dst.kind !== 'workload') {
      io.error('rampart netpol explain: at least one of SRC and DST must be a workload');
      return 2;
    }
    let explanation = explainPair(analysis, src, dst);
    let portText: string | undefined;
    if (typeof options.port === 'string') {
      const spec = parsePortSpec(options.port);
      if (!spec.ok) {
        io.error(`rampart netpol explain: --port: ${spec.error.message}`);
        return 2;
      }
      let conns: ConnSet;
      if (spec.value.kind === 'number') conns = ConnSet.of({ [spec.value.protocol]: [spec.value.lo, spec.value.hi] });
      else {
        const name = spec.value.name;
        const protocol = spec.value.protocol;
        const port = dst.kind === 'workload' ? dst.workload.ports.find((p) => p.name === name && (protocol === undefined || p.protocol === protocol)) : undefined;
        if (!port) {
          io.error(`rampart netpol explain: --port: ${dstText} declares no container port named "${name}"${protocol ? ` with protocol ${protocol}` : ''}`);
          return 2;
        }
        conns = ConnSet.of({ [port.protocol]: [port.port, port.port] });
      }
      portText = conns.toString();
      explanation = restrictExplanation(explanation, conns);
    }
    writeReportWith(outputFile(options), (out) => {
      if (options.format === 'json') out.write(`${JSON.stringify(explanationJson(explanation, portText), null, 2)}\n`);
      else out.write(explanationText(explanation, portText, useColor(io, options.color as boolean | undefined, outputFile(options) !== undefined)));
    });
    reportProblems(io, errors, warnings);
    if (errors.length > 0) return 2;
    return explanation.allowed.isEmpty() ? 1 : 0;
  },
});
