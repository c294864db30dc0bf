import { describe, expect, it } from 'vitest';
import { loadGoYaml, resolveGoYamlV2 } from './kubernetes-schema.js';

const load = (text: string) => loadGoYaml(text);

describe('plain scalars resolve as go-yaml v2 (how Kubernetes reads manifests)', () => {
  it.each([
    ['yes', true], ['Yes', true], ['YES', true], ['y', true], ['on', true], ['ON', true], ['true', true], ['True', true],
    ['no', false], ['n', false], ['off', false], ['Off', false], ['false', false], ['FALSE', false],
  ])('%s is the boolean %s', (text, value) => {
    expect(load(`v: ${text}`)).toEqual({ v: value });
  });

  it.each([
    ['0644', 420], ['0o17', 15], ['0x1F', 31], ['0b101', 5], ['-0b11', -3], ['1_000', 1000], ['+12', 12], ['-7', -7], ['0', 0],
    ['1e3', 1000], ['.5', 0.5], ['3.25', 3.25], ['08', 8], ['09.5', 9.5],
  ])('%s is the number %s', (text, value) => {
    expect(load(`v: ${text}`)).toEqual({ v: value });
  });

  it.each(['~', 'null', 'Null', 'NULL', ''])('"%s" is null', (text) => {
    expect(load(`v: ${text}`)).toEqual({ v: null });
  });

  it.each(['tRUE', 'yEs', '2001-12-14', '2001-12-14T21:59:43Z', '1.2.3', 'nginx:1.25', '0x', '1e', 'Infinity', '.Inf1'])('%s stays a string', (text) => {
    expect(load(`v: ${text}`)).toEqual({ v: text });
  });

  it('never resolves quoted scalars', () => {
    expect(load(`a: "yes"\nb: '0644'\nc: "true"`)).toEqual({ a: 'yes', b: '0644', c: 'true' });
  });

  it('handles the special floats', () => {
    expect(resolveGoYamlV2('.inf')).toEqual({ value: Number.POSITIVE_INFINITY });
    expect(resolveGoYamlV2('-.Inf')).toEqual({ value: Number.NEGATIVE_INFINITY });
    expect(Number.isNaN(resolveGoYamlV2('.NaN')?.value)).toBe(true);
  });

  it('merges `<<` keys and decodes !!binary to its text, as sigs.k8s.io/yaml does', () => {
    expect(load('a: &x {k: 1}\nb:\n  <<: *x\n  z: 2\nc: !!binary |\n  aGVs\n  bG8=\nd: !!binary /w==')).toEqual({ a: { k: 1 }, b: { k: 1, z: 2 }, c: 'hello', d: '\ufffd' });
    // A plain scalar over two lines is joined with a space, which Go's base64 does not skip.
    expect(() => load('c: !!binary aGVs\n  bG8=')).toThrow(/cannot resolve/);
  });

  it('merges `<<` keys in the order written, as go-yaml v2 does: a later merge overwrites an explicit key', () => {
    expect(load('a: &x {k: 1}\nb: {k: 0, <<: *x}\nc: {<<: *x, k: 2}\nd: {<<: [{k: 3}, *x]}\ne: {<<: {k: 4}, <<: *x}\nf: <<\ng: [<<]')).toEqual({
      a: { k: 1 },
      b: { k: 1 },
      c: { k: 2 },
      d: { k: 3 },
      e: { k: 1 },
      f: '<<',
      g: ['<<'],
    });
    expect(() => load('a: {<<: 5}')).toThrow('map merge requires map or sequence of maps as the value');
  });

  it('reads tags it does not know as go-yaml v2 does: the node as if untagged, a scalar as a string', () => {
    expect(load('a: !Ref Bucket\nb: !Sub [x, 1]\nc: !!python/name:x.y\nd: !GetAtt {k: yes}\ne: !!timestamp 2001-12-14\nf: !!map\n')).toEqual({ a: 'Bucket', b: ['x', 1], c: '', d: { k: true }, e: '2001-12-14', f: '' });
    expect(() => load('a: !!timestamp 2001-02-29')).toThrow(/cannot resolve/);
  });
});
