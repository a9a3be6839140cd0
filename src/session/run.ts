/**
 * The run: what one Cucumber process shares between scenarios. The profile (validated), the schema
 * pack (loaded once), the callback listener at the ReplyAddress, and, for the embedded reference SUT,
 * its addresses (`cim9 run` starts it before Cucumber: src/session/embedded.ts). Created once before the
 * first scenario, closed after the last.
 */
import { publishesMasterData, relaysToHeadEnd } from '../profile/pics-capabilities.ts';
import { mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfile, describeAssumptions, editionGeneration, generationsAccepted, type Profile } from '../profile/index.ts';
import type { Finding } from '../checks/finding.ts';
import { loadProfilePack, type SchemaPack } from '../schema/index.ts';
import { startListener, closeAllClients, closeIdleAsks, postSoap, waitUntilIdle, type Listener, type ReceivedMessage } from '../transport/index.ts';
import { readMessage, toSoap, newMessageId, nowTimestamp, contentTypeFor, generationOfEdition, type SoapVersion } from '../message/index.ts';
import { MessageIdRegistry } from '../checks/envelope.ts';
import { embeddedSutFromEnv, registerSubscribers, EMBEDDED_SUT_ENV, type EmbeddedSut } from './embedded.ts';
import { repoPath } from '../paths.ts';
import { storeBody } from '../report/bodies.ts';
import { closeMessageLogs, recordMessage } from '../report/exchanges.ts';
import { applyOverlay, loadOverlay } from '../profile/overlay.ts';
import { answerAsHeadEnd, answerAsMdm, mdmReadingTypes } from '../usecases/peer.ts';

export type Role = 'MDM' | 'HES' | 'CIS' | 'OMS';

/** addresses under the listener: where the SUT delivers what to the peers the suite plays */
export const LISTENER_PATHS = {
  /** the OMS's ReceiveEndDeviceEvents: outage and restoration events */
  omsEvents: 'oms/events',
  /**
   * the MDM's receiving address when the SUT is the head-end: the outcome of a connect / disconnect
   * (created EndDeviceEvents / EndDeviceControls) and the final / initial read (created MeterReadings), EDC-06
   */
  mdmEvents: 'mdm/events',
  /** the CIS's receiving address when the SUT is the MDM: the tamper events the MDM forwards (MSR-03) */
  cisEvents: 'cis/events',
  /** the maintenance consumer's (MM / WM) receiving address when the SUT is the MDM: the health events it forwards (EDE-06) */
  mmEvents: 'mm/events',
  /**
   * the old supplier's receiving address when the SUT is the MDM: the switching read of a customer switch (CS-01,
   * CIM9-220); the new supplier's is the CIS's (cisEvents)
   */
  oldSupplier: 'suppliers/old',
  /** asynchronous results of the suite's requests */
  replies: 'replies',
  /**
   * master-data publications (created / changed / deleted <Config>, executed OperationSet, UC-29) to the suite as a
   * subscriber: the head-end of an MDM, the MDM of a head-end (pics.<role>.publishes with a master-data noun)
   */
  masterData: 'masterdata',
  /**
   * the head-end the suite plays behind an MDM SUT (P6 relay, pics.MDM.sends): the SUT's requests to its
   * head-end (get(MeterReadings)) are answered here by src/usecases/peer.ts
   */
  hes: 'hes',
  /**
   * the MDM the suite plays for a client SUT (sut.roles CIS or OMS): the CIS's and the OMS's requests (get(MeterReadings))
   * are answered here by src/usecases/peer.ts answerAsMdm; the embedded SUT is told this address as MDMService
   */
  mdm: 'mdm',
} as const;

/** listener paths where the suite is a RESPONDER (a peer answering the SUT's requests), and the role it plays there */
export const PEER_PATHS: Readonly<Record<string, 'HES' | 'MDM'>> = { [LISTENER_PATHS.hes]: 'HES', [LISTENER_PATHS.mdm]: 'MDM' };

/** the generation check of the run (ENV-GENERATION): what the profile expects, and the first message of another */
export interface RunGeneration {
  /** the generation of the profile's edition, which the suite speaks */
  expected: string;
  /** the generations ENV-01 accepts */
  accepted: string[];
  /** ENV-01 in force, as reports show it */
  env01: string;
  /** the first message of a generation ENV-01 does not accept: reported once, the later scenarios are skipped */
  mismatch?: { speaks: string; label: string; scenario: string; finding: Finding };
}

/** what the head-end the suite plays does in the current scenario (src/usecases/peer.ts PeerSettings) */
export interface HeadEndBehaviour {
  /** the meters it does not reach: 4.1 */
  unreachable: string[];
  /** the meters whose data it does not have (a read withheld after a switch): 5.7 */
  readsWithheld: string[];
  /** the meters whose register reads it returns without their value (an incomplete read after a switch) */
  readsIncomplete: string[];
}

export interface RunContext {
  profile: Profile;
  assumptions: Record<string, string>;
  pack: SchemaPack;
  /** (absent in the unit tests' hand-made contexts: no generation check) */
  generation?: RunGeneration;
  /** the schema pack of another generation ENV-01 accepts (the shipped 2013 and draft-2011 packs), or undefined */
  packOf?(generation: string): SchemaPack | undefined;
  /** record the first message of a generation ENV-01 does not accept (the report's ENV-GENERATION section) */
  generationMismatch?(m: NonNullable<RunGeneration['mismatch']>): void;
  listener: Listener;
  /** the embedded reference SUT (started by `cim9 run`) */
  simulator?: EmbeddedSut;
  /** the listener paths where a wait ended early because the embedded reference SUT said it was idle (Cim9World.receive) */
  idleEnded?: Set<string>;
  faults: string[];
  /** endpoint of a service of a role of the SUT */
  endpoint(role: Role, service: string): string;
  messageIds: MessageIdRegistry;
  /**
   * what the head-end the suite plays does in the current scenario (reset when a scenario starts,
   * src/session/world.ts): the meters it does not reach (a relayed ping, EDE-02); the meters whose read after a switch
   * it withholds or truncates (ECITP 2.09 error conditions, src/usecases/relayed-controls.ts)
   */
  headEnd?: HeadEndBehaviour;
  reportsDir: string;
  /** the scenario running in this process (set when it starts), named with the deliveries in the message log */
  scenario?: string;
  close(): Promise<void>;
}

/** a delivery to the suite's listener and the listener's answer, in the run's message log for the evidence bundle */
function logDelivery(reportsDir: string, m: ReceivedMessage, scenario: string | undefined): void {
  const label = `delivery #${m.seq} to /${m.path}${m.delivery === 'accepted' ? '' : ` (${m.delivery}${m.body.byteLength ? '' : ', body not kept'})`}`;
  recordMessage(reportsDir, { at: m.receivedAt.toISOString(), direction: 'received', scenario, label, ...(m.contentType ? { contentType: m.contentType } : {}), bytes: m.body });
  if (m.response) recordMessage(reportsDir, { at: m.response.at.toISOString(), direction: 'sent', scenario, label: `${label}: the suite's answer`, status: m.responseStatus, contentType: m.response.contentType, bytes: m.response.body });
}

let current: Promise<RunContext> | undefined;

export function runContext(): Promise<RunContext> {
  current ??= createRun();
  return current;
}

export async function closeRun(): Promise<void> {
  if (!current) return;
  // a run that could not be set up has nothing to close (its scenarios were recorded as errors)
  const run = await current.catch(() => undefined);
  current = undefined;
  await run?.close();
}

/** how long the run keeps listening, at its end, after a wait at the listener timed out (late results) */
export const LATE_GRACE_MS = 5000;

/** the acknowledgement (or, at a peer's path, the answer) the listener gave each delivery, by delivery seq (step 4 of a master-data exchange) */
export const ACKNOWLEDGEMENTS = new Map<number, string>();

/**
 * the requests a peer the suite plays refused as requests (src/usecases/peer.ts PeerAnswer.refused: unreadable,
 * schema-invalid, a noun or verb it does not serve), by delivery seq: the World turns each into a ENV-PEER-REFUSED
 * finding of the scenario that caused it
 */
export const PEER_REFUSALS = new Map<number, { code: string; reason: string }>();

/**
 * the later pages a peer the suite plays sent to the SUT's ReplyAddress after its answer to the request of delivery
 * `seq` (src/usecases/peer.ts PeerAnswer.later: the head-end paging a large range, MR-04), and the SUT's answer to each
 * (`sent` resolves when the last was answered or refused)
 */
export interface PeerPages {
  url: string;
  pages: string[];
  answers: { at: Date; status?: number; ok: boolean; why?: string; body?: string }[];
  sent: Promise<void>;
}
export const PEER_PAGES = new Map<number, PeerPages>();

/** the time between two pages the suite's head-end sends to the SUT's ReplyAddress */
export const PEER_PAGE_GAP_MS = 40;

/** send the later pages of a peer's answer, one after the other, to the SUT's ReplyAddress (each logged as sent) */
function sendLaterPages(reportsDir: string, seq: number, later: { url: string; pages: string[] }, version: SoapVersion, scenario: () => string | undefined): PeerPages {
  const answers: PeerPages['answers'] = [];
  const sent = (async () => {
    for (const [i, xml] of later.pages.entries()) {
      await new Promise((r) => setTimeout(r, PEER_PAGE_GAP_MS));
      const label = `page ${i + 2} the suite's head-end sent to the ReplyAddress of delivery #${seq}`;
      recordMessage(reportsDir, { at: new Date().toISOString(), direction: 'sent', scenario: scenario(), label, contentType: contentTypeFor(version), bytes: Buffer.from(xml) });
      const http = await postSoap(later.url, xml, { soapVersion: version, timeoutMs: 10_000, maxBytes: 1024 * 1024 });
      if (http.ok) recordMessage(reportsDir, { at: new Date().toISOString(), direction: 'received', scenario: scenario(), label: `${label}: the SUT's answer`, status: http.status, bytes: http.body });
      answers.push(http.ok ? { at: new Date(), status: http.status, ok: http.status < 300, body: http.body.toString('utf8') } : { at: new Date(), ok: false, why: http.message });
    }
  })();
  return { url: later.url, pages: later.pages, answers, sent };
}

/** the acknowledgement the suite's peers return for every delivery at the listener (P2: reply, OK); generic form for a generic message */
function acknowledge(body: Buffer, version: SoapVersion): string {
  const read = readMessage(body);
  const h = read.ok ? read.wire.message?.header : undefined;
  const noun = h?.noun || (read.ok ? read.wire.message?.wrapperNoun : undefined) || 'EndDeviceEvents';
  const gen = read.ok ? read.wire.message?.generation : undefined;
  return toSoap(
    {
      kind: 'response',
      // the acknowledgement speaks the generation of what it acknowledges
      generation: gen === 'draft-2011' ? 'draft-2011' : '2013',
      form: read.ok && read.wire.message?.form === 'generic' ? 'generic' : 'wrapper',
      header: { verb: 'reply', noun, timestamp: nowTimestamp(), source: 'cim9', messageId: newMessageId(), correlationId: h?.correlationId ?? h?.messageId },
      reply: { result: 'OK' },
    },
    version,
  ).xml;
}

async function createRun(): Promise<RunContext> {
  // keyed by the listener's delivery seq, which starts again with each run's listener (a process may run several runs
  // one after another: src/cli/cucumber-here.ts)
  ACKNOWLEDGEMENTS.clear();
  PEER_REFUSALS.clear();
  PEER_PAGES.clear();
  const profileFile = process.env['CIM9_PROFILE'] || repoPath('profiles/reference.yaml');
  const faults = (process.env['CIM9_FAULTS'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const extra = process.env['CIM9_ASSUMPTIONS'] ? (JSON.parse(process.env['CIM9_ASSUMPTIONS']) as Record<string, string>) : {};
  // a certification run (cim9 run --certification) uses the register's certification defaults whatever strict says
  const loaded = loadProfile(profileFile, { extraAssumptions: extra, strict: process.env['CIM9_CERTIFICATION'] === '1' });
  // a utility's overlay (cim9 run --overlay): its capabilities and required use cases; its assumptions came in CIM9_ASSUMPTIONS
  const profile = process.env['CIM9_OVERLAY'] ? applyOverlay(loaded, loadOverlay(process.env['CIM9_OVERLAY'], loaded)) : loaded;
  const assumptions = describeAssumptions(profile);
  // the edition's own pack; a profile's `schemas:` folder overrides it per namespace
  const pack = loadProfilePack(profile, { assumptions: { 'ENV-01': assumptions['ENV-01'] } });
  const headEnd: HeadEndBehaviour = { unreachable: [], readsWithheld: [], readsIncomplete: [] };
  const reportsDir = process.env['CIM9_REPORTS'] || repoPath('reports');
  // the scenario running when a delivery arrives, for the message log (set by the World when a scenario starts)
  const now: { scenario?: string } = {};
  const listener = await startListener({
    // every delivery and the listener's answer, as they happen, in the run's message log (src/report/exchanges.ts)
    observe: (m) => logDelivery(reportsDir, m, now.scenario),
    host: profile.listener.host,
    // cim9 run resolves listener.port 0 once and prints the addresses with it (src/cli/preflight.ts)
    port: process.env['CIM9_LISTENER_PORT'] ? Number(process.env['CIM9_LISTENER_PORT']) : profile.listener.port,
    publicUrl: profile.listener.publicUrl,
    maxBytes: profile.sut.maxReplyBytes,
    inspect: (body) => {
      const r = readMessage(body, { maxBytes: profile.sut.maxReplyBytes });
      if (!r.ok) return { problem: r.problem.message };
      const m = r.wire.message;
      if (!m) return { problem: r.wire.fault ? `SOAP fault: ${r.wire.fault.reason}` : 'empty SOAP Body' };
      return { correlationId: m.header?.correlationId, messageId: m.header?.messageId, verb: m.header?.verb, noun: m.header?.noun, problem: m.problems[0] };
    },
    respond: (received: ReceivedMessage) => {
      const version: SoapVersion = received.contentType?.includes('soap+xml') ? '1.2' : '1.1';
      // a peer's path: the suite answers the SUT's request as that peer (src/usecases/peer.ts)
      const peer = PEER_PATHS[received.path];
      if (peer) {
        const a = (peer === 'MDM' ? answerAsMdm : answerAsHeadEnd)(received.body, version, {
          generation: generationOfEdition(profile.edition),
          meters: profile.data.meters,
          // the MDM the suite plays answers a CIS's billing inquiry too (MR-05.C1 / .C2): the register and the billing determinants
          readingTypes: peer === 'MDM' ? mdmReadingTypes(profile.data.readingTypes) : [profile.data.readingTypes.register],
          ...(profile.data.readingTypes.interval ? { intervalReadingTypes: [profile.data.readingTypes.interval] } : {}),
          maxBytes: profile.sut.maxReplyBytes,
          schemaErrors: (b) => pack.validate(b, { label: 'request', maxBytes: profile.sut.maxReplyBytes }).filter((f) => f.severity === 'error').map((f) => f.message),
          unreachable: headEnd.unreachable,
          readsWithheld: headEnd.readsWithheld,
          readsIncomplete: headEnd.readsIncomplete,
          pageIntervals: profile.peers.HES.pageIntervals,
        });
        ACKNOWLEDGEMENTS.set(received.seq, a.xml);
        if (a.refused) PEER_REFUSALS.set(received.seq, a.refused);
        if (a.later?.pages.length) PEER_PAGES.set(received.seq, sendLaterPages(reportsDir, received.seq, a.later, version, () => now.scenario));
        return { status: a.status, contentType: contentTypeFor(version), body: a.xml };
      }
      const body = acknowledge(received.body, version);
      ACKNOWLEDGEMENTS.set(received.seq, body);
      return { status: 200, contentType: contentTypeFor(version), body };
    },
  });
  let simulator: EmbeddedSut | undefined;
  try {
    if (profile.sut.embedded) {
      // started by `cim9 run` (src/cli/run.ts) with the profile's meters, edition and the faults; the session only
      // tells it where the listener is
      simulator = embeddedSutFromEnv();
      if (!simulator) throw new Error(`the profile's sut.embedded needs the reference SUT that \`cim9 run\` starts (${EMBEDDED_SUT_ENV} is not set): run the suite through cim9 run`);
      await registerSubscribers(simulator, {
        OMS: listener.urlFor(LISTENER_PATHS.omsEvents),
        // the head-end's outcome of a connect / disconnect (EDC-06) and its final / initial read go to the MDM the suite plays
        MDM: listener.urlFor(LISTENER_PATHS.mdmEvents),
        // the reference MDM forwards tamper events to the CIS the suite plays (MSR-03)
        CIS: listener.urlFor(LISTENER_PATHS.cisEvents),
        // the reference MDM forwards health events to the maintenance consumer the suite plays (EDE-06)
        MM: listener.urlFor(LISTENER_PATHS.mmEvents),
        // the reference MDM delivers the switching read of a customer switch to the old supplier the suite plays (CS-01)
        oldSupplier: listener.urlFor(LISTENER_PATHS.oldSupplier),
        ...(publishesMasterData(profile) ? { masterData: listener.urlFor(LISTENER_PATHS.masterData) } : {}),
        // P6: the reference MDM's head-end is the one the suite plays
        ...(relaysToHeadEnd(profile) ? { upstreamHES: listener.urlFor(LISTENER_PATHS.hes) } : {}),
        // a client SUT (CIS, OMS) sends its requests to the MDM the suite plays
        ...(profile.sut.roles.some((r) => r === 'CIS' || r === 'OMS') ? { MDMService: listener.urlFor(LISTENER_PATHS.mdm) } : {}),
        // a CIS SUT asks the head-end the suite plays directly for a connect / disconnect (EDC-07)
        ...(profile.sut.roles.includes('CIS') ? { HESService: listener.urlFor(LISTENER_PATHS.hes) } : {}),
      });
    } else if (faults.length) {
      throw new Error('--fault applies to the embedded reference SUT only (sut.embedded: true)');
    }
  } catch (e) {
    // the listener is up: close it, or the process would not end
    await listener.close();
    throw e;
  }
  mkdirSync(join(reportsDir, '.scenarios'), { recursive: true });
  const others = new Map<string, SchemaPack>();
  const generation: RunGeneration = { expected: editionGeneration(profile.edition), accepted: generationsAccepted(profile.assumptions['ENV-01']), env01: assumptions['ENV-01'] ?? '' };
  const run: RunContext = {
    idleEnded: new Set(),
    profile,
    assumptions,
    pack,
    generation,
    packOf(g) {
      if (g === generation.expected) return pack;
      if (g !== '2013' && g !== 'draft-2011') return undefined;
      if (!others.has(g)) others.set(g, loadProfilePack({ edition: g, assumptions: profile.assumptions }, { assumptions: { 'ENV-01': assumptions['ENV-01'] } }));
      return others.get(g);
    },
    generationMismatch(m) {
      if (generation.mismatch) return;
      generation.mismatch = m;
      appendFileSync(
        join(reportsDir, '.scenarios', `generation-${process.pid}.ndjson`),
        JSON.stringify({ speaks: m.speaks, expected: generation.expected, env01: generation.env01, label: m.label, scenario: m.scenario, message: m.finding.message }) + '\n',
      );
    },
    listener,
    simulator,
    faults,
    messageIds: new MessageIdRegistry(),
    headEnd,
    reportsDir,
    get scenario() {
      return now.scenario;
    },
    set scenario(name: string | undefined) {
      now.scenario = name;
    },
    endpoint(role, service) {
      if (simulator) return simulator.urlFor(role);
      const ep = profile.sut.endpoints[role];
      if (!ep) throw new Error(`the profile names no endpoint for role ${role}`);
      return ep.services?.[service] ?? ep.url;
    },
    async close() {
      // An asynchronous result the SUT sends after the scenario stopped waiting for it stays unclaimed and is reported
      // as a late reply (src/report/conformance.ts), provided it arrives before the run ends: when a wait for a result
      // at the ReplyAddress timed out lately, keep listening until LATE_GRACE_MS after it. (Waits elsewhere — for a
      // repeated event, for a publication that must not come — time out in clean runs and do not count.)
      const lastTimeout = listener.lastTimeout(LISTENER_PATHS.replies) ?? 0;
      // the embedded reference SUT may have said early that a result would not come in time (its idle signal ended the
      // wait) while it still has the result scheduled: listen until it has sent what it scheduled, at most the async
      // limit and the grace more (the worker's last scenario, with --parallel, ends its run while the others still run)
      if (simulator && (lastTimeout || run.idleEnded?.has(LISTENER_PATHS.replies))) await waitUntilIdle(simulator.url, profile.timeouts.asyncResultSeconds * 1000 + LATE_GRACE_MS);
      const grace = lastTimeout + LATE_GRACE_MS - Date.now();
      if (lastTimeout && grace > 0) await new Promise((r) => setTimeout(r, grace));
      const leftovers = listener.unclaimed();
      if (leftovers.length) {
        appendFileSync(
          join(reportsDir, '.scenarios', `unsolicited-${process.pid}.ndjson`),
          // the body is stored once under <run reports>/bodies/ (named by its digest): a thousand copies of one message cost one file
          leftovers.map((m) => JSON.stringify({ seq: m.seq, receivedAt: m.receivedAt, path: m.path, delivery: m.delivery, inspected: m.inspected, body: m.body.byteLength ? storeBody(reportsDir, m.body) : undefined })).join('\n') + '\n',
        );
      }
      await listener.close();
      closeMessageLogs();
      pack.dispose?.();
      for (const p of others.values()) p.dispose?.();
      await closeAllClients();
      // a question to the embedded SUT that no wait needs any more (Cim9World.receive leaves it to end by itself)
      await closeIdleAsks();
    },
  };
  return run;
}
