// Runs in a child process with NODE_DEBUG=concur-sdk (Node reads it at start): one call through a
// maintenance window and one time-out, against the bundled simulator.
import { ConcurClient } from 'concur-sdk';
import { SIMULATOR_TOKEN, startSimulator } from 'concur-sdk/simulator';

const sim = await startSimulator();
try {
  sim.faults.maintenance({ count: 1 });
  const concur = new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN, retry: { delayMs: 1 }, sleep: async () => undefined });
  await concur.listItems.getLists();
  sim.faults.reset({ count: 1 });
  await concur.request({ method: 'GET', path: '/api/user/v1.0/User/', retry: false }).catch(() => undefined);
  process.stdout.write(JSON.stringify({ token: SIMULATOR_TOKEN, correlationIds: sim.state.requests.map((entry) => entry.correlationId) }));
} finally {
  await sim.close();
}
