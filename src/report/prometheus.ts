import { SEVERITIES } from '../core/severity.js';
import { defineFormat } from './format.js';

/*
 * Prometheus text exposition of a scan's results, for a scheduled scan whose numbers go to a
 * Pushgateway or to node-exporter's textfile collector: findings by rule, severity and namespace
 * (cluster-scoped objects have namespace=""), and the scan's totals. Only counts are kept while
 * the scan runs.
 */
export const prometheusFormat = defineFormat({
  id: 'prometheus',
  description: 'Prometheus text exposition: findings by rule, severity and namespace, and totals (for a Pushgateway or textfile collector)',
  start(_header, _options, sink) {
    const counts = new Map<string, number>();
    return {
      findings(batch) {
        for (const f of batch) {
          const key = `rule="${label(f.ruleId)}",severity="${f.severity}",namespace="${label(f.object.namespace ?? '')}"`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      },
      end(report) {
        const s = report.summary;
        const lines = [
          '# HELP rampart_scan_findings Findings of the last scan, by rule, severity and namespace.',
          '# TYPE rampart_scan_findings gauge',
          ...[...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([labels, n]) => `rampart_scan_findings{${labels}} ${n}`),
          ...metric('rampart_scan_findings_by_severity', 'Findings of the last scan by severity.', SEVERITIES.map((sev) => [`severity="${sev}"`, s.bySeverity[sev]])),
          ...metric('rampart_scan_objects', 'Objects scanned.', [['', s.objects]]),
          ...metric('rampart_scan_suppressed', 'Findings exempted by configuration or annotations.', [['', s.suppressed]]),
          ...metric('rampart_scan_errors', 'Input errors (unreadable files, invalid YAML).', [['', s.errors]]),
          ...metric('rampart_scan_passed', '1 when no finding is at or above --fail-on and there was no error.', [['', s.passed ? 1 : 0]]),
        ];
        sink.write(`${lines.join('\n')}\n`);
      },
    };
  },
});

function metric(name: string, help: string, samples: ReadonlyArray<readonly [string, number]>): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples.map(([labels, value]) => `${name}${labels ? `{${labels}}` : ''} ${value}`)];
}

/** A label value as the exposition format writes it: backslash, double quote and line feed escaped. */
function label(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}
