#!/usr/bin/env node
// The floor of the server benchmark: bare node:http reading and parsing the JSON body, then
// answering 201 with a dispatch id. Nothing is stored. GET /_mock/health answers 200 so that
// start-up is measured the same way as for the mock server.
// Usage: node bare-server.mjs PORT
import { createServer } from 'node:http';

let dispatches = 0;
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/_mock/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"message":"Invalid JSON"}');
      return;
    }
    dispatches += 1;
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ dispatch_id: `d-${dispatches}-${body.recipients?.length ?? 0}`, message: 'success' }));
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
