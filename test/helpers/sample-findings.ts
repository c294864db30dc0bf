import type { Finding } from '../../src/core/finding.js';
import { emptySeverityCounts, type ScanReport } from '../../src/report/model.js';

/** A finding as a report format receives it, with the fields given replaced. */
export function sampleFinding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'privileged-container',
    severity: 'critical',
    category: 'pod-security',
    title: 'Container runs privileged',
    message: 'container "web" runs privileged',
    object: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web' },
    path: 'spec.containers[0].securityContext.privileged',
    location: { file: 'k8s/pod.yaml', line: 12, column: 9 },
    remediation: 'Remove privileged: true.',
    references: [],
    ...over,
  };
}

/** The end of a scan that found nothing, for formats to close with. */
export function emptyScanReport(): ScanReport {
  return {
    suppressed: [],
    skipped: [],
    errors: [],
    warnings: [],
    objects: [],
    summary: { files: 1, documents: 1, objects: 1, derived: 0, findings: 0, bySeverity: emptySeverityCounts(), suppressed: 0, baselined: 0, skipped: 0, errors: 0, failOn: 'high', minSeverity: 'info', belowMinSeverity: 0, passed: true },
  };
}
