import { z } from 'zod';
import { k8sDocs, mitre } from '../../../core/references.js';
import { asArray, asRecord, asString } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';
import { describeGateway, describeListener, gatewayListeners } from '../gateway-api.js';

export default defineCheck({
  id: 'gateway-listener-tls-missing',
  title: 'Gateway listener terminates TLS without a certificate',
  severity: 'medium',
  category: 'network',
  target: 'gateway',
  admission: true,
  description:
    'A Gateway listener with protocol HTTPS (or GRPC, which the Gateway API TLS guide lists for GRPCRoutes), or protocol TLS in mode Terminate (the default mode), ends the clients\' TLS sessions at the Gateway and so needs a certificate, named in tls.certificateRefs. Without one the implementation cannot complete a handshake: it marks the listener invalid and serves nothing on it, or answers with a default certificate that clients do not trust for the host, and the usual way out is to move the traffic to a plain HTTP listener. The protocol is compared ignoring case, as the Gateway API requires of the core protocols. Listeners in mode Passthrough hand the TLS session to the backend and need no certificate. Certificates supplied outside certificateRefs are recognised through the Gateway annotations listed in certificateAnnotations (GKE\'s Certificate Manager map) and the listener tls.options keys listed in certificateOptions (GKE\'s pre-shared certificates).',
  remediation:
    'Add tls.certificateRefs to the listener naming the Secret of type kubernetes.io/tls that holds the certificate and key for its hostname (cert-manager can issue it), or set tls.mode: Passthrough on a TLS listener whose backends terminate TLS themselves.',
  references: [
    k8sDocs('Gateway API: TLS configuration', 'https://gateway-api.sigs.k8s.io/guides/tls/'),
    k8sDocs('Gateway API: Gateway', 'https://gateway-api.sigs.k8s.io/api-types/gateway/'),
    mitre('T1040', 'Network Sniffing'),
  ],
  params: z.object({
    /** Gateway annotations through which an implementation attaches certificates. */
    certificateAnnotations: z.array(z.string()).default(['networking.gke.io/certmap']),
    /** Listener tls.options keys through which an implementation attaches certificates. */
    certificateOptions: z.array(z.string()).default(['networking.gke.io/pre-shared-certs']),
  }).strict(),
  run({ object, params, index, report }) {
    if (params.certificateAnnotations.some((key) => (object.annotations[key] ?? '').trim() !== '')) return;
    for (const listener of gatewayListeners(object)) {
      const protocol = listener.protocol;
      if (protocol !== 'HTTPS' && protocol !== 'TLS' && protocol !== 'GRPC') continue;
      const where = `${describeListener(listener)} (${protocol} on port ${listener.port ?? '?'}) of ${describeGateway(object, index)}`;
      const tls = asRecord(listener.record.tls);
      if (!tls) {
        report({ path: listener.path, message: `${where} has no tls section, so it has no certificate to terminate TLS with` });
        continue;
      }
      const mode = asString(tls.mode) ?? 'Terminate';
      if (mode === 'Passthrough') continue;
      if (asArray(tls.certificateRefs).length > 0) continue;
      const options = asRecord(tls.options) ?? {};
      if (params.certificateOptions.some((key) => typeof options[key] === 'string' && (options[key] as string).trim() !== '')) continue;
      report({ path: [...listener.path, 'tls'], message: `${where} terminates TLS (mode ${mode}) but lists no tls.certificateRefs` });
    }
  },
});
