import { describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';

describe('text from manifests in the table report', () => {
  it('cannot start a line of its own or send escape sequences to the terminal', () => {
    const r = rampart(['scan', 'test/cli/fixtures-hostile-text/pod.yaml', '--rule', 'privileged-container']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/^::error/m);
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).toContain('container "app\\n::error file=k8s/web.yaml,line=1::looks fine\\n\\x1b[1A\\x1b[2K\\x1b[1A\\x1b[2K" runs privileged');
  });
});

describe('text from manifests in the pss check table', () => {
  it('is escaped too', () => {
    const r = rampart(['pss', 'check', 'test/cli/fixtures-hostile-text/pod.yaml']);
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).toContain('container "app\\n::error');
  });
});
