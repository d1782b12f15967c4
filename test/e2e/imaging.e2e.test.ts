import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError } from '../../src/index.js';
import { closeSimulators, connect, first, logged, manualClock, rejection, simulator } from './support.js';

// End-to-end: the imaging methods of a ConcurClient pointed at a simulator on a real local port,
// asserting both what the SDK returns and what the simulator holds afterwards.
// Shared setup: ./support.ts.

afterEach(closeSimulators);

/** Fetches a URL without any token, as the Image API's short-lived URLs are meant to be fetched. */
async function fetchBytes(url: string): Promise<{ status: number; contentType: string | null; bytes: Buffer }> {
  const response = await fetch(url);
  return { status: response.status, contentType: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('imaging', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x20]);
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
  const pdfPage1 = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n', 'latin1');
  const pdfPage2 = Buffer.from('%PDF-1.4\n2 0 obj <<>> endobj\n%%EOF\n', 'latin1');

  it('uploadReceipt and getReceiptImageUrl: the URL serves the same bytes without a token, until it expires', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, imageUrlTtlMs: 60_000 });
    const { concur } = connect(sim);
    const uploaded = await concur.imaging.uploadReceipt(png, 'png');
    const stored = first(sim.state.images.all());
    expect(uploaded).toEqual({ id: stored.id });
    expect(stored).toMatchObject({ target: 'receipt', ownerId: stored.id, contentType: 'image/png' });
    expect(stored.bytes.equals(png)).toBe(true);
    // The SDK sent the bytes raw, with the image's own content type.
    expect(first(sim.state.requests).headers['content-type']).toBe('image/png');

    const image = await concur.imaging.getReceiptImageUrl(uploaded.id);
    expect(image.id).toBe(uploaded.id);
    expect(image.url.startsWith(`${sim.url}/files/images/`)).toBe(true);
    expect(image.url).toContain('&Signature=');
    expect(image.url).not.toContain('&amp;');
    const fetched = await fetchBytes(image.url);
    expect([fetched.status, fetched.contentType]).toEqual([200, 'image/png']);
    expect(fetched.bytes.equals(png)).toBe(true);

    clock.advance(60_000);
    expect((await fetchBytes(image.url)).status).toBe(403);
    const renewed = await concur.imaging.getReceiptImageUrl(uploaded.id);
    expect(renewed.url).not.toBe(image.url);
    expect((await fetchBytes(renewed.url)).bytes.equals(png)).toBe(true);
    await expect(concur.imaging.getReceiptImageUrl('no-such-image')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('attachToEntry and getEntryImageUrl; an entry takes one image only', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const attached = await concur.imaging.attachToEntry('ENTRY$42', jpeg, 'jpg');
    const stored = sim.state.images.get('expenseentry', 'ENTRY$42');
    expect(stored).toMatchObject({ id: attached.id, contentType: 'image/jpeg' });
    expect(stored?.bytes.equals(jpeg)).toBe(true);

    const image = await concur.imaging.getEntryImageUrl('ENTRY$42');
    expect(image.id).toBe(attached.id);
    const fetched = await fetchBytes(image.url);
    expect(fetched.contentType).toBe('image/jpeg');
    expect(fetched.bytes.equals(jpeg)).toBe(true);

    const refused = await rejection(concur.imaging.attachToEntry('ENTRY$42', png, 'image/png'));
    expect(refused).toBeInstanceOf(BadRequestError);
    expect(refused).toMatchObject({ status: 400, attempts: 1 });
    expect(sim.state.images.get('expenseentry', 'ENTRY$42')?.bytes.equals(jpeg)).toBe(true);
    await expect(concur.imaging.getEntryImageUrl('NO-ENTRY')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('attachToReport appends to the report image, and getReportImageUrl serves the whole of it', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const firstUpload = await concur.imaging.attachToReport('REPORT-7', pdfPage1, 'pdf');
    const secondUpload = await concur.imaging.attachToReport('REPORT-7', pdfPage2, 'application/pdf');
    expect(secondUpload.id).toBe(firstUpload.id);
    const both = Buffer.concat([pdfPage1, pdfPage2]);
    expect(sim.state.images.get('report', 'REPORT-7')?.bytes.equals(both)).toBe(true);

    const image = await concur.imaging.getReportImageUrl('REPORT-7');
    const fetched = await fetchBytes(image.url);
    expect(fetched.contentType).toBe('application/pdf');
    expect(fetched.bytes.equals(both)).toBe(true);
    expect(logged(sim)).toEqual([
      'POST /api/image/v1.0/report/REPORT-7 201',
      'POST /api/image/v1.0/report/REPORT-7 201',
      'GET /api/image/v1.0/report/REPORT-7 200',
      `GET ${new URL(image.url).pathname} 200`,
    ]);
    // The image URL was fetched without the Concur token.
    expect(sim.state.requests[3]?.headers['authorization']).toBeUndefined();
  });

  it('attachToInvoice and getInvoiceImageUrl', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const attached = await concur.imaging.attachToInvoice('REQ-0099', png, 'image/png');
    expect(sim.state.images.get('invoice', 'REQ-0099')?.bytes.equals(png)).toBe(true);
    const image = await concur.imaging.getInvoiceImageUrl('REQ-0099');
    expect(image.id).toBe(attached.id);
    expect((await fetchBytes(image.url)).bytes.equals(png)).toBe(true);
    await expect(concur.imaging.attachToInvoice('REQ-0099', png, 'png')).rejects.toBeInstanceOf(BadRequestError);
    await expect(concur.imaging.getInvoiceImageUrl('REQ-0100')).rejects.toBeInstanceOf(NotFoundError);
  });
});
