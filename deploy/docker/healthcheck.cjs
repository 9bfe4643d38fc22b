'use strict';
// Container health probe for the Docker HEALTHCHECK (the slim image has no curl or wget).
// GET http://127.0.0.1:$PORT/health: the readiness endpoint every grid122 app exposes
// (database + NATS). Exit 0 on a 2xx answer within the timeout, 1 otherwise.
const http = require('node:http');

// Without PORT each app listens on its own default port (its env class's; deploy/test checks the two agree).
const DEFAULT_PORTS = require('./app-ports.json');
const port = Number(process.env.PORT || DEFAULT_PORTS[process.env.APP] || 3000);
const path = process.env.HEALTHCHECK_PATH || '/health';
const timeoutMs = Number(process.env.HEALTHCHECK_TIMEOUT_MS || 4000);

const req = http.get({ host: '127.0.0.1', port, path, timeout: timeoutMs }, (res) => {
  res.resume();
  const ok = res.statusCode >= 200 && res.statusCode < 300;
  if (!ok) console.error(`healthcheck: GET ${path} on port ${port} answered ${res.statusCode}`);
  process.exit(ok ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
req.on('error', (err) => {
  console.error(`healthcheck: GET ${path} on port ${port} failed: ${err.message}`);
  process.exit(1);
});
