/**
 * Base URLs of Concur's current data centers (reference §1.1, 2026 table). Any other https base
 * URL is accepted too, e.g. the `geolocation` an OAuth2 token response names.
 *
 * @example
 * ```ts
 * new ConcurClient({ baseUrl: ConcurRegions.EU2, accessToken });
 * ```
 */
export const ConcurRegions = Object.freeze({
  /** United States, US2 data center. */
  US2: 'https://us2.api.concursolutions.com',
  /** Europe, EU2 data center. */
  EU2: 'https://eu2.api.concursolutions.com',
  /** Asia-Pacific and Japan, APJ1 data center. */
  APJ1: 'https://apj1.api.concursolutions.com',
  /** CCPS (formerly PSCC), host prefix `usg`. */
  CCPS: 'https://usg.api.concursolutions.com',
  /** Global Landing Zone. */
  GLZ: 'https://glz.api.concursolutions.com',
  /** US implementation (test) sites. */
  US_IMPLEMENTATION: 'https://us-impl.api.concursolutions.com',
  /** EMEA implementation (test) sites. */
  EMEA_IMPLEMENTATION: 'https://emea-impl.api.concursolutions.com',
} as const);

/** The name of a {@link ConcurRegions} preset. */
export type ConcurRegion = keyof typeof ConcurRegions;
