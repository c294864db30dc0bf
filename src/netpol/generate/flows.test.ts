import { describe, expect, it } from 'vitest';
import { parseFlows } from './flows.js';

describe('observed flows', () => {
  it('reads the plain forms: a list, { flows }, port and protocol or ports', () => {
    const { flows, problems } = parseFlows('[{src: shop/api, dst: shop/db, port: 5432}, {src: 10.0.0.0/8, dst: shop/api, ports: ["TCP 8080", "UDP 53"]}]', 'f.yaml');
    expect(problems).toEqual([]);
    expect(flows.map((f) => [f.src, f.dst, f.index])).toEqual([
      ['shop/api', 'shop/db', 0],
      ['10.0.0.0/8', 'shop/api', 1],
    ]);
    expect(parseFlows('flows: [{src: a/b, dst: c/d, port: 0}]', 'f.yaml').problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/^flow #1: needs port/) })]);
  });

  it('reads the JSON of netpol map: an external range as the CIDRs that cover it, the ingress controller by its name', () => {
    const map = {
      connections: [
        {
          src: 'shop/orders-db',
          dst: '0.0.0.0-9.255.255.255',
          ports: 'all',
          source: { type: 'workload', name: 'shop/orders-db' },
          destination: { type: 'external', name: '0.0.0.0-9.255.255.255', family: 'IPv4', cidrs: ['0.0.0.0/5', '8.0.0.0/7'] },
        },
        { src: '{ingress-controller}', dst: 'shop/storefront', ports: ['TCP 80'], source: { type: 'ingress-controller', name: '{ingress-controller}' } },
      ],
    };
    const { flows, problems } = parseFlows(JSON.stringify(map), 'map.json');
    expect(problems).toEqual([]);
    expect(flows.map((f) => [f.src, f.dst, f.index])).toEqual([
      ['shop/orders-db', '0.0.0.0/5', 0],
      ['shop/orders-db', '8.0.0.0/7', 0],
      ['{ingress-controller}', 'shop/storefront', 1],
    ]);
  });
});
