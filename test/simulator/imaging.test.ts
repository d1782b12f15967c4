import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/xml/error-body.js';
import { NS, call, manualClock, namespaceOf, root, simulator, text } from './helpers.js';

const BASE = '/api/image/v1.0';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x01, 0x02, 0x03]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n');

describe('Image v1.0', () => {
  it('stores an uploaded receipt, returns a URL the simulator serves, and the bytes come back', async () => {
    const sim = await simulator();
    const upload = await call(sim, 'POST', `${BASE}/receipt`, { body: PNG, headers: { 'Content-Type': 'image/png' } });
    expect(upload.status).toBe(201);
    expect(namespaceOf(upload.text)).toBe(NS.image);
    const image = root(upload.text, 'Image');
    expect(image['Url']).toBe('');
    const id = text(image, 'Id') ?? '';
    expect(sim.state.images.get('receipt', id)?.bytes.equals(PNG)).toBe(true);

    const lookup = await call(sim, 'GET', `${BASE}/receipt/${encodeURIComponent(id)}`);
    // The URL carries two query parameters, so the XML escapes its `&` (decoded by the parser).
    expect(lookup.text).toContain('&amp;Signature=');
    const url = text(root(lookup.text, 'Image'), 'Url') ?? '';
    expect(url.startsWith(`${sim.url}/files/images/`)).toBe(true);
    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('lets an image URL expire after imageUrlTtlMs (403) and refuses a tampered one (404)', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, imageUrlTtlMs: 60_000 });
    await call(sim, 'POST', `${BASE}/report/RPT1`, { body: PDF, headers: { 'Content-Type': 'application/pdf' } });
    const url = text(root((await call(sim, 'GET', `${BASE}/report/RPT1`)).text, 'Image'), 'Url') ?? '';
    expect((await fetch(url.replace(/Signature=\w+/, 'Signature=FORGED'))).status).toBe(404);
    clock.advance(60_000);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(parseErrorBody(await expired.text()).message).toMatch(/expired/);
  });

  it('appends to a report image but refuses a second image for an expense entry or an invoice', async () => {
    const sim = await simulator();
    const pdf = { body: PDF, headers: { 'Content-Type': 'application/pdf' } };
    expect((await call(sim, 'POST', `${BASE}/report/R1`, pdf)).status).toBe(201);
    expect((await call(sim, 'POST', `${BASE}/report/R1`, pdf)).status).toBe(201);
    expect(sim.state.images.get('report', 'R1')?.bytes.length).toBe(PDF.length * 2);
    expect((await call(sim, 'POST', `${BASE}/expenseentry/E1`, pdf)).status).toBe(201);
    expect((await call(sim, 'POST', `${BASE}/expenseentry/E1`, pdf)).status).toBe(400);
    expect((await call(sim, 'POST', '/api/image/v1.1/invoice/INV1', pdf)).status).toBe(201);
    expect((await call(sim, 'POST', `${BASE}/invoice/INV1`, pdf)).status).toBe(400);
    expect(sim.state.images.size).toBe(3);
  });

  it('refuses other content types, empty bodies, encrypted PDFs and a missing report id with 400', async () => {
    const sim = await simulator();
    expect((await call(sim, 'POST', `${BASE}/receipt`, { body: PNG, headers: { 'Content-Type': 'image/gif' } })).status).toBe(400);
    expect((await call(sim, 'POST', `${BASE}/receipt`, { body: Buffer.alloc(0), headers: { 'Content-Type': 'image/png' } })).status).toBe(400);
    const encrypted = Buffer.from('%PDF-1.6\ntrailer<</Encrypt 5 0 R>>\n%%EOF');
    expect((await call(sim, 'POST', `${BASE}/receipt`, { body: encrypted, headers: { 'Content-Type': 'application/pdf' } })).status).toBe(400);
    const missing = await call(sim, 'GET', `${BASE}/report`);
    expect(missing.status).toBe(400);
    expect(parseErrorBody(missing.text).message).toMatch(/reportId is missing/);
    expect(sim.state.images.size).toBe(0);
  });

  it('answers 404 when no image exists for the id', async () => {
    const sim = await simulator();
    const response = await call(sim, 'GET', `${BASE}/report/none`);
    expect(response.status).toBe(404);
    expect(parseErrorBody(response.text).message).toMatch(/No image was found/);
  });

  it('also accepts a multipart/form-data upload with an "Image File" part', async () => {
    const sim = await simulator();
    const boundary = 'sim-boundary-42';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="Image File"; filename="r.png"\r\nContent-Type: image/png\r\n\r\n`),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await call(sim, 'POST', `${BASE}/receipt`, { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } });
    expect(upload.status).toBe(201);
    const id = text(root(upload.text, 'Image'), 'Id') ?? '';
    expect(sim.state.images.get('receipt', id)?.bytes.equals(PNG)).toBe(true);
  });
});
