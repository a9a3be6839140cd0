/**
 * The PICS (the profile's `pics:` section, README "pics") declared versus observed per noun and verb: from the run's
 * message log (src/report/exchanges.ts: every request the suite sent to the SUT and the synchronous reply it got) the
 * noun / verb of each request, the role of the SUT that received it and how the SUT answered; then every disagreement
 * with what the profile declares in pics.<role>.supports:
 *
 * - `declared-but-refused`: a verb the PICS declares supported that the SUT refused as unsupported (CIM9-164: a FAILED
 *   reply with the unknown-noun or unsupported-verb code, 2.5 / 2.9 or the profile's expectedCodes);
 * - `undeclared-but-accepted`: a verb of a listed noun the PICS leaves out (declared unsupported) that the SUT answered
 *   OK or PARTIAL;
 * - `not-mentioned`: a noun the PICS does not list that the SUT answered other than by refusing it as unsupported
 *   (a refused unknown noun, as the negative scenarios send, agrees with a PICS that does not list it).
 *
 * - `sent-undeclared`: a request the SUT sent as a client (to a peer the suite plays: <listener>/mdm for a CIS or an
 *   OMS, <listener>/hes for an MDM's head-end) whose noun / verb pics.<role>.sends does not declare.
 * - `published-undeclared`: a publication the SUT made on its own to the suite's listener as its subscriber (an event
 *   at <listener>/mdm/events, /oms/events, /cis/events, /mm/events, /suppliers/old; a master-data change at
 *   /masterdata) whose noun / verb pics.<role>.publishes does not declare; a declared pair no publication showed is
 *   listed as not observed (`notPublished`), not held against the SUT: the run may not have triggered it.
 *
 * A role whose PICS has no `supports` (no `sends`, no `publishes`) is not compared for its replies (its requests, its
 * publications): a list left out is not declared, and what the run observed of it is listed in `notCompared` for the
 * statement to say (an empty list, `[]`, declares none and is compared). What a disagreement makes of the run is assumption CIM9-163:
 * a warning in the statement (default), a failure (the run exits 1), or off. The reply of an asynchronous request is
 * its result delivered to the listener when there is one (else its acknowledgement); a request whose bytes or reply
 * were not kept (the bodies budget) is not judged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMessage, type ParsedMessage } from '../message/index.ts';
import type { Pics, PicsRole, Profile } from '../profile/index.ts';
import type { ExchangeLogEntry } from './exchanges.ts';
import { elementPresence, readLog } from './overlay-requirements.ts';

/** how the SUT answered one request */
export interface ObservedReply {
  /** OK / PARTIAL / FAILED (Reply/Result), FAULT (a SOAP fault without a reply), NONE (no reply, or none readable) */
  result: string;
  /** the Error codes of the reply */
  codes: string[];
}

/** one request the suite sent to the SUT, as the PICS comparison reads it */
export interface PicsExchange {
  /** the role of the SUT it was sent to; undefined when the log does not tell */
  role?: string;
  noun: string;
  verb: string;
  scenario?: string;
  at: string;
  reply: ObservedReply;
}

export interface PicsExample {
  scenario?: string;
  at: string;
  result: string;
  codes: string[];
}

/** every request of one role, noun and verb, and how the SUT answered them */
export interface NounVerbObservation {
  role: string;
  noun: string;
  verb: string;
  requests: number;
  /** answered OK or PARTIAL */
  accepted: number;
  /** refused as unsupported (CIM9-164) */
  refused: number;
  /** every other answer: FAILED with another code, a SOAP fault, no reply */
  other: number;
  firstAccepted?: PicsExample;
  firstRefused?: PicsExample;
  firstOther?: PicsExample;
}

export type PicsDisagreementKind = 'declared-but-refused' | 'undeclared-but-accepted' | 'not-mentioned' | 'sent-undeclared' | 'published-undeclared' | 'declared-element-missing';

/** an optional element pics.<role>.elements declares, against the payloads of its noun the SUT sent */
export interface ElementObservation {
  role: string;
  noun: string;
  /** the path from the payload root, as declared */
  path: string;
  /** the elements at the path's parent in the SUT's payloads of the noun, and how many lack the declared element */
  parents: number;
  missing: number;
  messages: number;
  /** e.g. a message where it is missing (scenario, message label) */
  example?: { scenario?: string; message: string; detail: string };
}

/** the requests the SUT sent as a client of one role, noun and verb (to a peer the suite plays) */
export interface ClientRequestObservation {
  role: string;
  /** the peer the suite played: HES (<listener>/hes) or MDM (<listener>/mdm) */
  peer: string;
  noun: string;
  verb: string;
  requests: number;
  first: { scenario?: string; at: string };
}

/** the publications the SUT made in one role, of one noun and verb, to the suite's listener as its subscriber */
export interface PublicationObservation {
  role: string;
  noun: string;
  verb: string;
  /** the listener paths they arrived at, e.g. mdm/events, masterdata */
  to: string[];
  deliveries: number;
  first: { scenario?: string; at: string };
}

export interface PicsDisagreement {
  kind: PicsDisagreementKind;
  role: string;
  noun: string;
  verb: string;
  /** the profile field it is about, e.g. pics.MDM.supports */
  field: string;
  /** CIM9-163: warning (default) or failure */
  severity: 'warning' | 'failure';
  message: string;
  requests: number;
  example: PicsExample;
}

/** conformance.json `pics`: what the profile declares, what the run observed, and where they disagree */
export interface PicsReport {
  declared: Pics;
  /** CIM9-163 in force: warning | failure | off */
  verdict: string;
  /** CIM9-164 in force */
  refusal: string;
  /** the codes read as "unsupported" (CIM9-164 = annex-b) */
  unsupportedCodes: string[];
  observed: NounVerbObservation[];
  /** the requests the SUT sent as a client, per role, noun and verb */
  sent: ClientRequestObservation[];
  /** pairs pics.<role>.sends declares that this run saw no request of (not a disagreement: the run may not have asked for them) */
  notSent: { role: string; noun: string; verb: string }[];
  /** the publications the SUT made to the suite's listener, per role, noun and verb */
  published?: PublicationObservation[];
  /** pairs pics.<role>.publishes declares that this run saw no publication of (not a disagreement: the run may not have triggered them) */
  notPublished?: { role: string; noun: string; verb: string }[];
  disagreements: PicsDisagreement[];
  /**
   * what the run observed of a role whose PICS leaves a list out (no `supports`, `sends` or `publishes`): not declared,
   * so not compared; listed so that the statement says so (`[]` declares none, and is compared). Empty with CIM9-163 = off.
   */
  notCompared?: NotCompared[];
  /** the optional elements pics.<role>.elements declares, observed in the SUT's payloads (absent when none is declared) */
  elements?: ElementObservation[];
  /** requests the comparison could not judge: bytes not kept, not a readable message, or the role unknown */
  unjudged: number;
}

/** the observations of one role and list the PICS leaves out: the noun / verb pairs and messages not compared */
export interface NotCompared {
  role: string;
  field: 'supports' | 'sends' | 'publishes';
  pairs: { noun: string; verb: string }[];
  messages: number;
}

/**
 * The observed pairs of each role whose PICS leaves out the list they are compared with: its replies (`supports`),
 * its requests as a client (`sends`), its publications (`publishes`). A list left out is not declared (not "none"):
 * these pairs are not compared, and the statement says so.
 */
export function notCompared(
  pics: Pics,
  observed: readonly { role: string; noun: string; verb: string; requests: number }[],
  sent: readonly { role: string; noun: string; verb: string; requests: number }[],
  published: readonly { role: string; noun: string; verb: string; deliveries: number }[],
): NotCompared[] {
  const out: NotCompared[] = [];
  const add = (field: NotCompared['field'], list: readonly { role: string; noun: string; verb: string; count: number }[]) => {
    for (const o of list) {
      const decl: PicsRole | undefined = (pics as Record<string, PicsRole | undefined>)[o.role];
      if (decl?.[field]) continue;
      let entry = out.find((x) => x.role === o.role && x.field === field);
      if (!entry) out.push((entry = { role: o.role, field, pairs: [], messages: 0 }));
      if (!entry.pairs.some((p) => p.noun === o.noun && p.verb === o.verb)) entry.pairs.push({ noun: o.noun, verb: o.verb });
      entry.messages += o.count;
    }
  };
  add('supports', observed.map((o) => ({ ...o, count: o.requests })));
  add('sends', sent.map((o) => ({ ...o, count: o.requests })));
  add('publishes', published.map((o) => ({ ...o, count: o.deliveries })));
  return out;
}

/** one line of the statement for what was not compared, or '' (plain text: each report escapes it) */
export function notComparedText(list: readonly NotCompared[] | undefined): string {
  if (!list?.length) return '';
  const what = { supports: 'replies', sends: 'requests sent as a client', publishes: 'publications' } as const;
  return `Not compared, because the PICS does not declare the list (a list left out is not declared; [] declares none): ${list
    .map((x) => `${x.role} ${what[x.field]} (pics.${x.role}.${x.field} absent: ${x.pairs.length} noun / verb pair(s), ${x.messages} message(s): ${x.pairs.map((p) => `${p.verb}(${p.noun})`).join(', ')})`)
    .join('; ')}.`;
}

// ------------------------------------------------------------------------------------------------------------------
// reading the log

function replyOf(m: ParsedMessage | undefined): ObservedReply | undefined {
  const r = m?.reply;
  if (!r) return undefined;
  return { result: r.result.trim().toUpperCase() || 'NONE', codes: (r.errors ?? []).map((e) => e.code.trim()).filter((c) => c) };
}

/** what the comparisons read of one logged message: its Header's fields, whether it carries a Reply, how it answers */
interface Glance {
  /** the Header when the message could be read (a Header without Noun or Verb is still one) */
  header?: { noun?: string; verb?: string; messageId?: string; correlationId?: string };
  hasReply: boolean;
  /** observeReply of the same bytes */
  answer: ObservedReply;
}

/**
 * The glances of the log's messages, each made once per `readBody` (picsReport passes the same function to the three
 * readings below: every body was parsed by each of them, 0.24 s of a reference run's 0.7 s of reports). Only these
 * few fields are kept, per log entry, for as long as `readBody` lives — never a parsed tree (a huge reply's tree can be
 * many times its bytes).
 */
const GLANCES = new WeakMap<(e: ExchangeLogEntry) => Buffer | undefined, WeakMap<ExchangeLogEntry, Glance>>();
const NO_GLANCE: Glance = Object.freeze({ hasReply: false, answer: Object.freeze({ result: 'NONE', codes: [] as string[] }) });

function glance(e: ExchangeLogEntry, readBody: (e: ExchangeLogEntry) => Buffer | undefined): Glance {
  let memo = GLANCES.get(readBody);
  if (!memo) GLANCES.set(readBody, (memo = new WeakMap()));
  const known = memo.get(e);
  if (known) return known;
  const bytes = readBody(e);
  let g = NO_GLANCE;
  if (bytes?.length) {
    const read = readMessage(bytes);
    if (read.ok) {
      const m = read.wire.message;
      const h = m?.header;
      g = {
        ...(h ? { header: { noun: h.noun, verb: h.verb, messageId: h.messageId, correlationId: h.correlationId } } : {}),
        hasReply: !!m?.reply,
        answer: observeReply(bytes),
      };
    }
  }
  memo.set(e, g);
  return g;
}

/** how a reply body answers: its Reply/Result and Error codes, or FAULT / NONE */
export function observeReply(body: Buffer | string | undefined): ObservedReply {
  if (body === undefined || !body.length) return { result: 'NONE', codes: [] };
  const read = readMessage(body);
  if (!read.ok) return { result: 'NONE', codes: [] };
  const w = read.wire;
  const fromFault = w.fault ? replyOf(w.fault.detail) : undefined;
  if (fromFault) return fromFault.result === 'FAILED' ? fromFault : { ...fromFault, result: 'FAILED' };
  if (w.fault) return { result: 'FAULT', codes: [] };
  return replyOf(w.message) ?? { result: 'NONE', codes: [] };
}

/**
 * The requests of the log with their replies: a `sent` entry with a URL (the suite to the SUT; the suite's answers to
 * deliveries have none) and the `received` entry the same process recorded next as its reply. When the SUT
 * acknowledged a request OK and a delivery to the listener carries the request's MessageID as its CorrelationID
 * with a Reply, that asynchronous result is the answer judged.
 */
export function exchangesFromLog(
  log: readonly ExchangeLogEntry[],
  readBody: (e: ExchangeLogEntry) => Buffer | undefined,
  roleOf: (e: ExchangeLogEntry) => string | undefined,
): { exchanges: PicsExchange[]; unread: number } {
  const byKey = new Map<string, ExchangeLogEntry>();
  for (const e of log) byKey.set(`${e.pid}:${e.n}`, e);
  // asynchronous results: the first delivery with a Reply per CorrelationID
  const asyncResults = new Map<string, ObservedReply>();
  for (const e of log) {
    if (e.direction !== 'received' || !e.label.startsWith('delivery #')) continue;
    const g = glance(e, readBody);
    const cid = g.header?.correlationId;
    if (cid && g.hasReply && !asyncResults.has(cid)) asyncResults.set(cid, g.answer);
  }
  const out: PicsExchange[] = [];
  let unread = 0;
  for (const e of log) {
    if (e.direction !== 'sent' || !e.url) continue;
    const h = glance(e, readBody).header;
    if (!h?.noun || !h.verb) {
      unread++;
      continue;
    }
    // a reply the suite sends to a client SUT (the asynchronous result of its request, CIM9-305; an MDM's FAILED 5.7 about
    // the read after a CIS's switch) is an answer, not a request of a service the SUT offers: pics.<role>.supports cannot
    // name it (its verbs are request and event verbs), so it is neither observed nor compared
    if (h.verb.trim().toLowerCase() === 'reply') continue;
    const next = byKey.get(`${e.pid}:${e.n + 1}`);
    const replyEntry = next && next.direction === 'received' && next.label === `${e.label}: reply` ? next : undefined;
    const role = roleOf(e);
    const sync = replyEntry ? glance(replyEntry, readBody).answer : NO_GLANCE.answer;
    const later = h.messageId ? asyncResults.get(h.messageId) : undefined;
    out.push({
      ...(role ? { role } : {}),
      noun: h.noun.trim(),
      verb: h.verb.trim().toLowerCase(),
      ...(e.scenario ? { scenario: e.scenario } : {}),
      at: e.at,
      reply: later && sync.result === 'OK' ? later : sync,
    });
  }
  return { exchanges: out, unread };
}

// ------------------------------------------------------------------------------------------------------------------
// judging

export interface RefusalRule {
  /** CIM9-164 */
  mode: string;
  /** the codes that mean "unsupported" (unknown noun, unsupported verb) */
  codes: readonly string[];
}

/** the codes of an unknown noun and an unsupported verb: the profile's expectedCodes, else 2.5 and 2.9 (codes.md §2.3) */
export function unsupportedCodesOf(profile: Pick<Profile, 'expectedCodes'>): string[] {
  return [...new Set([...(profile.expectedCodes.unknownNoun ?? ['2.5']), ...(profile.expectedCodes.unsupportedVerb ?? ['2.9'])])];
}

export function isRefusal(r: ObservedReply, rule: RefusalRule): boolean {
  if (rule.mode === 'any-failed') return r.result === 'FAILED' || r.result === 'FAULT';
  return r.result === 'FAILED' && r.codes.some((c) => rule.codes.includes(c));
}

const example = (x: PicsExchange): PicsExample => ({ ...(x.scenario ? { scenario: x.scenario } : {}), at: x.at, result: x.reply.result, codes: x.reply.codes });

/** the requests per role, noun and verb (role "?" when the log does not tell), in the order first seen */
export function observeNounVerbs(exchanges: readonly PicsExchange[], rule: RefusalRule): NounVerbObservation[] {
  const out = new Map<string, NounVerbObservation>();
  for (const x of exchanges) {
    const role = x.role ?? '?';
    const key = `${role}\u0000${x.noun}\u0000${x.verb}`;
    let o = out.get(key);
    if (!o) out.set(key, (o = { role, noun: x.noun, verb: x.verb, requests: 0, accepted: 0, refused: 0, other: 0 }));
    o.requests++;
    if (x.reply.result === 'OK' || x.reply.result === 'PARTIAL') {
      o.accepted++;
      o.firstAccepted ??= example(x);
    } else if (isRefusal(x.reply, rule)) {
      o.refused++;
      o.firstRefused ??= example(x);
    } else {
      o.other++;
      o.firstOther ??= example(x);
    }
  }
  return [...out.values()];
}

/** the listener paths where the suite answers the SUT's requests as a peer, and the role it plays there (src/session/run.ts PEER_PATHS) */
const PEER_ROLE: Readonly<Record<string, string>> = { hes: 'HES', mdm: 'MDM' };
/** the SUT's roles that send to a peer, most likely first */
const SENDERS: Readonly<Record<string, readonly string[]>> = { HES: ['MDM', 'CIS', 'OMS'], MDM: ['CIS', 'OMS', 'HES'] };

/**
 * The requests the SUT sent as a client: the deliveries at a peer path of the listener (`delivery #n to /hes`,
 * `/mdm`; not the event addresses such as /mdm/events) with a readable Header Noun and Verb, each with the role of the SUT that sent it — the one role of the SUT
 * that talks to that peer, else the one its scenario's @role names (`roleOfScenario`), else unknown.
 */
export function clientRequestsFromLog(
  log: readonly ExchangeLogEntry[],
  readBody: (e: ExchangeLogEntry) => Buffer | undefined,
  sutRoles: readonly string[],
  roleOfScenario: (scenario: string | undefined) => readonly string[] | undefined,
): { requests: { role?: string; peer: string; noun: string; verb: string; scenario?: string; at: string }[]; unread: number } {
  const out: { role?: string; peer: string; noun: string; verb: string; scenario?: string; at: string }[] = [];
  let unread = 0;
  for (const e of log) {
    if (e.direction !== 'received') continue;
    // the peer paths themselves, not the event addresses beneath them (mdm/events)
    const m = /^delivery #\d+ to \/(\S+?)(?: \(|:|$)/.exec(e.label);
    const peer = m ? PEER_ROLE[m[1]!] : undefined;
    if (!peer) continue;
    const h = glance(e, readBody).header;
    if (!h?.noun || !h.verb) {
      unread++;
      continue;
    }
    const candidates = SENDERS[peer]!.filter((r) => sutRoles.includes(r));
    let role: string | undefined = candidates.length === 1 ? candidates[0] : undefined;
    if (!role && candidates.length > 1) {
      const tagged = (roleOfScenario(e.scenario) ?? []).filter((r) => candidates.includes(r));
      if (tagged.length === 1) role = tagged[0];
    }
    out.push({ ...(role ? { role } : {}), peer, noun: h.noun.trim(), verb: h.verb.trim().toLowerCase(), ...(e.scenario ? { scenario: e.scenario } : {}), at: e.at });
  }
  return { requests: out, unread };
}

/** the client requests per role, peer, noun and verb, in the order first seen (those of an unknown role left out) */
export function observeClientRequests(requests: readonly { role?: string; peer: string; noun: string; verb: string; scenario?: string; at: string }[]): ClientRequestObservation[] {
  const out = new Map<string, ClientRequestObservation>();
  for (const x of requests) {
    if (!x.role) continue;
    const key = `${x.role}\u0000${x.peer}\u0000${x.noun}\u0000${x.verb}`;
    const o = out.get(key);
    if (o) o.requests++;
    else out.set(key, { role: x.role, peer: x.peer, noun: x.noun, verb: x.verb, requests: 1, first: { ...(x.scenario ? { scenario: x.scenario } : {}), at: x.at } });
  }
  return [...out.values()];
}

/** the client requests pics.<role>.sends does not declare, and the declared pairs no request showed */
export function sendsDisagreements(pics: Pics, sent: readonly ClientRequestObservation[], severity: 'warning' | 'failure'): { disagreements: PicsDisagreement[]; notSent: { role: string; noun: string; verb: string }[] } {
  const disagreements: PicsDisagreement[] = [];
  for (const o of sent) {
    const decl: PicsRole | undefined = (pics as Record<string, PicsRole | undefined>)[o.role];
    if (!decl?.sends) continue;
    const field = `pics.${o.role}.sends`;
    const entry = decl.sends.find((n) => n.noun === o.noun);
    if (entry?.verbs.includes(o.verb)) continue;
    const pair = `${o.verb}(${o.noun})`;
    disagreements.push({
      kind: 'sent-undeclared',
      role: o.role,
      noun: o.noun,
      verb: o.verb,
      field,
      severity,
      requests: o.requests,
      example: { ...(o.first.scenario ? { scenario: o.first.scenario } : {}), at: o.first.at, result: 'SENT', codes: [] },
      message: `the SUT sent ${pair} as ${o.role} to the ${o.peer} the suite plays (${o.requests} request(s)), but ${field} ${entry ? `lists ${o.noun} without ${o.verb}` : `does not list ${o.noun}`}`,
    });
  }
  const notSent: { role: string; noun: string; verb: string }[] = [];
  for (const [role, decl] of Object.entries(pics) as [string, PicsRole | undefined][]) {
    for (const n of decl?.sends ?? []) for (const verb of n.verbs) if (!sent.some((o) => o.role === role && o.noun === n.noun && o.verb === verb)) notSent.push({ role, noun: n.noun, verb });
  }
  return { disagreements, notSent };
}

/**
 * The listener paths where the suite is a subscriber of the SUT's publications, and the roles of a SUT that publish
 * there (src/session/run.ts LISTENER_PATHS and the subscribers it registers): the head-end's events to its MDM
 * (mdm/events), outage events to the OMS (oms/events, a head-end's or an MDM's), the MDM's forwards to the CIS, the
 * maintenance consumer and the old supplier, master-data changes (masterdata, a head-end's or an MDM's). Any other
 * path but the peers' (hes, mdm: requests, compared with `sends`) and the asynchronous results' (replies): any role.
 */
const PUBLISHERS: Readonly<Record<string, readonly string[]>> = {
  'mdm/events': ['HES'],
  'oms/events': ['HES', 'MDM'],
  'cis/events': ['MDM'],
  'mm/events': ['MDM'],
  'suppliers/old': ['MDM'],
  masterdata: ['HES', 'MDM'],
};
const NOT_PUBLICATIONS = new Set([...Object.keys(PEER_ROLE), 'replies']);

export interface Publication {
  role?: string;
  /** the listener path it arrived at */
  path: string;
  noun: string;
  verb: string;
  scenario?: string;
  at: string;
}

/**
 * The publications the SUT made to the suite's listener: the deliveries at a subscriber's path (PUBLISHERS) with a
 * readable Header Noun and Verb, each with the role of the SUT that made it — the one role of the SUT that publishes
 * there, else the one its scenario's @role names among them, else unknown. An answer is no publication: a delivery at
 * the peers' paths (requests), at /replies, with the verb reply, or carrying a Reply whose CorrelationID is the
 * MessageID of a request the suite sent (an asynchronous result delivered elsewhere) is left out.
 */
export function publicationsFromLog(
  log: readonly ExchangeLogEntry[],
  readBody: (e: ExchangeLogEntry) => Buffer | undefined,
  sutRoles: readonly string[],
  roleOfScenario: (scenario: string | undefined) => readonly string[] | undefined,
): { publications: Publication[]; unread: number } {
  // the MessageIDs of the suite's requests, whose asynchronous results are answers
  const asked = new Set<string>();
  for (const e of log) {
    if (e.direction !== 'sent' || !e.url) continue;
    const id = glance(e, readBody).header?.messageId?.trim();
    if (id) asked.add(id);
  }
  const out: Publication[] = [];
  let unread = 0;
  for (const e of log) {
    if (e.direction !== 'received') continue;
    const m = /^delivery #\d+ to \/(\S+?)(?: \(|:|$)/.exec(e.label);
    if (!m) continue;
    const path = m[1]!;
    if (NOT_PUBLICATIONS.has(path) || path.startsWith('replies/')) continue;
    const g = glance(e, readBody);
    const h = g.header;
    if (!h?.noun || !h.verb) {
      unread++;
      continue;
    }
    const verb = h.verb.trim().toLowerCase();
    if (verb === 'reply') continue;
    const cid = h.correlationId?.trim();
    if (g.hasReply && cid && asked.has(cid)) continue;
    const candidates = (PUBLISHERS[path] ?? sutRoles).filter((r) => sutRoles.includes(r));
    let role: string | undefined = candidates.length === 1 ? candidates[0] : undefined;
    if (!role && candidates.length > 1) {
      const tagged = (roleOfScenario(e.scenario) ?? []).filter((r) => candidates.includes(r));
      if (tagged.length === 1) role = tagged[0];
    }
    out.push({ ...(role ? { role } : {}), path, noun: h.noun.trim(), verb, ...(e.scenario ? { scenario: e.scenario } : {}), at: e.at });
  }
  return { publications: out, unread };
}

/** the publications per role, noun and verb, in the order first seen (those of an unknown role left out) */
export function observePublications(publications: readonly Publication[]): PublicationObservation[] {
  const out = new Map<string, PublicationObservation>();
  for (const x of publications) {
    if (!x.role) continue;
    const key = `${x.role}\u0000${x.noun}\u0000${x.verb}`;
    const o = out.get(key);
    if (o) {
      o.deliveries++;
      if (!o.to.includes(x.path)) o.to.push(x.path);
    } else out.set(key, { role: x.role, noun: x.noun, verb: x.verb, to: [x.path], deliveries: 1, first: { ...(x.scenario ? { scenario: x.scenario } : {}), at: x.at } });
  }
  return [...out.values()];
}

/**
 * The publications pics.<role>.publishes does not declare (`published-undeclared`), and the declared pairs no
 * publication showed (not a disagreement); a role without `publishes` is not compared
 */
export function publishesDisagreements(pics: Pics, published: readonly PublicationObservation[], severity: 'warning' | 'failure'): { disagreements: PicsDisagreement[]; notPublished: { role: string; noun: string; verb: string }[] } {
  const disagreements: PicsDisagreement[] = [];
  for (const o of published) {
    const decl: PicsRole | undefined = (pics as Record<string, PicsRole | undefined>)[o.role];
    if (!decl?.publishes) continue;
    const field = `pics.${o.role}.publishes`;
    const entry = decl.publishes.find((n) => n.noun === o.noun);
    if (entry?.verbs.includes(o.verb)) continue;
    disagreements.push({
      kind: 'published-undeclared',
      role: o.role,
      noun: o.noun,
      verb: o.verb,
      field,
      severity,
      requests: o.deliveries,
      example: { ...(o.first.scenario ? { scenario: o.first.scenario } : {}), at: o.first.at, result: 'PUBLISHED', codes: [] },
      message: `the SUT published ${o.verb}(${o.noun}) as ${o.role} to the suite's listener (${o.to.map((p) => `/${p}`).join(', ')}; ${o.deliveries} message(s)), but ${field} ${entry ? `lists ${o.noun} without ${o.verb}` : `does not list ${o.noun}`}`,
    });
  }
  const notPublished: { role: string; noun: string; verb: string }[] = [];
  for (const [role, decl] of Object.entries(pics) as [string, PicsRole | undefined][]) {
    for (const n of decl?.publishes ?? []) for (const verb of n.verbs) if (!published.some((o) => o.role === role && o.noun === n.noun && o.verb === verb)) notPublished.push({ role, noun: n.noun, verb });
  }
  return { disagreements, notPublished };
}

const showResult = (e: PicsExample): string => `${e.result}${e.codes.length ? ` ${e.codes.join(', ')}` : ''}`;

/** where the observations disagree with the PICS (roles whose PICS has no `supports` are not compared) */
export function picsDisagreements(pics: Pics, observed: readonly NounVerbObservation[], severity: 'warning' | 'failure'): PicsDisagreement[] {
  const out: PicsDisagreement[] = [];
  for (const o of observed) {
    const decl: PicsRole | undefined = (pics as Record<string, PicsRole | undefined>)[o.role];
    if (!decl?.supports) continue;
    const field = `pics.${o.role}.supports`;
    const entry = decl.supports.find((n) => n.noun === o.noun);
    const pair = `${o.verb}(${o.noun})`;
    const base = { role: o.role, noun: o.noun, verb: o.verb, field, severity, requests: o.requests };
    if (entry && entry.verbs.includes(o.verb)) {
      if (o.refused) {
        out.push({ ...base, kind: 'declared-but-refused', example: o.firstRefused!, message: `${field} declares ${pair} supported, but the SUT refused it as unsupported (${showResult(o.firstRefused!)}) in ${o.refused} of ${o.requests} request(s)` });
      }
    } else if (entry) {
      if (o.accepted) {
        out.push({ ...base, kind: 'undeclared-but-accepted', example: o.firstAccepted!, message: `${field} lists ${o.noun} without ${o.verb} (declared unsupported), but the SUT answered ${pair} ${showResult(o.firstAccepted!)} in ${o.accepted} of ${o.requests} request(s)` });
      }
    } else if (o.accepted + o.other > 0) {
      const ex = o.firstAccepted ?? o.firstOther!;
      out.push({ ...base, kind: 'not-mentioned', example: ex, message: `${pair} was exchanged with the SUT as ${o.role} (${o.requests} request(s), e.g. answered ${showResult(ex)}), but ${field} does not list ${o.noun}` });
    }
  }
  return out;
}

/** the role a request went to: the profile's endpoint URL of a role, else the one @role tag of its scenario */
export function roleResolver(
  profile: Pick<Profile, 'sut'>,
  scenarios: readonly { name: string; pickleId?: string; role: string[] }[],
): (e: ExchangeLogEntry) => string | undefined {
  const byPickle = new Map<string, string[]>();
  for (const s of scenarios) if (s.pickleId) byPickle.set(s.pickleId, s.role);
  const urls: [string, string][] = [];
  for (const [role, ep] of Object.entries(profile.sut.endpoints)) {
    if (!ep) continue;
    urls.push([ep.url, role]);
    for (const u of Object.values(ep.services)) urls.push([u, role]);
  }
  return (e) => {
    const byUrl = urls.filter(([u]) => e.url === u).map(([, r]) => r);
    if (new Set(byUrl).size === 1) return byUrl[0];
    const m = / \[([^\]]+)\]$/.exec(e.scenario ?? '');
    const roles = m ? byPickle.get(m[1]!) : undefined;
    if (roles && roles.length === 1) return roles[0];
    if (profile.sut.roles.length === 1) return profile.sut.roles[0];
    return undefined;
  };
}

/** the PICS report of a run, or undefined when the profile has no pics: section */
export function picsReport(input: {
  reportsDir: string;
  profile: Pick<Profile, 'pics' | 'sut' | 'expectedCodes' | 'assumptions'>;
  log: readonly ExchangeLogEntry[];
  scenarios: readonly { name: string; pickleId?: string; role: string[] }[];
}): PicsReport | undefined {
  const { profile } = input;
  if (!profile.pics) return undefined;
  const verdict = String(profile.assumptions['CIM9-163'] ?? 'warning');
  const refusal = String(profile.assumptions['CIM9-164'] ?? 'annex-b');
  const rule: RefusalRule = { mode: refusal, codes: unsupportedCodesOf(profile) };
  const readBody = (e: ExchangeLogEntry): Buffer | undefined => {
    if (!e.body.file) return undefined;
    try {
      return readFileSync(join(input.reportsDir, e.body.file));
    } catch {
      return undefined;
    }
  };
  const { exchanges, unread } = exchangesFromLog(input.log, readBody, roleResolver(profile, input.scenarios));
  const observed = observeNounVerbs(exchanges, rule);
  const severity = verdict === 'failure' ? 'failure' : 'warning';
  const disagreements = verdict === 'off' ? [] : picsDisagreements(profile.pics, observed, severity);
  // the requests the SUT sent as a client, against pics.<role>.sends
  const byPickle = new Map(input.scenarios.filter((s) => s.pickleId).map((s) => [s.pickleId!, s.role]));
  const roleOfScenario = (scenario: string | undefined) => {
    const m = / \[([^\]]+)\]$/.exec(scenario ?? '');
    return m ? byPickle.get(m[1]!) : undefined;
  };
  const client = clientRequestsFromLog(input.log, readBody, profile.sut.roles, roleOfScenario);
  const sent = observeClientRequests(client.requests);
  const sends = sendsDisagreements(profile.pics, sent, severity);
  // the publications the SUT made to the suite's listener, against pics.<role>.publishes
  const pubs = publicationsFromLog(input.log, readBody, profile.sut.roles, roleOfScenario);
  const published = observePublications(pubs.publications);
  const publishes = publishesDisagreements(profile.pics, published, severity);
  // the optional elements each role declares it sends, against every payload of the noun the SUT sent
  const elements = elementObservations(profile.pics, input.log, readBody);
  const elementDisagreements: PicsDisagreement[] =
    verdict === 'off'
      ? []
      : elements
          .filter((o) => o.missing > 0)
          .map((o) => ({
            kind: 'declared-element-missing' as const,
            role: o.role,
            noun: o.noun,
            verb: '',
            field: `pics.${o.role}.elements`,
            severity,
            requests: o.messages,
            example: { ...(o.example?.scenario ? { scenario: o.example.scenario } : {}), at: '', result: 'SENT', codes: [] },
            message: `pics.${o.role}.elements declares ${o.noun}/${o.path} sent, but ${o.missing} of ${o.parents} ${o.noun}${o.path.includes('/') ? `/${o.path.slice(0, o.path.lastIndexOf('/'))}` : ''} element(s) the SUT sent lack it (in ${o.messages} message(s)${o.example ? `, e.g. ${o.example.message}` : ''})`,
          }));
  return {
    declared: profile.pics,
    verdict,
    refusal,
    unsupportedCodes: [...rule.codes],
    observed,
    sent,
    notSent: verdict === 'off' ? [] : sends.notSent,
    published,
    notPublished: verdict === 'off' ? [] : publishes.notPublished,
    disagreements: [...disagreements, ...(verdict === 'off' ? [] : sends.disagreements), ...(verdict === 'off' ? [] : publishes.disagreements), ...elementDisagreements],
    notCompared: verdict === 'off' ? [] : notCompared(profile.pics, observed, sent, published),
    ...(elements.length ? { elements } : {}),
    unjudged:
      unread + exchanges.filter((x) => !x.role).length + client.unread + client.requests.filter((x) => !x.role).length + pubs.unread + pubs.publications.filter((x) => !x.role).length,
  };
}

/**
 * The optional elements pics.<role>.elements declares, each against every payload of its noun the SUT sent in the run
 * (its replies and its deliveries, whichever role sent them): how many elements at the path's parent there were and
 * how many lack the declared element. A declared element with no parent in the run was not observed (parents 0).
 */
export function elementObservations(pics: Pics, log: readonly ExchangeLogEntry[], readBody: (e: ExchangeLogEntry) => Buffer | undefined): ElementObservation[] {
  const declared = (Object.entries(pics) as [string, PicsRole | undefined][]).flatMap(([role, d]) => (d?.elements ?? []).flatMap((e) => e.paths.map((path) => ({ role, noun: e.noun, path }))));
  if (!declared.length) return [];
  const reads = readLog(log, readBody);
  return declared.map((d) => {
    const p = elementPresence(reads, d.noun, d.path.split('/'));
    const ex = p.missingIn[0] ?? p.firstOk;
    return { ...d, parents: p.parents, missing: p.missing, messages: p.messages, ...(ex ? { example: ex } : {}) };
  });
}
