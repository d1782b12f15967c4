import { describe, expect, it } from 'vitest';
import {
  OTA_AUTHENTICATION_ERROR_TYPE,
  OTA_ERROR_CATALOGUE,
  OTA_ERROR_CODES,
  OTA_ERROR_TYPE_NAMES,
  OTA_ERROR_TYPES,
  describeOtaErrorCode,
  isOtaCodeOfType,
  isOtaErrorType,
  parseOtaErrorDetail,
} from '../../src/ota/index.js';

describe('the code catalogue', () => {
  it('holds the three Error Types of the seeds, and 4 only as the type Concur does not expect', () => {
    expect(OTA_ERROR_TYPES).toEqual({ Unknown: 1, NoImplementation: 2, ApplicationError: 13 });
    expect(OTA_ERROR_TYPE_NAMES).toEqual({ 1: 'Unknown', 2: 'No implementation', 13: 'Application error' });
    expect(OTA_AUTHENTICATION_ERROR_TYPE).toBe(4);
    expect([1, 2, 13, 4, 3, '13'].map(isOtaErrorType)).toEqual([true, true, true, false, false, false]);
  });

  it('lists every code of the seeds’ tables under its type, with its meaning', () => {
    const rows = OTA_ERROR_CATALOGUE.map((info) => [info.code, info.type, info.meaning]);
    expect(rows).toEqual([
      ['188', 1, 'Transaction error'],
      ['1', 2, 'Not implemented'],
      ['242', 13, 'Credit card number is invalid or missing'],
      ['320', 13, 'Invalid value'],
      ['322', 13, 'No availability'],
      ['424', 13, 'No hotels found which match this input'],
      ['95', 13, 'Booking already cancelled'],
      ['438', 13, 'Requested rate not available'],
      ['748', 13, 'Invalid corporate ID'],
      ['400', 13, 'Invalid property code'],
      ['385', 13, 'Invalid confirmation or cancellation number'],
    ]);
    expect(Object.values(OTA_ERROR_CODES).sort()).toEqual(OTA_ERROR_CATALOGUE.map((info) => info.code).sort());
  });

  it('names the structured detail of the codes that carry one', () => {
    const shapes = Object.fromEntries(OTA_ERROR_CATALOGUE.map((info) => [info.code, info.detailShape]));
    expect(shapes).toEqual({
      '188': undefined,
      '1': undefined,
      '242': undefined,
      '320': 'invalidValue',
      '322': 'hotelCodes',
      '424': 'geoSearch',
      '95': undefined,
      '438': 'ratePlanIds',
      '748': 'requestorId',
      '400': 'hotelCodes',
      '385': 'reservationId',
    });
  });

  it('describes a code given as string or number, and nothing else', () => {
    expect(describeOtaErrorCode('322')?.meaning).toBe('No availability');
    expect(describeOtaErrorCode(95)?.type).toBe(13);
    expect(describeOtaErrorCode(' 188 ')?.type).toBe(1);
    for (const missing of ['999', '', '__proto__', 'constructor', 'toString', undefined]) {
      expect(describeOtaErrorCode(missing)).toBeUndefined();
    }
  });

  it('knows which type each code belongs to', () => {
    expect(isOtaCodeOfType('322', 13)).toBe(true);
    expect(isOtaCodeOfType('322', 1)).toBe(false);
    expect(isOtaCodeOfType(1, 2)).toBe(true);
    expect(isOtaCodeOfType('1', 13)).toBe(false);
    expect(isOtaCodeOfType('188', 1)).toBe(true);
    expect(isOtaCodeOfType('999', 13)).toBe(false);
  });

  it('freezes the catalogue', () => {
    expect(Object.isFrozen(OTA_ERROR_CATALOGUE)).toBe(true);
    expect(OTA_ERROR_CATALOGUE.every((info) => Object.isFrozen(info))).toBe(true);
  });
});

describe('parseOtaErrorDetail', () => {
  it.each([
    ['322', 'HTL4444,HTL5555', { hotelCodes: ['HTL4444', 'HTL5555'] }],
    ['400', ' HTL4444 , HTL5555 ', { hotelCodes: ['HTL4444', 'HTL5555'] }],
    ['424', '50.111,40.222,5,2', { latitude: 50.111, longitude: 40.222, radius: 5, unit: '2' }],
    ['424', '-33.9, 151.2, 2.5, 1', { latitude: -33.9, longitude: 151.2, radius: 2.5, unit: '1' }],
    ['320', 'StayDateRange:2019-11-33', { node: 'StayDateRange', value: '2019-11-33' }],
    ['320', 'Start:10:30', { node: 'Start', value: '10:30' }],
    ['320', 'RoomType,XYZ', { node: 'RoomType', value: 'XYZ' }],
    ['438', '111,222', { ratePlanIds: ['111', '222'] }],
    ['748', 'CORP42', { requestorId: 'CORP42' }],
    ['385', 'ABC123', { reservationId: 'ABC123' }],
  ])('reads code %s detail %j', (code, detail, expected) => {
    expect(parseOtaErrorDetail(code, detail)).toEqual(expected);
  });

  it.each([
    ['322', 'No availability'],
    ['322', 'HTL1,,HTL2'],
    ['424', '50.111,40.222,5'],
    ['424', '91,40,5,2'],
    ['424', '50,181,5,2'],
    ['424', '50,40,-5,2'],
    ['424', 'north,east,5,2'],
    ['320', 'no separator here'],
    ['320', ':value'],
    ['748', 'two words'],
    ['385', ''],
    ['242', 'Missing Credit Card number'],
    ['95', 'RES1'],
    ['999', 'HTL1'],
  ])('reads no fields from code %s detail %j', (code, detail) => {
    expect(parseOtaErrorDetail(code, detail)).toEqual({});
  });

  it('reads no fields without a code or detail', () => {
    expect(parseOtaErrorDetail(undefined, 'HTL1')).toEqual({});
    expect(parseOtaErrorDetail('322', undefined)).toEqual({});
  });
});
