import type { AdmissionSetup } from './load.js';
import type { NamespaceSource } from './namespaces/source.js';
import { NO_RECORDER, PodSecurityAdmission, type PsaRecorder } from './policy/psa.js';
import { type FailurePolicy, Reviewer } from './reviewer.js';
import { RampartRules } from './rules/evaluate.js';

/** The reviewer for a setup and a source of namespace labels: what both the server and `admission test` run. */
export function createReviewer(setup: AdmissionSetup, namespaces: NamespaceSource, options: { failurePolicy?: FailurePolicy; recorder?: PsaRecorder } = {}): Reviewer {
  const psa = new PodSecurityAdmission({ config: setup.podSecurity, namespaces, recorder: options.recorder ?? NO_RECORDER });
  return new Reviewer({ psa, psaConfig: setup.podSecurity, rules: new RampartRules(setup.rampart), namespaces, failurePolicy: options.failurePolicy ?? 'fail' });
}
