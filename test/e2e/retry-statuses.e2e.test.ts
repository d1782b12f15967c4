import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, CONCUR_SUPPORT_EMAIL, ConcurApiError, InternalServerError, TooManyRequestsError } from '../../src/index.js';
import { BATCH_PATH, DEADLOCK_DELAY_MS, DELAY_MS, LISTS_PATH, connect, outcomes } from './retry-support.js';
import { CITIES_ID, closeSimulators, rejection, simulator } from './support.js';

// End-to-end: Concur's retry policy against faults the simulator injects on a real local socket.
// Every wait goes through an injected sleep that records it and resolves at once, so the waits
// asserted below are the ones the client chose, not time that passed. Shared setup: ./support.ts
// and ./retry-support.ts.

afterEach(closeSimulators);

describe('400s Concur says to resend, 429, and final statuses', () => {
  it('a database deadlock (400) is retried after deadlockDelayMs', async () => {
    const sim = await simulator();
    sim.faults.deadlock({ method: 'POST' });
    const { concur, waits, retries } = connect(sim);
    const result = await concur.listItems.create(CITIES_ID, [{ name: 'Lyon', level1Code: 'FR', level2Code: 'LYS' }]);
    expect(result.items[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(waits).toEqual([DEADLOCK_DELAY_MS]);
    expect(retries).toEqual([{ attempt: 1, delayMs: DEADLOCK_DELAY_MS, reason: 'deadlock', method: 'POST', path: BATCH_PATH, error: 'BadRequestError' }]);
    expect(outcomes(sim)).toEqual([400, 200]);
    expect(sim.state.lists.get(CITIES_ID)?.item(['FR', 'LYS'])?.name).toBe('Lyon');
  });

  it('a deadlock with Retry-After waits the Retry-After; exhausted, it is a retryable BadRequestError', async () => {
    const sim = await simulator();
    sim.faults.deadlock({ count: 1, retryAfterSeconds: 3 });
    sim.faults.deadlock({ count: 3 });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.request({ method: 'GET', path: LISTS_PATH }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, attempts: 4, retryable: true });
    expect(error.message).toContain('database deadlock');
    expect(error.message).toContain(CONCUR_SUPPORT_EMAIL);
    expect(waits).toEqual([3_000, DEADLOCK_DELAY_MS, DEADLOCK_DELAY_MS]);
  });

  it('the request-limit 400 is retried after delayMs', async () => {
    const sim = await simulator();
    sim.faults.requestLimit({ count: 2 });
    const { concur, waits, retries } = connect(sim);
    expect((await concur.users.get()).loginId).toBe('admin@example.com');
    expect(waits).toEqual([DELAY_MS, DELAY_MS]);
    expect(retries.map((event) => [event.reason, event.error])).toEqual([
      ['request-limit', 'BadRequestError'],
      ['request-limit', 'BadRequestError'],
    ]);
    expect(outcomes(sim)).toEqual([400, 400, 200]);
  });

  it('429 is retried: after Retry-After when given, else delayMs; exhausted, TooManyRequestsError', async () => {
    const sim = await simulator();
    sim.faults.tooManyRequests({ retryAfterSeconds: 3 });
    sim.faults.tooManyRequests();
    const { concur, waits, retries } = connect(sim);
    expect(await concur.attendees.listTypes()).toHaveLength(4);
    expect(waits).toEqual([3_000, DELAY_MS]);
    expect(retries.map((event) => event.reason)).toEqual(['too-many-requests', 'too-many-requests']);
    expect(outcomes(sim)).toEqual([429, 429, 200]);

    sim.faults.tooManyRequests({ count: 4 });
    const error = await rejection(concur.attendees.listTypes());
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error).toMatchObject({ status: 429, attempts: 4, retryable: true });
  });

  it('500 is final: one attempt, no wait', async () => {
    const sim = await simulator();
    sim.faults.serverError({ count: 2 });
    const { concur, waits, retries } = connect(sim);
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 500,
      attempts: 1,
      retryable: false,
      serverMessage: 'An unexpected error occurred while processing the request.',
      correlationId: sim.state.requests[0]?.correlationId,
    });
    expect(error.message).not.toContain('Gave up');
    expect(waits).toEqual([]);
    expect(retries).toEqual([]);
    expect(outcomes(sim)).toEqual([500]);
  });

  it('a plain 400 is final too', async () => {
    const sim = await simulator();
    sim.faults.status(400, { message: 'The request is not formatted correctly.' });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.attendees.listTypes());
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ attempts: 1, retryable: false, serverMessage: 'The request is not formatted correctly.' });
    expect(waits).toEqual([]);
    expect(outcomes(sim)).toEqual([400]);
  });

  it('502 and 504 from the gateways are retried', async () => {
    const sim = await simulator();
    sim.faults.status(502);
    sim.faults.status(504);
    const { concur, retries } = connect(sim);
    expect((await concur.request({ method: 'GET', path: LISTS_PATH })).attempts).toBe(3);
    expect(retries.map((event) => [event.reason, event.error, event.delayMs])).toEqual([
      ['bad-gateway', 'ConcurApiError', DELAY_MS],
      ['gateway-timeout', 'ConcurApiError', DELAY_MS],
    ]);
    expect(outcomes(sim)).toEqual([502, 504, 200]);
  });
});

describe('uploads (idempotent: false) and the failures that say Concur did nothing', () => {
  it('a 503 on an upload is retried (Concur did not process it) and the image is stored once', async () => {
    const sim = await simulator();
    sim.faults.maintenance({ method: 'POST' });
    const { concur, waits } = connect(sim);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 9, 8, 7]);
    const uploaded = await concur.imaging.uploadReceipt(png, 'image/png');
    expect(waits).toEqual([DELAY_MS]);
    expect(sim.state.images.all().map((image) => image.id)).toEqual([uploaded.id]);
    expect(outcomes(sim)).toEqual([503, 201]);
  });

  it('a 502 on an upload that Concur processed is not retried', async () => {
    const sim = await simulator();
    sim.faults.status(502, { method: 'POST', processed: true });
    const { concur, waits } = connect(sim);
    const error = await rejection(concur.imaging.attachToReport('REPORT-2', Buffer.from('%PDF-1.4 x\n'), 'pdf'));
    expect(error).toBeInstanceOf(ConcurApiError);
    expect(error).toMatchObject({ status: 502, attempts: 1, retryable: true });
    expect(error.message).toContain('It was not retried');
    expect(waits).toEqual([]);
    expect(sim.state.images.get('report', 'REPORT-2')?.bytes.toString('latin1')).toBe('%PDF-1.4 x\n');
  });
});
