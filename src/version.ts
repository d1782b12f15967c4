/** The version of concur-sdk, sent in the User-Agent header. A test keeps it equal to package.json. */
export const SDK_VERSION = '0.1.0';
