import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../core/finding.js';
import { objectsOfDocument } from '../../../inputs/objects.js';
import { parseManifests } from '../../../k8s/yaml/parse.js';
import { runChecks } from '../../../scan/engine.js';
import privilegedPort from './index.js';

const FIRES = readFileSync(new URL('./fires.yaml', import.meta.url), 'utf8');

function findings(params: unknown): string[] {
  const objects = parseManifests(FIRES, 'fires.yaml').documents.flatMap((d) => objectsOfDocument(d, 'fires.yaml').objects);
  const parsed = privilegedPort.parseParams(params);
  if (!parsed.ok) throw new Error(parsed.message);
  const policy = { checks: [{ check: privilegedPort, severityOverride: undefined, params: parsed.params }], settings: {}, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false };
  const out: Finding[] = [];
  runChecks(objects, policy, (batch) => out.push(...batch));
  return out.map((f) => `${f.object.name} ${f.message}`);
}

describe('privileged-port and runtimes that open unprivileged ports (containerd 2.x)', () => {
  it('by default reports every low port, saying a runtime may lower the limit', () => {
    const all = findings({});
    expect(all).toHaveLength(4);
    expect(all[0]).toContain('unless the container runtime lowers net.ipv4.ip_unprivileged_port_start');
  });

  it('with runtimeUnprivilegedPorts: pods off the host network start at 0, unless they set the sysctl themselves; host-network pods keep the node limit', () => {
    expect(findings({ runtimeUnprivilegedPorts: true })).toEqual([
      'dns init container "proxy" listens on privileged port 53, which needs root or NET_BIND_SERVICE (the pod\'s sysctl only frees ports from 100)',
      'edge container "edge" listens on privileged port 443, which needs root or NET_BIND_SERVICE (a host-network pod has the node\'s limit, 1024 unless the node lowers it)',
    ]);
  });

  it('refuses a parameter of the wrong type', () => {
    expect(privilegedPort.parseParams({ runtimeUnprivilegedPorts: 'yes' }).ok).toBe(false);
  });
});
