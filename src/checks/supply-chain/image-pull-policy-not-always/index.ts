import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { asString } from '../../../k8s/access.js';
import { defaultImagePullPolicy } from '../../../k8s/image-ref.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerImages } from '../images.js';

const NOT_ALWAYS = new Set(['IfNotPresent', 'Never']);

export default defineCheck({
  id: 'image-pull-policy-not-always',
  title: 'Image pull policy lets a node reuse a cached image by tag',
  severity: 'low',
  category: 'supply-chain',
  target: 'workload',
  admission: true,
  description:
    'With IfNotPresent or Never, the kubelet runs whatever image the node already holds under that tag: a stale or tampered copy, or a private image pulled earlier with someone else\'s credentials, which the pod then uses without any registry authorization check. Kubernetes defaults to IfNotPresent for every tag except latest. Digest-pinned images are not reported: whatever the node has cached must match the digest.',
  remediation:
    'Pin the image by digest (preferred), or set `imagePullPolicy: Always` so every start revalidates the tag against the registry with the pod\'s own pull credentials.',
  references: [
    cis('1.2.11', 'Ensure that the admission control plugin AlwaysPullImages is set'),
    mitre('T1525', 'Implant Internal Image'),
    k8sDocs('Kubernetes documentation: Images (image pull policy)', 'https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy'),
  ],
  run({ pod, report }) {
    for (const { container, image, ref } of containerImages(pod)) {
      if (ref.digest !== undefined) continue;
      const path = [...container.path, 'imagePullPolicy'];
      const written = asString(container.body.imagePullPolicy) || undefined;
      if (written === undefined) {
        const policy = defaultImagePullPolicy(image);
        if (policy !== 'Always') {
          report({ path, message: `${describeContainer(container)} sets no imagePullPolicy, so Kubernetes defaults it to ${policy} for image "${image}", which is not pinned by digest` });
        }
      } else if (NOT_ALWAYS.has(written)) {
        report({ path, message: `${describeContainer(container)} sets imagePullPolicy: ${written} for image "${image}", which is not pinned by digest` });
      }
    }
  },
});
