/* The baseline: a bare node:http server answering fixed bytes with fixed headers. */
const http = require('node:http');

const { body, headers } = JSON.parse(process.argv[2]);
const buf = Buffer.from(body, 'base64');
const server = http.createServer((req, res) => {
  res.writeHead(200, { ...headers, 'content-length': buf.length });
  res.end(buf);
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => m === 'stop' && server.close(() => process.exit(0)));
