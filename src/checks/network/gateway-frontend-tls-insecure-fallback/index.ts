import type { Path } from '../../../core/path.js';
import { k8sDocs, mitre } from '../../../core/references.js';
import { asNumber, asRecord, getIn, recordsWithIndex } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';
import { quotedList } from '../shared.js';
import { describeGateway, gatewayListeners } from '../gateway-api.js';

const FALLBACK = 'AllowInsecureFallback';

export default defineCheck({
  id: 'gateway-frontend-tls-insecure-fallback',
  title: 'Gateway accepts clients without a valid certificate',
  severity: 'medium',
  category: 'network',
  target: 'gateway',
  admission: true,
  description:
    'Client certificate validation (mutual TLS) on a Gateway is set in spec.tls.frontend: default applies to every HTTPS listener, and a perPort entry replaces it for the HTTPS listeners on its port. With validation.mode AllowInsecureFallback the Gateway accepts a connection even when the client presents no certificate or one that fails validation, so the client authentication the configuration seems to promise is not enforced and is left to the backends. The Gateway API itself calls the mode a significant risk, meant for testing or for a short migration. The default mode, AllowValidOnly, is not reported. A setting that no HTTPS listener uses (every HTTPS port has its own perPort entry, or no HTTPS listener is on the port) is reported at low severity, as it takes effect once such a listener is added.',
  remediation:
    'Remove validation.mode (it defaults to AllowValidOnly) or set it to AllowValidOnly once every client has a certificate signed by a CA of caCertificateRefs; keep AllowInsecureFallback only for a planned migration.',
  references: [
    k8sDocs('Gateway API: Client certificate validation (frontend TLS)', 'https://gateway-api.sigs.k8s.io/guides/tls/'),
    k8sDocs('Gateway API: GEP-91 Client Certificate Validation for TLS terminating at the Gateway Listener', 'https://gateway-api.sigs.k8s.io/geps/gep-91/'),
    mitre('T1557', 'Adversary-in-the-Middle'),
  ],
  run({ object, index, report }) {
    const frontend = asRecord(getIn(object.body, 'spec', 'tls', 'frontend'));
    if (!frontend) return;
    const https = gatewayListeners(object).filter((l) => l.protocol === 'HTTPS');
    const perPort = recordsWithIndex(frontend.perPort).map(({ record, index: i }) => ({ index: i, record, port: asNumber(record.port) }));
    const overridden = new Set(perPort.flatMap((p) => (p.port === undefined ? [] : [p.port])));
    const gateway = describeGateway(object, index);
    const describe = (path: Path, scope: string, listeners: ReturnType<typeof gatewayListeners>) => {
      const names = listeners.map((l) => l.name ?? `spec.listeners[${l.index}]`);
      const message =
        listeners.length > 0
          ? `${scope} of ${gateway} sets validation.mode ${FALLBACK}: HTTPS listener${names.length === 1 ? '' : 's'} ${quotedList(names)} accept${names.length === 1 ? 's' : ''} clients that present no valid certificate`
          : `${scope} of ${gateway} sets validation.mode ${FALLBACK}; no HTTPS listener uses it now, but one added later would accept clients that present no valid certificate`;
      report({ path, message, ...(listeners.length === 0 ? { severity: 'low' as const } : {}) });
    };
    if (getIn(frontend, 'default', 'validation', 'mode') === FALLBACK) {
      describe(['spec', 'tls', 'frontend', 'default', 'validation', 'mode'], 'spec.tls.frontend.default', https.filter((l) => l.port === undefined || !overridden.has(l.port)));
    }
    for (const entry of perPort) {
      if (getIn(entry.record, 'tls', 'validation', 'mode') !== FALLBACK) continue;
      describe(
        ['spec', 'tls', 'frontend', 'perPort', entry.index, 'tls', 'validation', 'mode'],
        `spec.tls.frontend.perPort[${entry.index}] (port ${entry.port ?? '?'})`,
        https.filter((l) => entry.port !== undefined && l.port === entry.port),
      );
    }
  },
});
