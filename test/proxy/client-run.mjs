// Runs in a child process, so that NODE_EXTRA_CA_CERTS and the proxy variables are read at start
// (as Node and the SDK do) and no test interceptor sits between the client and its sockets.
// Input: JSON in argv[2] { options, calls }; output: JSON on stdout.
import { ConcurClient } from 'concur-sdk';

const { options, calls = 1 } = JSON.parse(process.argv[2]);
const out = { results: [], error: undefined };
try {
  const concur = new ConcurClient({ accessToken: 'tls-access-token-123456', retry: false, ...options });
  for (let i = 0; i < calls; i += 1) {
    const response = await concur.request({ method: 'GET', path: '/api/expense/list/v1.0/' });
    out.results.push({ status: response.status, correlationId: response.correlationId });
  }
} catch (error) {
  out.error = { name: error.name, message: error.message, code: error.code, proxyStatus: error.proxyStatus, retryable: error.retryable, attempts: error.attempts, json: JSON.stringify(error) };
}
process.stdout.write(JSON.stringify(out));
