/*
 * Container image references as the kubelet and container runtimes read them: the
 * docker/distribution reference grammar plus Docker Hub normalization, so `nginx`,
 * `library/nginx`, `docker.io/library/nginx` and `index.docker.io/library/nginx` are one image.
 *
 *   reference  := [registry '/'] repository [':' tag] ['@' digest]
 *   registry   := host [':' port]      (the first '/'-separated component, when it looks like one)
 *   repository := path-component ['/' path-component]*   (lowercase only)
 */

/** A parsed, normalized image reference. */
export interface ImageRef {
  /** Registry host with optional port: `docker.io`, `quay.io`, `localhost:5000`, `[::1]:5000`. */
  readonly registry: string;
  /** Repository path in the registry, with Docker Hub's `library/` for official images. */
  readonly repository: string;
  readonly tag: string | undefined;
  /** `algorithm:hex`, e.g. `sha256:0123…`. */
  readonly digest: string | undefined;
}

export type ImageParseResult = { readonly ok: true; readonly ref: ImageRef } | { readonly ok: false; readonly reason: string };

export const DOCKER_HUB = 'docker.io';
const LEGACY_DOCKER_HUB = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const MAX_REPOSITORY_LENGTH = 255;

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;

const REGISTRY_RE = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const REMAINDER_RE = new RegExp(`^(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([^@]+))?$`);
const DIGEST_RE = /^([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9a-fA-F]{32,})$/;
/** A bare image ID, which is not a name. */
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;

/** Digest algorithms the runtimes accept, with their hex length; hex must be lowercase. */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

export function parseImageRef(image: string): ImageParseResult {
  if (image === '') return invalid('empty image reference');
  if (IDENTIFIER_RE.test(image)) return invalid('a 64-character hex image ID is not a name');
  const { registry, remainder } = splitRegistry(image);
  if (!REGISTRY_RE.test(registry)) return invalid(`registry "${registry}" is not a valid host[:port]`);
  const tagSeparator = remainder.indexOf(':');
  const repositoryPart = tagSeparator === -1 ? remainder : remainder.slice(0, tagSeparator);
  if (repositoryPart.toLowerCase() !== repositoryPart) return invalid('repository name must be lowercase');
  const match = REMAINDER_RE.exec(remainder);
  if (!match) return invalid('invalid reference format');
  const [, repository = '', tag, digest] = match;
  if (repository.length > MAX_REPOSITORY_LENGTH) return invalid(`repository name is longer than ${MAX_REPOSITORY_LENGTH} characters`);
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem) return invalid(problem);
  }
  return { ok: true, ref: { registry, repository, tag, digest } };
}

/**
 * The first component is a registry when it contains '.' or ':', is `localhost`, or has
 * uppercase letters (which repository paths cannot). Otherwise the image is on Docker Hub,
 * where single-component names are official images under `library/`.
 */
function splitRegistry(image: string): { registry: string; remainder: string } {
  const slash = image.indexOf('/');
  let registry = DOCKER_HUB;
  let remainder = image;
  if (slash !== -1) {
    const first = image.slice(0, slash);
    if (looksLikeRegistry(first)) {
      registry = first === LEGACY_DOCKER_HUB ? DOCKER_HUB : first;
      remainder = image.slice(slash + 1);
    }
  }
  if (registry === DOCKER_HUB && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return { registry, remainder };
}

function looksLikeRegistry(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component.toLowerCase() !== component;
}

function digestProblem(digest: string): string | undefined {
  const match = DIGEST_RE.exec(digest);
  if (!match) return 'invalid digest format';
  const [, algorithm = '', hex = ''] = match;
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) return `unsupported digest algorithm "${algorithm}"`;
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) return `a ${algorithm} digest is ${length} lowercase hex characters`;
  return undefined;
}

function invalid(reason: string): ImageParseResult {
  return { ok: false, reason };
}

/** `registry/repository`, the image's full name without tag or digest: `docker.io/library/nginx`. */
export function imageName(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

/** The fully qualified reference: `docker.io/library/nginx:1.25@sha256:…`. */
export function formatImageRef(ref: ImageRef): string {
  return imageName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/**
 * The tag the runtime resolves: the written tag, or `latest` when there is neither tag nor
 * digest. A digest-only reference has no tag.
 */
export function effectiveTag(ref: ImageRef): string | undefined {
  return ref.tag ?? (ref.digest === undefined ? 'latest' : undefined);
}

/**
 * The imagePullPolicy the API server fills in when a container sets none: Always for the
 * `latest` tag (written or implied), IfNotPresent otherwise, including unparsable images.
 */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const parsed = parseImageRef(image);
  return parsed.ok && effectiveTag(parsed.ref) === 'latest' ? 'Always' : 'IfNotPresent';
}
