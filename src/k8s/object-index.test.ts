import { describe, expect, it } from 'vitest';
import { objectsOfDocument } from '../inputs/objects.js';
import { parseManifests } from './yaml/parse.js';
import { ObjectIndex } from './object-index.js';

function index(yaml: string): ObjectIndex {
  return new ObjectIndex(parseManifests(yaml, 'in.yaml').documents.flatMap((d) => objectsOfDocument(d, 'in.yaml').objects));
}

const DEPLOYMENT = (name: string, namespace?: string, image = 'nginx') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}\nspec: {template: {spec: {containers: [{name: c, image: ${image}}]}}}\n`;

describe('ObjectIndex.find', () => {
  const objects = index(
    [
      DEPLOYMENT('web', 'shop', 'first'),
      DEPLOYMENT('web', 'shop', 'second'),
      DEPLOYMENT('web', 'other'),
      DEPLOYMENT('api'),
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: shop}\n',
    ].join('---\n'),
  );

  it('finds an object by group, namespace and name; the first one when a name repeats', () => {
    expect(objects.find('workload', 'shop', 'web')?.body).toMatchObject({ spec: { template: { spec: { containers: [{ image: 'first' }] } } } });
    expect(objects.find('workload', 'other', 'web')?.namespace).toBe('other');
    expect(objects.find('service-account', 'shop', 'web')?.kind).toBe('ServiceAccount');
    expect(objects.named('workload', 'shop', 'web').map((o) => o.body)).toMatchObject([{ spec: { template: { spec: { containers: [{ image: 'first' }] } } } }, { spec: { template: { spec: { containers: [{ image: 'second' }] } } } }]);
    expect(objects.namedAnywhere('workload', 'web').map((o) => o.namespace)).toEqual(['shop', 'shop', 'other']);
    expect(objects.namedAnywhere('service-account', 'api')).toEqual([]);
  });

  it('reads a missing namespace as default, and finds nothing elsewhere', () => {
    expect(objects.find('workload', 'default', 'api')?.name).toBe('api');
    expect(objects.find('workload', 'shop', 'api')).toBeUndefined();
    expect(objects.find('workload', 'nowhere', 'web')).toBeUndefined();
    expect(objects.find('service-account', 'other', 'web')).toBeUndefined();
    // Names are data: one that is also an Object.prototype property finds nothing.
    expect(objects.find('workload', 'shop', 'constructor')).toBeUndefined();
  });
});

describe('ObjectIndex.find near an object', () => {
  const ACCOUNT = (automount: boolean) => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: shop}\nautomountServiceAccountToken: ${automount}\n`;
  const read = (name: string, yaml: string) => parseManifests(yaml, name).documents.flatMap((d) => objectsOfDocument(d, name).objects);
  const base = read('base.yaml', ACCOUNT(false));
  const install = read('install.yaml', `${ACCOUNT(true)}---\n${DEPLOYMENT('web', 'shop')}`);
  const lone = read('lone.yaml', DEPLOYMENT('lone', 'shop'));
  const objects = new ObjectIndex([...base, ...install, ...lone]);
  const [, installDeployment] = install;
  const [loneDeployment] = lone;

  it('takes the copy written in the same file as the object that refers to it', () => {
    expect(installDeployment && objects.find('service-account', 'shop', 'web', installDeployment)?.source.file).toBe('install.yaml');
  });

  it('takes the first copy when the file holds none, or when no object is given', () => {
    expect(loneDeployment && objects.find('service-account', 'shop', 'web', loneDeployment)?.source.file).toBe('base.yaml');
    expect(objects.find('service-account', 'shop', 'web')?.source.file).toBe('base.yaml');
  });
});

describe('ObjectIndex.inInstallOf', () => {
  const read = (name: string, yaml: string) => parseManifests(yaml, name).documents.flatMap((d) => objectsOfDocument(d, name).objects);
  const SERVICE = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec: {selector: {app: web}}\n`;
  const [fullWeb, fullService] = read('deploy/full/install.yaml', `${DEPLOYMENT('web', 'shop')}---\n${SERVICE('web')}`);
  const [minimalWeb] = read('deploy/minimal/install.yaml', DEPLOYMENT('web', 'shop'));
  const [lone, overService] = read('deploy/lone.yaml', `${DEPLOYMENT('lone', 'shop')}---\n${SERVICE('web')}`);
  const [topService] = read('other/service.yaml', SERVICE('top'));
  const [twinA, twinB] = read('deploy/twins.yaml', `${DEPLOYMENT('twin', 'shop')}---\n${DEPLOYMENT('twin', 'shop')}`);
  const objects = new ObjectIndex([fullWeb, fullService, minimalWeb, lone, overService, topService, twinA, twinB].filter((o) => o !== undefined));
  const must = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('fixture object missing');
    return value;
  };

  it('lists the copies of an object only when it has some', () => {
    expect(objects.copiesOf(must(fullWeb))?.map((o) => o.source.file)).toEqual(['deploy/full/install.yaml', 'deploy/minimal/install.yaml']);
    expect(objects.copiesOf(must(fullService))?.map((o) => o.source.file)).toEqual(['deploy/full/install.yaml', 'deploy/lone.yaml']);
    expect(objects.copiesOf(must(lone))).toBeUndefined();
  });

  it("relates a selecting object to the copy of a workload written nearest to it, not to another install's", () => {
    expect(objects.inInstallOf(must(fullWeb), must(fullService))).toBe(true);
    expect(objects.inInstallOf(must(minimalWeb), must(fullService))).toBe(false);
  });

  it('relates objects without copies, and copies equally near, as in one cluster', () => {
    expect(objects.inInstallOf(must(lone), must(fullService))).toBe(true);
    expect(objects.inInstallOf(must(fullWeb), must(topService))).toBe(true);
    expect(objects.inInstallOf(must(minimalWeb), must(topService))).toBe(true);
    expect(objects.inInstallOf(must(twinA), must(fullService))).toBe(true);
    expect(objects.inInstallOf(must(twinB), must(fullService))).toBe(true);
  });

  it('weighs only the selected side: a selecting object copied elsewhere still reaches a workload written once', () => {
    expect(objects.inInstallOf(must(lone), must(overService))).toBe(true);
    expect(objects.inInstallOf(must(twinA), must(overService))).toBe(true);
  });

  it('keeps to one install when asked for the workloads a selector matches', () => {
    const selector = { valid: true, matchLabels: {}, matchExpressions: [] };
    expect(objects.workloadsSelectedBy('shop', selector)).toHaveLength(5);
    expect(objects.workloadsSelectedBy('shop', selector, must(fullService)).map((o) => `${o.name} ${o.source.file}`)).toEqual([
      'web deploy/full/install.yaml',
      'lone deploy/lone.yaml',
      'twin deploy/twins.yaml',
      'twin deploy/twins.yaml',
    ]);
  });
});

describe('ObjectIndex.ofKindNamed', () => {
  it('lists every object of a kind and name, in any group and namespace, in input order', () => {
    const objects = index(
      [
        DEPLOYMENT('web', 'b'),
        'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: a}\n',
        'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: web, namespace: a}\n',
        DEPLOYMENT('api', 'a'),
      ].join('---\n'),
    );
    expect(objects.ofKindNamed('Deployment', 'web').map((o) => `${o.apiVersion} ${o.namespace}`)).toEqual(['apps/v1 b', 'extensions/v1beta1 a']);
    expect(objects.ofKindNamed('Service', 'web')).toHaveLength(1);
    expect(objects.ofKindNamed('Deployment', 'nope')).toEqual([]);
  });
});

describe('ObjectIndex.perNamespace', () => {
  it('builds once per asker and namespace', () => {
    const objects = index(DEPLOYMENT('web', 'a'));
    let builds = 0;
    const asker = () => undefined;
    const other = () => undefined;
    const build = (value: string) => () => {
      builds++;
      return value;
    };
    expect(objects.perNamespace(asker, 'a', build('a1'))).toBe('a1');
    expect(objects.perNamespace(asker, 'a', build('a2'))).toBe('a1');
    expect(objects.perNamespace(asker, 'b', build('b1'))).toBe('b1');
    expect(objects.perNamespace(other, 'a', build('o1'))).toBe('o1');
    expect(builds).toBe(3);
  });
});

describe('ObjectIndex.absentReferent', () => {
  const SERVICE = (name: string, namespace: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${namespace}}\n`;
  const objects = index([SERVICE('db', 'data'), SERVICE('web', 'shop'), SERVICE('db', 'other'), SERVICE('db', 'backup')].join('---\n'));

  it('is undefined when the namespace holds the object', () => {
    expect(objects.absentReferent('service', 'data', 'db')).toBeUndefined();
  });

  it('reports a name the namespace lacks when the input holds other objects of the group there', () => {
    expect(objects.absentReferent('service', 'data', 'cache')).toEqual({ elsewhere: [] });
  });

  it('stays silent about a namespace the input holds nothing of the group in, unless the name exists elsewhere', () => {
    expect(objects.absentReferent('service', 'analytics', 'cache')).toBeUndefined();
    expect(objects.absentReferent('service', 'analytics', 'db')).toEqual({ elsewhere: ['backup', 'data', 'other'] });
    expect(objects.absentReferent('service', 'shop', 'db')).toEqual({ elsewhere: ['backup', 'data', 'other'] });
  });
});
