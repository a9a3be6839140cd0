/**
 * The suite as RESPONDER: the peers of the SUT the suite plays answer the requests the SUT sends them at the
 * listener (src/session/run.ts LISTENER_PATHS, one path per role). The head-end behind an MDM SUT (P6 relay,
 * MR-03 step 2–3) answers get(MeterReadings) with known register values (`headEndRegisterValue`), so that a scenario
 * can check that the MDM relays exactly those; the MDM a client SUT (CIS, OMS) asks answers its get(MeterReadings)
 * the same way (`answerAsMdm`, features/client-requests.feature).
 *
 * Every answer is built with src/message. A request the peer cannot take is refused the way a validating server
 * does (envelope.md §6, Annex B): unreadable → SOAP Client fault (FaultMessage with 1.8); Verb or Noun missing → 1.5;
 * schema-invalid → 1.8; a noun the peer does not serve → 2.5, a verb it does not serve for the noun → 2.9;
 * unsupported ReadingType → 2.10; an unknown meter → 2.4. The scenario that caused the request checks it with the
 * three layers. The head-end also takes create(EndDeviceControls) for meters it knows (EDC-03: the MDM reprograms a
 * meter after a change of customer program; the controls an MDM passes on for its CIS or DRMS, relayed-controls). A refusal of the request as a request (SOAP fault, 1.5, 1.8, 2.5, 2.9) is also returned as
 * `refused`, which the World makes an ENV-PEER-REFUSED finding of that scenario. The meters the head-end does not
 * reach in a scenario (`unreachable`, the relayed ping of EDE-02) are answered with 4.1.
 */
import { buildEnvelope, newMessageId, nowTimestamp, PREFIXES, readMessage, soapFault, toSoap, type BuildGeneration, type ErrorItem, type Message, type ParsedMessage, type SoapVersion } from '../message/index.ts';
import { serializeXml } from '../xml/index.ts';
import { buildMeterReadings } from '../payloads/meterReadings.ts';
import { buildEndDeviceControls, readEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { readMeterReadSchedule } from '../payloads/meterReadSchedules.ts';
import { planReadingsAnswer } from './readings-answer.ts';

export interface PeerSettings {
  /** the generation the suite speaks (the profile's edition) */
  generation: BuildGeneration;
  /** the meters of the profile (data.meters): the ones the suite's head-end knows */
  meters: readonly { mRID: string; usagePoint?: string }[];
  /** the ReadingTypes the suite's head-end reads (data.readingTypes.register) */
  readingTypes: readonly string[];
  /** the schema layer: error messages of a request that does not validate (empty when valid) */
  schemaErrors(body: Buffer): string[];
  maxBytes: number;
  /**
   * the meters the suite's head-end does not reach in this scenario (a ping of the OMS relayed by the MDM, EDE-02):
   * each is answered with Error 4.1 (request timed out) instead of a reading, the reply PARTIAL (FAILED when none is
   * reached)
   */
  unreachable?: readonly string[];
}

export interface PeerAnswer {
  status: number;
  xml: string;
  /**
   * the request could not be taken as a request (unreadable, a SOAP fault, Verb or Noun missing, schema-invalid, a noun
   * or verb the peer does not serve): the Annex B code of the refusal (or
   * `SOAP-fault`) and its reason. A finding against the SUT in the scenario that caused the request
   * (src/session/world.ts). Absent for an answer about the data (an unknown meter, 2.4): the scenario judges those.
   */
  refused?: { code: string; reason: string };
}

/**
 * the register value (kWh, three decimals) the suite's head-end reads for a meter: deterministic, and never a value
 * the reference SUT's own store holds (its register values are multiples of 0.25), so that an MDM answering from its
 * store instead of relaying is seen
 */
export function headEndRegisterValue(meter: string): string {
  let h = 0;
  for (const ch of meter) h = (h * 33 + ch.charCodeAt(0)) % 100_003;
  return (5000 + (h % 4000) + 0.417).toFixed(3);
}

/** the head-end's ReadingType readings for the meters it knows, as a MeterReadings payload */
function readingsPayload(meters: readonly string[], settings: PeerSettings, readingTypes: readonly string[], at: Date): Message['payload'] {
  const rts = readingTypes.length ? readingTypes : settings.readingTypes.slice(0, 1);
  const timeStamp = nowTimestamp(() => at);
  return {
    root: buildMeterReadings({
      meterReadings: meters.map((id) => {
        const m = settings.meters.find((x) => x.mRID === id || x.usagePoint === id)!;
        return {
          meter: { mRID: m.mRID },
          ...(m.usagePoint ? { usagePoint: { mRID: m.usagePoint } } : {}),
          readings: rts.map((rt) => ({ readingType: rt, value: headEndRegisterValue(m.mRID), timeStamp, reason: 'inquiry' })),
        };
      }),
    }),
  };
}

/** the reply of the peer to a request it read */
function response(req: ParsedMessage, noun: string, result: 'OK' | 'PARTIAL' | 'FAILED', errors: ErrorItem[], settings: PeerSettings, payload?: Message['payload']): Message {
  const h = req.header;
  return {
    kind: 'response',
    generation: settings.generation,
    form: req.form === 'generic' ? 'generic' : 'wrapper',
    query: req.queryWrapper,
    header: { verb: 'reply', noun, timestamp: nowTimestamp(), source: 'cim9', messageId: newMessageId(), correlationId: h?.correlationId ?? h?.messageId },
    reply: { result, errors },
    payload,
  };
}

/** what the head-end the suite plays answers to one request of the SUT */
export function answerAsHeadEnd(body: Buffer, version: SoapVersion, settings: PeerSettings, now = new Date()): PeerAnswer {
  return answerReadRequest(body, version, settings, 'the head-end the suite plays', now, true);
}

/**
 * what the MDM the suite plays answers to one request of a client SUT (a CIS asking for a reading, MR-03 step 1; an
 * OMS pinging meters, EDE-02 step 1): get(MeterReadings) answered like the head-end does, with its known register
 * values (the MDM of a client answers from what it holds; where they came from is not the client's concern)
 */
export function answerAsMdm(body: Buffer, version: SoapVersion, settings: PeerSettings, now = new Date()): PeerAnswer {
  return answerReadRequest(body, version, settings, 'the MDM the suite plays', now);
}

function answerReadRequest(body: Buffer, version: SoapVersion, settings: PeerSettings, who: string, now: Date, controls = false): PeerAnswer {
  const read = readMessage(body, { maxBytes: settings.maxBytes });
  const out = (m: Message): PeerAnswer => ({ status: 200, xml: toSoap(m, version).xml });
  if (!read.ok || !read.wire.message || read.wire.message.problems.length) {
    const reason = !read.ok ? read.problem.message : read.wire.message ? read.wire.message.problems.join('; ') : read.wire.fault ? 'a SOAP fault is not a request' : 'no message in the SOAP Body';
    // the 2011 draft's FaultMessage is empty (envelope.md §2): no Reply in the detail then
    const detail = settings.generation === 'draft-2011' ? undefined : buildEnvelope({ kind: 'fault', noun: 'MeterReadings', form: 'generic', reply: { result: 'FAILED', errors: [{ code: '1.8', level: 'FATAL', reason }] } });
    return { status: 500, xml: serializeXml(soapFault(version, 'Client', reason, detail), { prefixes: PREFIXES }), refused: { code: 'SOAP-fault', reason } };
  }
  const req = read.wire.message;
  const h = req.header;
  const noun = h?.noun || req.wrapperNoun || 'MeterReadings';
  const failed = (code: string, reason: string) => out(response(req, noun, 'FAILED', [{ code, level: 'FATAL', reason }], settings));
  const refuse = (code: string, reason: string): PeerAnswer => ({ ...failed(code, reason), refused: { code, reason } });
  if (!h?.verb || !h.noun) return refuse('1.5', 'mandatory Header element Verb or Noun missing');
  const schema = settings.schemaErrors(body);
  if (schema.length) return refuse('1.8', `request does not validate: ${schema[0]}`);
  if (controls && noun === 'EndDeviceControls') {
    if (h.verb !== 'create') return refuse('2.9', `verb ${h.verb} is not supported for EndDeviceControls by ${who}`);
    return out(answerControls(req, settings));
  }
  if (controls && (noun === 'MeterReadSchedule' || noun === 'MeterReadSchedules')) {
    if (h.verb !== 'create' && h.verb !== 'cancel' && h.verb !== 'delete') return refuse('2.9', `verb ${h.verb} is not supported for ${noun} by ${who}`);
    return out(answerSchedule(req, noun, settings));
  }
  if (noun !== 'MeterReadings') return refuse('2.5', `noun ${noun} is not supported by ${who}`);
  if (h.verb !== 'get') return refuse('2.9', `verb ${h.verb} is not supported for MeterReadings by ${who}`);
  const plan = planReadingsAnswer(req, {
    knows: (id) => settings.meters.some((m) => m.mRID === id || m.usagePoint === id),
    supports: (rt) => settings.readingTypes.includes(rt),
  });
  if (!plan.ok) return failed(plan.code, plan.reason);
  // the meters the head-end does not reach this time: 4.1 each (their ids as the request named them)
  const unreachable = new Set(settings.unreachable ?? []);
  const isUnreachable = (id: string) => settings.meters.some((m) => unreachable.has(m.mRID) && (m.mRID === id || m.usagePoint === id));
  const reached = plan.known.filter((id) => !isUnreachable(id));
  const timedOut: ErrorItem[] = plan.known.filter(isUnreachable).map((id) => ({ code: '4.1', level: 'FATAL', reason: `meter ${id} did not answer`, id: { value: id, kind: 'name', objectType: 'EndDevice' } }));
  const errors = [...plan.errors, ...timedOut];
  if (reached.length === 0) return out(response(req, noun, 'FAILED', errors, settings));
  return out(response(req, noun, errors.length ? 'PARTIAL' : 'OK', errors, settings, readingsPayload(reached, settings, plan.readingTypes, now)));
}

/**
 * The head-end the suite plays takes create / cancel / delete(MeterReadSchedule(s)) (the MDM passing on a schedule of
 * the CIS, issue 12): OK when the schedule names only meters and usage points it knows, and at least one; FAILED 2.4
 * otherwise. It runs no schedule (it sends no readings); the scenario that caused the request judges what it asks for.
 */
function answerSchedule(req: ParsedMessage, noun: string, settings: PeerSettings): Message {
  const root = req.payload?.root;
  const v = root && root.name === noun ? readMeterReadSchedule(root) : undefined;
  const named = v ? [...(v.endDevices ?? []).map((d) => d.mRID), ...(v.usagePoints ?? []).map((u) => u.mRID ?? '')] : [];
  const unknown = named.filter((id) => !settings.meters.some((m) => m.mRID === id || m.usagePoint === id));
  if (!named.length || unknown.length) return response(req, noun, 'FAILED', [{ code: '2.4', level: 'FATAL', reason: unknown.length ? `unknown meter or usage point ${unknown.join(', ')}` : 'the schedule names no meter or usage point' }], settings);
  return response(req, noun, 'OK', [], settings);
}

/**
 * The head-end the suite plays takes create(EndDeviceControls) (the MDM reprogramming a meter after a change of customer
 * program, EDC-03): OK with the controls returned when every control names meters it knows (by mRID or name), FAILED
 * 2.4 otherwise. The scenario that caused the request judges what the controls ask for.
 */
function answerControls(req: ParsedMessage, settings: PeerSettings): Message {
  const root = req.payload?.root;
  const controls = root && root.name === 'EndDeviceControls' ? readEndDeviceControls(root) : [];
  const named = controls.flatMap((c) => (c.endDevices ?? []).flatMap((d) => [d.mRID ?? d.names?.[0]?.name ?? '']));
  const knows = (id: string) => settings.meters.some((m) => m.mRID === id);
  const unknown = named.filter((id) => !knows(id));
  if (!controls.length || !named.length || unknown.length) {
    return response(req, 'EndDeviceControls', 'FAILED', [{ code: '2.4', level: 'FATAL', reason: unknown.length ? `unknown meter ${unknown.join(', ')}` : 'no EndDeviceControl naming a meter' }], settings);
  }
  return response(req, 'EndDeviceControls', 'OK', [], settings, {
    root: buildEndDeviceControls({ controls: controls.map((c) => ({ mRID: c.mRID, issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID, reason: c.reason, controlType: c.controlType, endDevices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID, names: d.names })) })) }),
  });
}
