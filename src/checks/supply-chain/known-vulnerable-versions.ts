import semver from 'semver';
import type { Path } from '../../core/path.js';
import { cve, type Reference } from '../../core/references.js';
import type { Severity } from '../../core/severity.js';
import type { ImageRef } from '../../k8s/image-ref.js';
import { type ContainerView, describeContainer, type PodView } from '../../k8s/workloads.js';
import { type Check, defineCheck, type Report, type WorkloadContext } from '../api.js';
import { containerImages } from './images.js';

/*
 * Components with a known vulnerability, recognised by the image a container runs and the version
 * its tag names. Each entry is one advisory: the image repositories of the component (matched on
 * the repository path, so mirrors on any registry count) with the tag forms those images are
 * published under, and the affected versions as intervals from the advisory. The rules of the
 * known-vulnerable-versions family are defined from these entries.
 *
 * A tag is read only when it names a full version in one of the published forms (`v1.11.4`,
 * `1.11.4`, `7.0.12-jammy`, `1.11.4-debian-12-r0`); a floating tag (`latest`, `1.11`, `7`), a
 * digest without a tag and anything else give no verdict, since the version they run cannot be
 * told from the manifest. A pre-release or build suffix is compared by its X.Y.Z core (a `-beta.1`
 * of a fixed release counts as fixed). With both a tag and a digest, the tag is read.
 */

/** One interval of affected versions: from `introduced` (inclusive) up to `fixed` (exclusive). */
export interface AffectedInterval {
  readonly introduced: string;
  /** The first release that fixes this line of versions. */
  readonly fixed: string;
}

/** How one kind of image of the component is named and tagged. */
export interface ImageForm {
  /** Matches the repository path (`ingress-nginx/controller`, `library/mongo`), registry left out. */
  readonly repository: RegExp;
  /** Matches the tags it is published under; the `version` group holds X.Y.Z. */
  readonly tag: RegExp;
}

export interface KnownVulnerability {
  readonly cve: string;
  /** The component, as messages name it: `the ingress-nginx controller`. */
  readonly component: string;
  /** What the vulnerability allows, for messages: `arbitrary code execution through its admission webhook`. */
  readonly impact: string;
  readonly images: readonly ImageForm[];
  readonly affected: readonly AffectedInterval[];
  /** How messages introduce the `fixed` releases, when they do not simply fix it: `mitigable from`. */
  readonly fixedIn?: string;
  readonly severity: Severity;
  /** The vendor's advisory. */
  readonly advisory: { readonly title: string; readonly url: string };
}

/** `1.2.3`, `v1.2.3` and either with a suffix (`-debian-12-r0`, `-hardened3`, `-rc.1`). */
const V_OPTIONAL = /^v?(?<version>\d+\.\d+\.\d+)(?:-[0-9A-Za-z][0-9A-Za-z.-]*)?$/;
/** `v1.2.3`, with an optional suffix: the form of projects that publish v-prefixed tags only. */
const V_PREFIXED = /^v(?<version>\d+\.\d+\.\d+)(?:-[0-9A-Za-z][0-9A-Za-z.-]*)?$/;
/** `1.2.3`, with an optional suffix (`-ubuntu`, `-jammy`, `-debian-12-r0`). */
const PLAIN = /^(?<version>\d+\.\d+\.\d+)(?:-[0-9A-Za-z][0-9A-Za-z.-]*)?$/;
/** Rancher's builds of ingress-nginx: `nginx-1.9.4-rancher1`, and `v1.10.4-hardened3` (RKE2). */
const RANCHER_NGINX = /^(?:nginx-|v)?(?<version>\d+\.\d+\.\d+)(?:-[0-9A-Za-z][0-9A-Za-z.-]*)?$/;

/**
 * The community ingress-nginx controller (kubernetes/ingress-nginx): `registry.k8s.io/ingress-nginx/controller`
 * (and its chroot variant), the older `quay.io/kubernetes-ingress-controller/nginx-ingress-controller`
 * with per-architecture names, and the Bitnami, AKS and Rancher builds (Rancher's first: its tags differ). F5's NGINX Ingress Controller
 * (`nginx/nginx-ingress`) is another project and is not affected.
 */
const INGRESS_NGINX_CONTROLLER: readonly ImageForm[] = [
  { repository: /(?:^|\/)rancher\/(?:mirrored-)?nginx-ingress-controller$/, tag: RANCHER_NGINX },
  { repository: /(?:^|\/)ingress-nginx\/controller(?:-chroot)?$/, tag: V_OPTIONAL },
  { repository: /(?:^|\/)nginx-ingress-controller(?:-(?:amd64|arm64|arm|ppc64le|s390x))?$/, tag: V_OPTIONAL },
];

const INGRESS_NGINX_ADVISORY_2025 = {
  title: 'Kubernetes security announcement: CVE-2025-1974, ingress-nginx admission controller RCE (kubernetes/kubernetes#131009)',
  url: 'https://github.com/kubernetes/kubernetes/issues/131009',
};

export const KNOWN_VULNERABILITIES = {
  'CVE-2021-25742': {
    cve: 'CVE-2021-25742',
    component: 'the ingress-nginx controller',
    impact: 'reading every Secret the controller can read through custom snippet annotations',
    images: INGRESS_NGINX_CONTROLLER,
    // Releases that cannot turn snippet annotations off; 0.49.1 and 1.0.1 added allow-snippet-annotations.
    affected: [
      { introduced: '0.0.0', fixed: '0.49.1' },
      { introduced: '1.0.0', fixed: '1.0.1' },
    ],
    fixedIn: 'mitigable (allow-snippet-annotations: "false") from',
    severity: 'high',
    advisory: {
      title: 'Kubernetes security announcement: CVE-2021-25742, ingress-nginx custom snippets (kubernetes/ingress-nginx#7837)',
      url: 'https://github.com/kubernetes/ingress-nginx/issues/7837',
    },
  },
  'CVE-2022-24348': {
    cve: 'CVE-2022-24348',
    component: 'Argo CD',
    impact: 'reading files of other applications and mounted secrets from the repo-server through a crafted Helm chart (path traversal)',
    images: [
      // quay.io/argoproj/argocd (argoproj/argocd on Docker Hub before 2.0), tagged v2.2.3.
      { repository: /(?:^|\/)argocd$/, tag: V_PREFIXED },
      { repository: /(?:^|\/)bitnami\/argo-cd$/, tag: PLAIN },
    ],
    affected: [
      { introduced: '0.0.0', fixed: '2.1.9' },
      { introduced: '2.2.0', fixed: '2.2.4' },
    ],
    severity: 'high',
    advisory: { title: 'Argo CD security advisory GHSA-63qx-x74g-jcr7 (CVE-2022-24348)', url: 'https://github.com/argoproj/argo-cd/security/advisories/GHSA-63qx-x74g-jcr7' },
  },
  'CVE-2022-39328': {
    cve: 'CVE-2022-39328',
    component: 'Grafana',
    impact: 'unauthenticated requests to protected endpoints under load (a race in the authentication middleware)',
    images: [
      // grafana/grafana, grafana/grafana-oss and grafana/grafana-enterprise (tags 9.2.3, 9.2.3-ubuntu),
      // Bitnami's build (9.2.3-debian-11-r0) and Rancher's mirror.
      { repository: /(?:^|\/)(?:mirrored-grafana-)?grafana(?:-oss|-enterprise)?$/, tag: PLAIN },
    ],
    affected: [{ introduced: '9.2.0', fixed: '9.2.4' }],
    severity: 'critical',
    advisory: { title: 'Grafana security advisory GHSA-vqc4-mpj8-jxch (CVE-2022-39328)', url: 'https://github.com/grafana/grafana/security/advisories/GHSA-vqc4-mpj8-jxch' },
  },
  'CVE-2022-47633': {
    cve: 'CVE-2022-47633',
    component: 'Kyverno',
    impact: 'admitting images whose signature was not verified, when a malicious registry or proxy answers verifyImages rules',
    images: [{ repository: /(?:^|\/)kyverno$/, tag: V_PREFIXED }],
    affected: [{ introduced: '1.8.3', fixed: '1.8.5' }],
    severity: 'high',
    advisory: { title: 'Kyverno security advisory GHSA-m3cq-xcx9-3gvm (CVE-2022-47633)', url: 'https://github.com/kyverno/kyverno/security/advisories/GHSA-m3cq-xcx9-3gvm' },
  },
  'CVE-2025-1974': {
    cve: 'CVE-2025-1974',
    component: 'the ingress-nginx controller',
    impact: 'unauthenticated code execution in the controller, and with it every Secret it can read, by anyone on the pod network who reaches its admission webhook (IngressNightmare)',
    images: INGRESS_NGINX_CONTROLLER,
    affected: [
      { introduced: '0.0.0', fixed: '1.11.5' },
      { introduced: '1.12.0', fixed: '1.12.1' },
    ],
    severity: 'critical',
    advisory: INGRESS_NGINX_ADVISORY_2025,
  },
  'CVE-2025-14847': {
    cve: 'CVE-2025-14847',
    component: 'MongoDB',
    impact: 'unauthenticated reads of uninitialized server memory through zlib-compressed messages (MongoBleed)',
    images: [
      // The official image (mongo:7.0.12, 7.0.12-jammy, 7.0.12-windowsservercore-ltsc2022), MongoDB's
      // own community and enterprise images (7.0.12-ubuntu2204) and Bitnami's (7.0.12-debian-12-r0).
      { repository: /(?:^|\/)mongo$/, tag: PLAIN },
      { repository: /(?:^|\/)mongodb\/mongodb-(?:community|enterprise)-server$/, tag: PLAIN },
      { repository: /(?:^|\/)bitnami(?:legacy)?\/mongodb$/, tag: PLAIN },
    ],
    // 3.6, 4.0 and 4.2 have no fixed release; 4.4.30 is the first fix after them. The CVE record
    // puts 7.0.27 among the affected releases (the vendor's ticket lists 7.0.0 to 7.0.26): 7.0.28 is
    // the release both name as the fix.
    affected: [
      { introduced: '3.6.0', fixed: '4.4.30' },
      { introduced: '5.0.0', fixed: '5.0.32' },
      { introduced: '6.0.0', fixed: '6.0.27' },
      { introduced: '7.0.0', fixed: '7.0.28' },
      { introduced: '8.0.0', fixed: '8.0.17' },
      { introduced: '8.2.0', fixed: '8.2.3' },
    ],
    severity: 'high',
    advisory: { title: 'MongoDB security advisory SERVER-115508 (CVE-2025-14847)', url: 'https://jira.mongodb.org/browse/SERVER-115508' },
  },
} as const satisfies Record<string, KnownVulnerability>;

export type KnownCve = keyof typeof KNOWN_VULNERABILITIES;

const ranges = new Map<KnownVulnerability, semver.Range>();

/** The semver range of an entry's affected intervals: `>=0.0.0 <1.11.5 || >=1.12.0 <1.12.1`. */
export function affectedRange(entry: KnownVulnerability): semver.Range {
  let range = ranges.get(entry);
  if (!range) ranges.set(entry, (range = new semver.Range(entry.affected.map((i) => `>=${i.introduced} <${i.fixed}`).join(' || '))));
  return range;
}

/** The image form of the component the image is, if any. */
export function componentImageForm(entry: KnownVulnerability, ref: ImageRef): ImageForm | undefined {
  return entry.images.find((form) => form.repository.test(ref.repository));
}

/** The X.Y.Z version a tag names in the image's published form, or undefined for a floating or unknown tag. */
export function tagVersion(form: ImageForm, tag: string | undefined): string | undefined {
  if (tag === undefined) return undefined;
  const version = form.tag.exec(tag)?.groups?.version;
  return version !== undefined && semver.valid(version) !== null ? version : undefined;
}

/** Whether X.Y.Z lies in one of the entry's affected intervals. */
export function isAffected(entry: KnownVulnerability, version: string): boolean {
  return affectedRange(entry).test(version);
}

/** `1.11.5 and 1.12.1`: the releases that fix the entry's intervals. */
export function fixedVersions(entry: KnownVulnerability): string {
  const fixed = entry.affected.map((i) => i.fixed);
  return fixed.length === 1 ? (fixed[0] ?? '') : `${fixed.slice(0, -1).join(', ')} and ${fixed.at(-1) ?? ''}`;
}

/** A container that runs the component, with the version its tag names. */
export interface ComponentContainer {
  readonly container: ContainerView;
  /** The image as written. */
  readonly image: string;
  readonly path: Path;
  /** X.Y.Z, or undefined when the tag names no full version. */
  readonly version: string | undefined;
}

/** The containers of the pod that run the entry's component, whatever their version. */
export function componentContainers(entry: KnownVulnerability, pod: PodView): ComponentContainer[] {
  const out: ComponentContainer[] = [];
  for (const { container, image, ref, path } of containerImages(pod)) {
    const form = componentImageForm(entry, ref);
    if (form) out.push({ container, image, path, version: tagVersion(form, ref.tag) });
  }
  return out;
}

/** The containers of the pod that run an affected version of the entry's component. */
export function vulnerableContainers(entry: KnownVulnerability, pod: PodView): (ComponentContainer & { readonly version: string })[] {
  return componentContainers(entry, pod).filter((c): c is ComponentContainer & { version: string } => c.version !== undefined && isAffected(entry, c.version));
}

/** `container "mongo" runs MongoDB 7.0.12 (image "mongo:7.0.12"), affected by CVE-2025-14847 (...), fixed in ...`. */
export function vulnerableMessage(entry: KnownVulnerability, found: ComponentContainer & { readonly version: string }, detail = ''): string {
  return `${describeContainer(found.container)} runs ${entry.component} ${found.version} (image "${found.image}"), affected by ${entry.cve}: ${entry.impact}; ${entry.fixedIn ?? 'fixed in'} ${fixedVersions(entry)}${detail}`;
}

/** Reports each container of the pod that runs an affected version, at its image. */
export function reportVulnerableContainers(entry: KnownVulnerability, pod: PodView, report: (r: Report) => void): void {
  for (const found of vulnerableContainers(entry, pod)) report({ path: found.path, message: vulnerableMessage(entry, found) });
}

/** The references every rule of the family gives: the CVE and the vendor's advisory. */
export function vulnerabilityReferences(entry: KnownVulnerability): Reference[] {
  return [cve(entry.cve), { type: 'other', id: entry.advisory.title, title: entry.advisory.title, url: entry.advisory.url }];
}

/** The description's common part: what is matched, and what gives no verdict. */
export function versionDescription(entry: KnownVulnerability): string {
  const intervals = entry.affected.map((i) => (i.introduced === '0.0.0' ? `before ${i.fixed}` : `${i.introduced} up to ${i.fixed} (excluded)`)).join(', ');
  return `A container runs ${entry.component} at a version affected by ${entry.cve} (${intervals}), judged from the version its image tag names. Mirrors on any registry count. A floating tag (latest, a minor version such as 1.11), a digest without a tag and a tag in another form give no verdict, since the version they run cannot be told from the manifest; a pre-release or build suffix is compared by its X.Y.Z core.`;
}

interface KnownVulnerabilityCheck {
  readonly id: string;
  readonly title: string;
  /** What the rule adds to the common description (what else it reads, how severity varies). */
  readonly description?: string;
  readonly remediation: string;
  readonly references?: readonly Reference[];
  /** Defaults to reporting every container that runs an affected version, at the entry's severity. */
  readonly run?: (ctx: WorkloadContext<Record<string, never>>) => void;
}

/** A rule of the family: one advisory, one rule, so that an exemption names exactly one CVE. */
export function defineKnownVulnerabilityCheck(entry: KnownVulnerability, meta: KnownVulnerabilityCheck): Check {
  return defineCheck({
    id: meta.id,
    title: meta.title,
    severity: entry.severity,
    category: 'supply-chain',
    target: 'workload',
    admission: true,
    description: `${versionDescription(entry)}${meta.description ? ` ${meta.description}` : ''}`,
    remediation: meta.remediation,
    references: [...vulnerabilityReferences(entry), ...(meta.references ?? [])],
    run: meta.run ?? (({ pod, report }) => reportVulnerableContainers(entry, pod, report)),
  });
}
