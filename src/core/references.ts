/** A pointer to the standard or guidance a finding rests on. */
export interface Reference {
  readonly type: ReferenceType;
  /** e.g. `5.2.2` for CIS, `T1611` for MITRE ATT&CK, `baseline` for PSS. */
  readonly id: string;
  readonly title: string;
  readonly url: string;
}

export const REFERENCE_TYPES = ['cis', 'nsa', 'pss', 'mitre', 'kubernetes', 'cve', 'other'] as const;
export type ReferenceType = (typeof REFERENCE_TYPES)[number];

const CIS_URL = 'https://www.cisecurity.org/benchmark/kubernetes';
const NSA_URL = 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF';
const PSS_URL = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

/**
 * CIS Kubernetes Benchmark section, of v1.12 unless another version is named (a recommendation
 * later versions dropped), e.g. `cis('5.2.2', 'Minimize the admission of privileged containers')`.
 */
export function cis(section: string, title: string, version = '1.12'): Reference {
  return { type: 'cis', id: version === '1.12' ? section : `v${version} ${section}`, title: `CIS Kubernetes Benchmark v${version} ${section}: ${title}`, url: CIS_URL };
}

/** NSA/CISA Kubernetes Hardening Guide (v1.2) section title, e.g. `nsa('Pod security')`. */
export function nsa(section: string): Reference {
  return { type: 'nsa', id: section, title: `NSA/CISA Kubernetes Hardening Guide v1.2: ${section}`, url: NSA_URL };
}

export type PssLevel = 'baseline' | 'restricted';

/** Pod Security Standards level and control name. */
export function pss(level: PssLevel, control: string): Reference {
  const anchor = level === 'baseline' ? '#baseline' : '#restricted';
  return { type: 'pss', id: level, title: `Pod Security Standards (${level}): ${control}`, url: PSS_URL + anchor };
}

/** MITRE ATT&CK technique (Containers matrix). */
export function mitre(technique: string, name: string): Reference {
  const path = technique.replace('.', '/');
  return { type: 'mitre', id: technique, title: `MITRE ATT&CK ${technique}: ${name}`, url: `https://attack.mitre.org/techniques/${path}/` };
}

export function k8sDocs(title: string, url: string): Reference {
  return { type: 'kubernetes', id: title, title, url };
}

export function cve(id: string, url = `https://nvd.nist.gov/vuln/detail/${id}`): Reference {
  return { type: 'cve', id, title: id, url };
}
