import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerImages } from '../images.js';

export default defineCheck({
  id: 'image-tag-latest',
  title: 'Container image uses the latest tag or no tag',
  severity: 'medium',
  category: 'supply-chain',
  target: 'workload',
  admission: true,
  description:
    'An image without a tag resolves to `latest`, and `latest` (like any tag) can be re-pushed at any time: the code that runs changes without a change to the manifest, replicas on different nodes can run different builds, and a rollback cannot restore the previous version. Whoever can push to the repository decides what the cluster runs next.',
  remediation:
    'Reference a specific, immutable version (`nginx:1.27.3`), ideally pinned by digest (`nginx:1.27.3@sha256:…`), and update it deliberately.',
  references: [
    nsa('Kubernetes Pod security: Building secure container images'),
    mitre('T1525', 'Implant Internal Image'),
    k8sDocs('Kubernetes documentation: Images (image names and tags)', 'https://kubernetes.io/docs/concepts/containers/images/#image-names'),
  ],
  run({ pod, report }) {
    for (const { container, image, ref, path } of containerImages(pod)) {
      // A digest pins the content whatever the tag says.
      if (ref.digest !== undefined) continue;
      if (ref.tag === undefined) {
        report({ path, message: `${describeContainer(container)} uses image "${image}" without a tag, which resolves to latest` });
      } else if (ref.tag === 'latest') {
        report({ path, message: `${describeContainer(container)} uses image "${image}" with the mutable tag latest` });
      }
    }
  },
});
