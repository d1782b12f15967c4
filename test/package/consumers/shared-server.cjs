// A local server that answers 503 (maintenance) and then 200, so a consumer can run one retry.
const http = require('node:http');

exports.startServer = function startServer(statuses) {
  const queue = [...statuses];
  const server = http.createServer((request, response) => {
    const status = queue.shift() ?? 599;
    response.writeHead(status, { 'Content-Type': 'application/xml' });
    response.end(status === 200 ? '<lists><list><name>Cities</name></list></lists>' : '<Error><Message>Down for maintenance</Message></Error>');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }));
  });
};
