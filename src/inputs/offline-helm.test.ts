import { describe, expect, it } from 'vitest';
import { offlineEnvironment, unfetchedSchema } from './offline-helm.js';

describe('helm kept offline', () => {
  it('points every proxy variable Go reads at a port nothing listens on, and lets no host bypass it', () => {
    const env = offlineEnvironment({ PATH: '/bin', NO_PROXY: '*', https_proxy: 'http://proxy.corp:3128' });
    expect(env).toEqual({
      PATH: '/bin',
      HTTP_PROXY: 'http://127.0.0.1:0',
      HTTPS_PROXY: 'http://127.0.0.1:0',
      http_proxy: 'http://127.0.0.1:0',
      https_proxy: 'http://127.0.0.1:0',
      NO_PROXY: '',
      no_proxy: '',
    });
  });

  it('tells a schema helm could not fetch through that proxy from other failures', () => {
    const refused = (url: string) =>
      `helm template failed: values don't meet the specifications of the schema(s) in the following chart(s): app: failing loading "${url}": HTTP request failed for ${url}: Get "${url}": proxyconnect tcp: dial tcp 127.0.0.1:0: connect: connection refused`;
    expect(unfetchedSchema(refused('https://schemas.example.com/pod.json'))).toBe('https://schemas.example.com/pod.json');
    expect(unfetchedSchema(refused('http://example.com/'))).toBe('http://example.com/');
    // Fetched and failed for another reason (a loopback address is never proxied): helm's error stands.
    expect(unfetchedSchema('failing loading "http://127.0.0.1:8080/s.json": HTTP request failed for http://127.0.0.1:8080/s.json: Get "http://127.0.0.1:8080/s.json": dial tcp 127.0.0.1:8080: connect: connection refused')).toBeUndefined();
    expect(unfetchedSchema('failing loading "file:///charts/s.json": open /charts/s.json: no such file or directory')).toBeUndefined();
    expect(unfetchedSchema("values don't meet the specifications of the schema(s) in the following chart(s): app: - at '/name': got null, want string")).toBeUndefined();
  });
});
