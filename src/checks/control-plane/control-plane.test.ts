import { describe, expect, it } from 'vitest';
import { objectsOfDocument } from '../../inputs/objects.js';
import { podViewOf } from '../../k8s/workloads.js';
import { parseManifests } from '../../k8s/yaml/parse.js';
import { CommandLine } from './command-line.js';
import { isZeroGoDuration } from '../../core/go-duration.js';
import { parseGoBool } from './flag-rules.js';
import etcdInsecureFlags from './etcd-insecure-flags/index.js';
import kubeApiserverInsecureFlags from './kube-apiserver-insecure-flags/index.js';
import kubeControllerManagerInsecureFlags from './kube-controller-manager-insecure-flags/index.js';
import kubeSchedulerInsecureFlags from './kube-scheduler-insecure-flags/index.js';
import kubeProxyInsecureFlags from './kube-proxy-insecure-flags/index.js';
import kubeletInsecureFlags from './kubelet-insecure-flags/index.js';
import kubeletConfigInsecure from './kubelet-config-insecure/index.js';
import kubeProxyConfigInsecure from './kube-proxy-config-insecure/index.js';

/** The command line of the first container of a pod written as YAML. */
function lineOf(container: string): CommandLine | undefined {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - ${container}\n`;
  const [object] = parseManifests(text, 'pod.yaml').documents.flatMap((d) => objectsOfDocument(d, 'pod.yaml').objects);
  const pod = object && podViewOf(object);
  return pod ? CommandLine.allOf(pod)[0] : undefined;
}

describe('reading a control-plane command line', () => {
  it('recognises the binary by the name of the first word, not by the container or image', () => {
    expect(lineOf('{name: a, command: [/usr/local/bin/kube-apiserver]}')?.component).toBe('kube-apiserver');
    expect(lineOf('{name: a, args: [kube-scheduler, --profiling=false]}')?.component).toBe('kube-scheduler');
    expect(lineOf('{name: a, command: [hyperkube, controller-manager]}')?.component).toBe('kube-controller-manager');
    expect(lineOf('{name: kube-apiserver, image: registry.k8s.io/kube-apiserver:v1.33.0, args: [--anonymous-auth=true]}')).toBeUndefined();
    expect(lineOf('{name: a, command: [sh, -c, "exec kube-apiserver --anonymous-auth=true"]}')).toBeUndefined();
    expect(lineOf('{name: a, command: [etcdctl, get, /]}')).toBeUndefined();
  });

  it('reads booleans as pflag does: a bare flag is true and never takes the next word', () => {
    const line = lineOf('{name: a, command: [kube-apiserver, --profiling, "false", --anonymous-auth=F]}');
    expect(line?.bool('profiling')?.value).toBe('true');
    expect(parseGoBool(line?.bool('anonymous-auth')?.value)).toBe(false);
    expect(parseGoBool('yes')).toBeUndefined();
  });

  it('takes the next word as the value of other flags, and the last occurrence wins', () => {
    const line = lineOf('{name: a, command: [kube-apiserver, --audit-log-maxage, "7"], args: [--audit-log-maxage=30]}');
    expect(line?.value('audit-log-maxage')).toEqual({ value: '30', path: ['spec', 'containers', 0, 'args', 0], source: '--audit-log-maxage=30' });
    expect(line?.values('audit-log-maxage').map((v) => v.value)).toEqual(['7', '30']);
  });

  it('takes a negative number after a flag as its value, as pflag does', () => {
    expect(lineOf('{name: a, command: [kube-apiserver, --audit-log-maxage, "-1", --profiling]}')?.value('audit-log-maxage')?.value).toBe('-1');
    expect(lineOf('{name: a, command: [kube-apiserver, --audit-log-path, --profiling]}')?.value('audit-log-path')?.value).toBeUndefined();
  });

  it('skips words that are not strings but keeps the paths of the others exact', () => {
    const line = lineOf('{name: a, command: [kube-apiserver, 6443, --secure-port=6443]}');
    expect(line?.value('secure-port')?.path).toEqual(['spec', 'containers', 0, 'command', 2]);
  });

  it('reads etcd flags with one dash and from ETCD_ variables, flags first', () => {
    const line = lineOf('{name: e, command: [etcd, -client-cert-auth=true], env: [{name: ETCD_CLIENT_CERT_AUTH, value: "false"}, {name: ETCD_KEY_FILE, valueFrom: {secretKeyRef: {name: s, key: k}}}]}');
    expect(line?.bool('client-cert-auth')?.value).toBe('true');
    expect(line?.has('key-file')).toBe(true);
    expect(line?.value('key-file')?.value).toBeUndefined();
    expect(line?.unsetName('peer-cert-file')).toBe('--peer-cert-file (or ETCD_PEER_CERT_FILE)');
  });

  it('recognises the kubelet and kube-proxy, also as hyperkube sub-commands', () => {
    expect(lineOf('{name: a, command: [/usr/bin/kubelet, --config=/var/lib/kubelet/config.yaml]}')?.component).toBe('kubelet');
    expect(lineOf('{name: a, command: [hyperkube, kubelet]}')?.component).toBe('kubelet');
    expect(lineOf('{name: a, command: [hyperkube, proxy]}')?.component).toBe('kube-proxy');
    expect(lineOf('{name: a, command: [/usr/local/bin/kube-proxy, --config=/var/lib/kube-proxy/config.conf]}')?.component).toBe('kube-proxy');
    expect(lineOf('{name: a, command: [/kubelet-csr-approver]}')).toBeUndefined();
  });

  it('reads Go durations of zero in every spelling time.ParseDuration accepts, and nothing else', () => {
    for (const zero of ['0', '0s', '-0s', '+0m', '0h0m0s', '0.0s', '.0s', '00ms', '0us', '0\u00b5s', '0ns']) expect(isZeroGoDuration(zero), zero).toBe(true);
    for (const other of ['5m', '0.5s', '1ns', '0h1m', '', '0x', 's', '0 s', '1', '-', '0.s5']) expect(isZeroGoDuration(other), other).toBe(false);
  });

  it('does not read single-dash words as flags for Kubernetes components (pflag shorthands)', () => {
    expect(lineOf('{name: a, command: [kube-apiserver, -profiling=false]}')?.has('profiling')).toBe(false);
  });
});

describe('CIS coverage', () => {
  const covered = (check: { references: ReadonlyArray<{ id: string }> }) => check.references.map((r) => r.id);

  // Every control-plane recommendation kube-bench's cfg/cis-1.12 tests through a process flag, except
  // 1.2.28 (it reads the encryption configuration file) and 1.2.20 (no test: judgement only).
  it('covers every flag-based recommendation kube-bench encodes', () => {
    const apiServer = ['1.2.1', '1.2.2', '1.2.3', '1.2.4', '1.2.5', '1.2.6', '1.2.7', '1.2.8', '1.2.9', '1.2.10', '1.2.11', '1.2.12', '1.2.13', '1.2.14',
      '1.2.15', '1.2.16', '1.2.17', '1.2.18', '1.2.19', '1.2.21', '1.2.22', '1.2.23', '1.2.24', '1.2.25', '1.2.26', '1.2.27', '1.2.29', '1.2.30', '3.2.1',
      // cfg/cis-1.6's recommendations on flags later releases removed (or, --secure-port, still have).
      'v1.6 1.2.2', 'v1.6 1.2.4', 'v1.6 1.2.18', 'v1.6 1.2.19', 'v1.6 1.2.20'];
    expect(covered(kubeApiserverInsecureFlags)).toEqual(apiServer);
    expect(covered(kubeControllerManagerInsecureFlags)).toEqual(['1.3.1', '1.3.2', '1.3.3', '1.3.4', '1.3.5', '1.3.6', '1.3.7']);
    expect(covered(kubeSchedulerInsecureFlags)).toEqual(['1.4.1', '1.4.2']);
    expect(covered(etcdInsecureFlags)).toEqual(['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7']);
    // Every kubelet recommendation of cfg/cis-1.12 but 4.2.8 (--event-qps, where kube-bench passes any value the kubelet
    // accepts), and cfg/cis-1.6's 4.2.6 (--protect-kernel-defaults).
    expect(covered(kubeletInsecureFlags)).toEqual(['4.2.1', '4.2.2', '4.2.3', '4.2.4', '4.2.5', '4.2.6', '4.2.7', '4.2.9', '4.2.10', '4.2.11', '4.2.12', '4.2.13', '4.2.14', 'v1.6 4.2.6']);
    expect(covered(kubeProxyInsecureFlags)).toEqual(['4.3.1']);
    // The configuration files hold every kubelet setting but --hostname-override, a flag only.
    expect(covered(kubeletConfigInsecure)).toEqual(covered(kubeletInsecureFlags).filter((id) => id !== '4.2.7'));
    expect(covered(kubeProxyConfigInsecure)).toEqual(['4.3.1']);
  });
});
