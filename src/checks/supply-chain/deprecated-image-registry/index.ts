import { k8sDocs } from '../../../core/references.js';
import { formatImageRef, type ImageRef } from '../../../k8s/image-ref.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerImages } from '../images.js';

const REPLACEMENT_REGISTRY = 'registry.k8s.io';

/**
 * k8s.gcr.io was a vanity name for the gcr.io/google-containers project; both were frozen on
 * 3 April 2023. Returns the frozen location and the repository path to use under registry.k8s.io.
 */
function frozenLocation(ref: ImageRef): { location: string; repository: string } | undefined {
  const registry = ref.registry.toLowerCase();
  if (registry === 'k8s.gcr.io') return { location: registry, repository: ref.repository };
  if (registry !== 'gcr.io') return undefined;
  const match = /^(google[-_]containers)\/(.+)$/.exec(ref.repository);
  return match?.[1] && match[2] ? { location: `gcr.io/${match[1]}`, repository: match[2] } : undefined;
}

export default defineCheck({
  id: 'deprecated-image-registry',
  title: 'Container image comes from the frozen k8s.gcr.io registry',
  severity: 'low',
  category: 'supply-chain',
  target: 'workload',
  admission: true,
  description:
    'The Kubernetes project froze k8s.gcr.io (and gcr.io/google-containers behind it) in April 2023: no new images and no security patches are published there, and the legacy registry will eventually be shut down. Images pulled from it miss every fix since, and pulls depend on a redirect that may stop working.',
  remediation: 'Pull the image from registry.k8s.io, the community-owned registry that serves the images published to k8s.gcr.io and every release since, and move to a current version.',
  references: [
    k8sDocs('Kubernetes blog: k8s.gcr.io Redirect to registry.k8s.io - What You Need to Know', 'https://kubernetes.io/blog/2023/03/10/image-registry-redirect/'),
    k8sDocs('Kubernetes blog: k8s.gcr.io Image Registry Will Be Frozen From the 3rd of April 2023', 'https://kubernetes.io/blog/2023/02/06/k8s-gcr-io-freeze-announcement/'),
  ],
  run({ pod, report }) {
    for (const { container, image, ref, path } of containerImages(pod)) {
      const frozen = frozenLocation(ref);
      if (!frozen) continue;
      const replacement = formatImageRef({ ...ref, registry: REPLACEMENT_REGISTRY, repository: frozen.repository });
      report({ path, message: `${describeContainer(container)} pulls "${image}" from ${frozen.location}, frozen since April 2023; use ${replacement} instead` });
    }
  },
});
