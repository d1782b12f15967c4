// Stands for the reader's own SOAP handler that docs/ota-for-suppliers.md imports as
// '../src/search.js': request XML in, response XML out. This one is always sold out.
import { buildOtaErrorResponse, OTA_ERROR_CODES } from '../../../src/ota/index.js';

/** Answers an OTA_HotelSearchRQ with a 322 (no availability) for two hotels. */
export async function handleSearch(requestXml: string): Promise<string> {
  const echoToken = /EchoToken="([^"]*)"/.exec(requestXml)?.[1];
  return buildOtaErrorResponse({
    messageName: 'OTA_HotelSearchRS',
    code: OTA_ERROR_CODES.NoAvailability,
    detail: 'HTL4444,HTL5555',
    ...(echoToken === undefined ? {} : { echoToken }),
  });
}
