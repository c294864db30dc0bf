import { describe, expect, it } from 'vitest';
import privilegeEscalationAllowed from '../../src/checks/pod-security/privilege-escalation-allowed/index.js';
import { scanWithCheck } from '../helpers/fixture-scan.js';

describe('messages that say what the API server makes of a manifest', () => {
  it('privilege-escalation-allowed: allowPrivilegeEscalation false with privileged or CAP_SYS_ADMIN is invalid, with SYS_ADMIN only ineffective', () => {
    const { findings } = scanWithCheck(['test/checks/messages/escalation-overrides.yaml'], privilegeEscalationAllowed);
    expect(findings.map((f) => f.message)).toEqual([
      'container "privileged" sets allowPrivilegeEscalation: false, which has no effect because it runs privileged (the API server rejects the combination, and it could not work anyway: a privileged container can always escalate)',
      'container "cap-prefixed" sets allowPrivilegeEscalation: false, which has no effect because it adds capability CAP_SYS_ADMIN (the API server rejects the combination, and it could not work anyway)',
      'container "cap-plain" sets allowPrivilegeEscalation: false, which has no effect because it adds capability SYS_ADMIN',
    ]);
  });
});
