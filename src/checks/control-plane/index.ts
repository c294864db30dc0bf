import type { Check } from '../api.js';
import etcdInsecureFlags from './etcd-insecure-flags/index.js';
import kubeApiserverInsecureFlags from './kube-apiserver-insecure-flags/index.js';
import kubeControllerManagerInsecureFlags from './kube-controller-manager-insecure-flags/index.js';
import kubeSchedulerInsecureFlags from './kube-scheduler-insecure-flags/index.js';
import kubeProxyInsecureFlags from './kube-proxy-insecure-flags/index.js';
import kubeletInsecureFlags from './kubelet-insecure-flags/index.js';
import kubeProxyConfigInsecure from './kube-proxy-config-insecure/index.js';
import kubeletConfigInsecure from './kubelet-config-insecure/index.js';
import kubeadmInsecureFlags from './kubeadm-insecure-flags/index.js';

export const controlPlaneChecks: readonly Check[] = [
  kubeApiserverInsecureFlags,
  kubeControllerManagerInsecureFlags,
  kubeSchedulerInsecureFlags,
  etcdInsecureFlags,
  kubeletInsecureFlags,
  kubeProxyInsecureFlags,
  kubeletConfigInsecure,
  kubeProxyConfigInsecure,
  kubeadmInsecureFlags,
];
