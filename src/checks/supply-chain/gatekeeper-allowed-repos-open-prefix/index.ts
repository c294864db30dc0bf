import { mitre } from '../../../core/references.js';
import { asArray, getIn } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';

/** Docker Hub's host names. Docker IDs, which name users and organizations alike, are lowercase letters and digits only. */
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/**
 * Public registries where anyone can create an account, organization or project: behind `<host>/<name>`
 * without a trailing '/', anyone can register a longer name that starts with `<name>` and match the prefix.
 */
const OPEN_REGISTRIES = new Set([
  ...DOCKER_HUB, 'ghcr.io', 'quay.io', 'gcr.io', 'us.gcr.io',
  'eu.gcr.io', 'asia.gcr.io', 'registry.gitlab.com', 'public.ecr.aws',
]);

/**
 * Google Artifact Registry (`LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE`), which replaces gcr.io: anyone can create a
 * Google Cloud project, and project ids are first come, first served.
 */
const ARTIFACT_REGISTRY = /^(?:[a-z0-9-]+-)?docker\.pkg\.dev$/;

function isOpenRegistry(host: string): boolean {
  const lower = host.toLowerCase();
  return OPEN_REGISTRIES.has(lower) || ARTIFACT_REGISTRY.test(lower);
}

/** What `<name>` is on an open registry, and a name that anyone could register and that starts with it. */
function lookalike(host: string, name: string): { readonly what: string; readonly image: string } {
  const lower = host.toLowerCase();
  // Docker IDs allow no '-', so the look-alike appends letters only; the other registries allow '-' in their names.
  if (DOCKER_HUB.has(lower)) return { what: 'account or organization', image: `${host}/${name}evil/app` };
  if (ARTIFACT_REGISTRY.test(lower)) return { what: 'project', image: `${host}/${name}-evil/repo/app` };
  if (lower === 'gcr.io' || lower.endsWith('.gcr.io')) return { what: 'project', image: `${host}/${name}-evil/app` };
  if (lower === 'public.ecr.aws') return { what: 'registry alias', image: `${host}/${name}-evil/app` };
  return { what: 'account or organization', image: `${host}/${name}-evil/app` };
}

/** Why an entry, matched as a plain string prefix of the image, admits more than it names; undefined when it does not. */
function openPrefix(repo: string): string | undefined {
  if (repo === '') return 'is empty, and every image starts with the empty string, so the constraint allows every image';
  if (repo.endsWith('/') || repo.endsWith(':') || repo.endsWith('@')) return undefined;
  const parts = repo.split('/');
  if (parts.length === 1) {
    if (repo.includes(':')) return undefined;
    return repo.includes('.')
      ? `also matches images from any registry whose host name starts with it (${repo}.attacker.example/app, ${repo}-mirror.example/app)`
      : `also matches any Docker Hub account or image whose name starts with it (${repo}evil/app) and any registry host that does (${repo}.attacker.example/app)`;
  }
  const [host, name] = parts;
  if (parts.length === 2 && host !== undefined && isOpenRegistry(host) && name !== undefined && !name.includes(':') && !name.includes('@')) {
    const { what, image } = lookalike(host, name);
    const project = what === 'project';
    return `also matches every ${host} ${what} whose ${project ? 'id' : 'name'} starts with "${name}" (${image}), which anyone can ${project ? 'create' : 'register'}`;
  }
  return undefined;
}

/**
 * The prefix a K8sAllowedReposv2 entry stands for: the Gatekeeper library's template matches an entry ending in '*' as a
 * prefix (that one '*' trimmed) and any other entry as the exact image string. Undefined for an exact entry, and for a
 * prefix that still holds a '*', which no image name contains.
 */
function v2Prefix(entry: string): string | undefined {
  if (!entry.endsWith('*')) return undefined;
  const prefix = entry.slice(0, -1);
  return prefix.includes('*') ? undefined : prefix;
}

export default defineCheck({
  id: 'gatekeeper-allowed-repos-open-prefix',
  title: 'Gatekeeper K8sAllowedRepos entry is an open-ended prefix',
  severity: 'medium',
  category: 'supply-chain',
  target: 'gatekeeper-allowed-repos',
  admission: true,
  description:
    "Gatekeeper's K8sAllowedRepos constraint admits an image when the image string starts with one of spec.parameters.repos, as a plain string prefix. An entry that does not end at a boundary admits more than it names: `quay.io` also admits `quay.io.attacker.example/miner`, `ubuntu` any Docker Hub account whose name starts with `ubuntu` (`ubuntuevil`), and `ghcr.io/my-org` the organization `ghcr.io/my-org-evil`, which anyone can register. An attacker who may create pods then runs an image of their choosing despite the allow-list. Reported: an empty entry (it allows every image); an entry without '/' that does not end in ':' (a registry host or Docker Hub name left open); and `<host>/<name>` on a public registry where anyone can create accounts or projects (Docker Hub, ghcr.io, quay.io, gcr.io, Artifact Registry's `LOCATION-docker.pkg.dev`, registry.gitlab.com, public.ecr.aws). Entries ending in '/', ':' or '@' are exact boundaries. K8sAllowedReposv2 constraints are read too: there an entry of spec.parameters.allowedImages that ends in '*' is the same kind of prefix (the '*' removed) and is judged the same way, while an entry without '*' must equal the whole image string and admits nothing more.",
  remediation:
    "End every entry at a boundary: a '/' after a registry host or organization (`quay.io/my-org/`, `docker.io/library/`), or ':' or '@' after a full repository name to allow just that image (`nginx:`, `registry.example.com/team/app@`). Or use the k8sallowedreposv2 template of the Gatekeeper library, where an entry without '*' allows only the exact image string and a trailing '*', its only wildcard, makes the entry a prefix; end such a prefix at a boundary too (`quay.io/my-org/*`).",
  references: [
    { type: 'other', id: 'k8sallowedrepos', title: 'Gatekeeper library: Allowed Repositories (K8sAllowedRepos)', url: 'https://open-policy-agent.github.io/gatekeeper-library/website/validation/allowedrepos/' },
    { type: 'other', id: 'k8sallowedreposv2', title: 'Gatekeeper library: Allowed Images (K8sAllowedReposv2)', url: 'https://open-policy-agent.github.io/gatekeeper-library/website/validation/allowedreposv2/' },
    mitre('T1610', 'Deploy Container'),
  ],
  run({ object, report }) {
    const parameters = getIn(object.body, 'spec', 'parameters');
    if (object.kind === 'K8sAllowedReposv2') {
      asArray(getIn(parameters, 'allowedImages')).forEach((entry, i) => {
        if (typeof entry !== 'string') return;
        const prefix = v2Prefix(entry);
        const why = prefix === undefined ? undefined : openPrefix(prefix);
        if (prefix === undefined || why === undefined) return;
        const fix =
          prefix === ''
            ? "remove the entry, and list registries or organizations ending in '/' before the '*' (`quay.io/my-org/*`)"
            : "put '/' (a registry or organization) or ':' (one repository) before the '*', or drop the '*' to allow only that exact image";
        report({
          path: ['spec', 'parameters', 'allowedImages', i],
          message: `K8sAllowedReposv2 "${object.name}" allows images starting with "${prefix}" (the entry "${entry}" ends in '*'), which ${why}; ${fix}`,
        });
      });
      return;
    }
    asArray(getIn(parameters, 'repos')).forEach((repo, i) => {
      if (typeof repo !== 'string') return;
      const why = openPrefix(repo);
      if (why === undefined) return;
      report({
        path: ['spec', 'parameters', 'repos', i],
        message: `K8sAllowedRepos "${object.name}" allows images starting with "${repo}", which ${why}; end the entry with '/' (a registry or organization) or ':' (one repository)`,
      });
    });
  },
});
