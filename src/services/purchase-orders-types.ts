import type { BatchOptions } from '../batch/types.js';

/** The purchase order header form's custom fields, `custom1` to `custom24`. */
export type PurchaseOrderCustomFields = {
  /** Custom field N of the header form; required when the form requires it. For a list field, send the item code. */
  [N in 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20 | 21 | 22 | 23 | 24 as `custom${N}`]?: string;
};

/** The custom fields of the line item and allocation forms, `custom1` to `custom20`. */
export type PurchaseOrderLineCustomFields = {
  /** Custom field N of the line item (or allocation) form; required when the form requires it. */
  [N in 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20 as `custom${N}`]?: string;
};

/** A shipping (`ShipTo`) or billing (`BillTo`) address of a purchase order. */
export interface PurchaseOrderAddress {
  /** Your id of the address. */
  externalId: string;
  /** A name for the address. */
  name?: string;
  /** First address line. */
  address1: string;
  /** Second address line. */
  address2?: string;
  /** Third address line. */
  address3?: string;
  /** City. */
  city: string;
  /** State or province, e.g. `MN`. */
  stateProvince: string;
  /** Postal code. */
  postalCode: string;
  /** Country: ISO 3166-1 alpha-2 code, e.g. `US` (Concur error 8005 otherwise). */
  countryCode: string;
}

/** The standard field of an allocation. */
export interface PurchaseOrderAllocationFields {
  /** The allocated amount: a decimal, not zero (Concur error 5503). */
  amount: number | string;
}

/** A share of a line item charged to other allocation values (`Allocation`). Needs an allocation form (error 5500). */
export type PurchaseOrderAllocation = PurchaseOrderAllocationFields & PurchaseOrderLineCustomFields;

/** The standard fields of a line item. */
export interface PurchaseOrderLineItemFields {
  /** Line number, a whole number from 1. */
  lineNumber: number | string;
  /** Your id of the line, unique within the purchase order (Concur error 5600); named in Concur's errors. */
  externalId: string;
  /** Supplier or manufacturer part number. */
  supplierPartId?: string;
  /** Delivery date asked of the vendor for this line, `YYYY-MM-DD`. */
  requestedDeliveryDate?: string;
  /** Who asked for the goods of this line. */
  requestedBy?: string;
  /** Description of the line. */
  description?: string;
  /** Quantity, a decimal. */
  quantity: number | string;
  /** Price of one unit, a decimal. */
  unitPrice: number | string;
  /** Tax of the line, a decimal with the same sign as `unitPrice` (Concur error 5004). */
  tax?: number | string;
  /** Expense type of the line. Give it or `accountCode`, not both (Concur error 5001). */
  expenseType?: string;
  /** Account code of the line. Give it or `expenseType`, not both. */
  accountCode?: string;
  /** Creation date of the line, `YYYY-MM-DD` (shown in Concur's example, not in its field table). */
  createDate?: string;
  /**
   * The line's allocations, each sent as an `Allocation` element.
   * @default []
   */
  allocations?: PurchaseOrderAllocation[];
}

/** A line item of a purchase order (`LineItem`). */
export type PurchaseOrderLineItem = PurchaseOrderLineItemFields & PurchaseOrderLineCustomFields;

/** The standard fields of a purchase order header. */
export interface PurchaseOrderFields {
  /** The purchase order number: the key Concur reports results by. */
  poNumber: string;
  /** External id of the purchase order policy (Concur errors 4000–4002). */
  policyExternalId: string;
  /** ISO 4217 code of three capital letters, e.g. `USD`. */
  currencyCode: string;
  /** Vendor code. */
  vendorCode: string;
  /** Code of the vendor's remit address. */
  vendorAddressCode: string;
  /** Where the vendor ships the goods. */
  shipTo: PurchaseOrderAddress;
  /** Where the vendor sends the bill. */
  billTo: PurchaseOrderAddress;
  /** Order date, `YYYY-MM-DD`. */
  orderDate: string;
  /** A name for the purchase order. */
  name?: string;
  /** A description of the purchase order. */
  description?: string;
  /** Delivery date asked of the vendor, `YYYY-MM-DD`. */
  requestedDeliveryDate?: string;
  /** Who asked for the goods. */
  requestedBy?: string;
  /** Payment terms with the vendor, e.g. `30`. */
  paymentTerms?: string;
  /** Discount terms with the vendor. */
  discountTerms?: string;
  /** Discount granted when the discount terms are met, a decimal. */
  discountPercentage?: number | string;
  /** Tax of the whole order, a decimal. */
  tax?: number | string;
  /** Shipping cost, a decimal. */
  shipping?: number | string;
  /** How the goods are shipped. */
  shippingDescription?: string;
  /** The lines: at least one (Concur error 5000), each sent as a `LineItem` element. */
  lineItems: PurchaseOrderLineItem[];
}

/** A purchase order to create or update with {@link PurchaseOrdersService.submit}. */
export type PurchaseOrderInput = PurchaseOrderFields & PurchaseOrderCustomFields;

/** Options of {@link PurchaseOrdersService.submit}. */
export interface SubmitPurchaseOrdersOptions extends BatchOptions<PurchaseOrderInput> {
  /**
   * Namespace of the `Batch` request root. By default none is sent, as in Concur's only
   * published request example; `null` also sends none. Set it only if Concur refuses the bare
   * root, e.g. to the namespace its responses carry,
   * `http://www.concursolutions.com/api/invoice/purchaseorder/2011/03`.
   * @default undefined (no namespace)
   * @example
   * ```ts
   * await concur.purchaseOrders.submit(orders, { namespace: 'http://www.concursolutions.com/api/invoice/purchaseorder/2011/03' });
   * ```
   */
  namespace?: string | null;
}
