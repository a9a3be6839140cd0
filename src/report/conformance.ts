/**
 * The conformance statement: one JSON (machine-readable) and one Markdown (for people) report of a
 * run. Which scenarios ran and with what Cucumber status comes from Cucumber's message stream (cucumber.ndjson,
 * src/report/results.ts), as in Cucumber's own reports: a retried scenario counts once, with its last attempt;
 * scenarios --fail-fast skipped are skipped. The domain detail of an attempt (failed or error, findings,
 * assumptions) comes from the record the Cucumber hooks write, keyed by its testCaseStartedId. Each verdict names the
 * assumptions it depended on; scenarios left out are listed with the reason; messages the SUT sent
 * that no scenario expected are reported, never dropped.
 *
 * A message no scenario claimed whose CorrelationID is that of a request the suite sent (found among the
 * requests attached to the scenarios in cucumber.ndjson) is told apart: when the request asked for an
 * asynchronous reply and the message arrived after the deadline (timeouts.asyncResultSeconds after the request's
 * synchronous exchange ended, when the scenario began to wait for the result) it is a LATE reply, listed as such
 * and not as unsolicited; otherwise it stays unsolicited, naming the request it answers.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Profile } from '../profile/index.ts';
import { describeAssumptions, editionGeneration } from '../profile/index.ts';
import { capabilitiesOf } from '../profile/pics-capabilities.ts';
import { generationName } from '../checks/generation.ts';
import type { Plan } from '../cli/plan.ts';
import type { Finding } from '../checks/finding.ts';
import { ACTUAL_MAX, boundFinding, formatFinding } from '../checks/finding.ts';
import { readMessage } from '../message/index.ts';
import type { Verdict } from '../session/verdict.ts';
import { REPO_ROOT } from '../paths.ts';
import { readOutcomes, type CucumberOutcome } from './results.ts';
import { markdownBlock, markdownInline as mdi, terminal } from './escape.ts';
import type { WaiverLedger } from '../profile/waivers.ts';
import { applyWaivers, rewriteJunit, type AppliedWaiver } from './waivers.ts';
import { runModeReport, type RunMode } from './run-mode.ts';
import { redactCredentials } from './evidence.ts';
import { readMessageLog } from './exchanges.ts';
import { notComparedText, picsReport, type PicsReport } from './pics.ts';
import { declaredText, useCaseRows, type UseCaseRow } from './use-case-rows.ts';
import { appendOverlayJunit, overlayReport, type OverlayReport } from './overlay.ts';
import type { Overlay } from '../profile/overlay.ts';
import { judgeOverlayRequirements } from './overlay-requirements.ts';
import { requirementRows, requirementsMarkdown, type CatalogueEntry } from './requirement-rows.ts';
import { attestationRows, attestationsMarkdown, missingReason } from './attestations.ts';

export interface ScenarioRecord {
  name: string;
  /** Cucumber's pickle id: the message log names a scenario's messages "<name> [<pickleId>]" (src/report/exchanges.ts) */
  pickleId?: string;
  uri: string;
  /** its line in the feature file (of the Examples row for a Scenario Outline) */
  line?: number;
  /** the scenario's own id (src/session/scenarios.ts: its @req, `<req>/<row>` for outline rows sharing one) */
  id?: string;
  tags: string[];
  uc: string[];
  role: string[];
  req: string[];
  /** `waived`: a failure the profile's waivers expect (src/report/waivers.ts) */
  verdict: Verdict | 'waived';
  /** the waiver this scenario was judged against, and what came of it */
  waiver?: AppliedWaiver;
  error?: string;
  /** why a skipped scenario did not run (ENV-GENERATION) */
  reason?: string;
  findings: Finding[];
  assumptions: Record<string, string>;
  exchanges: number;
  faults: string[];
  /** attempts Cucumber made (--retry); only when more than one */
  attempts?: number;
  /** the step where it stopped (did not pass), and the steps after it that therefore did not run */
  stoppedAt?: string;
  notRun?: string[];
}

/** what the hooks write per attempt (steps/support/hooks.ts): the detail, keyed by the attempt */
export type AttemptRecord = ScenarioRecord & { testCaseStartedId?: string };

function tagValuesOf(tags: readonly string[], name: string): string[] {
  const prefix = `@${name}:`;
  return tags.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
}

/**
 * The verdict of a scenario: Cucumber's status of its last attempt decides passed / not passed / skipped; the
 * hooks' record of that attempt tells a failure of the SUT from an error of the suite. A step Cucumber found
 * undefined, ambiguous or pending is the suite's error, never a verdict on the SUT. An attempt that started and never
 * ended (the run was stopped while it ran) has no verdict: skipped, with the reason.
 */
export function scenarioFrom(o: CucumberOutcome, record: AttemptRecord | undefined, faults: string[]): ScenarioRecord {
  const verdict: Verdict =
    o.status === 'PASSED'
      ? 'passed'
      : o.status === 'SKIPPED' || o.status === 'NOT_RUN' || o.status === 'UNKNOWN'
        ? 'skipped'
        : o.status === 'FAILED' && record?.verdict === 'failed'
          ? 'failed'
          : 'error';
  const why =
    o.status === 'NOT_RUN'
      ? 'not run: the run stopped before this scenario'
      : o.status === 'UNKNOWN'
        ? 'cut short: the run stopped while this scenario ran (a second Ctrl-C, or the process ended); no verdict'
      : o.status === 'SKIPPED' && !record?.reason
        ? 'skipped by Cucumber (--fail-fast after an earlier failure, or a skipped step)'
        : undefined;
  const error =
    verdict === 'failed' || verdict === 'error'
      ? record?.error ||
        (o.status === 'FAILED' ? o.message : `suite error (not a verdict on the SUT): Cucumber status ${o.status}${o.message ? `: ${o.message}` : ''}`) ||
        undefined
      : undefined;
  return {
    name: o.name,
    pickleId: o.pickleId,
    uri: o.uri,
    ...(o.line ? { line: o.line } : {}),
    ...(o.stoppedAt ? { stoppedAt: o.stoppedAt } : {}),
    ...(o.notRun ? { notRun: o.notRun } : {}),
    tags: o.tags,
    uc: tagValuesOf(o.tags, 'uc'),
    role: tagValuesOf(o.tags, 'role'),
    req: tagValuesOf(o.tags, 'req'),
    verdict,
    ...(error !== undefined ? { error: error.slice(0, 4000) } : {}),
    ...(record?.reason ? { reason: record.reason } : why ? { reason: why } : {}),
    findings: (record?.findings ?? []).map(boundFinding),
    assumptions: record?.assumptions ?? {},
    exchanges: record?.exchanges ?? 0,
    faults: record?.faults ?? faults,
    ...(o.attempts > 1 ? { attempts: o.attempts } : {}),
  };
}

/** the scenarios of a run: one per test case of cucumber.ndjson, with the hooks' detail of its last attempt */
export function readScenarios(reportsDir: string, faults: string[]): ScenarioRecord[] {
  const outcomes = readOutcomes(join(reportsDir, 'cucumber.ndjson')) ?? [];
  const records = new Map<string, AttemptRecord>();
  for (const r of readNdjson<AttemptRecord>(join(reportsDir, '.scenarios'), 'scenarios-')) if (r.testCaseStartedId) records.set(r.testCaseStartedId, r);
  return outcomes.map((o) => scenarioFrom(o, o.testCaseStartedId ? records.get(o.testCaseStartedId) : undefined, faults));
}

/** the first message of a generation ENV-01 does not accept (src/session/run.ts writes it, once per run) */
export interface GenerationRecord {
  speaks: string;
  expected: string;
  env01: string;
  label: string;
  scenario: string;
  message: string;
}

export interface Counts {
  ran: number;
  passed: number;
  failed: number;
  error: number;
  skipped: number;
  notApplicable: number;
  /** failures a waiver expects (src/report/waivers.ts) */
  waived: number;
  /** waived scenarios that passed: findings */
  unexpectedPasses: number;
}

/** a delivery at the listener that no scenario claimed (src/session/run.ts close() writes them) */
export interface UnsolicitedRecord {
  seq: number;
  receivedAt: string;
  path: string;
  delivery: string;
  inspected: Record<string, string>;
}

/** a request the suite sent, as attached to its scenario in cucumber.ndjson */
export interface SentRequest {
  /** the exchange label of the World, e.g. "get(MeterReadings) asynchronous" */
  label: string;
  verb: string;
  noun: string;
  messageId?: string;
  correlationId?: string;
  /** the request asked for an asynchronous reply (AsyncReplyFlag or a ReplyAddress) */
  asyncReply: boolean;
  /** the request's Header/Timestamp; when absent or implausible, the time its exchange was recorded */
  sentAt: string;
  /**
   * when its synchronous exchange was recorded (the reply was in): from then on the scenario waits for an
   * asynchronous result, so its deadline counts from here (to the millisecond; Header/Timestamp has whole seconds)
   */
  recordedAt?: string;
  /** the scenario that sent it */
  scenario?: { name: string; uri: string };
}

/** what an unclaimed delivery answers: a request of the suite with its CorrelationID (or MessageID, ENV-14) */
export interface ReplyTo {
  request: SentRequest;
  /** the end of the synchronous exchange (else the request's time) + timeouts.asyncResultSeconds */
  deadline: string;
  /** seconds from the deadline to the delivery: > 0 late, <= 0 in time */
  secondsAfterDeadline: number;
}

export type ReportedDelivery = UnsolicitedRecord & { replyTo?: ReplyTo };

const REQUEST_ATTACHMENT = / \(request\)\.xml$/;

interface AttachmentMessage {
  body: string;
  contentEncoding?: string;
  fileName?: string;
  testCaseStartedId?: string;
  timestamp?: { seconds: number; nanos: number };
}

/**
 * The requests the suite sent whose CorrelationID or MessageID is one of `ids`, from the Cucumber messages of the
 * run (each request is attached to its scenario as "<label> (request).xml"). `responseSeconds` bounds how long
 * before its recording a request's Header/Timestamp may lie to be taken as its sending time.
 */
export function readSentRequests(ndjsonFile: string, ids: ReadonlySet<string>, responseSeconds: number): SentRequest[] {
  if (!ids.size || !existsSync(ndjsonFile)) return [];
  const wanted = [...ids];
  const attachments: AttachmentMessage[] = [];
  const pickles = new Map<string, { name: string; uri: string }>();
  const testCases = new Map<string, string>();
  const started = new Map<string, string>();
  for (const line of readFileSync(ndjsonFile, 'utf8').split('\n')) {
    try {
      if (line.startsWith('{"attachment":')) {
        if (!line.includes('(request).xml') || !wanted.some((id) => line.includes(id))) continue;
        const a = (JSON.parse(line) as { attachment: AttachmentMessage }).attachment;
        if (a.fileName && REQUEST_ATTACHMENT.test(a.fileName)) attachments.push(a);
      } else if (line.startsWith('{"pickle":')) {
        const p = (JSON.parse(line) as { pickle: { id: string; name: string; uri: string } }).pickle;
        pickles.set(p.id, { name: p.name, uri: p.uri });
      } else if (line.startsWith('{"testCase":')) {
        const t = (JSON.parse(line) as { testCase: { id: string; pickleId: string } }).testCase;
        testCases.set(t.id, t.pickleId);
      } else if (line.startsWith('{"testCaseStarted":')) {
        const t = (JSON.parse(line) as { testCaseStarted: { id: string; testCaseId: string } }).testCaseStarted;
        started.set(t.id, t.testCaseId);
      }
    } catch {
      // a line cut short by a crash: what it said is lost, the rest still counts
    }
  }
  const out: SentRequest[] = [];
  for (const a of attachments) {
    const body = a.contentEncoding === 'BASE64' ? Buffer.from(a.body, 'base64') : a.body;
    const read = readMessage(body);
    const h = read.ok ? read.wire.message?.header : undefined;
    if (!h) continue;
    if (!ids.has(h.correlationId ?? '') && !ids.has(h.messageId ?? '')) continue;
    const recorded = a.timestamp ? a.timestamp.seconds * 1000 + Math.floor(a.timestamp.nanos / 1e6) : undefined;
    const stamped = h.timestamp ? Date.parse(h.timestamp) : NaN;
    // Header/Timestamp is written when the request is built (to the second); the attachment is recorded once the
    // synchronous reply is in. A scenario may send a deliberately wrong Timestamp: then the recording time counts.
    const plausible = Number.isFinite(stamped) && (recorded === undefined || (stamped <= recorded + 1000 && stamped >= recorded - (responseSeconds + 1) * 1000));
    const sentAt = plausible ? h.timestamp! : recorded !== undefined ? new Date(recorded).toISOString() : undefined;
    if (!sentAt) continue;
    const pickleId = a.testCaseStartedId ? testCases.get(started.get(a.testCaseStartedId) ?? '') : undefined;
    out.push({
      label: a.fileName!.replace(REQUEST_ATTACHMENT, ''),
      verb: h.verb,
      noun: h.noun,
      messageId: h.messageId,
      correlationId: h.correlationId,
      asyncReply: h.asyncReplyFlag === true || !!h.replyAddress,
      sentAt,
      recordedAt: recorded !== undefined ? new Date(recorded).toISOString() : undefined,
      scenario: pickleId ? pickles.get(pickleId) : undefined,
    });
  }
  return out;
}

/**
 * Split the unclaimed deliveries into late replies (the CorrelationID of a request of the suite that asked for an
 * asynchronous reply, arrived after the deadline) and the rest (unsolicited; those that answer a request of the
 * suite say which).
 */
export function classifyDeliveries(
  deliveries: readonly UnsolicitedRecord[],
  requests: readonly SentRequest[],
  asyncResultSeconds: number,
): { late: ReportedDelivery[]; unsolicited: ReportedDelivery[] } {
  const late: ReportedDelivery[] = [];
  const unsolicited: ReportedDelivery[] = [];
  for (const u of deliveries) {
    const cid = u.inspected['correlationId'];
    const received = Date.parse(u.receivedAt);
    // the latest request it can answer: one sent before it arrived (a refused or misdirected delivery is no reply)
    const request =
      cid && u.delivery === 'accepted' && Number.isFinite(received)
        ? requests
            .filter((r) => (r.correlationId === cid || r.messageId === cid) && Date.parse(r.sentAt) <= received)
            .sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt))[0]
        : undefined;
    if (!request) {
      unsolicited.push(u);
      continue;
    }
    const deadline = Date.parse(request.recordedAt ?? request.sentAt) + asyncResultSeconds * 1000;
    const replyTo: ReplyTo = { request, deadline: new Date(deadline).toISOString(), secondsAfterDeadline: Math.round((received - deadline) / 100) / 10 };
    (request.asyncReply && replyTo.secondsAfterDeadline > 0 ? late : unsolicited).push({ ...u, replyTo });
  }
  return { late, unsolicited };
}

/** "late reply to get(MeterReadings) sent at …, arrived 2.4 s after the deadline", or what else the delivery answers */
export function replyNote(r: ReplyTo): string {
  const q = r.request;
  const req = `${q.verb}(${q.noun}) sent at ${q.sentAt}`;
  if (!q.asyncReply) return `carries the CorrelationID of ${req}, which asked for no asynchronous reply`;
  if (r.secondsAfterDeadline > 0) return `late reply to ${req}, arrived ${r.secondsAfterDeadline.toFixed(1)} s after the deadline`;
  return `reply to ${req}, arrived within the deadline (${(-r.secondsAfterDeadline).toFixed(1)} s before it) but no scenario waited for it`;
}

function deliveryLine(u: ReportedDelivery): string {
  const what = `#${u.seq} at ${u.receivedAt} to /${u.path.replace(/^\/+/, '')} (${u.delivery}): ${u.inspected['verb'] ?? '?'}(${u.inspected['noun'] ?? '?'}) CorrelationID ${u.inspected['correlationId'] ?? '—'}${u.inspected['problem'] ? `, ${u.inspected['problem']}` : ''}`;
  if (!u.replyTo) return what;
  const sc = u.replyTo.request.scenario;
  return `${what} — ${replyNote(u.replyTo)}${sc ? ` (scenario "${sc.name}")` : ''}`;
}

/** the unsolicited deliveries the Markdown statement lists one by one; the rest are counted (all are in the JSON) */
export const UNSOLICITED_LISTED = 50;

/** "3 passed, 1 failed, 0 error, 2 not applicable, 0 skipped": the statement's and the console's words */
export function verdictCounts(c: Counts): string {
  const waived = c.waived || c.unexpectedPasses ? `, ${c.waived} waived, ${c.unexpectedPasses} unexpected pass(es)` : '';
  return `${c.passed} passed, ${c.failed} failed, ${c.error} error, ${c.notApplicable} not applicable, ${c.skipped} skipped${waived}`;
}

function readNdjson<T>(dir: string, prefix: string): T[] {
  if (!existsSync(dir)) return [];
  const out: T[] = [];
  for (const f of readdirSync(dir).filter((n) => n.startsWith(prefix)).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        // a record cut short by a crash: the run's exit code already says so
      }
    }
  }
  return out;
}

export function writeConformanceReport(input: {
  reportsDir: string;
  profile: Profile;
  profileFile: string;
  plan: Plan;
  faults: string[];
  extraAssumptions: Record<string, string>;
  /** development or certification run, and the digests it pins (src/report/run-mode.ts); absent: neither said */
  mode?: RunMode;
  /** the waivers in force (a development run) */
  waivers?: WaiverLedger;
  /** every scenario of the suite the plan applies to, with its use cases and roles: the statement counts per use case those not run */
  suite?: readonly { useCases: readonly string[]; roles: readonly string[] }[];
  /** the utility overlay applied (src/profile/overlay.ts): the base profile without it, and the scenarios it made applicable */
  overlay?: { overlay: Overlay; base: Profile; madeApplicable: readonly { name: string; uri: string; reason: string }[] };
  /** the requirement catalogue (src/cli/requirements.ts) and every scenario's own id by file and line: the statement's requirement → scenarios → verdict */
  catalogue?: { requirements: readonly CatalogueEntry[]; scenarioIds: readonly { uri: string; line: number; id: string }[] };
}): { counts: Counts; lines: string[]; conformant?: boolean; picsFailed?: boolean; overlayFailed?: boolean } {
  const dir = join(input.reportsDir, '.scenarios');
  const scenarios = readScenarios(input.reportsDir, input.faults);
  // each scenario's own id (its @req, or <req>/<row> for outline rows that share one), by its file and line
  if (input.catalogue) {
    const ids = new Map(input.catalogue.scenarioIds.map((x) => [`${x.uri}:${x.line}`, x.id]));
    for (const s of scenarios) {
      const id = s.line !== undefined ? ids.get(`${s.uri}:${s.line}`) : undefined;
      if (id) s.id = id;
    }
  }
  const applied = applyWaivers(scenarios, input.waivers?.waivers ?? []);
  const suiteVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  // the suite version in every report: junit.xml's <properties> too
  rewriteJunit(join(input.reportsDir, 'junit.xml'), scenarios, { 'cim9.version': suiteVersion, 'cim9.profile': input.profile.name, 'cim9.edition': String(input.profile.edition) });
  // the profile's PICS against the replies the SUT gave (src/report/pics.ts); only when the profile has pics:
  const log = readMessageLog(input.reportsDir);
  const pics: PicsReport | undefined = picsReport({ reportsDir: input.reportsDir, profile: input.profile, log, scenarios });
  const picsFailed = pics?.verdict === 'failure' && pics.disagreements.length > 0;
  const picsWhy = picsFailed ? [`${pics.disagreements.length} disagreement(s) between the profile's PICS and what the SUT did (its replies, its requests as a client, its publications) (CIM9-163 = failure)`] : [];
  // the requirements no exchange can show: attested by the vendor, or not (src/report/attestations.ts); a
  // certification run is not conformant while one is missing
  const attestations = attestationRows({ roles: input.profile.sut.roles, edition: String(input.profile.edition), ...(input.profile.attestations ? { attestations: input.profile.attestations } : {}) });
  const attestationWhy = input.mode?.kind === 'certification' ? [missingReason(attestations)].filter((x): x is string => !!x) : [];
  const modeReport = input.mode ? runModeReport(input.mode, scenarios, input.waivers, applied.unexpectedPasses, applied.unmatched, [...picsWhy, ...attestationWhy]) : undefined;
  // declared (pics.<role>.useCases) versus observed (the verdicts of its scenarios) per use case
  const useCases = useCaseRows({
    roles: input.profile.sut.roles,
    ...(input.profile.pics ? { pics: input.profile.pics } : {}),
    ran: scenarios,
    notApplicable: input.plan.notApplicable,
    ...(input.suite ? { suite: input.suite } : {}),
  });
  const unclaimed = readNdjson<UnsolicitedRecord>(dir, 'unsolicited-');
  // ENV-GENERATION: one record per Cucumber process at most; the first is the run's
  const generationSeen = readNdjson<GenerationRecord>(dir, 'generation-')[0];
  const expectedGeneration = editionGeneration(input.profile.edition);
  const generation = {
    expected: expectedGeneration,
    env01: describeAssumptions(input.profile)['ENV-01'] ?? expectedGeneration,
    ...(generationSeen
      ? {
          speaks: generationSeen.speaks,
          verdict: `the SUT speaks the ${generationName(generationSeen.speaks)} generation, the profile says ${generationName(expectedGeneration)}`,
          firstSeen: { scenario: generationSeen.scenario.replace(/ \[[^\]]*\]$/, ''), message: generationSeen.label },
          skipped: scenarios.filter((s) => s.verdict === 'skipped' && s.reason?.startsWith('ENV-GENERATION')).length,
        }
      : {}),
  };
  const correlationIds = new Set(unclaimed.map((u) => u.inspected['correlationId']).filter((c): c is string => !!c));
  const requests = readSentRequests(join(input.reportsDir, 'cucumber.ndjson'), correlationIds, input.profile.timeouts.responseSeconds);
  const asyncResultSeconds = input.profile.timeouts.asyncResultSeconds;
  const { late, unsolicited } = classifyDeliveries(unclaimed, requests, asyncResultSeconds);
  const counts: Counts = {
    ran: scenarios.length,
    passed: scenarios.filter((s) => s.verdict === 'passed').length,
    failed: scenarios.filter((s) => s.verdict === 'failed').length,
    error: scenarios.filter((s) => s.verdict === 'error').length,
    skipped: scenarios.filter((s) => s.verdict === 'skipped').length,
    notApplicable: input.plan.notApplicable.length,
    waived: applied.waived.length,
    unexpectedPasses: applied.unexpectedPasses.length,
  };
  const inForce = { ...describeAssumptions(input.profile), ...input.extraAssumptions };
  const used: Record<string, string> = {};
  for (const s of scenarios) Object.assign(used, s.assumptions);
  const overlay: OverlayReport | undefined = input.overlay
    ? overlayReport({
        overlay: input.overlay.overlay,
        base: { capabilities: capabilitiesOf(input.overlay.base), assumptions: describeAssumptions(input.overlay.base) },
        inForce,
        scenarios,
        useCases,
        madeApplicable: input.overlay.madeApplicable,
        shownFile: relative(REPO_ROOT, input.overlay.overlay.file) || input.overlay.overlay.file,
        // the utility's own requirements against the run's messages (src/report/overlay-requirements.ts)
        requirements: judgeOverlayRequirements({
          requirements: input.overlay.overlay.requirements,
          log,
          readBody: (e) => {
            if (!e.body.file) return undefined;
            try {
              return readFileSync(join(input.reportsDir, e.body.file));
            } catch {
              return undefined;
            }
          },
          eventCodes: input.profile.assumptions['UC-03'] as unknown as { outage: readonly string[]; restoration: readonly string[] },
        }),
      })
    : undefined;
  // the overlay in junit.xml: a testsuite of its own beside the suite's
  if (overlay) appendOverlayJunit(join(input.reportsDir, 'junit.xml'), overlay);
    // requirement → scenarios → verdict (src/report/requirement-rows.ts)
  const requirements = input.catalogue ? requirementRows(input.catalogue.requirements, scenarios) : undefined;
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const report = {
    suite: { name: 'cim9', version: pkg.version },
    generatedAt: new Date().toISOString(),
    profile: {
      name: input.profile.name,
      // who makes the system under test, which product and version (profile sut.vendor, sut.product, sut.version)
      ...(input.profile.sut.vendor ? { vendor: input.profile.sut.vendor } : {}),
      ...(input.profile.sut.product ? { product: input.profile.sut.product } : {}),
      ...(input.profile.sut.version ? { version: input.profile.sut.version } : {}),
      file: relative(REPO_ROOT, input.profileFile) || input.profileFile,
      edition: input.profile.edition,
      roles: input.profile.sut.roles,
      embedded: input.profile.sut.embedded,
      strict: input.profile.strict,
      // what the profile declares (the statement's "declared vs observed"); URLs without user:password
      endpoints: redactCredentials(input.profile.sut.endpoints) as Profile['sut']['endpoints'],
      soapVersion: input.profile.sut.soapVersion,
      // what each former capability means for this profile, read from its PICS (src/profile/pics-capabilities.ts)
      capabilities: capabilitiesOf(input.profile),
      ...(input.profile.warnings?.length ? { warnings: input.profile.warnings } : {}),
      stimulus: input.profile.stimulus.kind,
      // how the peers the suite plays behaved (peers:, with the defaults in force)
      peers: input.profile.peers,
    },
    /** the tags the profile's plan leaves out, each with the reason (src/cli/plan.ts exclusionsFor) */
    plan: { exclusions: input.plan.exclusions },
    faults: input.faults,
    ...(modeReport ? { run: modeReport.json } : {}),
    ...(modeReport?.waivers ? { waivers: modeReport.waivers } : {}),
    generation,
    counts,
    assumptionsUsed: used,
    assumptionsInForce: inForce,
    scenarios,
    // each with the tag of the declaration that left it out
    notApplicable: input.plan.notApplicable.map((n) => ({ ...n, excludedBy: n.excludedBy ?? ((x) => x?.cap ?? x?.tag)(input.plan.exclusions.find((x) => x.reason === n.reason)) })),
    ...(pics ? { pics } : {}),
    useCases,
    ...(requirements ? { requirements } : {}),
    attestations,
    ...(overlay ? { overlay } : {}),
    unsolicited,
    lateReplies: late,
    /** the peak resident memory of the Cucumber process(es) that ran the scenarios */
    resources: { peakRssBytes: Math.max(0, ...readNdjson<{ maxRssBytes: number }>(dir, 'process-').map((p) => p.maxRssBytes)) },
  };
  writeFileSync(join(input.reportsDir, 'conformance.json'), JSON.stringify(report, null, 2));

  const md: string[] = [];
  md.push(`# cim9 conformance statement`, '');
  const made = [input.profile.sut.product, input.profile.sut.version && `version ${input.profile.sut.version}`, input.profile.sut.vendor && `by ${input.profile.sut.vendor}`].filter(Boolean).join(' ');
  md.push(`- System under test: **${mdi(input.profile.name)}**${made ? `: ${mdi(made)}` : ''} (profile ${mdi(report.profile.file)}), roles ${input.profile.sut.roles.join(', ')}, edition ${input.profile.edition}${input.profile.sut.embedded ? ' — the embedded reference SUT' : ''}`);
  // what the loader said of the profile (capabilities: is deprecated, and what it was read as in the PICS)
  for (const w of input.profile.warnings ?? []) md.push(`- Profile warning: ${mdi(w, 1500)}`);
  md.push(`- Suite: cim9 ${pkg.version}, run at ${report.generatedAt}${input.faults.length ? `, simulator faults: ${input.faults.join(', ')}` : ''}`);
  if (modeReport) md.push(...modeReport.head);
  if (capabilitiesOf(input.profile).relayToHeadEnd && input.profile.peers) md.push(`- The head-end the suite played behind the SUT answered interval data in pages of at most ${input.profile.peers.HES.pageIntervals} intervals (peers.HES.pageIntervals)`);
  md.push(`- Verdicts: ${verdictCounts(counts)}`, '');
  md.push('`failed` means the SUT violated a requirement; `error` means the suite or the environment failed and says nothing about the SUT.', '');
  if (generation.verdict) {
    md.push('## Message generation (ENV-GENERATION)', '');
    md.push(`**${generation.verdict}** (ENV-01=${generation.env01}). First seen in "${generation.firstSeen!.message}" of scenario "${generation.firstSeen!.scenario}"; draft and final peers do not interoperate, so the ${generation.skipped} later scenario(s) were skipped for that reason instead of failing one by one.`, '');
  }
  if (modeReport) md.push(...modeReport.md);
  md.push('## Scenarios', '', '| verdict | id | use case | scenario | assumptions used |', '|---|---|---|---|---|');
  for (const s of scenarios) {
    md.push(`| ${mdi(s.verdict)}${s.reason?.startsWith('ENV-GENERATION') ? ' (ENV-GENERATION)' : ''} | ${mdi(s.id ?? s.req.join(', ')) || '—'} | ${mdi(tagValuesOf(s.tags, 'usecase').join(', ') || s.uc.join(', '))} | ${mdi(s.name)} | ${mdi(Object.entries(s.assumptions).map(([k, v]) => `${k}=${v}`).join('; ')) || '—'} |`);
  }
  // the cause of every scenario without a verdict (a certification run lists them in its own section above)
  const skipped = scenarios.filter((s) => s.verdict === 'skipped');
  if (skipped.length && input.mode?.kind !== 'certification') {
    md.push('', '## Skipped scenarios (no verdict)', '');
    for (const s of skipped) md.push(`- ${mdi(s.id ?? s.name)}: ${mdi(s.name)} (${mdi(s.uri)}) — ${mdi(s.reason ?? 'no reason recorded')}`);
  }
  const bad = scenarios.filter((s) => s.verdict === 'failed' || s.verdict === 'error');
  if (bad.length) {
    md.push('', '## Evidence of failures', '');
    for (const s of bad) {
      md.push(`### ${mdi(s.verdict)}: ${mdi(s.name)}`, '', ...markdownBlock((s.error ?? '').trim()), '');
      // each rule it violated with the clause of the standard (the findings above carry the XPath and what was expected)
      const violated = new Map(s.findings.filter((f) => f.severity === 'error').map((f) => [f.rule, f.clause]));
      if (violated.size) md.push(`Rules violated: ${[...violated].map(([r, c]) => `**${mdi(r)}**${c ? ` (${mdi(c)})` : ''}`).join('; ')}.`, '');
      md.push(...findingsMarkdown(s.findings));
      if (s.stoppedAt) md.push(`Stopped at the step "${mdi(s.stoppedAt)}"${s.notRun?.length ? `; the ${s.notRun.length} step(s) after it did not run because it did not pass: ${s.notRun.map((x) => `"${mdi(x)}"`).join(', ')}` : ''}.`, '');
      // the reply the scenario waited for in vain may have come later (only when the scenario is told apart by name and file)
      const same = scenarios.filter((o) => o.name === s.name && o.uri === s.uri).length === 1;
      for (const l of same ? late.filter((x) => x.replyTo!.request.scenario?.name === s.name && x.replyTo!.request.scenario.uri === s.uri) : []) {
        md.push(`The reply did come, LATE: #${l.seq} ${mdi(replyNote(l.replyTo!))} (see "Late replies").`, '');
      }
    }
  }
  const warnings = scenarios.flatMap((s) => s.findings.filter((f) => f.severity === 'warning').map((f) => `${s.name}: ${formatFinding(f)}`));
  if (warnings.length) {
    md.push('', '## Warnings (uncertain points of the standard; not failures)', '');
    for (const w of [...new Set(warnings)]) md.push(`- ${mdi(w)}`);
  }
  if (overlay) md.push('', ...overlayMarkdown(overlay));
  md.push('', ...useCasesMarkdown(useCases, !!input.profile.pics, !!input.suite));
  if (requirements) md.push('', ...requirementsMarkdown(requirements));
  md.push('', ...attestationsMarkdown(attestations));
  if (pics) md.push('', ...picsMarkdown(pics));
  if (input.plan.notApplicable.length) {
    md.push('', '## Not applicable to this profile', '', '| scenario | where | reason |', '|---|---|---|');
    for (const n of input.plan.notApplicable) md.push(`| ${mdi(n.name)} | ${mdi(`${n.uri}:${n.line}`)} | ${mdi(n.reason)} |`);
  }
  if (late.length) {
    md.push('', '## Late replies (the SUT answered after the deadline)', '');
    md.push(`Each carries the CorrelationID of a request of the suite that asked for an asynchronous reply, and arrived after the deadline: timeouts.asyncResultSeconds (${asyncResultSeconds} s) after the request's synchronous exchange ended, when the scenario began to wait for the result. By then the scenario had stopped waiting and reported the result as missing.`, '');
    for (const l of late) md.push(`- ${mdi(deliveryLine(l))}`);
  }
  if (unsolicited.length) {
    md.push('', '## Messages the SUT sent that no scenario expected', '');
    const perPath = new Map<string, number>();
    for (const u of unsolicited) {
      const key = `/${u.path.replace(/^\/+/, '')} (${u.delivery})`;
      perPath.set(key, (perPath.get(key) ?? 0) + 1);
    }
    md.push(`${unsolicited.length} message(s), by address:`, '', '| address (delivery) | messages |', '|---|---|');
    for (const [k, n] of [...perPath].sort((a, b) => b[1] - a[1])) md.push(`| ${mdi(k, 300)} | ${n} |`);
    md.push('');
    for (const u of unsolicited.slice(0, UNSOLICITED_LISTED)) md.push(`- ${mdi(deliveryLine(u))}`);
    if (unsolicited.length > UNSOLICITED_LISTED) md.push(`- … and ${unsolicited.length - UNSOLICITED_LISTED} more (every one is in conformance.json)`);
  }
  md.push('', '## Assumptions in force', '', '| id | value |', '|---|---|');
  for (const [k, v] of Object.entries(inForce)) md.push(`| ${mdi(k)} | ${mdi(v)} |`);
  writeFileSync(join(input.reportsDir, 'conformance.md'), md.join('\n') + '\n');

  const lines = [
    `cim9: reports in ${relative(process.cwd(), input.reportsDir) || '.'}/ (conformance.html, conformance.md, conformance.json, cucumber.html, cucumber.ndjson, junit.xml)`,
  ];
  if (modeReport) lines.push(...modeReport.lines);
  if (generation.verdict) lines.push(`cim9: ENV-GENERATION ${generation.verdict}; ${generation.skipped} later scenario(s) skipped`);
  for (const s of bad) lines.push(`cim9: ${s.verdict.toUpperCase()} ${terminal(s.name)}`);
  for (const l of late) lines.push(`cim9: LATE #${l.seq} ${terminal(`${l.inspected['verb'] ?? '?'}(${l.inspected['noun'] ?? '?'}): ${replyNote(l.replyTo!)}`)}`);
  if (unsolicited.length) lines.push(`cim9: ${unsolicited.length} message(s) from the SUT matched no scenario (see conformance.md)`);
  if (pics?.disagreements.length) {
    lines.push(`cim9: PICS ${pics.disagreements.length} disagreement(s) between pics: and what the SUT did (${pics.verdict === 'failure' ? 'failures, CIM9-163 = failure' : 'warnings, CIM9-163'}; see conformance.md)`);
    for (const d of pics.disagreements.slice(0, 10)) lines.push(`cim9: PICS ${d.severity.toUpperCase()} ${terminal(d.message)}`);
  }
  if (overlay) {
    const unmet = [...overlay.requiredUseCases.filter((r) => !r.met).map((r) => `${r.role} ${r.useCase}`), ...overlay.requirements.filter((r) => r.verdict === 'not met').map((r) => r.id)];
    const unchecked = overlay.requirements.filter((r) => r.verdict === 'not checked').map((r) => r.id);
    const what = overlay.met
      ? `MET (${overlay.requiredUseCases.length} required use case(s) ran and passed, ${overlay.requirements.length} requirement(s) met)`
      : `${overlay.verdict.toUpperCase()}${unmet.length ? `: not met ${terminal(unmet.join(', '), 400)}` : ''}${unchecked.length ? `${unmet.length ? ';' : ':'} not checked ${terminal(unchecked.join(', '), 400)}` : ''}`;
    lines.push(`cim9: utility overlay ${terminal(overlay.name)} (${terminal(overlay.file)}), apart from base conformance: ${what}; ${overlay.changed.length} verdict(s) changed by it (see conformance.md)`);
  }
  // the same counts, in the same words, as the statement's "Verdicts" line
  lines.push(`conformance: ${verdictCounts(counts)}`);
  return { counts, lines, ...(modeReport?.json.conformant !== undefined ? { conformant: modeReport.json.conformant } : {}), ...(picsFailed ? { picsFailed } : {}), ...(overlay && !overlay.met ? { overlayFailed: true } : {}) };
}

/** the most findings of one scenario the Markdown statement lists (every one is in conformance.json) */
export const FINDINGS_LISTED_MD = 20;

/**
 * The findings of a scenario that did not pass, as a table: the rule and its clause, what was expected and what the
 * SUT sent (columns of their own), the XPath. Errors first; a finding recorded twice is listed once. Every text the
 * SUT controls (actual, message, XPath) escaped and cut (ACTUAL_MAX).
 */
export function findingsMarkdown(findings: readonly Finding[]): string[] {
  const seen = new Set<string>();
  const rows = [...findings.filter((f) => f.severity === 'error'), ...findings.filter((f) => f.severity !== 'error')].filter((f) => {
    const key = JSON.stringify([f.rule, f.severity, f.message, f.xpath, f.expected, f.actual]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (!rows.length) return [];
  const md = ['| severity | rule (clause) | finding | expected | actual | XPath |', '|---|---|---|---|---|---|'];
  for (const f of rows.slice(0, FINDINGS_LISTED_MD)) {
    md.push(`| ${mdi(f.severity)} | ${mdi(f.rule, 200)}${f.clause ? ` (${mdi(f.clause, 200)})` : ''} | ${mdi(f.message ?? '', 1000)} | ${f.expected !== undefined ? mdi(f.expected, ACTUAL_MAX + 40) : '—'} | ${f.actual !== undefined ? mdi(f.actual, ACTUAL_MAX + 40) : '—'} | ${mdi(f.xpath ?? '', 500) || '—'} |`);
  }
  if (rows.length > FINDINGS_LISTED_MD) md.push('', `… and ${rows.length - FINDINGS_LISTED_MD} more finding(s) (every one is in conformance.json).`);
  return [...md, ''];
}

const OVERLAY_VERDICT: Record<string, string> = { met: 'met', 'not met': '**NOT MET**', 'not checked': '**not checked**' };

/** the statement's section "Utility overlay": what it set, its required use cases, the verdicts it changed; escaped */
export function overlayMarkdown(o: OverlayReport): string[] {
  const md: string[] = ['## Utility overlay', ''];
  const verdict = o.verdict ?? (o.met ? 'met' : 'not met');
  md.push(`Overlay **${mdi(o.name)}** (${mdi(o.file)}, sha256 ${o.sha256}) applied on the base profile; its own requirements are reported here, apart from base conformance, and change no verdict above (its assumptions and capabilities apply to the whole run: the verdicts that changed by them are listed below). Its requirements: **${verdict === 'met' ? 'met' : verdict.toUpperCase()}**.`, '');
  if (o.requirements?.length) {
    md.push("The utility's own requirements, judged against the messages of this run:", '', '| requirement | requires | verdict | observed | e.g. (scenario — message — detail) |', '|---|---|---|---|---|');
    for (const r of o.requirements) {
      const eg = r.examples.map((x) => `${x.scenario ? `${x.scenario} — ` : ''}${x.message} — ${x.detail}`).join('; ');
      md.push(`| ${mdi(r.id)} | ${r.statement ? `${mdi(r.statement)}: ` : ''}${mdi(r.requires)} | ${OVERLAY_VERDICT[r.verdict]} | ${mdi(r.observed)} | ${mdi(eg, 1500) || '—'} |`);
    }
    md.push('');
  }
  for (const w of o.warnings ?? []) md.push(`- Warning: ${mdi(w)}`);
  if (o.warnings?.length) md.push('');
  if (o.assumptions.length) {
    md.push('| assumption | base profile | with the overlay |', '|---|---|---|');
    for (const a of o.assumptions) md.push(`| ${mdi(a.id)} | ${mdi(a.base)} | ${mdi(a.overlay)} |`);
    md.push('');
  }
  if (o.capabilities.length) md.push(`Mandatory capabilities: ${o.capabilities.map((c) => `${mdi(c.name)} (base profile: ${c.base})`).join(', ')}.`, '');
  if (o.requiredUseCases.length) {
    md.push('| role | required use case | outcome | met |', '|---|---|---|---|');
    for (const r of o.requiredUseCases) md.push(`| ${mdi(r.role)} | ${mdi(r.useCase)} | ${mdi(r.outcome)}${r.why ? `: ${mdi(r.why)}` : ''} | ${r.met ? 'yes' : '**no**'} |`);
    md.push('');
  }
  if (!o.changed.length) md.push('The overlay changed no verdict of this run.', '');
  else {
    md.push('Verdicts the overlay changed:', '', '| scenario | verdict | because |', '|---|---|---|');
    for (const c of o.changed) md.push(`| ${mdi(c.req.join(', ') || c.scenario)} | ${mdi(c.verdict)} | ${mdi(c.because)} |`);
    md.push('');
  }
  return md;
}

/** the statement's section "Declared versus observed per use case"; every text escaped */
export function useCasesMarkdown(rows: readonly UseCaseRow[], hasPics: boolean, countsNotRun: boolean): string[] {
  const md: string[] = ['## Declared versus observed per use case', ''];
  md.push(
    `Per use case of the roles the SUT plays: what the profile declares (${hasPics ? 'pics.<role>.useCases; a role without a useCases list declares every use case of the role' : 'the profile has no pics: section, so every use case of its roles applies'}) and what the run observed of its scenarios${countsNotRun ? '; "not run": applicable, but left out of this run (--tags, --name, feature paths) or never reached' : ''}. A scenario naming several use cases counts in each.`,
    '',
  );
  if (!rows.length) return [...md, 'No use case of the roles the SUT plays.', ''];
  md.push('| use case | roles | declared | outcome | passed | failed (waived) | error / skipped | not applicable | not run | note |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const c = r.counts;
    const note = r.note ?? (r.outcome === 'not applicable' && r.notApplicableReason ? r.notApplicableReason : '');
    md.push(`| ${mdi(r.useCase)} | ${mdi(r.roles.join(', ')) || '—'} | ${mdi(declaredText(r.declared, hasPics))} | ${mdi(r.outcome)} | ${c.passed} | ${c.failed + c.waived}${c.waived ? ` (${c.waived})` : ''} | ${c.noVerdict} | ${c.notApplicable} | ${countsNotRun ? c.notRun : '—'} | ${mdi(note) || '—'} |`);
  }
  md.push('');
  return md;
}

/** the statement's section "Declared versus observed per noun and verb (PICS)"; SUT text escaped */
export function picsMarkdown(pics: PicsReport): string[] {
  const md: string[] = ['## Declared versus observed per noun and verb (PICS)', ''];
  md.push(
    `The profile's pics: section against the replies the SUT gave to the suite's requests (supports), the requests it sent as a client (sends) and the publications it made to the suite's listener (publishes). A disagreement is ${pics.verdict === 'failure' ? 'a **failure** (CIM9-163 = failure: the run exits 1)' : pics.verdict === 'off' ? 'not judged (CIM9-163 = off)' : 'a warning, not a failure (CIM9-163 = warning)'}; "refused as unsupported" is ${pics.refusal === 'any-failed' ? 'any FAILED reply or SOAP fault' : `a FAILED reply with code ${pics.unsupportedCodes.join(' or ')}`} (CIM9-164).`,
    '',
  );
  const skipped = notComparedText(pics.notCompared);
  if (!pics.disagreements.length) md.push(pics.verdict === 'off' ? 'Not compared.' : skipped ? 'No disagreement among the noun / verb pairs compared.' : 'No disagreement: every noun and verb exchanged was answered as the PICS declares.', '');
  else {
    md.push('| severity | kind | role | noun | verb | requests | what was observed |', '|---|---|---|---|---|---|---|');
    for (const d of pics.disagreements) md.push(`| ${d.severity} | ${d.kind} | ${mdi(d.role)} | ${mdi(d.noun)} | ${mdi(d.verb)} | ${d.requests} | ${mdi(d.message)}${d.example.scenario ? ` (e.g. scenario "${mdi(d.example.scenario.replace(/ \[[^\]]*\]$/, ''))}")` : ''} |`);
    md.push('');
  }
  if (skipped) md.push(mdi(skipped, 4000), '');
  if (pics.observed.length) {
    md.push('| role | noun | verb | requests | accepted (OK / PARTIAL) | refused as unsupported | other replies |', '|---|---|---|---|---|---|---|');
    for (const o of pics.observed) md.push(`| ${mdi(o.role)} | ${mdi(o.noun)} | ${mdi(o.verb)} | ${o.requests} | ${o.accepted} | ${o.refused} | ${o.other} |`);
    md.push('');
  }
  const sent = pics.sent ?? [];
  if (sent.length || (pics.notSent ?? []).length) {
    md.push('Requests the SUT sent as a client (to the peers the suite plays), against pics.<role>.sends:', '');
    if (sent.length) {
      md.push('| role | sent to | noun | verb | requests | declared in sends |', '|---|---|---|---|---|---|');
      for (const o of sent) {
        const decl = (pics.declared as Record<string, { sends?: { noun: string; verbs: string[] }[] } | undefined>)[o.role]?.sends;
        const declared = decl ? (decl.find((n) => n.noun === o.noun)?.verbs.includes(o.verb) ? 'yes' : '**no**') : 'not compared (no sends)';
        md.push(`| ${mdi(o.role)} | ${mdi(o.peer)} | ${mdi(o.noun)} | ${mdi(o.verb)} | ${o.requests} | ${declared} |`);
      }
      md.push('');
    }
    if ((pics.notSent ?? []).length) md.push(`Declared in sends, no request seen in this run: ${(pics.notSent ?? []).map((x) => `${mdi(x.role)} ${mdi(x.verb)}(${mdi(x.noun)})`).join(', ')}.`, '');
  }
  const published = pics.published ?? [];
  const notPublished = pics.notPublished ?? [];
  if (published.length || notPublished.length) {
    md.push("Publications the SUT made on its own to the suite's listener as its subscriber (events, master-data changes), against pics.<role>.publishes:", '');
    if (published.length) {
      md.push('| role | noun | verb | sent to | messages | declared in publishes |', '|---|---|---|---|---|---|');
      for (const o of published) md.push(`| ${mdi(o.role)} | ${mdi(o.noun)} | ${mdi(o.verb)} | ${o.to.map((t) => mdi(`/${t}`)).join(', ')} | ${o.deliveries} | ${declaredPublishes(pics, o)} |`);
      md.push('');
    }
    if (notPublished.length) md.push(`Declared in publishes, not observed in this run (the run may not have triggered them): ${notPublished.map((x) => `${mdi(x.role)} ${mdi(x.verb)}(${mdi(x.noun)})`).join(', ')}.`, '');
  }
  if (pics.elements?.length) {
    md.push('Optional elements pics.<role>.elements declares the SUT sends, against every payload of the noun it sent:', '', '| role | noun | element | elements at its parent | lacking it | e.g. |', '|---|---|---|---|---|---|');
    for (const o of pics.elements) md.push(`| ${mdi(o.role)} | ${mdi(o.noun)} | ${mdi(o.path)} | ${o.parents || 'none sent: not observed'} | ${o.missing ? `**${o.missing}**` : o.parents ? '0' : '—'} | ${o.example ? mdi(`${o.example.scenario ? `${o.example.scenario} — ` : ''}${o.example.message} — ${o.example.detail}`, 600) : '—'} |`);
    md.push('');
  }
  if (pics.unjudged) md.push(`${pics.unjudged} message(s) could not be judged (bytes not kept, not a readable message, or the role of the SUT not known).`, '');
  return md;
}

/** whether pics.<role>.publishes declares a publication: yes, no, or not compared (the role declares no publishes) */
export function declaredPublishes(pics: Pick<PicsReport, 'declared'>, o: { role: string; noun: string; verb: string }): string {
  const decl = (pics.declared as Record<string, { publishes?: { noun: string; verbs: string[] }[] } | undefined> | undefined)?.[o.role]?.publishes;
  return decl ? (decl.find((n) => n.noun === o.noun)?.verbs.includes(o.verb) ? 'yes' : '**no**') : 'not compared (no publishes)';
}
