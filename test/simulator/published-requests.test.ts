import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/xml/error-body.js';
import { elements } from '../../src/xml/nodes.js';
import { compact, real } from '../services/real-support.js';
import { call, NS, root, simulator, text } from './helpers.js';

// The simulator against request bodies Concur published (test/fixtures/real, each with a
// .source.md): it must take what Concur's own examples send, and refuse the ones that are not XML.

const USERS = '/api/user/v1.0/Users';
const ORDERS = '/api/invoice/purchaseorder/v1.0';

describe('Simulator on published User requests', () => {
  it('takes the 2013 example batch (approver listed first) and answers GET with CrnKey in ordinal order', async () => {
    const sim = await simulator();
    sim.state.users.add({ LoginId: 'approver@example.com', EmpId: '12345', FirstName: 'Pat', LastName: 'Approver' });
    const response = await call(sim, 'POST', USERS, { body: real('users/batch-request-2013.xml') });
    expect(response.status).toBe(200);
    const result = root(response.text, 'user-batch-result');
    expect([text(result, 'records-succeeded'), text(result, 'records-failed')]).toEqual(['2', '0']);
    expect(sim.state.users.get('cm@example.com')?.fields).toMatchObject({ OrgUnit1: 'R&D', CrnKey: 'USD', LedgerName: 'Default', ExpenseApproverEmployeeID: '345678' });

    const profile = await call(sim, 'GET', `/api/user/v1.0/User/?loginID=${encodeURIComponent('cm@example.com')}`);
    const names = Object.keys(root(profile.text, 'UserProfile')).filter((name) => !name.startsWith('@_'));
    expect(names).toContain('CrnKey');
    expect(names).not.toContain('CrnCode');
    expect(names).toEqual([...names].sort());
  });

  it("takes the 2016 provisioning guide's body: keeps PmtMethodCode, an empty approver is no approver", async () => {
    const sim = await simulator();
    const response = await call(sim, 'POST', USERS, { body: real('users/batch-request-provisioning-guide-2016-groups.xml') });
    expect(text(root(response.text, 'user-batch-result'), 'records-succeeded')).toBe('1');
    expect(sim.state.users.get('ds@DriveTheWheelsoff.com')?.fields).toMatchObject({ EmpId: '88', OrgUnit1: 'US2', Custom21: 'US', PmtMethodCode: '', ExpenseApproverEmployeeID: '' });
    const profile = root((await call(sim, 'GET', `/api/user/v1.0/User/?loginID=${encodeURIComponent('ds@DriveTheWheelsoff.com')}`)).text, 'UserProfile');
    expect(profile).toHaveProperty('PmtMethodCode');
  });

  it.each(['users/batch-request-provisioning-guide-2016.xml', 'users/batch-request-2017.xml'])('refuses %s, which is not well-formed, with 400 and an Error body', async (name) => {
    const sim = await simulator();
    const response = await call(sim, 'POST', USERS, { body: real(name) });
    expect(response.status).toBe(400);
    expect(parseErrorBody(response.text).message).toContain('not formatted correctly');
    expect(sim.state.users.size).toBe(1);
  });
});

describe('Simulator on the published Purchase Order request', () => {
  async function orders() {
    const sim = await simulator();
    sim.state.purchaseOrders.addVendor('HOMEDEPOT', 'REMITADDRMNLOC101');
    sim.state.purchaseOrders.addPolicy('USPOLICY');
    return sim;
  }

  it('takes the 2013 example as published: bare <Batch>, UnitPrice .25, empty AccountCode, allocation including tax', async () => {
    const sim = await orders();
    const response = await call(sim, 'POST', ORDERS, { body: real('purchase-orders/request-2013.xml') });
    expect(response.status).toBe(200);
    const result = root(response.text, 'Response');
    expect([text(result, 'Processed'), text(result, 'Success'), text(result, 'Failures')]).toEqual(['1', '1', '0']);
    expect(elements(result, 'Results', 'PurchaseOrderResult')).toEqual([{ PoNumber: 'PO123456', Status: 'SUCCESS' }]);
    expect(sim.state.purchaseOrders.get('PO123456')?.lineItems[0]?.allocations).toEqual([expect.objectContaining({ Amount: '25.17' })]);
  });

  it('takes the same request in the namespace of the responses too', async () => {
    const sim = await orders();
    const body = compact(real('purchase-orders/request-2013.xml')).replace('<Batch>', `<Batch xmlns="${NS.purchaseOrder}">`);
    const response = await call(sim, 'POST', ORDERS, { body });
    expect(text(root(response.text, 'Response'), 'Success')).toBe('1');
  });
});
