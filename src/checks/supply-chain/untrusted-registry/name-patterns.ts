/*
 * Registry/repository patterns for allow- and deny-lists, matched against an image's
 * normalized name (`docker.io/library/nginx`). Patterns are normalized the way image names
 * are, so `nginx`, `library/nginx` and `index.docker.io/library/nginx` are the same pattern.
 *
 *   *   any characters except '/'       (`*.gcr.io`, `ghcr.io/my-org/*`)
 *   **  any characters, '/' included    (`registry.example.com/**`)
 *   ?   one character except '/'
 *
 * A pattern also matches everything below it: `quay.io` and `ghcr.io/my-org` cover every
 * repository they contain.
 */
import { escapeRegExp, fullMatcher } from '../../../core/full-match.js';
import { DOCKER_HUB } from '../../../k8s/image-ref.js';

export interface NamePattern {
  /** The pattern as the user wrote it, for messages. */
  readonly source: string;
  /** Whether a normalized, lower-case image name matches (in time linear in the name). */
  readonly matches: (name: string) => boolean;
}

const GLOB = /(\*\*|\*|\?)/;

export function compileNamePattern(source: string): NamePattern {
  const normalized = normalizePattern(source.trim().toLowerCase().replace(/\/+$/, ''));
  const body = normalized
    .split(GLOB)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : escapeRegExp(part)))
    .join('');
  return { source, matches: fullMatcher(`${body}(?:/.*)?`) };
}

export function matchesName(pattern: NamePattern, name: string): boolean {
  return pattern.matches(name.toLowerCase());
}

/**
 * The image name without the port of its registry (`ttl.sh:443/x` → `ttl.sh/x`): a port reaches the
 * same host, so a deny-list entry for the host still applies.
 */
export function withoutRegistryPort(name: string): string {
  return name.replace(/^([^/:]+):\d+\//, '$1/');
}

/** Adds Docker Hub's implicit registry and `library/` namespace, as for image names. */
function normalizePattern(pattern: string): string {
  const slash = pattern.indexOf('/');
  const first = slash === -1 ? pattern : pattern.slice(0, slash);
  if (!isRegistryLike(first)) return `${DOCKER_HUB}/${slash === -1 ? `library/${pattern}` : pattern}`;
  const registry = first === 'index.docker.io' ? DOCKER_HUB : first;
  const rest = slash === -1 ? '' : pattern.slice(slash + 1);
  if (rest === '') return registry;
  const official = registry === DOCKER_HUB && !rest.includes('/') && !GLOB.test(rest);
  return `${registry}/${official ? `library/${rest}` : rest}`;
}

/** A first component names a registry as in image names; a glob there is a host glob (`*.gcr.io`). */
function isRegistryLike(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || GLOB.test(component);
}
