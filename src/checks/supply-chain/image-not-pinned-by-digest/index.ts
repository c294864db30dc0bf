import { cis, k8sDocs, mitre } from '../../../core/references.js';
import { asString } from '../../../k8s/access.js';
import { parseImageRef } from '../../../k8s/image-ref.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerImages } from '../images.js';

export default defineCheck({
  id: 'image-not-pinned-by-digest',
  title: 'Container image is not pinned by digest',
  severity: 'low',
  category: 'supply-chain',
  target: 'workload',
  admission: true,
  description:
    'A tag is a movable pointer: the registry can serve different content under the same tag tomorrow, whether through a routine re-push or a compromised registry account. Only a digest names exact, verifiable content, so what was reviewed and scanned is what runs.',
  remediation:
    'Append the digest of the reviewed image (`registry.example.com/app:1.4.2@sha256:…`); resolve it with `crane digest` or `docker buildx imagetools inspect`, and let a dependency bot update it.',
  references: [
    cis('5.5.1', 'Configure Image Provenance using ImagePolicyWebhook admission controller'),
    mitre('T1525', 'Implant Internal Image'),
    k8sDocs('Kubernetes documentation: Images (image names and digests)', 'https://kubernetes.io/docs/concepts/containers/images/#image-names'),
  ],
  run({ pod, report }) {
    for (const { container, image, ref, path } of containerImages(pod)) {
      if (ref.digest === undefined) {
        report({ path, message: `${describeContainer(container)} uses image "${image}", which is not pinned by a digest (@sha256:…)` });
      }
    }
    // A digest that is not one (`app@sha256:abc`) pins nothing: the kubelet refuses the name (InvalidImageName).
    for (const container of pod.containers) {
      const image = asString(container.body.image);
      if (image === undefined || !image.includes('@')) continue;
      const parsed = parseImageRef(image);
      if (!parsed.ok) report({ path: [...container.path, 'image'], message: `${describeContainer(container)} uses image "${image}", whose digest is not valid (${parsed.reason}), so it pins nothing and the kubelet refuses the name` });
    }
  },
});
