import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LevelVersion } from '../policy/levels.js';
import { formatVersion } from '../policy/levels.js';
import type { PsaMode, PsaRecorder } from '../policy/psa.js';
import type { AdmissionRequest } from '../review.js';
import type { Decision, PolicySource } from '../reviewer.js';

/** The webhook's Prometheus metrics, in a registry of its own. */
export class AdmissionMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'path' | 'code'>;
  readonly decisions: Counter<'source' | 'namespace' | 'decision' | 'dry_run'>;
  readonly duration: Histogram<'path'>;
  readonly internalErrors: Counter;
  readonly tlsReloads: Counter<'result'>;
  readonly namespaceReloads: Counter<'result'>;
  readonly inFlight: Gauge;
  /** Pod Security Admission's own metrics, with upstream's names and labels, for existing dashboards. */
  readonly psa: PsaRecorder;

  constructor() {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'rampart_admission_http_requests_total', help: 'HTTP requests by path and status code.', labelNames: ['path', 'code'], registers });
    this.decisions = new Counter({
      name: 'rampart_admission_decisions_total',
      help: 'Admission decisions by policy source (pss or rampart), namespace and decision (allow, deny, warn, audit, exempt); dry_run="true" for dry-run requests, which change nothing.',
      labelNames: ['source', 'namespace', 'decision', 'dry_run'],
      registers,
    });
    this.duration = new Histogram({
      name: 'rampart_admission_review_duration_seconds',
      help: 'Time to answer an AdmissionReview, from request to response.',
      labelNames: ['path'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.internalErrors = new Counter({ name: 'rampart_admission_internal_errors_total', help: 'Reviews answered by the failure policy after an internal error.', registers });
    this.tlsReloads = new Counter({ name: 'rampart_admission_tls_reloads_total', help: 'Serving certificate reloads by result (ok, error).', labelNames: ['result'], registers });
    this.namespaceReloads = new Counter({ name: 'rampart_admission_namespace_file_reloads_total', help: 'Reloads of the --namespaces file by result (ok, error).', labelNames: ['result'], registers });
    this.inFlight = new Gauge({ name: 'rampart_admission_reviews_in_flight', help: 'Reviews being evaluated.', registers });
    this.psa = psaRecorder(registers);
    collectDefaultMetrics({ register: this.registry });
  }

  decision(source: PolicySource, namespace: string, decision: Decision, dryRun: boolean): void {
    this.decisions.inc({ source, namespace, decision, dry_run: String(dryRun) });
  }
}

function resourceLabel(request: AdmissionRequest): string {
  const { group, resource } = request.resource;
  if (group === '' && resource === 'pods') return 'pod';
  if (group === '' && resource === 'namespaces') return 'namespace';
  return 'controller';
}

function versionLabel(policy: LevelVersion): string {
  return policy.level === 'privileged' ? 'latest' : formatVersion(policy.version);
}

function psaRecorder(registers: Registry[]): PsaRecorder {
  const evaluations = new Counter({
    name: 'pod_security_evaluations_total',
    help: 'Number of policy evaluations that occurred, not counting ignored or exempt requests.',
    labelNames: ['decision', 'policy_level', 'policy_version', 'mode', 'request_operation', 'resource', 'subresource'],
    registers,
  });
  const exemptions = new Counter({ name: 'pod_security_exemptions_total', help: 'Number of exempt requests, not counting ignored or out of scope requests.', labelNames: ['request_operation', 'resource', 'subresource'], registers });
  const errors = new Counter({
    name: 'pod_security_errors_total',
    help: 'Number of errors preventing normal evaluation. Non-fatal errors may result in the latest restricted profile being used for evaluation.',
    labelNames: ['fatal', 'request_operation', 'resource', 'subresource'],
    registers,
  });
  return {
    evaluation(decision, policy, mode: PsaMode, request) {
      evaluations.inc({
        decision,
        policy_level: policy.level,
        policy_version: versionLabel(policy),
        mode,
        request_operation: request.operation.toLowerCase(),
        resource: resourceLabel(request),
        subresource: request.subResource,
      });
    },
    exemption(request) {
      exemptions.inc({ request_operation: request.operation.toLowerCase(), resource: resourceLabel(request), subresource: request.subResource });
    },
    error(fatal, request) {
      errors.inc({ fatal: String(fatal), request_operation: request.operation.toLowerCase(), resource: resourceLabel(request), subresource: request.subResource });
    },
  };
}
