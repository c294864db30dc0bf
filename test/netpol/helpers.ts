import { objectsOfDocument } from '../../src/inputs/objects.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';
import { NetpolAnalysis } from '../../src/netpol/engine/analysis.js';
import { connectivityMap, peerName } from '../../src/netpol/engine/connectivity-map.js';

/** An analysis of manifests given as YAML text. */
export function analyzeYaml(text: string): NetpolAnalysis {
  const objects = parseManifests(text, 'test.yaml').documents.flatMap((d) => objectsOfDocument(d, 'test.yaml').objects);
  return new NetpolAnalysis(objects);
}

/** The map as `src => dst: ports` lines, IPv6 ranges left out unless asked for. */
export function mapLines(analysis: NetpolAnalysis, options: { ipv6?: boolean } = {}): string[] {
  return connectivityMap(analysis)
    .filter((c) => options.ipv6 || !((c.src.kind === 'external' && c.src.range.family === 6) || (c.dst.kind === 'external' && c.dst.range.family === 6)))
    .map((c) => `${peerName(c.src)} => ${peerName(c.dst)}: ${c.conns.toString()}`);
}

/** A minimal Deployment with pod labels and named ports. */
export function deployment(namespace: string, name: string, labels: Record<string, string>, ports: Array<{ name?: string; port: number; protocol?: string }> = []): string {
  const portLines = ports.map((p) => `            - {${p.name ? `name: ${p.name}, ` : ''}containerPort: ${p.port}${p.protocol ? `, protocol: ${p.protocol}` : ''}}`).join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: ${JSON.stringify(labels)}}
  template:
    metadata: {labels: ${JSON.stringify(labels)}}
    spec:
      containers:
        - name: main
          image: registry.example.com/${name}:1.0
${ports.length > 0 ? `          ports:\n${portLines}\n` : ''}---
`;
}
