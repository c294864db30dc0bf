import path from 'node:path';

/*
 * Which references of a kustomization kustomize fetches over the network, as kustomize 5
 * (sigs.k8s.io/kustomize/api internal/loader and internal/git/repospec.go) tells them from local
 * paths: a URL of a file (http or https), which it downloads, and whatever parses as a git
 * repository, which it clones: with `git::` (stripped), a scheme (ssh://, https://, http://,
 * file://), or none but a user (`name@host:org/repo`, SCP style, over SSH) or github.com.
 * Anything else (`gitlab.com/org/repo`, `gh:org/repo`) is a local path to kustomize, which fails
 * on it without reaching the network.
 */

/** A URL kustomize downloads a file from (its IsRemoteFile: an http or https scheme). */
export function isRemoteFile(reference: string): boolean {
  return /^https?:\/\//i.test(reference);
}

const SCHEMES = ['ssh://', 'https://', 'http://', 'file://'] as const;

function trimPrefixIgnoreCase(text: string, prefix: string): string | undefined {
  return text.toLowerCase().startsWith(prefix) ? text.slice(prefix.length) : undefined;
}

/**
 * Whether kustomize takes a reference for a git repository to clone (its NewRepoSpecFromURL
 * succeeds): its host, then its path in two parts, the repository and the kustomization in it.
 */
export function isGitRepository(reference: string): boolean {
  if (path.isAbsolute(reference)) return false;
  let rest = reference.split('?')[0]!;
  rest = trimPrefixIgnoreCase(rest, 'git::') ?? rest;
  let scheme = '';
  for (const prefix of SCHEMES) {
    const after = trimPrefixIgnoreCase(rest, prefix);
    if (after !== undefined) {
      scheme = prefix;
      rest = after;
      break;
    }
  }
  const user = /^[a-zA-Z][a-zA-Z0-9-]*@/.exec(rest)?.[0] ?? '';
  rest = rest.slice(user.length);
  const github = /^github\.com[/:]/i.test(rest);
  const scpStyle = scheme === '' && (user !== '' || github);
  if (scheme === '' && !scpStyle) return false;
  let repositoryPath: string;
  if (scheme === 'file://') repositoryPath = user + rest;
  else {
    let separator = rest.indexOf('/');
    const colon = rest.indexOf(':');
    if (scpStyle && (separator === -1 || (colon > 0 && colon < separator))) separator = colon;
    const host = separator >= 0 ? rest.slice(0, separator + 1) : rest;
    repositoryPath = separator >= 0 ? rest.slice(separator + 1) : '';
    if (host === '' && !github) return false;
  }
  return splitsIntoRepository(repositoryPath, scheme === 'file://');
}

/** kustomize's parsePathParts: the repository (not empty) and a kustomization path that stays inside it. */
function splitsIntoRepository(repositoryPath: string, wholePath: boolean): boolean {
  let repository: string;
  let root: string;
  const gitRoot = repositoryPath.indexOf('_git/');
  const doubleSlash = repositoryPath.indexOf('//');
  const gitSuffix = repositoryPath.indexOf('.git');
  if (gitRoot >= 0) {
    const below = repositoryPath.slice(gitRoot + '_git/'.length).split('/');
    repository = repositoryPath.slice(0, gitRoot + '_git/'.length) + below[0];
    root = below.slice(1).join('/');
  } else if (doubleSlash >= 0) {
    repository = repositoryPath.slice(0, doubleSlash);
    root = repositoryPath.slice(doubleSlash + 2);
  } else if (gitSuffix >= 0) {
    repository = repositoryPath.slice(0, gitSuffix + '.git'.length);
    root = repositoryPath.slice(gitSuffix + '.git'.length);
  } else if (wholePath) {
    repository = repositoryPath;
    root = '';
  } else {
    // Without a marker, the first two segments (org/repo), if there are two.
    const segments = repositoryPath.split('/');
    if (segments.length < 2) return false;
    repository = segments.slice(0, 2).join('/');
    root = segments.slice(2).join('/');
  }
  if (repository === '') return false;
  return path.posix.normalize(root.replace(/^\//, '')).split('/')[0] !== '..';
}
