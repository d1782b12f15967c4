import type { Random } from '../random.js';

/** What an image is attached to: the keyword of its Image v1.0 path (reference §6). */
export type ImageTarget = 'receipt' | 'expenseentry' | 'report' | 'invoice';

/** A stored image. */
export interface SimImage {
  /** The image's own id (`Id` in the upload response; the path id of a receipt). */
  readonly id: string;
  /** What it is attached to. */
  readonly target: ImageTarget;
  /** The entry, report or request id it is attached to; for a receipt, its own id. */
  readonly ownerId: string;
  /** Content-Type of the upload, e.g. `image/png`. */
  contentType: string;
  /** The bytes; a report's later uploads are appended. */
  bytes: Buffer;
  /** When it was last uploaded (ms since the epoch). */
  uploadedAt: number;
}

/** A short-lived image URL issued by a GET. */
interface ImageLink {
  image: SimImage;
  expiresAt: number;
  signature: string;
}

/** What became of a request for an image URL's bytes. */
export type ImageLinkResult = { image: SimImage } | { problem: 'unknown' | 'expired' };

function keyOf(target: ImageTarget, ownerId: string): string {
  return `${target}\u0000${ownerId}`;
}

/** Uploaded images and the short-lived URLs that serve them. */
export class ImageStore {
  readonly #now: () => number;
  readonly #random: Random;
  readonly #images = new Map<string, SimImage>();
  readonly #links = new Map<string, ImageLink>();
  /**
   * How long an image URL works, in ms. Concur's pages say 15 minutes (current) or 30 (older).
   * @default 900_000
   */
  urlTtlMs: number;

  /** @internal */
  constructor(now: () => number, random: Random, urlTtlMs: number) {
    this.#now = now;
    this.#random = random;
    this.urlTtlMs = urlTtlMs;
  }

  /** Number of stored images. */
  get size(): number {
    return this.#images.size;
  }

  /** Every stored image, in upload order. */
  all(): SimImage[] {
    return [...this.#images.values()];
  }

  /**
   * The image attached to an entry, report or invoice, or the receipt with this image id.
   *
   * @example
   * ```ts
   * const pdf = sim.state.images.get('report', reportId)?.bytes;
   * ```
   */
  get(target: ImageTarget, id: string): SimImage | undefined {
    return this.#images.get(keyOf(target, id));
  }

  /**
   * Stores an image; for a report, bytes are appended to an existing image, as Concur appends.
   * `ownerId` is the entry, report or request id (ignored for receipts).
   */
  upload(target: ImageTarget, ownerId: string | undefined, bytes: Buffer, contentType: string): SimImage {
    const existing = target === 'receipt' || ownerId === undefined ? undefined : this.get(target, ownerId);
    if (existing !== undefined) {
      existing.bytes = Buffer.concat([existing.bytes, bytes]);
      existing.contentType = contentType;
      existing.uploadedAt = this.#now();
      return existing;
    }
    const id = this.#random.opaqueId();
    const image: SimImage = { id, target, ownerId: target === 'receipt' ? id : (ownerId ?? id), contentType, bytes: Buffer.from(bytes), uploadedAt: this.#now() };
    this.#images.set(keyOf(target, image.ownerId), image);
    return image;
  }

  /** Issues a short-lived link to the image's bytes. @internal */
  issueLink(image: SimImage): { key: string; signature: string; expiresAt: number } {
    const key = this.#random.chars(32, 'abcdefghijklmnopqrstuvwxyz0123456789');
    const link: ImageLink = { image, expiresAt: this.#now() + this.urlTtlMs, signature: this.#random.chars(24, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') };
    this.#links.set(key, link);
    return { key, signature: link.signature, expiresAt: link.expiresAt };
  }

  /** Resolves an issued link: unknown (or wrong signature), expired, or the image. @internal */
  resolveLink(key: string, signature: string | null): ImageLinkResult {
    const link = this.#links.get(key);
    if (link === undefined || link.signature !== signature) return { problem: 'unknown' };
    if (this.#now() >= link.expiresAt) return { problem: 'expired' };
    return { image: link.image };
  }
}
