/**
 * Manual meter reading exchange with the MDM as SUT (MR-02, use-cases.md §3.2): the suite plays the field system (the
 * work management / meter reader, or the metering system) that tells the MDM a register value read by hand,
 * created(MeterReadings) with the register Reading (data.readingTypes.register), a timeStamp 10 minutes in the past,
 * a value of its own, Reading.source naming the entry system and a manual-read (1.4.131) or customer-read (1.4.130)
 * quality (codes.md §3.5) ⇐ ack; then it plays the CIS and asks the MDM for that meter and ReadingType
 * (get(MeterReadings), with a time window around the reading: CIM9-178). The answer must carry the reading with its
 * timeStamp and value (MR-MANUAL-STORED), its quality (MR-MANUAL-QUALITY, UC-10) and its source (MR-MANUAL-SOURCE,
 * CIM9-175). The rules are src/checks/manual-reads.ts.
 * With the CIS as SUT (MR-02 "MDM → CIS : created(MeterReadings)", use-cases.md §3.2, UC-10): the suite plays the MDM
 * that publishes the manual (customer) read to the CIS's endpoint, the common reply steps judge the CIS's
 * acknowledgement (schema, header with the publication's CorrelationID, Result OK), and the upper tester's
 * cis-report-readings shows what the CIS holds of the meter: the read, its value, its timeStamp when reported
 * (MR-CLIENT-MANUAL) and its manual-read quality (MR-CLIENT-MANUAL-QUALITY, UC-10).
 */
import type { Cim9World } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import { nowTimestamp, type Message } from '../message/index.ts';
import { buildGetMeterReadings, buildMeterReadings } from '../payloads/meterReadings.ts';
import { checkManualReadHeld, checkManualReadKept } from '../checks/manual-reads.ts';
import { reportOfClient } from '../session/stimulus.ts';
import { checkMeterReadings } from '../checks/domain.ts';
import { severityOf } from '../checks/assume.ts';
import { ruleFinding } from '../checks/catalogue.ts';

export type ManualReadKind = 'manual' | 'customer';

/** the quality the field system gives the reading (codes.md §3.5: 1.4.131 manual read, 1.4.130 customer read) */
export const MANUAL_READ_QUALITY: Readonly<Record<ManualReadKind, string>> = { manual: '1.4.131', customer: '1.4.130' };

/** Reading.source of the manual read: the system the value was entered in */
export const ENTRY_SYSTEM = 'cim9-field-system';

/** how far in the past the manual read is dated, and the half-width of the window it is asked back with (CIM9-178) */
export const READ_AGE_MS = 10 * 60_000;
export const WINDOW_MS = 5 * 60_000;

interface SentRead {
  meter: string;
  usagePoint?: string;
  readingType: string;
  value: string;
  timeStamp: string;
  quality: string;
}

const sent = new WeakMap<object, SentRead>();

/**
 * the manual read the field system tells the MDM: dated `at`, with a value of its own (kWh, three decimals; `unique`
 * in [0, 1) tells two reads of one second apart, so that a scenario never finds the read of another)
 */
export function manualRead(meter: { mRID: string; usagePoint?: string }, readingType: string, kind: ManualReadKind, at: Date, unique = Math.random()): { read: SentRead; message: (header: Message['header']) => Message } {
  const read: SentRead = {
    meter: meter.mRID,
    usagePoint: meter.usagePoint,
    readingType,
    value: (10_000 + Math.floor(unique * 1_000_000) / 1000).toFixed(3),
    timeStamp: nowTimestamp(() => at),
    quality: MANUAL_READ_QUALITY[kind],
  };
  const root = buildMeterReadings({
    meterReadings: [
      {
        meter: { mRID: meter.mRID },
        readings: [{ readingType, value: read.value, timeStamp: read.timeStamp, source: ENTRY_SYSTEM, qualities: [{ ref: read.quality }] }],
        usagePoint: meter.usagePoint ? { mRID: meter.usagePoint } : undefined,
      },
    ],
  });
  return { read, message: (header) => ({ kind: 'event', header, payload: { root } }) };
}

/** When: the field system (the suite) tells the MDM the manual (or customer) read of the scenario's meter */
export async function sendManualRead(w: Cim9World, kind: ManualReadKind): Promise<void> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  // a whole second, so that an MDM that keeps seconds only returns the same instant
  const at = new Date(Math.floor((Date.now() - READ_AGE_MS) / 1000) * 1000);
  const { read, message } = manualRead(m, w.profile.data.readingTypes.register, kind, at);
  sent.set(w, read);
  await w.send('MDM', message(w.requestHeader('created', 'MeterReadings')), `created(MeterReadings) ${kind} read of meter ${m.mRID}`);
}

function token<T extends string>(w: Cim9World, id: string, fallback: T, allowed: readonly T[]): T {
  const v = String(w.run.assumptions[id] ?? fallback) as T;
  const out = allowed.includes(v) ? v : fallback;
  w.usedAssumptions[id] = out;
  return out;
}

/** When: the CIS (the suite) asks the MDM for the register of the meter at the time of the manual read (CIM9-178) */
export async function askManualRead(w: Cim9World): Promise<void> {
  const read = sent.get(w);
  if (!read) throw new SuiteError('no manual read was sent to the MDM before this step');
  const how = token(w, 'CIM9-178', 'window', ['window', 'latest']);
  const t = Date.parse(read.timeStamp);
  const timePeriod = how === 'window' ? { start: nowTimestamp(() => new Date(t - WINDOW_MS)), end: nowTimestamp(() => new Date(t + WINDOW_MS)) } : undefined;
  const msg: Message = { kind: 'request', header: w.requestHeader('get', 'MeterReadings'), request: { query: buildGetMeterReadings({ endDevices: [read.meter], readingTypes: [read.readingType], timePeriod }) } };
  await w.send('MDM', msg, `get(MeterReadings) register of meter ${read.meter} at the manual read`);
}

/** Then: the answer carries the manual read as it was sent: meter, ReadingType, timeStamp, value, quality (UC-10), source (CIM9-175) */
export function checkManualReadStep(w: Cim9World): void {
  const read = sent.get(w);
  const x = w.last;
  if (!read || !x) throw new SuiteError('no manual read was sent and asked back before this step');
  const root = x.wire?.message?.payload?.root;
  const ctx = w.ctx(`${x.label} reply`, x.received?.at);
  if (!root) return w.assert([ruleFinding('DOM-EXPECTED', `${x.label} reply: no MeterReadings payload`, { file: `${x.label} reply`, expected: 'a MeterReadings payload', actual: x.wire?.fault ? 'a SOAP fault' : 'no payload' })], 'manual read');
  const quality = token(w, 'UC-10', 'warning', ['warning', 'failure', 'off']);
  const source = token(w, 'CIM9-175', 'warning', ['warning', 'failure', 'off']);
  const findings = [
    ...checkMeterReadings(root, { meters: [read.meter], readingTypes: [read.readingType] }, ctx),
    ...checkManualReadKept(
      root,
      {
        subjects: [read.meter, ...(read.usagePoint ? [read.usagePoint] : [])],
        readingType: read.readingType,
        value: read.value,
        timeStamp: read.timeStamp,
        quality: read.quality,
        source: ENTRY_SYSTEM,
        qualitySeverity: severityOf(quality, 'warning'),
        qualityText: quality,
        sourceSeverity: severityOf(source, 'warning'),
        sourceText: source,
      },
      ctx,
    ),
  ];
  w.assert(findings, 'manual read');
}

/** When: the MDM (the suite) publishes the manual (customer) read of the scenario's meter to the CIS (MR-02, MDM → CIS) */
export async function publishManualReadToCis(w: Cim9World, kind: ManualReadKind): Promise<void> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  const at = new Date(Math.floor((Date.now() - READ_AGE_MS) / 1000) * 1000);
  const { read, message } = manualRead(m, w.profile.data.readingTypes.register, kind, at);
  sent.set(w, read);
  await w.send('CIS', message(w.requestHeader('created', 'MeterReadings')), `MDM (the suite) → CIS created(MeterReadings) ${kind} read of meter ${m.mRID}`);
}

/** Then: the CIS's upper tester reports the published read held: value, timeStamp (when reported) and quality (UC-10) */
export async function checkCisHoldsManualRead(w: Cim9World): Promise<'skipped' | void> {
  const read = sent.get(w);
  if (!read) throw new SuiteError('no manual read was published to the CIS before this step');
  const report = await reportOfClient(w, { meters: [read.meter] });
  if (report === 'skipped') return 'skipped';
  const quality = token(w, 'UC-10', 'warning', ['warning', 'failure', 'off']);
  const findings = checkManualReadHeld(
    report.meters[read.meter],
    { meter: read.meter, readingType: read.readingType, value: read.value, timeStamp: read.timeStamp, quality: read.quality, qualitySeverity: severityOf(quality, 'warning'), qualityText: quality },
    'the CIS report (upper tester)',
  );
  w.assert(findings, 'what the CIS holds of the manual read');
}
