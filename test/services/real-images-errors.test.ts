import { describe, expect, it } from 'vitest';
import { BadRequestError, ForbiddenError } from '../../src/index.js';
import { ImagingService } from '../../src/services/imaging.js';
import { UsersService } from '../../src/services/users.js';
import { caught, concur, XML } from '../support/helpers.js';
import { testRequester } from '../support/service-client.js';
import { real } from './real-support.js';

// Image v1.0 responses and Concur's generic error bodies as published
// (test/fixtures/real/{imaging,errors}/*.source.md). The error bodies are read by the SDK's one
// error factory whatever the service; the User GET carries them here.

function services() {
  const { requester, delays } = testRequester();
  return { imaging: new ImagingService(requester), users: new UsersService(requester), delays };
}

describe('Image v1.0 on the published payloads', () => {
  it('uploadReceipt reads the 201 answer whose root start tag spans two lines, with an empty Url', async () => {
    const { imaging } = services();
    concur().post('/api/image/v1.0/receipt').reply(201, real('imaging/image-uploaded-2013.xml'), XML);
    expect(await imaging.uploadReceipt(Buffer.from('%PDF-1.4\n'), 'application/pdf')).toEqual({ id: 'aBcDeMwbl34xnwdkUw5ZjDsggDl2$pyoy31$pnGaHAywmPrpbAmE' });
  });

  it('getInvoiceImageUrl decodes the &amp; of the published Url', async () => {
    const { imaging } = services();
    concur().get('/api/image/v1.0/invoice/A2C40CEE415B43B2A0BE').reply(200, real('imaging/image-url.xml'), XML);
    expect(await imaging.getInvoiceImageUrl('A2C40CEE415B43B2A0BE')).toEqual({ id: 'A2C40CEE415B43B2A0BE', url: 'https://api.example.com/getImage?cid=able999999&val=F9B35244G86' });
  });
});

describe('Published error bodies', () => {
  it.each([
    ['errors/travel-profile-bad-xml.xml', 'There is an error in XML document (1, 147).', '2017-06-22T16:51:37', '3BDBC49E-8793-4515-BA0E-F9C71ADA7330'],
    ['errors/profile-guide-invalid-user.xml', 'Invalid User:dutchinw@anybizbu.com', '2017-09-27T15:46:57', 'A55930EA-D39C-463B-A12A-356F4853F27C'],
  ])('%s: a 400 with the bare <Error> surfaces as BadRequestError with Message, Server-Time and Id', async (name, message, serverTime, errorId) => {
    const { users, delays } = services();
    concur().get('/api/user/v1.0/User/').reply(400, real(name), XML);
    const error = await caught(() => users.get());
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, serverMessage: message, serverTime, errorId });
    expect((error as Error).message).toContain(message);
    expect(delays).toEqual([]);
  });

  it('errors/profile-guide-nested-message.xml: nested XML inside Message is read as its text', async () => {
    const { users } = services();
    concur().get('/api/user/v1.0/User/').reply(400, real('errors/profile-guide-nested-message.xml'), XML);
    expect(await caught(() => users.get())).toMatchObject({
      serverMessage: 'W011 Cannot update Mandatory field for Corporate (Ghost) cards\nusing this service. CreditCard.Segment.Mandatory',
      serverTime: '2016-10-24T15:38:05',
      errorId: '385F2AAA-94E9-40F9-A092-AB15AC18E454',
    });
  });

  it('errors/sales-tax-forbidden.json: the JSON {"Error": …} form of a 403 surfaces as ForbiddenError', async () => {
    const { users } = services();
    concur().get('/api/user/v1.0/User/').reply(403, real('errors/sales-tax-forbidden.json'), { 'Content-Type': 'application/json' });
    const error = await caught(() => users.get());
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, serverMessage: 'Forbidden Request', serverTime: '2019-03-12T07:56:32', errorId: '65F68719-3FF5-459E-8B94-5FC93A5CD045' });
  });
});
