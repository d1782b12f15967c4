import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImagingService, MAX_IMAGE_BYTES, type ImageContentType } from '../../src/services/imaging.js';
import { ConcurResponseError, ConcurValidationError, NotFoundError } from '../../src/index.js';
import { caught, concur, errorXml, TOKEN, XML } from '../support/helpers.js';
import { testRequester } from '../support/service-client.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/imaging/${name}`, import.meta.url), 'utf8');
const ID = 'Kb8$rT2wQz$mN5vXp1Ls';
const ENCODED = 'Kb8%24rT2wQz%24mN5vXp1Ls';
const SIGNED_URL = 'https://images.example.net/receipts/Kb8rT2wQz.png?expires=1795600800&sig=a1B2c3D4';

// Every byte value, so any re-encoding of the body (text, base64, multipart) would show.
const IMAGE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 256 }, (_, i) => i)]);

function service() {
  const { requester, delays } = testRequester();
  return { imaging: new ImagingService(requester), delays };
}

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

type Upload = (imaging: ImagingService, data: Uint8Array, contentType: ImageContentType) => Promise<unknown>;

const UPLOADS: Array<[string, string, Upload]> = [
  ['uploadReceipt', '/api/image/v1.0/receipt', (imaging, data, type) => imaging.uploadReceipt(data, type)],
  ['attachToEntry', `/api/image/v1.0/expenseentry/${ENCODED}`, (imaging, data, type) => imaging.attachToEntry(ID, data, type)],
  ['attachToReport', `/api/image/v1.0/report/${ENCODED}`, (imaging, data, type) => imaging.attachToReport(ID, data, type)],
  ['attachToInvoice', `/api/image/v1.0/invoice/${ENCODED}`, (imaging, data, type) => imaging.attachToInvoice(ID, data, type)],
];

const GETS: Array<[string, string, (imaging: ImagingService, id: string) => Promise<unknown>]> = [
  ['getReceiptImageUrl', '/api/image/v1.0/receipt', (imaging, id) => imaging.getReceiptImageUrl(id)],
  ['getEntryImageUrl', '/api/image/v1.0/expenseentry', (imaging, id) => imaging.getEntryImageUrl(id)],
  ['getReportImageUrl', '/api/image/v1.0/report', (imaging, id) => imaging.getReportImageUrl(id)],
  ['getInvoiceImageUrl', '/api/image/v1.0/invoice', (imaging, id) => imaging.getInvoiceImageUrl(id)],
];

describe('ImagingService uploads', () => {
  it.each(UPLOADS)('%s: POSTs the bytes unchanged with the image Content-Type and Content-Length, and maps the 201 Image', async (_name, path, upload) => {
    const { imaging } = service();
    const captured: Captured[] = [];
    // A Buffer body spec makes nock compare the request body byte for byte.
    concur()
      .post(path, IMAGE)
      .reply(function reply() {
        captured.push({ method: this.req.method, path: this.req.path, headers: this.req.headers });
        return [201, fixture('image-uploaded.xml'), XML];
      });
    const image = await upload(imaging, IMAGE, 'image/png');
    expect(captured).toHaveLength(1);
    expect(captured[0]?.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(IMAGE.length),
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/xml',
    });
    expect(captured[0]?.headers['transfer-encoding']).toBeUndefined();
    expect(image).toEqual({ id: ID });
  });

  it.each([
    ['application/pdf', 'application/pdf'],
    ['image/jpg', 'image/jpg'],
    ['image/jpeg', 'image/jpeg'],
    ['IMAGE/PNG', 'image/png'],
    ['pdf', 'application/pdf'],
    ['jpg', 'image/jpeg'],
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
  ])('sends content type %j as %j', async (given, sent) => {
    const { imaging } = service();
    const scope = concur().post('/api/image/v1.0/receipt').matchHeader('content-type', sent).reply(201, fixture('image-uploaded.xml'), XML);
    await imaging.uploadReceipt(IMAGE, given as ImageContentType);
    expect(scope.isDone()).toBe(true);
  });

  it('accepts an image of exactly 10 MB', async () => {
    const { imaging } = service();
    const scope = concur().post('/api/image/v1.0/receipt').matchHeader('content-length', String(MAX_IMAGE_BYTES)).reply(201, fixture('image-uploaded.xml'), XML);
    await imaging.uploadReceipt(new Uint8Array(MAX_IMAGE_BYTES), 'application/pdf');
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['an image over 10 MB', (imaging: ImagingService) => imaging.uploadReceipt(new Uint8Array(MAX_IMAGE_BYTES + 1), 'image/png'), 'data'],
    ['an empty image', (imaging: ImagingService) => imaging.attachToReport(ID, new Uint8Array(0), 'image/png'), 'data'],
    ['base64 text instead of bytes', (imaging: ImagingService) => imaging.uploadReceipt('iVBORw0KGgo=' as unknown as Uint8Array, 'image/png'), 'data'],
    ['a GIF', (imaging: ImagingService) => imaging.uploadReceipt(IMAGE, 'image/gif' as ImageContentType), 'contentType'],
    ['a content type with parameters', (imaging: ImagingService) => imaging.uploadReceipt(IMAGE, 'image/png; q=1' as ImageContentType), 'contentType'],
    ['an empty entry id', (imaging: ImagingService) => imaging.attachToEntry('', IMAGE, 'image/png'), 'entryId'],
    ['a blank report id', (imaging: ImagingService) => imaging.attachToReport('  ', IMAGE, 'image/png'), 'reportId'],
    ['an empty invoice request id', (imaging: ImagingService) => imaging.attachToInvoice('', IMAGE, 'image/png'), 'requestId'],
    ['an empty image id', (imaging: ImagingService) => imaging.getReceiptImageUrl(''), 'imageId'],
    ['an empty report id on GET', (imaging: ImagingService) => imaging.getReportImageUrl(''), 'reportId'],
    ['a bare .. as report id', (imaging: ImagingService) => imaging.getReportImageUrl('..'), 'reportId'],
  ])('refuses %s before any request', async (_label, call, field) => {
    const { imaging } = service();
    const scope = concur().post(/.*/).reply(201, fixture('image-uploaded.xml'), XML).get(/.*/).reply(200, fixture('image-url.xml'), XML);
    const error = await caught(() => call(imaging));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field });
    expect(scope.isDone()).toBe(false);
  });
});

describe('ImagingService image URLs', () => {
  it.each(GETS)('%s: GETs the image by encoded id and returns the URL with &amp; decoded', async (_name, base, get) => {
    const { imaging } = service();
    const scope = concur().get(`${base}/${ENCODED}`).matchHeader('authorization', `Bearer ${TOKEN}`).reply(200, fixture('image-url.xml'), XML);
    expect(await get(imaging, ID)).toEqual({ id: ID, url: SIGNED_URL });
    expect(scope.isDone()).toBe(true);
  });

  it('decodes a URL that arrives escaped twice', async () => {
    const { imaging } = service();
    concur()
      .get(`/api/image/v1.0/receipt/${ENCODED}`)
      .reply(200, `<Image><Id>${ID}</Id><Url>https://images.example.net/r.png?a=1&amp;amp;b=2</Url></Image>`, XML);
    expect((await imaging.getReceiptImageUrl(ID)).url).toBe('https://images.example.net/r.png?a=1&b=2');
  });

  it('encodes $, / and spaces in an id and stays on the base host', async () => {
    const { imaging } = service();
    const scope = concur().get('/api/image/v1.0/report/a%24b%2F..%2Fc%20d').reply(200, fixture('image-url.xml'), XML);
    await imaging.getReportImageUrl('a$b/../c d');
    expect(scope.isDone()).toBe(true);
  });

  it('no image for the id is a NotFoundError', async () => {
    const { imaging } = service();
    concur().get(`/api/image/v1.0/report/${ENCODED}`).reply(404, errorXml('No image was found for the specified report'), XML);
    const error = await caught(() => imaging.getReportImageUrl(ID));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, serverMessage: 'No image was found for the specified report' });
  });

  it('a 200 with an empty Url is a ConcurResponseError', async () => {
    const { imaging } = service();
    concur().get(`/api/image/v1.0/receipt/${ENCODED}`).reply(200, fixture('image-uploaded.xml'), XML);
    const error = await caught(() => imaging.getReceiptImageUrl(ID));
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toContain('no image URL');
  });
});
