import { LOG_LEVELS } from '../admission/serve/defaults.js';
import { DEFAULT_MAX_EVENT_SIZE } from '../runtime/inputs/event-size.js';
import type { OptionSpec } from './command.js';

/** Options every runtime command shares: which rules, which events, how alerts look. */
export const RULE_OPTIONS: readonly OptionSpec[] = [
  { flags: '-r, --rules <files...>', description: "Falco rules files or directories, loaded in order; 'builtin' is Falco's k8s_audit_rules.yaml shipped with Rampart (the default)" },
  { flags: '--source <source>', description: 'event source of the events: k8s_audit (audit.k8s.io Events) or syscall (flat JSON field events)', defaultValue: 'k8s_audit', choices: ['k8s_audit', 'syscall'] },
  { flags: '--max-event-size <bytes>', description: "largest audit event read, in bytes of its JSON without whitespace (the k8saudit plugin's maxEventSize); larger ones are reported and skipped", defaultValue: String(DEFAULT_MAX_EVENT_SIZE) },
  { flags: '--rule-matching <mode>', description: 'first: one alert per event, from the first matching rule; all: every matching rule', defaultValue: 'first', choices: ['first', 'all'] },
  { flags: '--hostname <name>', description: 'hostname reported in alerts (default: this machine)' },
  { flags: '--time-format <format>', description: 'time prefix of alert outputs: falco (HH:MM:SS.ns, local time) or iso8601', defaultValue: 'falco', choices: ['falco', 'iso8601'] },
  { flags: '-D, --disable-rule <substring>', description: 'disable rules whose name contains SUBSTRING (repeatable)', repeatable: true },
  { flags: '-T, --disable-tag <tag>', description: 'disable rules with this tag (repeatable)', repeatable: true },
  { flags: '-t, --tag <tag>', description: 'run only rules with this tag (repeatable)', repeatable: true },
  { flags: '--priority <level>', description: "run only rules at least this severe (Falco's priority setting, -o priority=LEVEL): emergency, alert, critical, error, warning, notice, informational (info) or debug" },
  { flags: '--no-redact', description: 'print Secret data and credentials found in events as they are (redacted by default)' },
  { flags: '--warnings', description: 'also print rules load warnings on stderr' },
];

/** Options of `rampart runtime` itself: where events come from and where alerts go. */
export const RUN_OPTIONS: readonly OptionSpec[] = [
  ...RULE_OPTIONS,
  { flags: '--audit-webhook <[host:]port>', description: 'serve the kube-apiserver audit webhook (POST /k8s-audit) on this address' },
  { flags: '--tls-cert <file>', description: 'serving certificate for --audit-webhook (PEM; reloaded when it changes)' },
  { flags: '--tls-key <file>', description: 'serving private key for --audit-webhook (PEM)' },
  { flags: '--plain-http', description: 'serve --audit-webhook over plain HTTP (local testing only)' },
  { flags: '--audit-log <file>', description: 'follow a JSON-lines audit log like tail -F (survives rotation); - reads stdin to its end' },
  { flags: '--from-start', description: 'with --audit-log FILE: read what the file already holds first' },
  { flags: '--queue-size <events>', description: 'events the webhook may hold before answering 429 (memory grows with it: about 5 KiB an event)', defaultValue: '50000' },
  { flags: '--stdout <format>', description: 'alerts on stdout: json (Falco JSON), text (Falco text lines) or none', defaultValue: 'json', choices: ['json', 'text', 'none'] },
  { flags: '--alerts-file <file>', description: 'append alerts to this file as Falco JSON lines' },
  { flags: '--webhook <url>', description: 'POST each alert (Falco JSON) to this URL, e.g. Falcosidekick (repeatable)', repeatable: true },
  { flags: '--slack-webhook <url>', description: 'post each alert to this Slack-compatible incoming webhook' },
  { flags: '--rate-limit <per-second>', description: 'alerts per second each rule may send (0 = unlimited)', defaultValue: '0' },
  { flags: '--rate-burst <n>', description: 'alerts a rule may send in a burst before --rate-limit applies' },
  { flags: '--dedup-window <seconds>', description: 'drop an alert identical to one sent in the last SECONDS (0 = off)', defaultValue: '0' },
  { flags: '--metrics-address <[host:]port>', description: 'serve Prometheus /metrics over HTTP here (the webhook also serves /metrics)' },
  { flags: '--log-level <level>', description: 'log level (JSON logs on stderr)', defaultValue: 'info', choices: [...LOG_LEVELS] },
];
