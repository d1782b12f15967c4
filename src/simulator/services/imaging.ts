import { SimHttpError, type Route, type SimContext, type SimRequest, type SimResponse } from '../http-types.js';
import type { ImageTarget, SimImage } from '../state/images.js';
import { NAMESPACES, rawResponse, xmlResponse } from '../xml-responses.js';

// Image v1.0 (reference §6): raw bytes in, 201 with an empty Url; GET returns a short-lived URL
// that this simulator serves itself, without a token, like Concur's storage links.
const BASE = '/api/image/v1.0';
const ALLOWED_TYPES = new Set(['application/pdf', 'image/jpg', 'image/jpeg', 'image/png']);
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Where the short-lived image URLs point. */
const IMAGE_FILES_PATH = '/files/images';

const NAMES: Readonly<Record<ImageTarget, string>> = { receipt: 'receipt', expenseentry: 'expense entry', report: 'report', invoice: 'invoice' };

function mediaType(value: string | undefined): string {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * The first file part of a multipart/form-data body: the Image swagger also lists a form field
 * "Image File" (UNCONFIRMED that Concur takes it), so both forms are accepted.
 */
function multipartFile(body: Buffer, contentType: string): { bytes: Buffer; type: string } | undefined {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary === undefined) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const headersEnd = body.indexOf('\r\n\r\n', start);
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (headersEnd === -1 || next === -1) return undefined;
    const headers = body.subarray(start + delimiter.length, headersEnd).toString('latin1');
    if (/filename=|name="Image File"/i.test(headers)) {
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      return { bytes: body.subarray(headersEnd + 4, next - 2), type: mediaType(type) };
    }
    start = next;
  }
  return undefined;
}

function readImage(request: SimRequest): { bytes: Buffer; type: string } {
  const declared = mediaType(request.headers['content-type']);
  const upload = declared === 'multipart/form-data' ? multipartFile(request.body, request.headers['content-type'] ?? '') : { bytes: request.body, type: declared };
  if (upload === undefined) throw new SimHttpError(400, 'The multipart body holds no image file.');
  if (!ALLOWED_TYPES.has(upload.type)) throw new SimHttpError(400, 'The Content-Type must be application/pdf, image/jpg, image/jpeg or image/png.');
  if (upload.bytes.length === 0) throw new SimHttpError(400, 'The request contains no image.');
  if (upload.bytes.length > MAX_IMAGE_BYTES) throw new SimHttpError(400, 'The image is larger than the 10 MB limit.');
  if (upload.type === 'application/pdf' && upload.bytes.includes('/Encrypt')) {
    throw new SimHttpError(400, 'Encrypted or password-protected PDF files are not accepted.');
  }
  return upload;
}

function upload(target: ImageTarget) {
  return (request: SimRequest, context: SimContext): SimResponse => {
    const ownerId = request.params['id'];
    const { images } = context.state;
    // Entries and invoices take one image; a report appends (reference §6).
    if ((target === 'expenseentry' || target === 'invoice') && ownerId !== undefined && images.get(target, ownerId) !== undefined) {
      throw new SimHttpError(400, `The ${NAMES[target]} ${ownerId} has an image already; one cannot be appended.`);
    }
    const { bytes, type } = readImage(request);
    const image = images.upload(target, ownerId, bytes, type);
    return xmlResponse('Image', { Id: image.id, Url: '' }, NAMESPACES.image, 201);
  };
}

function imageUrl(context: SimContext, image: SimImage): string {
  const link = context.state.images.issueLink(image);
  // Not an API link, so never on `linkOrigin`: the SDK hands it to the caller, who fetches it
  // without the token (it "can name a host other than the API's"), and only the simulator serves it.
  return `${context.baseUrl}${IMAGE_FILES_PATH}/${link.key}?Expires=${Math.floor(link.expiresAt / 1000)}&Signature=${link.signature}`;
}

function getUrl(target: ImageTarget) {
  return (request: SimRequest, context: SimContext): SimResponse => {
    const id = request.params['id'] ?? '';
    const image = context.state.images.get(target, id);
    if (image === undefined) throw new SimHttpError(404, `No image was found for the specified ${NAMES[target]} id ${id}.`);
    // The builder escapes `&` in the URL as `&amp;`, as Concur's responses do.
    return xmlResponse('Image', { Id: image.id, Url: imageUrl(context, image) }, NAMESPACES.image);
  };
}

function serveFile(request: SimRequest, context: SimContext): SimResponse {
  const result = context.state.images.resolveLink(request.params['key'] ?? '', request.query.get('Signature'));
  if ('problem' in result) {
    throw new SimHttpError(result.problem === 'expired' ? 403 : 404, result.problem === 'expired' ? 'The image URL has expired; request a new one.' : 'No image is served at this URL.');
  }
  return rawResponse(200, result.image.bytes, result.image.contentType);
}

const missingReport = (): SimResponse => {
  throw new SimHttpError(400, 'The reportId is missing.');
};

/** The Image v1.0 endpoints and the image URLs they hand out. */
export const imagingRoutes: Route[] = [
  { method: 'POST', paths: [`${BASE}/receipt`], handler: upload('receipt') },
  { method: 'POST', paths: [`${BASE}/report`], handler: missingReport },
  { method: 'GET', paths: [`${BASE}/report`], handler: missingReport },
  ...(['receipt', 'expenseentry', 'report', 'invoice'] as const).flatMap((target): Route[] => [
    { method: 'GET', paths: [`${BASE}/${target}/{id}`], handler: getUrl(target) },
    ...(target === 'receipt' ? [] : [{ method: 'POST', paths: [`${BASE}/${target}/{id}`], handler: upload(target) }]),
  ]),
  // One 2013 example posts invoice images to v1.1; accepted as the same endpoint (reference §6).
  { method: 'POST', paths: ['/api/image/v1.1/invoice/{id}'], handler: upload('invoice') },
  { method: 'GET', paths: [`${IMAGE_FILES_PATH}/{key}`], handler: serveFile, auth: false },
];
