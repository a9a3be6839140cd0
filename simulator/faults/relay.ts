/**
 * Faults of the reference MDM on its client side, when it relays an on-request read to its head-end (P6,
 * simulator/handlers/relay.ts, features/relayed-read.feature). Merged into FAULTS by simulator/faults/catalogue.ts;
 * they run under both editions.
 */
import type { FaultDef } from './catalogue.ts';
import type { SimContext } from '../context.ts';
import { RELAY_SCOPE } from './scopes.ts';

export const RELAY_FAULTS: FaultDef[] = [
  {
    id: 'relay-wrong-meter',
    scope: RELAY_SCOPE,
    violates: 'DOM-RELAY-FORWARD (the MDM asks its head-end for the meters the CIS asked for, MR-03 step 2)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the MDM forwards the on-request read to the head-end for another meter of its store than the one the CIS asked for',
  },
  {
    id: 'relay-drops-reading-type',
    scope: RELAY_SCOPE,
    violates: 'DOM-RELAY-FORWARD (the MDM asks its head-end for the ReadingTypes the CIS asked for, MR-03 step 2)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the MDM forwards the on-request read to the head-end without the ReadingType the CIS asked for',
  },
  {
    id: 'relay-without-correlation',
    scope: RELAY_SCOPE,
    violates: "ENV-CORRELATION (the MDM's reply to the CIS carries the CIS request's CorrelationID, ENV-14)",
    roles: ['MDM'],
    area: 'envelope',
    editions: ['2013', '2024'],
    description: "the MDM's reply to the CIS after relaying an on-request read to the head-end carries no CorrelationID",
  },
  {
    id: 'relay-alters-value',
    scope: '@uc:relayed-read',
    violates: "DOM-RELAY-VALUES (the MDM relays the head-end's readings unchanged, MR-03 step 4)",
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the MDM adds 1 to every register value the head-end returned before relaying it to the CIS',
  },
  {
    id: 'relay-from-store',
    scope: RELAY_SCOPE,
    violates: 'DOM-RELAY-ASKED (an MDM with a head-end asks it for a fresh on-request read, MR-03 step 2; CIM9-83 = relay)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the MDM answers an on-request read from its own store without asking its head-end',
  },
  {
    id: 'relay-request-schema-invalid',
    scope: RELAY_SCOPE,
    violates: 'XSD (the request the MDM sends its head-end validates against its schema, G1)',
    roles: ['MDM'],
    area: 'schema',
    editions: ['2013', '2024'],
    description: 'the get(MeterReadings) the MDM sends its head-end carries an element the GetMeterReadings profile does not declare (the head-end the suite plays refuses it with 1.8)',
    // the negatives' valid twin (a read the MDM relays) is refused too: those negatives end inconclusive
    inconclusive: true,
  },
  {
    id: 'relay-ping-drops-meter',
    scope: RELAY_SCOPE,
    violates: "DOM-RELAY-FORWARD (the MDM asks its head-end about every meter the OMS pinged, EDE-02)",
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: "the MDM relays the OMS's ping (get(MeterReadings) without ReadingType) to the head-end without its last meter (a ping of one meter: naming no meter)",
  },
  {
    id: 'relay-ping-wrong-status',
    scope: '@uc:relayed-ping',
    violates: "DOM-RELAY-STATUS (the MDM relays the head-end's status of each pinged meter, EDE-02)",
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: "the MDM tells the OMS that every pinged meter answered: the head-end's Result PARTIAL becomes OK and its per-meter Errors (the meter it did not reach) are dropped",
  },
  {
    id: 'relay-request-unknown-noun',
    scope: RELAY_SCOPE,
    violates: 'ENV-PEER-REFUSED (the MDM asks its head-end with a noun the head-end serves: get(MeterReadings), not get(MeterReading))',
    roles: ['MDM'],
    area: 'envelope',
    editions: ['2013', '2024'],
    description: 'the request the MDM sends its head-end names the Noun MeterReading (singular, no such noun) in its Header; the head-end the suite plays refuses it with 2.5',
    // the negatives' valid twin (a read the MDM relays) is refused too: those negatives end inconclusive
    inconclusive: true,
  },
  {
    id: 'relay-request-malformed',
    scope: RELAY_SCOPE,
    violates: 'XML (the request the MDM sends its head-end is well-formed XML; the head-end the suite plays answers it with a SOAP Client fault, ENV-PEER-REFUSED)',
    roles: ['MDM'],
    area: 'schema',
    editions: ['2013', '2024'],
    description: 'the request the MDM sends its head-end ends before the closing tag of its SOAP Envelope (not well-formed)',
    // the negatives' valid twin (a read the MDM relays) is refused too: those negatives end inconclusive
    inconclusive: true,
  },
  {
    id: 'relay-request-uncorrelated',
    scope: RELAY_SCOPE,
    violates: 'ENV-PROVENANCE (the request the MDM sends its head-end has a MessageID the reply can be correlated with, ENV-13)',
    roles: ['MDM'],
    area: 'envelope',
    editions: ['2013', '2024'],
    description: 'the request the MDM sends its head-end carries neither MessageID nor CorrelationID',
    // a missing MessageID is a warning by default (ENV-13 is uncertain)
    detectWith: { 'ENV-13': 'failure' },
  },
];

/** a ping of the OMS (EDE-02, UC-01): get(MeterReadings) naming no ReadingType */
export const isPing = (readingTypes: readonly string[]): boolean => readingTypes.length === 0;

/** the meters the MDM names in its request to the head-end */
export function forwardedMeters(ctx: SimContext, meters: string[], readingTypes: readonly string[] = ['?']): string[] {
  if (ctx.has('relay-ping-drops-meter') && isPing(readingTypes)) return meters.slice(0, -1);
  if (!ctx.has('relay-wrong-meter')) return meters;
  const all = [...ctx.store.meters.keys()];
  return meters.map((id) => all.find((k) => k !== id && !meters.includes(k)) ?? all.find((k) => k !== id) ?? `${id}-OTHER`);
}

/** the ReadingTypes the MDM names in its request to the head-end */
export function forwardedReadingTypes(ctx: SimContext, readingTypes: string[]): string[] {
  return ctx.has('relay-drops-reading-type') ? [] : readingTypes;
}

/** the Result and Errors the MDM relays for the head-end's (relay-ping-wrong-status: every pinged meter answered) */
export function relayedOutcome<E>(ctx: SimContext, readingTypes: readonly string[], result: 'OK' | 'PARTIAL' | 'FAILED', errors: E[]): { result: 'OK' | 'PARTIAL' | 'FAILED'; errors: E[] } {
  if (!ctx.has('relay-ping-wrong-status') || !isPing(readingTypes) || result !== 'PARTIAL') return { result, errors };
  return { result: 'OK', errors: [] };
}

/** the value the MDM relays for a value the head-end returned */
export function relayedValue(ctx: SimContext, value: string): string {
  if (!ctx.has('relay-alters-value')) return value;
  const n = Number(value);
  return Number.isFinite(n) && value.trim() !== '' ? (n + 1).toFixed(3) : value;
}
