import type { Path } from '../../core/path.js';
import { asString } from '../../k8s/access.js';
import { type ImageRef, parseImageRef } from '../../k8s/image-ref.js';
import type { ContainerView, PodView } from '../../k8s/workloads.js';

/** A container's image as written and as parsed. */
export interface ContainerImage {
  readonly container: ContainerView;
  /** The image as written in the manifest, for messages. */
  readonly image: string;
  readonly ref: ImageRef;
  readonly path: Path;
}

/**
 * Every container (regular, init, ephemeral) whose image is a valid reference. Containers
 * without an image (left for a controller or config tool to fill in) and unparsable images
 * (templates, typos) are skipped: nothing can be said about what they pull.
 */
export function containerImages(pod: PodView): readonly ContainerImage[] {
  let cached = imagesOf.get(pod);
  if (!cached) imagesOf.set(pod, (cached = findImages(pod)));
  return cached;
}

// Every image check of the family asks for the same pod's images: parse them once.
const imagesOf = new WeakMap<PodView, ContainerImage[]>();

function findImages(pod: PodView): ContainerImage[] {
  const out: ContainerImage[] = [];
  for (const container of pod.containers) {
    const image = asString(container.body.image);
    if (image === undefined) continue;
    const parsed = parseImageRef(image);
    if (parsed.ok) out.push({ container, image, ref: parsed.ref, path: [...container.path, 'image'] });
  }
  return out;
}
