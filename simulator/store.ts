/**
 * The reference SUT's small store: meters, usage points, power state, events, and deterministic meter
 * data (the same request gives the same readings, so runs are reproducible).
 */
export interface MeterRecord {
  mRID: string;
  usagePoint: string;
  powered: boolean;
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

export class Store {
  readonly meters = new Map<string, MeterRecord>();
  readonly events: EventRecord[] = [];

  constructor(meters: { mRID: string; usagePoint: string }[]) {
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
