import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { physical } from './sarif.js';

const artifact = (file: string) => physical(file).physicalLocation.artifactLocation;

describe('SARIF artifact locations', () => {
  it('are relative to %SRCROOT% for files inside the working directory, however they were named', () => {
    const expected = { uri: 'examples/shop/storefront.yaml', uriBaseId: '%SRCROOT%' };
    expect(artifact('examples/shop/storefront.yaml')).toEqual(expected);
    expect(artifact('./examples/shop/storefront.yaml')).toEqual(expected);
    expect(artifact(path.resolve('examples/shop/storefront.yaml'))).toEqual(expected);
    expect(artifact('examples/../examples/shop/storefront.yaml')).toEqual(expected);
  });

  it('are file:// URIs for files outside it, never a relative reference that leaves the root', () => {
    const outside = path.resolve('..', 'elsewhere', 'app.yaml');
    expect(artifact('../elsewhere/app.yaml')).toEqual({ uri: pathToFileURL(outside).href });
    expect(artifact(outside)).toEqual({ uri: pathToFileURL(outside).href });
  });

  it('percent-encode what a URI cannot hold, and keep a directory named like "..x" inside', () => {
    expect(artifact('deploy/my app#1.yaml')).toEqual({ uri: 'deploy/my%20app%231.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifact('..x/app.yaml')).toEqual({ uri: '..x/app.yaml', uriBaseId: '%SRCROOT%' });
  });

  it.runIf(path.sep === '/')('keep a backslash in a file name as part of the name where it is no separator', () => {
    expect(artifact('deploy/win\\app.yaml')).toEqual({ uri: 'deploy/win%5Capp.yaml', uriBaseId: '%SRCROOT%' });
  });
});
