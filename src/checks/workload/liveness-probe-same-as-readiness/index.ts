import { k8sDocs } from '../../../core/references.js';
import { asArray, asRecord, asString, type JsonRecord } from '../../../k8s/access.js';
import { type ContainerView, describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { isPortName, namedPorts, probedContainers, probeHandler } from '../probes.js';

/** A probe timing field as the API server defaults it (SetDefaults_Probe): 0 or unset takes the default. */
function seconds(probe: JsonRecord, field: string, fallback: number): number {
  const value = probe[field];
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** The port a probe reaches: a name resolves to the number of the container's port so named. */
function resolvedPort(c: ContainerView, port: unknown): unknown {
  if (!isPortName(port)) return port;
  const number = namedPorts(c).get(port);
  return number ?? port;
}

/** RFC 7230 token characters, which Go's net/textproto accepts in a header name. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A header name as the kubelet sends it: it builds the probe request with Go's http.Header.Add,
 * which canonicalises the name (textproto.CanonicalMIMEHeaderKey: `x-probe` and `X-PROBE` become
 * `X-Probe`). A name with other characters is left as written, as Go leaves it.
 */
function canonicalHeaderName(name: string): string {
  if (!HEADER_NAME.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}

/**
 * The headers of the request the kubelet sends (pkg/probe/http/request.go, newProbeRequest): the
 * written ones with canonical names, plus an Accept header accepting any type unless one is written (an
 * empty first one removes them all) and its own User-Agent unless one is written. Sorted, so that
 * the order they are written in does not count.
 */
function requestHeaders(written: unknown): string[] {
  const headers = asArray(written).map((h) => ({ name: canonicalHeaderName(String(asRecord(h)?.name ?? '')), value: String(asRecord(h)?.value ?? '') }));
  const accept = headers.find((h) => h.name === 'Accept');
  const sent = accept?.value === '' ? headers.filter((h) => h.name !== 'Accept') : headers;
  if (!accept) sent.push({ name: 'Accept', value: '*/*' });
  if (!headers.some((h) => h.name === 'User-Agent')) sent.push({ name: 'User-Agent', value: 'kube-probe' });
  return sent.map((h) => `${h.name}: ${h.value}`).sort();
}

/**
 * What the probe checks, once the API server's defaults are in (httpGet path "/" and scheme HTTP,
 * gRPC service ""), with named ports resolved and header names canonicalised; undefined when it has no handler.
 */
function target(c: ContainerView, probe: JsonRecord): { key: string; text: string } | undefined {
  const handler = probeHandler(probe);
  if (!handler) return undefined;
  const { kind, action } = handler;
  const port = resolvedPort(c, action.port);
  switch (kind) {
    case 'exec': {
      const command = asArray(action.command);
      return { key: JSON.stringify(['exec', command]), text: `exec ${command.map((a) => String(a)).join(' ')}` };
    }
    case 'httpGet': {
      const path = asString(action.path) || '/';
      const headers = requestHeaders(action.httpHeaders);
      const scheme = asString(action.scheme) || 'HTTP';
      return { key: JSON.stringify(['httpGet', scheme, asString(action.host) ?? '', port, path, headers]), text: `httpGet ${path} on port ${String(port)}` };
    }
    case 'tcpSocket':
      return { key: JSON.stringify(['tcpSocket', asString(action.host) ?? '', port]), text: `tcpSocket on port ${String(port)}` };
    case 'grpc':
      return { key: JSON.stringify(['grpc', action.port, asString(action.service) ?? '']), text: `grpc on port ${String(action.port)}` };
  }
}

/** How long a probe fails before the kubelet acts on it (failureThreshold × periodSeconds), and how long each try may take. */
function tolerance(probe: JsonRecord): { window: number; timeout: number } {
  return { window: seconds(probe, 'failureThreshold', 3) * seconds(probe, 'periodSeconds', 10), timeout: seconds(probe, 'timeoutSeconds', 1) };
}

export default defineCheck({
  id: 'liveness-probe-same-as-readiness',
  title: 'Liveness probe repeats the readiness probe',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  description:
    'A readiness probe takes a container out of its Services while it cannot serve, for example under overload, so that it can recover; a liveness probe restarts it. When the liveness probe makes the same check and gives up no later than the readiness probe (its failureThreshold × periodSeconds and timeoutSeconds, as defaulted, are not larger), every container that stops being ready is restarted too: the readiness state buys nothing, and a load spike that slows all replicas restarts them all together. The probes are compared as Kubernetes runs them: default path, scheme and timings filled in, named ports resolved, and HTTP headers compared as the kubelet sends them (names case-insensitively, as the kubelet canonicalises them, and with the Accept: */* and User-Agent headers it adds when none is written). Jobs and CronJobs are not checked, since no Service waits on their readiness.',
  remediation:
    'Make the liveness probe check only that the process is alive (a cheap endpoint that does not depend on load or on other services), or keep the same check and give the liveness probe a longer failure window (a higher failureThreshold or periodSeconds) or a longer timeoutSeconds than the readiness probe.',
  references: [
    k8sDocs('Configure Liveness, Readiness and Startup Probes', 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'),
    k8sDocs('Pod Lifecycle: container probes', 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes'),
  ],
  run({ pod, report }) {
    if (pod.workloadKind.controller === 'batch') return;
    for (const c of probedContainers(pod)) {
      const liveness = asRecord(c.body.livenessProbe);
      const readiness = asRecord(c.body.readinessProbe);
      if (!liveness || !readiness) continue;
      const checked = target(c, liveness);
      if (!checked || checked.key !== target(c, readiness)?.key) continue;
      const live = tolerance(liveness);
      const ready = tolerance(readiness);
      if (live.window > ready.window || live.timeout > ready.timeout) continue;
      report({
        path: [...c.path, 'livenessProbe'],
        message: `${describeContainer(c)} has a livenessProbe that makes the same check as its readinessProbe (${checked.text}) and fails after ${live.window}s with a ${live.timeout}s timeout (the readiness probe: ${ready.window}s, ${ready.timeout}s), so the kubelet restarts the container no later than it takes it out of its Services`,
      });
    }
  },
});
