/** A shared attendee (Attendee v1.0, reference §2). */
export interface SimAttendee {
  /** `external-id`: the key updates and errors use. */
  readonly externalId: string;
  /** Attendee type code, e.g. `BUSGUEST`. */
  type: string;
  /** `last-name`. */
  lastName: string;
  /** `first-name`. */
  firstName: string | undefined;
  /** `company`. */
  company: string | undefined;
  /** `title`. */
  title: string | undefined;
  /** `total-amount-ytd`, as sent. */
  totalAmountYtd: string | undefined;
  /** `currency-code`. */
  currencyCode: string | undefined;
  /** `custom1` … `custom20` that were sent, by element name. */
  custom: Record<string, string>;
  /** Inactivated attendees stay known. */
  inactive: boolean;
  /** How many times the attendee was written (1 after the create). */
  version: number;
}

/** An attendee type (`GET /api/expense/attendee/v1.0/type`). */
export interface SimAttendeeType {
  /** The code, e.g. `BUSGUEST`. */
  type: string;
  /** Display name. */
  name: string;
}

/** Options of {@link AttendeeStore.add}: an attendee to put straight into the state. */
export interface AddAttendeeOptions {
  /** `external-id`. */
  externalId: string;
  /** Attendee type code. */
  type: string;
  /** Last name. */
  lastName: string;
  /**
   * First name.
   * @default undefined
   */
  firstName?: string;
  /**
   * Company.
   * @default undefined
   */
  company?: string;
  /**
   * Title.
   * @default undefined
   */
  title?: string;
  /**
   * Year-to-date amount.
   * @default undefined
   */
  totalAmountYtd?: string | number;
  /**
   * ISO 4217 currency code.
   * @default undefined
   */
  currencyCode?: string;
  /**
   * Custom fields by element name (`custom1` …).
   * @default {}
   */
  custom?: Record<string, string>;
  /**
   * Add it inactive.
   * @default false
   */
  inactive?: boolean;
}

/** The shared attendee list and the attendee types. */
export class AttendeeStore {
  readonly #attendees = new Map<string, SimAttendee>();
  readonly #types = new Map<string, SimAttendeeType>();

  /** Number of attendees, active or not. */
  get size(): number {
    return this.#attendees.size;
  }

  /** The attendee with this external id. */
  get(externalId: string): SimAttendee | undefined {
    return this.#attendees.get(externalId);
  }

  /** Every attendee in creation order. */
  all(): SimAttendee[] {
    return [...this.#attendees.values()];
  }

  /**
   * Puts an attendee straight into the state (replacing one with the same external id).
   *
   * @example
   * ```ts
   * sim.state.attendees.add({ externalId: 'G-1', type: 'BUSGUEST', lastName: 'Lovelace' });
   * ```
   */
  add(options: AddAttendeeOptions): SimAttendee {
    const attendee: SimAttendee = {
      externalId: options.externalId,
      type: options.type,
      lastName: options.lastName,
      firstName: options.firstName,
      company: options.company,
      title: options.title,
      totalAmountYtd: options.totalAmountYtd === undefined ? undefined : String(options.totalAmountYtd),
      currencyCode: options.currencyCode,
      custom: { ...options.custom },
      inactive: options.inactive === true,
      version: 1,
    };
    this.#attendees.set(attendee.externalId, attendee);
    return attendee;
  }

  /** The configured attendee types. */
  types(): SimAttendeeType[] {
    return [...this.#types.values()];
  }

  /** The attendee type with this code. */
  type(code: string): SimAttendeeType | undefined {
    return this.#types.get(code);
  }

  /** Adds (or renames) an attendee type. */
  addType(type: string, name: string): SimAttendeeType {
    const record = { type, name };
    this.#types.set(type, record);
    return record;
  }
}
