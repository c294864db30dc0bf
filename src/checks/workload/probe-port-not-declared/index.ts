import { k8sDocs } from '../../../core/references.js';
import { asRecord } from '../../../k8s/access.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { type AnyProbeField, isPortName, namedPorts, PROBE_FIELDS, probedContainers, probeHandler } from '../probes.js';

/** What the kubelet does with a probe it cannot run: it discards the result, so the probe keeps its initial state. */
const CONSEQUENCE: Readonly<Record<AnyProbeField, string>> = {
  readinessProbe: 'the container never becomes ready and never receives Service traffic',
  livenessProbe: 'the probe never fails and never restarts a hung container',
  startupProbe: 'the container never counts as started: its liveness and readiness probes never run and it never becomes ready',
};

export default defineCheck({
  id: 'probe-port-not-declared',
  title: 'Probe uses a port name the container does not declare',
  severity: 'medium',
  category: 'workload',
  target: 'workload',
  admission: true,
  description:
    'The kubelet resolves a named port of an httpGet or tcpSocket probe against the ports of the same container only. When no port of that container has the name, the probe errors on every run and the kubelet discards the result: a readiness probe leaves the container unready forever, a startup probe keeps it from ever counting as started, and a liveness probe silently never fires. The API server accepts such a manifest. A numeric port needs no declaration (containerPorts are informational), and a gRPC probe takes a number only, so neither is reported.',
  remediation: 'Declare the port under the container\'s ports with that name (ports: [{name: http, containerPort: 8080}]), fix the name\'s spelling, or give the probe the port number.',
  references: [
    k8sDocs('Configure Liveness, Readiness and Startup Probes: named ports', 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port'),
  ],
  run({ pod, report }) {
    for (const c of probedContainers(pod)) {
      let names: ReadonlyMap<string, unknown> | undefined;
      for (const field of PROBE_FIELDS) {
        const probe = asRecord(c.body[field]);
        const handler = probe && probeHandler(probe);
        if (!handler || (handler.kind !== 'httpGet' && handler.kind !== 'tcpSocket')) continue;
        const port = handler.action.port;
        if (!isPortName(port)) continue;
        names ??= namedPorts(c);
        if (names.has(port)) continue;
        const declared = names.size > 0 ? `it declares ${[...names.keys()].map((n) => JSON.stringify(n)).join(', ')}` : 'it declares no named ports';
        report({
          path: [...c.path, field, handler.kind, 'port'],
          message: `${describeContainer(c)} has a ${field} on port "${port}", but none of its ports has that name (${declared}), so ${CONSEQUENCE[field]}`,
        });
      }
    }
  },
});
