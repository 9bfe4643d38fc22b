// Baseline chain, edge: a bare Node http server that turns each POST into one NATS request
// (the connection's muxed inbox, as the gateway's RpcClient does) and answers 201 with the reply.
// No framework, no auth, no validation: the floor the suite is compared to.
import { createServer } from 'node:http';
import { connect } from 'nats';

const nc = await connect({ servers: process.env.NATS_URL, noAsyncTraces: true, maxReconnectAttempts: -1 });
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    nc.request('bench.baseline.insert', Buffer.concat(chunks), { timeout: 5000 }).then(
      (m) => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(m.data);
      },
      (e) => {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(e.message) }));
      },
    );
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => {
  server.close();
  void nc.drain().then(() => process.exit(0));
});
