// A steady load generator: one request every 1/rate seconds over keep-alive HTTPS connections,
// each request's latency counted from the moment it was due (so a slow answer that delays the
// next request is not hidden: no coordinated omission). autocannon's rate option spends each
// second's budget in a burst at the start of the second, which measures queueing, not latency.
import https from 'node:https';

export async function pacedLoad({ port, ca, path, body, rate, seconds, connections }) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: connections, ca });
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  let sent = 0;
  let done = 0;
  let errors = 0;
  const start = performance.now();
  await new Promise((resolve) => {
    const fire = (index) => {
      const due = start + (index * 1000) / rate;
      const req = https.request(
        { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            latencies[index] = performance.now() - due;
            if (++done === total) resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        latencies[index] = performance.now() - due;
        if (++done === total) resolve();
      });
      req.end(body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (sent < due) fire(sent++);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 100) / 100;
  return { total, seconds: (performance.now() - start) / 1000, errors, p50ms: at(0.5), p90ms: at(0.9), p99ms: at(0.99), p999ms: at(0.999), maxMs: at(1) };
}
