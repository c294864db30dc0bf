import { describe, expect, it } from 'vitest';
import { scanManifestWithCheck } from '../../../test/helpers/fixture-scan.js';
import workloadExposedByServiceOrIngress from './workload-exposed-by-service-or-ingress/index.js';

const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: internal, namespace: shop}
spec:
  selector: {matchLabels: {app: internal}}
  template:
    metadata: {labels: {app: internal}}
    spec:
      containers: [{name: internal, image: registry.example.com/internal:1.0.0}]
---
apiVersion: v1
kind: Service
metadata: {name: internal, namespace: shop}
spec:
  selector: {app: internal}
  ports: [{port: 80, targetPort: 8080}]
`;

describe('exposure through an Ingress', () => {
  it('counts only Services of the Ingress namespace, as an Ingress routes to no other', () => {
    const ingress = (namespace: string) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: internal, namespace: ${namespace}}
spec:
  defaultBackend: {service: {name: internal, port: {number: 80}}}
`;
    expect(scanManifestWithCheck(WORKLOAD + ingress('edge'), workloadExposedByServiceOrIngress).findings).toEqual([]);
    const same = scanManifestWithCheck(WORKLOAD + ingress('shop'), workloadExposedByServiceOrIngress).findings;
    expect(same.map((f) => f.message)).toEqual(['Deployment "internal" is reachable from outside the cluster through Ingress "internal" (to Service "internal")']);
  });
});
