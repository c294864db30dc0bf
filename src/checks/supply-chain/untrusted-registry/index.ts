import { z } from 'zod';
import { cis, mitre, nsa } from '../../../core/references.js';
import { imageName } from '../../../k8s/image-ref.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerImages } from '../images.js';
import { compileNamePattern, matchesName, type NamePattern, withoutRegistryPort } from './name-patterns.js';

/**
 * Registries anyone can push to without an account (ttl.sh) and tunnels that serve a registry
 * from someone's machine: no one vouches for what they serve, and attackers use them to stage
 * images. Users who configure `denied` replace this list.
 */
const DEFAULT_DENIED = ['ttl.sh', '*.ngrok.io', '*.ngrok.app', '*.ngrok-free.app', '*.trycloudflare.com'];

const pattern = z
  .string()
  .regex(/^[A-Za-z0-9._\-:/*?[\]]+$/, 'a pattern is a registry/repository glob such as "ghcr.io/my-org/*", without tag or digest');

const params = z.strictObject({
  /** When non-empty, every image must match one of these. */
  allowed: z.array(pattern).default([]),
  /** Images matching one of these are reported even when allowed. */
  denied: z.array(pattern).default(DEFAULT_DENIED),
});

const compiled = new WeakMap<readonly string[], readonly NamePattern[]>();

function compileAll(patterns: readonly string[]): readonly NamePattern[] {
  let list = compiled.get(patterns);
  if (!list) {
    list = patterns.map(compileNamePattern);
    compiled.set(patterns, list);
  }
  return list;
}

export default defineCheck({
  id: 'untrusted-registry',
  title: 'Container image comes from a registry or repository that is not trusted',
  severity: 'high',
  category: 'supply-chain',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  params,
  description:
    'Whoever controls a registry or repository decides what code the pod runs. Images from sources outside your control (public namespaces anyone can create, anonymous registries, tunnels to a laptop) bypass your build, scanning and signing pipeline and are a common way to slip in cryptominers and backdoors. Names are compared after normalization: `nginx` is `docker.io/library/nginx`. A denied registry is denied on any port (`ttl.sh:443`); an allowed one is allowed only as written. Without configuration only the `denied` defaults apply: anonymous and tunnel registries.',
  remediation:
    'Mirror the image into a registry you control and reference it there, or add its registry/repository to `allowed` after review. Enforce the same list at admission (this check with the Rampart webhook, or an ImagePolicyWebhook / policy engine).',
  references: [
    cis('5.5.1', 'Configure Image Provenance using ImagePolicyWebhook admission controller'),
    nsa('Kubernetes Pod security: Building secure container images'),
    mitre('T1204.003', 'User Execution: Malicious Image'),
  ],
  run({ pod, params: { allowed, denied }, report }) {
    const allowList = compileAll(allowed);
    const denyList = compileAll(denied);
    for (const { container, image, ref, path } of containerImages(pod)) {
      const name = imageName(ref);
      const deniedBy = denyList.find((p) => matchesName(p, name) || matchesName(p, withoutRegistryPort(name)));
      if (deniedBy) {
        report({ path, message: `${describeContainer(container)} uses image "${image}" (${name}), which matches the denied pattern "${deniedBy.source}"` });
      } else if (allowList.length > 0 && !allowList.some((p) => matchesName(p, name))) {
        report({ path, message: `${describeContainer(container)} uses image "${image}" (${name}), which matches none of the allowed registries and repositories` });
      }
    }
  },
});
