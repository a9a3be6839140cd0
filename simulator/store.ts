/**
 * The reference SUT's small store: meters, usage points, power state, events, and deterministic meter
 * data (the same request gives the same readings, so runs are reproducible).
 */
export interface MeterRecord {
  mRID: string;
  usagePoint: string;
  powered: boolean;
  /**
   * the meter switches but cannot give a register read (ECITP 2.09 error condition): the profile's data.unreadableMeter,
   * or a meter the stimulus read-unavailable made so until read-restored (./handlers/controls.ts)
   */
  unreadable?: boolean;
  /** the meter's switch fails every connect / disconnect (EDC-07.2): the stimulus switch-stuck, until switch-freed (./handlers/controls.ts) */
  switchStuck?: boolean;
  /** the switch events of the connects / disconnects the head-end carried out, for its get(EndDeviceEvents) (EDC-06.11) */
  switches?: { mRID: string; eventType: string; createdDateTime: string }[];
}

export interface EventRecord {
  meter: string;
  eventType: string;
  createdDateTime: string;
  mRID: string;
}

export const REGISTER_RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
export const INTERVAL_RT = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
export const INTERVAL_SECONDS = 900;

/**
 * The billing determinants the reference MDM keeps per meter (MR-05, use-cases.md §3.5): the register, the
 * billing-period register (macroPeriod 8), its time-of-use buckets A and B (tou 1, 2) and the billing-period maximum
 * 15-minute demand (kW). profiles/reference*.yaml list them as data.readingTypes.billing.
 */
export const BILLING_PERIOD_RT = '8.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
export const TOU_A_RT = '8.0.0.1.1.1.12.0.0.0.0.1.0.0.0.3.72.0';
export const TOU_B_RT = '8.0.0.1.1.1.12.0.0.0.0.2.0.0.0.3.72.0';
export const MAX_DEMAND_RT = '8.8.2.6.1.1.8.0.0.0.0.0.0.0.0.3.38.0';
export const BILLING_RTS: readonly string[] = [REGISTER_RT, BILLING_PERIOD_RT, TOU_A_RT, TOU_B_RT, MAX_DEMAND_RT];

/** a register reading the MDM was sent (MR-02 manual or customer read), kept as it came */
export interface StoredReading {
  readingType: string;
  value?: string;
  timeStamp?: string;
  source?: string;
  reason?: string;
  qualities: { ref: string; comment?: string }[];
}

export class Store {
  readonly meters = new Map<string, MeterRecord>();
  readonly events: EventRecord[] = [];
  /** the register readings the MDM was sent, per meter (MR-02) */
  readonly readings = new Map<string, StoredReading[]>();

  constructor(meters: { mRID: string; usagePoint: string; unreadable?: boolean }[]) {
    for (const m of meters) this.meters.set(m.mRID, { ...m, powered: true });
  }

  meter(id: string): MeterRecord | undefined {
    return this.meters.get(id) ?? [...this.meters.values()].find((m) => m.usagePoint === id);
  }

  /** deterministic register value (kWh) of a meter at a time: a seed per meter plus 0.25 kWh per 15 minutes */
  registerValue(meter: string, at: Date): string {
    const quarter = Math.floor(at.getTime() / (INTERVAL_SECONDS * 1000));
    return (seed(meter) + (quarter % 1_000_000) * 0.25).toFixed(3);
  }

  /** keep a reading the MDM was sent for a meter (MR-02) */
  storeReading(meter: string, r: StoredReading): void {
    const list = this.readings.get(meter) ?? [];
    list.push(r);
    this.readings.set(meter, list);
  }

  /** the readings of a meter and ReadingType kept with a timeStamp in [start, end) */
  storedReadings(meter: string, readingType: string, start: number, end: number): StoredReading[] {
    return (this.readings.get(meter) ?? []).filter((r) => {
      const t = r.timeStamp ? Date.parse(r.timeStamp) : NaN;
      return r.readingType === readingType && t >= start && t < end;
    });
  }

  /**
   * a deterministic billing determinant of a meter for the billing period ending at `end` (MR-05): the register
   * value, the billing-period energy (a day's worth: 96 × 0.25 kWh), its TOU split 60 / 40 and a maximum demand (kW)
   */
  billingValue(meter: string, readingType: string, end: Date): string {
    const period = 96 * 0.25;
    if (readingType === BILLING_PERIOD_RT) return period.toFixed(3);
    if (readingType === TOU_A_RT) return (period * 0.6).toFixed(3);
    if (readingType === TOU_B_RT) return (period * 0.4).toFixed(3);
    if (readingType === MAX_DEMAND_RT) return (2 + (seed(meter) % 300) / 100).toFixed(3);
    return this.registerValue(meter, end);
  }

  /** deterministic 15-minute consumption (kWh) ending at `end` */
  intervalValue(meter: string, end: Date): string {
    const quarter = Math.floor(end.getTime() / (INTERVAL_SECONDS * 1000));
    return (0.1 + ((seed(meter) + quarter * 7) % 40) / 100).toFixed(3);
  }
}

function seed(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) % 9973;
  return 1000 + h;
}
