import type { CallOptions } from '../core/options.js';
import { ConcurResponseError } from '../errors/request-errors.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { callOptions, callSettings, idArgument } from '../internal/arguments.js';
import { describeValue } from '../internal/describe.js';
import { childText } from '../xml/nodes.js';
import { imageBytes, type ImageSource } from './image-source.js';
import { ConcurService, defineEndpoints, rootOf, type EndpointSpec } from './service.js';

// Image v1.0 (reference §6). Responses carry the `http://www.concursolutions.com/api/image/2011/02`
// namespace; they are read whatever their namespace. Uploads are raw bytes, not multipart: the
// swagger file's multipart form is UNCONFIRMED, the reference page and samples send the bytes.
const BASE = '/api/image/v1.0';

const ENDPOINTS = defineEndpoints({
  uploadReceipt: { method: 'POST', path: `${BASE}/receipt` },
  attachToEntry: { method: 'POST', path: `${BASE}/expenseentry/{entryId}` },
  attachToReport: { method: 'POST', path: `${BASE}/report/{reportId}` },
  attachToInvoice: { method: 'POST', path: `${BASE}/invoice/{requestId}` },
  getReceiptImageUrl: { method: 'GET', path: `${BASE}/receipt/{imageId}` },
  getEntryImageUrl: { method: 'GET', path: `${BASE}/expenseentry/{entryId}` },
  getReportImageUrl: { method: 'GET', path: `${BASE}/report/{reportId}` },
  getInvoiceImageUrl: { method: 'GET', path: `${BASE}/invoice/{requestId}` },
});

/** Largest image Concur accepts: 10 MB, counted here as 10 × 1024 × 1024 bytes (reference §6). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** The content types Concur accepts for an image, and the short forms the SDK maps to them. */
export type ImageContentType = 'application/pdf' | 'image/jpg' | 'image/jpeg' | 'image/png' | 'pdf' | 'jpg' | 'jpeg' | 'png';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'application/pdf',
  'image/jpg': 'image/jpg',
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/** An image Concur stored. */
export interface UploadedImage {
  /** `Id`: the image's id (for a receipt, the id {@link ImagingService.getReceiptImageUrl} takes). */
  id: string;
  /** `Url`: empty after an upload, so usually absent here. */
  url?: string;
}

/** Where an image can be fetched, for a short time. */
export interface ImageUrl {
  /** `Id`: the id of the image (or of the report, entry or invoice it belongs to). */
  id: string;
  /**
   * `Url`: where to fetch the image, with `&amp;` already decoded. It is short-lived: 15 minutes
   * per the current Concur page, 30 minutes per older ones; fetch it at once. It can name a host
   * other than the API's: fetch it without the Concur token.
   */
  url: string;
}

function requireId(value: string, field: string): string {
  // Concur answers 400 when the report id (or barcode) is missing (reference §1.4).
  return idArgument(value, field, `pass the ${field} Concur returned; without it Concur refuses the request with a 400`);
}

/** Reads the image from any {@link ImageSource} and checks its size and content type. */
async function checkImage(source: ImageSource, contentType: ImageContentType): Promise<{ data: Uint8Array; mime: string }> {
  const mime = imageType(contentType);
  const data = await imageBytes(source, MAX_IMAGE_BYTES);
  checkSize(data);
  return { data, mime };
}

function checkSize(data: Uint8Array): void {
  if (data.byteLength === 0) throw new ConcurValidationError('The image is empty.', { field: 'data' });
  if (data.byteLength > MAX_IMAGE_BYTES) {
    throw new ConcurValidationError(`The image is ${data.byteLength} bytes; Concur accepts at most 10 MB (${MAX_IMAGE_BYTES} bytes). Compress or split it.`, {
      field: 'data',
    });
  }
}

function imageType(contentType: ImageContentType): string {
  const mime = typeof contentType === 'string' ? CONTENT_TYPES[contentType.trim().toLowerCase()] : undefined;
  if (mime === undefined) {
    throw new ConcurValidationError(
      `contentType must be application/pdf, image/jpg, image/jpeg or image/png (or pdf, jpg, jpeg, png): Concur accepts only PDF, JPEG and PNG images (got ${describeValue(contentType)}).`,
      { field: 'contentType' },
    );
  }
  return mime;
}

/**
 * Image v1.0: upload receipt images, attach images to expense entries, reports and invoices, and
 * get short-lived URLs of stored images (reference §6). Reached as `concur.imaging`. Images are
 * PDF (not encrypted or password-protected), JPEG or PNG, at most 10 MB, and are checked before
 * anything is sent.
 *
 * @example
 * ```ts
 * const receipt = await concur.imaging.uploadReceipt(await readFile('taxi.png'), 'image/png');
 * const { url } = await concur.imaging.getReceiptImageUrl(receipt.id);
 * ```
 */
export class ImagingService extends ConcurService {
  /**
   * Uploads a receipt image into the token owner's receipt store.
   *
   * @param data The image: its bytes, a file path, or `{ stream, length }`; sent unchanged with `Content-Length`.
   * @param contentType `application/pdf`, `image/jpg`, `image/jpeg`, `image/png`, or `pdf`, `jpg`, `jpeg`, `png`.
   * @example
   * ```ts
   * const { id } = await concur.imaging.uploadReceipt(pdfBytes, 'application/pdf');
   * ```
   */
  async uploadReceipt(data: ImageSource, contentType: ImageContentType, options?: CallOptions): Promise<UploadedImage> {
    const settings = callOptions(options);
    return this.#upload(ENDPOINTS.uploadReceipt, {}, await checkImage(data, contentType), settings);
  }

  /**
   * Attaches an image to an expense entry. An entry that already has an image cannot take another.
   *
   * @param entryId The entry's id (`RpeKey` in Expense Report v1.1 details).
   * @example
   * ```ts
   * await concur.imaging.attachToEntry(entryId, jpegBytes, 'image/jpeg');
   * ```
   */
  async attachToEntry(entryId: string, data: ImageSource, contentType: ImageContentType, options?: CallOptions): Promise<UploadedImage> {
    const params = { entryId: requireId(entryId, 'entryId') };
    const settings = callOptions(options);
    return this.#upload(ENDPOINTS.attachToEntry, params, await checkImage(data, contentType), settings);
  }

  /**
   * Attaches an image to a report; it is appended to the report's existing image, if any.
   *
   * @example
   * ```ts
   * await concur.imaging.attachToReport(reportId, pdfBytes, 'pdf');
   * ```
   */
  async attachToReport(reportId: string, data: ImageSource, contentType: ImageContentType, options?: CallOptions): Promise<UploadedImage> {
    const params = { reportId: requireId(reportId, 'reportId') };
    const settings = callOptions(options);
    return this.#upload(ENDPOINTS.attachToReport, params, await checkImage(data, contentType), settings);
  }

  /**
   * Attaches an image to an invoice (payment request); needs Concur Invoice. An invoice that
   * already has an image cannot take another.
   *
   * @param requestId The invoice's request id (shown in the Invoice user interface).
   * @example
   * ```ts
   * await concur.imaging.attachToInvoice(requestId, pngBytes, 'png');
   * ```
   */
  async attachToInvoice(requestId: string, data: ImageSource, contentType: ImageContentType, options?: CallOptions): Promise<UploadedImage> {
    const params = { requestId: requireId(requestId, 'requestId') };
    const settings = callOptions(options);
    return this.#upload(ENDPOINTS.attachToInvoice, params, await checkImage(data, contentType), settings);
  }

  /**
   * The URL of a receipt image, valid for a short time (15 to 30 minutes). No image: `NotFoundError`.
   *
   * @example
   * ```ts
   * const { url } = await concur.imaging.getReceiptImageUrl(imageId);
   * ```
   */
  async getReceiptImageUrl(imageId: string, options?: CallOptions): Promise<ImageUrl> {
    return this.#imageUrl(ENDPOINTS.getReceiptImageUrl, { imageId: requireId(imageId, 'imageId') }, callOptions(options));
  }

  /**
   * The URL of an expense entry's image, valid for a short time. The token owner must own the report.
   *
   * @example
   * ```ts
   * const { url } = await concur.imaging.getEntryImageUrl(entryId);
   * ```
   */
  async getEntryImageUrl(entryId: string, options?: CallOptions): Promise<ImageUrl> {
    return this.#imageUrl(ENDPOINTS.getEntryImageUrl, { entryId: requireId(entryId, 'entryId') }, callOptions(options));
  }

  /**
   * The URL of a report's PDF, which bundles the receipts of all its entries; valid for a short time.
   *
   * @example
   * ```ts
   * const { url } = await concur.imaging.getReportImageUrl(reportId);
   * ```
   */
  async getReportImageUrl(reportId: string, options?: CallOptions): Promise<ImageUrl> {
    return this.#imageUrl(ENDPOINTS.getReportImageUrl, { reportId: requireId(reportId, 'reportId') }, callOptions(options));
  }

  /**
   * The URL of an invoice's image, valid for a short time.
   *
   * @example
   * ```ts
   * const { url } = await concur.imaging.getInvoiceImageUrl(requestId);
   * ```
   */
  async getInvoiceImageUrl(requestId: string, options?: CallOptions): Promise<ImageUrl> {
    return this.#imageUrl(ENDPOINTS.getInvoiceImageUrl, { requestId: requireId(requestId, 'requestId') }, callOptions(options));
  }

  async #upload(endpoint: EndpointSpec, params: Record<string, string>, { data, mime }: { data: Uint8Array; mime: string }, options: Partial<CallOptions>): Promise<UploadedImage> {
    // An upload stored twice, or a page appended twice to a report, cannot be undone: retry only
    // failures that say Concur did not process it (503 and the like), not a time-out.
    const response = await this.call(endpoint, { params, body: data, headers: { 'Content-Type': mime }, idempotent: false, ...callSettings(options) });
    const root = rootOf(response, 'Image', endpoint.method, endpoint.path);
    const image: UploadedImage = { id: childText(root, 'Id') ?? '' };
    const url = childText(root, 'Url');
    if (url !== undefined) image.url = decodeAmpersands(url);
    return image;
  }

  async #imageUrl(endpoint: EndpointSpec, params: Record<string, string>, options: Partial<CallOptions>): Promise<ImageUrl> {
    const response = await this.call(endpoint, { params, ...callSettings(options) });
    const root = rootOf(response, 'Image', endpoint.method, endpoint.path);
    const url = childText(root, 'Url');
    if (url === undefined) {
      throw new ConcurResponseError(`GET ${endpoint.path} returned HTTP ${response.status} with no image URL (an empty <Url>).`, {
        status: response.status,
        method: 'GET',
        path: endpoint.path,
        attempts: response.attempts,
      });
    }
    return { id: childText(root, 'Id') ?? '', url: decodeAmpersands(url) };
  }
}

/**
 * The parser already decodes one level of XML escaping. The reference (§6) warns that `Url` comes
 * XML-escaped; should Concur escape it twice, `&amp;` is still left, and no URL needs it literally.
 */
function decodeAmpersands(url: string): string {
  return url.replace(/&amp;/gi, '&');
}
