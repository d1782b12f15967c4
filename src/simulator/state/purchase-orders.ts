/** A purchase order line (`LineItem`), by element name; allocations kept apart. */
export interface SimPurchaseOrderLine {
  /** The line's elements (`LineNumber`, `ExternalId`, `Quantity`, `UnitPrice`, `ExpenseType` …). */
  fields: Record<string, string>;
  /** Its `Allocation` elements, each by element name (`Amount`, `Custom1` …). */
  allocations: Array<Record<string, string>>;
}

/** A purchase order as last written (Purchase Order v1.0, reference §8). */
export interface SimPurchaseOrder {
  /** `PoNumber`, the key. */
  readonly poNumber: string;
  /** Header elements by name (`PolicyExternalId`, `CurrencyCode`, `VendorCode`, `OrderDate` …). */
  header: Record<string, string>;
  /** `ShipTo` address by element name. */
  shipTo: Record<string, string>;
  /** `BillTo` address by element name. */
  billTo: Record<string, string>;
  /** Its lines. */
  lineItems: SimPurchaseOrderLine[];
  /** 1 after the create, then one more per update. */
  version: number;
}

/** A purchase order policy, by `PolicyExternalId`. */
export interface SimPurchaseOrderPolicy {
  /** The policy's external id. */
  externalId: string;
  /** A policy that does not support purchase orders refuses them with 4001. */
  supportsPurchaseOrders: boolean;
}

/**
 * Purchase orders, and the vendors and policies they are checked against. With no vendor (or no
 * policy) registered, any vendor (policy) is accepted.
 */
export class PurchaseOrderStore {
  readonly #orders = new Map<string, SimPurchaseOrder>();
  readonly #vendors = new Set<string>();
  readonly #policies = new Map<string, SimPurchaseOrderPolicy>();

  /** Number of purchase orders. */
  get size(): number {
    return this.#orders.size;
  }

  /** The purchase order with this number. */
  get(poNumber: string): SimPurchaseOrder | undefined {
    return this.#orders.get(poNumber);
  }

  /** Every purchase order. */
  all(): SimPurchaseOrder[] {
    return [...this.#orders.values()];
  }

  /**
   * Registers a vendor by code and address code; error 2000 names a pair that is not registered.
   *
   * @example
   * ```ts
   * sim.state.purchaseOrders.addVendor('ACME', 'MAIN');
   * ```
   */
  addVendor(code: string, addressCode: string): void {
    this.#vendors.add(`${code}\u0000${addressCode}`);
  }

  /** Whether purchase orders may name this vendor. */
  acceptsVendor(code: string, addressCode: string): boolean {
    return this.#vendors.size === 0 || this.#vendors.has(`${code}\u0000${addressCode}`);
  }

  /** Registers a policy; error 4000 names a policy that is not registered. */
  addPolicy(externalId: string, supportsPurchaseOrders = true): SimPurchaseOrderPolicy {
    const policy = { externalId, supportsPurchaseOrders };
    this.#policies.set(externalId, policy);
    return policy;
  }

  /** The policy with this external id; with none registered, any id reads as a supporting policy. */
  policy(externalId: string): SimPurchaseOrderPolicy | undefined {
    if (this.#policies.size === 0) return { externalId, supportsPurchaseOrders: true };
    return this.#policies.get(externalId);
  }

  /** Stores a checked purchase order, counting versions. @internal */
  save(order: Omit<SimPurchaseOrder, 'version'>): SimPurchaseOrder {
    const previous = this.#orders.get(order.poNumber);
    const saved: SimPurchaseOrder = { ...order, version: (previous?.version ?? 0) + 1 };
    this.#orders.set(order.poNumber, saved);
    return saved;
  }
}
