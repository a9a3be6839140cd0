/**
 * The requests the suite's peers send in the slice's use cases, built through the message and
 * payload modules. Deliberately defective requests (negative cases) are built here too, by changing
 * the element tree, never the text.
 */
import { MESSAGE_NS, type BuildGeneration, type Header, type Message } from '../message/index.ts';
import type { XElement } from '../xml/index.ts';
import { buildEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { buildGetMeterReadings, buildMeterReadings, GMR } from '../payloads/meterReadings.ts';
import { buildGetEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { nowTimestamp, newMessageId } from '../message/index.ts';

/** head-end → MDM: created(EndDeviceEvents) with one event per meter */
export function eventsMessage(header: Header, meters: { mRID: string; usagePoint?: string }[], eventType: string): Message {
  return {
    kind: 'event',
    header,
    payload: {
      root: buildEndDeviceEvents(meters.map((m) => ({ mRID: newMessageId(), createdDateTime: nowTimestamp(), eventType, meter: m.mRID, usagePoint: m.usagePoint }))),
    },
  };
}

/** get(MeterReadings) for meters, ReadingTypes and an optional window */
export function getMeterReadingsMessage(header: Header, meters: string[], readingTypes: string[], window?: { start: string; end: string }): Message {
  return {
    kind: 'request',
    header,
    request: { query: buildGetMeterReadings({ endDevices: meters, readingTypes, timePeriod: window }) },
  };
}

/** get(EndDeviceEvents) for meters and an optional window (the UC-01 alternative ping) */
export function getEndDeviceEventsMessage(header: Header, meters: string[], window?: { start: string; end: string }): Message {
  return { kind: 'request', header, request: { query: buildGetEndDeviceEvents({ meters, ...(window ?? {}) }) } };
}

/** a request with a verb applied to MeterReadings (e.g. delete): payload names the meter */
export function meterReadingsRequest(header: Header, meter: string): Message {
  return { kind: 'request', header, payload: { root: buildMeterReadings({ meterReadings: [{ meter: { mRID: meter } }] }) } };
}

/** make a GetMeterReadings request schema-invalid: an element the profile does not define, first in the query */
export function withUndeclaredQueryElement(msg: Message): Message {
  const q = msg.request?.query;
  // a request left valid would make the negative meaningless: the suite's own builder is at fault
  if (!q) throw new Error('withUndeclaredQueryElement: the request has no query to make schema-invalid');
  const bogus: XElement = { ns: GMR, name: 'MeterSerialNumber', text: 'not-a-profile-element' };
  return { ...msg, request: { ...msg.request, query: { ...q, children: [bogus, ...(q.children ?? [])] } } };
}

/**
 * make a request schema-invalid in the 2011 draft generation: there the query profile sits in the lax wildcard of
 * Request (no Get<Noun>Message wrapper, envelope.md §4.1), which the draft schemas do not validate, so the element
 * the message schema does not define goes first in Request itself, in the message namespace (§3.2)
 */
export function withUndeclaredRequestElement(envelope: XElement, messageNs: string): XElement {
  const bogus: XElement = { ns: messageNs, name: 'MeterSerialNumber', text: 'not-a-message-element' };
  return { ...envelope, children: (envelope.children ?? []).map((c) => (c && c.name === 'Request' ? { ...c, children: [bogus, ...(c.children ?? [])] } : c)) };
}

/**
 * the schema-invalid version of a get request in the generation the suite speaks: an undeclared element first in the
 * query profile (ed.1), or first in Request itself (the 2011 draft, where the query sits in a lax wildcard); `transform`
 * applies to the built envelope
 */
export function schemaInvalidRequest(msg: Message, generation: BuildGeneration): { message: Message; transform?: (env: XElement) => XElement } {
  if (generation === 'draft-2011') return { message: msg, transform: (env) => withUndeclaredRequestElement(env, MESSAGE_NS['draft-2011']) };
  return { message: withUndeclaredQueryElement(msg) };
}

/** drop a Header child (e.g. Noun) from a built envelope element */
export function withoutHeaderElement(envelope: XElement, name: string): XElement {
  return {
    ...envelope,
    children: (envelope.children ?? []).map((c) =>
      c && c.name === 'Header' ? { ...c, children: (c.children ?? []).filter((h) => !h || h.name !== name) } : c,
    ),
  };
}
