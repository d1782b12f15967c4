// proxy-from-env 2.x ships no type declarations; this is the one function concur-sdk calls.
declare module 'proxy-from-env' {
  /** The proxy URL for `url` from HTTP(S)_PROXY / ALL_PROXY and NO_PROXY (any case), or `''`. */
  export function getProxyForUrl(url: string | URL): string;
}
