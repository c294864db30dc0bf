import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../core/finding.js';
import { objectsOfDocument } from '../../../inputs/objects.js';
import { parseManifests } from '../../../k8s/yaml/parse.js';
import { runChecks } from '../../../scan/engine.js';
import ingressBackendMissing from './index.js';

/** A Service whose port 80 forwards to targetPort 8080, and an Ingress whose backend names 8080 (or the targetPort name). */
function findings(ingressHead: string, port = '{number: 8080}', extra = '', targetPort = '8080'): Array<Pick<Finding, 'severity' | 'message'>> {
  const text = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: ${targetPort}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
${ingressHead}
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: ${port}}}}
${extra}`;
  const objects = parseManifests(text, 'test.yaml').documents.flatMap((d) => objectsOfDocument(d, 'test.yaml').objects);
  const policy = { checks: [{ check: ingressBackendMissing, severityOverride: undefined, params: {} }], settings: {}, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false };
  const out: Finding[] = [];
  runChecks(objects, policy, (batch) => out.push(...batch));
  return out.map((f) => ({ severity: f.severity, message: f.message }));
}

const nginxOnly = { severity: 'low', message: expect.stringContaining('is the targetPort of Service "web" port 80 ("http"), not one of its ports: this works only on controllers that also match targetPorts, such as ingress-nginx') };
const missing = { severity: 'medium', message: 'backend port 8080 is not a port of Service "web" (it has 80)' };
const ingressClass = (name: string, controller: string, isDefault = false) =>
  `---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: ${name}\n${isDefault ? '  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}\n' : ''}spec: {controller: ${controller}}\n`;

describe('ingress-backend-missing and ingress-nginx, which also matches a backend port against targetPort', () => {
  it('reports a targetPort at low severity for class nginx, by field or by annotation', () => {
    expect(findings('metadata: {name: web, namespace: shop}\nspec:\n  ingressClassName: nginx')).toEqual([nginxOnly]);
    expect(findings('metadata: {name: web, namespace: shop, annotations: {kubernetes.io/ingress.class: nginx}}\nspec:')).toEqual([nginxOnly]);
  });

  it('matches a backend port name against a named targetPort, as ingress-nginx compares them as text', () => {
    expect(findings('metadata: {name: web, namespace: shop}\nspec:\n  ingressClassName: nginx', '{name: web-http}', '', 'web-http')).toEqual([
      { severity: 'low', message: expect.stringContaining('backend port "web-http" is the targetPort of Service "web"') },
    ]);
  });

  it('follows the IngressClass objects of the input: their controller, and the default class', () => {
    expect(findings('metadata: {name: web, namespace: shop}\nspec:\n  ingressClassName: public', undefined, ingressClass('public', 'k8s.io/ingress-nginx'))).toEqual([nginxOnly]);
    expect(findings('metadata: {name: web, namespace: shop}\nspec:\n  ingressClassName: nginx', undefined, ingressClass('nginx', 'example.com/other'))).toEqual([missing]);
    expect(findings('metadata: {name: web, namespace: shop}\nspec:', undefined, ingressClass('public', 'k8s.io/ingress-nginx', true))).toEqual([nginxOnly]);
  });

  it('keeps the medium finding for other classes and for an Ingress without a class', () => {
    expect(findings('metadata: {name: web, namespace: shop}\nspec:\n  ingressClassName: traefik')).toEqual([missing]);
    expect(findings('metadata: {name: web, namespace: shop}\nspec:')).toEqual([missing]);
  });
});
