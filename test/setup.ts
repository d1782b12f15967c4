import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

beforeAll(() => {
  // Only loopback (the simulator, local servers) may be reached for real; any other host must be
  // scripted with nock, so a request that escapes the configured host fails the test.
  nock.disableNetConnect();
  // (nock matches `host:port`, an IPv6 host without its brackets: `::1:8080`.)
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\]|::1)(:\d+)?$/);
});

afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});
