import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amongNearest, closeness, fileOfObject, nearestCopy as nearestOf } from './nearest-copy.js';

const nearestCopy = <T extends { source: { file: string } }>(copies: readonly T[], near: { source: { file: string } }) => nearestOf(copies, near.source.file, fileOfObject);

const at = (file: string) => ({ source: { file } });

describe('nearestCopy', () => {
  it('takes the copy in the same file, then in the same directory, then the one sharing the deepest directory', () => {
    const copies = [at('cluster-install/rbac/role.yaml'), at('namespace-install/rbac/role.yaml'), at('namespace-install/other.yaml')];
    expect(nearestCopy(copies, at('namespace-install/rbac/binding.yaml'))).toBe(copies[1]);
    expect(nearestCopy(copies, at('namespace-install/other.yaml'))).toBe(copies[2]);
    expect(nearestCopy(copies, at('namespace-install/sub/binding.yaml'))).toBe(copies[1]);
    expect(nearestCopy([at('a/x.yaml'), at('a/y.yaml')], at('a/z.yaml'))?.source.file).toBe('a/x.yaml');
    expect(nearestCopy([at('base/role.yaml'), at('install.yaml')], at('extra.yaml'))?.source.file).toBe('install.yaml');
    expect(nearestCopy([at('a/b/role.yaml'), at('a/role.yaml')], at('a/binding.yaml'))?.source.file).toBe('a/role.yaml');
  });

  it('takes the first of copies no nearer than each other, and nothing of none', () => {
    expect(nearestCopy([at('install.yaml'), at('ha/install.yaml')], at('other/x.yaml'))?.source.file).toBe('install.yaml');
    expect(nearestCopy([], at('x.yaml'))).toBeUndefined();
  });

  it('is symmetric and ranks a file nearest to itself', () => {
    const segment = fc.constantFrom('a', 'b', 'c');
    const file = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `${parts.join('/')}.yaml`);
    fc.assert(
      fc.property(file, file, (a, b) => {
        expect(closeness(a, b)).toBe(closeness(b, a));
        if (a !== b) expect(closeness(a, a)).toBeGreaterThan(closeness(a, b));
      }),
    );
  });
});

describe('amongNearest', () => {
  const files = ['deploy/install.yaml', 'deploy/ha/install.yaml'];

  it('is true for the copy nearest to a file, and for every copy equally near', () => {
    expect(amongNearest('deploy/install.yaml', files, 'deploy/pdb.yaml')).toBe(true);
    expect(amongNearest('deploy/ha/install.yaml', files, 'deploy/pdb.yaml')).toBe(false);
    expect(amongNearest('deploy/ha/install.yaml', files, 'deploy/ha/pdb.yaml')).toBe(true);
    expect(files.map((own) => amongNearest(own, files, 'deploy/policies/np.yaml'))).toEqual([true, true]);
  });
});

describe('amongNearest, for any files', () => {
  it('holds for the copy nearestCopy takes, so a selector always reaches one copy of each object it matches', () => {
    const segment = fc.constantFrom('a', 'b', 'c');
    const file = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `${parts.join('/')}.yaml`);
    fc.assert(
      fc.property(fc.array(file, { minLength: 1, maxLength: 5 }), file, (files, near) => {
        const chosen = nearestCopy(files.map(at), at(near));
        expect(chosen && amongNearest(chosen.source.file, files, near)).toBe(true);
        for (const own of files) expect(amongNearest(own, files, near)).toBe(files.every((f) => closeness(f, near) <= closeness(own, near)));
      }),
    );
  });
});
