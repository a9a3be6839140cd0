/**
 * The conformance report tells a LATE asynchronous reply from an unsolicited message: a delivery no scenario
 * claimed whose CorrelationID is that of a request the suite sent (found among the request attachments of
 * cucumber.ndjson) with AsyncReplyFlag, arriving after timeouts.asyncResultSeconds, is listed under "Late replies"
 * as "late reply to <verb>(<noun>) sent at <time>, arrived <N> s after the deadline"; the rest stay unsolicited,
 * naming the request they answer when they answer one.
 * Run: node --import tsx --test test/report-late.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyDeliveries, readSentRequests, writeConformanceReport, type ScenarioRecord, type SentRequest, type UnsolicitedRecord } from '../src/report/conformance.ts';
import { loadProfile } from '../src/profile/index.ts';
import { toSoap, type Header } from '../src/message/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const profileFile = join(ROOT, 'profiles', 'reference.yaml');
const profile = loadProfile(profileFile); // timeouts.asyncResultSeconds: 10, responseSeconds: 10

const T0 = Date.parse('2026-01-01T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

const pickle = { id: 'p1', name: 'The CIS reads a meter asynchronously', uri: 'features/on-request-read.feature' };

/** a request attachment as Cucumber's message formatter writes it, recorded `recordedMs` after T0 */
function requestAttachment(label: string, header: Header, recordedMs: number): string {
  const xml = toSoap({ kind: 'request', form: 'generic', header }, '1.1').xml;
  const ts = T0 + recordedMs;
  return JSON.stringify({
    attachment: { body: xml, contentEncoding: 'IDENTITY', mediaType: 'application/xml', fileName: `${label} (request).xml`, testCaseStartedId: 'tcs1', testStepId: 's1', timestamp: { seconds: Math.floor(ts / 1000), nanos: (ts % 1000) * 1e6 } },
  });
}

const asyncGet: Header = { verb: 'get', noun: 'MeterReadings', timestamp: '2026-01-01T10:00:00Z', source: 'cim9', messageId: 'msg-1', correlationId: 'corr-1', asyncReplyFlag: true, replyAddress: 'http://127.0.0.1:1/callback/replies' };
const asyncGet2: Header = { ...asyncGet, messageId: 'msg-2', correlationId: 'corr-2', timestamp: '2026-01-01T10:01:00Z' };
const syncGet: Header = { verb: 'get', noun: 'EndDeviceEvents', timestamp: '2026-01-01T10:02:00Z', source: 'cim9', messageId: 'msg-3', correlationId: 'corr-3' };
// a negative scenario's request with a Timestamp far off: the recording time counts instead
const oddStamp: Header = { ...asyncGet, messageId: 'msg-4', correlationId: 'corr-4', timestamp: '2001-01-01T00:00:00Z' };

const deliveries: UnsolicitedRecord[] = [
  // the result of asyncGet: 10 s after the synchronous exchange ended (T0 + 0.2 s) is the deadline; 2 s after it
  { seq: 1, receivedAt: at(12_200), path: 'replies', delivery: 'accepted', inspected: { verb: 'created', noun: 'MeterReadings', correlationId: 'corr-1', messageId: 'r-1' } },
  // an event nobody asked for
  { seq: 2, receivedAt: at(30_000), path: 'oms/events', delivery: 'accepted', inspected: { verb: 'created', noun: 'EndDeviceEvents', messageId: 'e-1' } },
  // a second result of asyncGet2, within its deadline
  { seq: 3, receivedAt: at(65_000), path: 'replies', delivery: 'accepted', inspected: { verb: 'created', noun: 'MeterReadings', correlationId: 'corr-2' } },
  // a delivery answering a request that asked for no asynchronous reply, long after it
  { seq: 4, receivedAt: at(150_000), path: 'replies', delivery: 'accepted', inspected: { verb: 'reply', noun: 'EndDeviceEvents', correlationId: 'corr-3' } },
  // the late result of asyncGet, but misdirected (404): that is not a reply at the ReplyAddress
  { seq: 5, receivedAt: at(13_000), path: '/elsewhere', delivery: 'misdirected', inspected: { verb: 'created', noun: 'MeterReadings', correlationId: 'corr-1' } },
  // late result of the request with the odd Timestamp (recorded at T0 + 3 min): 1.5 s after its deadline
  { seq: 6, receivedAt: at(191_500), path: 'replies', delivery: 'accepted', inspected: { verb: 'created', noun: 'MeterReadings', correlationId: 'corr-4' } },
];

function ndjson(): string {
  return [
    JSON.stringify({ meta: { protocolVersion: '32.2.0' } }),
    JSON.stringify({ pickle: { ...pickle, language: 'en', steps: [], tags: [], astNodeIds: [] } }),
    JSON.stringify({ testCase: { id: 'tc1', pickleId: 'p1', testSteps: [{ id: 's1', pickleStepId: 'x', stepDefinitionIds: [], stepMatchArgumentsLists: [] }] } }),
    JSON.stringify({ testCaseStarted: { id: 'tcs1', testCaseId: 'tc1', attempt: 0, timestamp: { seconds: T0 / 1000, nanos: 0 } } }),
    requestAttachment('get(MeterReadings) asynchronous', asyncGet, 200),
    JSON.stringify({ attachment: { body: '<reply/>', contentEncoding: 'IDENTITY', mediaType: 'application/xml', fileName: 'get(MeterReadings) asynchronous (reply, HTTP 200).xml', testCaseStartedId: 'tcs1' } }),
    requestAttachment('get(MeterReadings) again', asyncGet2, 60_300),
    requestAttachment('get(EndDeviceEvents)', syncGet, 120_100),
    requestAttachment('odd timestamp', oddStamp, 180_000),
    JSON.stringify({ testStepFinished: { testCaseStartedId: 'tcs1', testStepId: 's1', testStepResult: { status: 'FAILED', duration: { seconds: 10, nanos: 0 } }, timestamp: { seconds: T0 / 1000 + 10, nanos: 0 } } }),
    JSON.stringify({ testCaseFinished: { testCaseStartedId: 'tcs1', timestamp: { seconds: T0 / 1000 + 10, nanos: 0 }, willBeRetried: false } }),
    '{"attachment":{"body":"cut short by a cra',
  ].join('\n') + '\n';
}

const failedScenario: ScenarioRecord = {
  name: pickle.name,
  uri: pickle.uri,
  tags: ['@uc:on-request-read'],
  uc: ['on-request-read'],
  role: ['MDM'],
  req: [],
  verdict: 'failed',
  error: 'asynchronous result: the SUT violated 1 requirement(s)\n  - error ENV-ASYNC-RESULT: no result with CorrelationID corr-1 reached the ReplyAddress within 10 s',
  findings: [],
  assumptions: {},
  exchanges: 2,
  faults: ['late-async-reply'],
};

function reportsDir(withNdjson = true): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-report-'));
  mkdirSync(join(dir, '.scenarios'));
  writeFileSync(join(dir, '.scenarios', 'scenarios-1.ndjson'), JSON.stringify({ ...failedScenario, testCaseStartedId: 'tcs1' }) + '\n');
  writeFileSync(join(dir, '.scenarios', 'unsolicited-1.ndjson'), deliveries.map((d) => JSON.stringify({ ...d, body: '<x/>' })).join('\n') + '\n');
  if (withNdjson) writeFileSync(join(dir, 'cucumber.ndjson'), ndjson());
  return dir;
}

function report(dir: string) {
  const summary = writeConformanceReport({ reportsDir: dir, profile, profileFile, plan: { tagExpression: '', exclusions: [], notApplicable: [] }, faults: ['late-async-reply'], extraAssumptions: {} });
  const md = readFileSync(join(dir, 'conformance.md'), 'utf8');
  const json = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { unsolicited: { seq: number }[]; lateReplies: { seq: number; replyTo: { secondsAfterDeadline: number; request: SentRequest } }[] };
  return { summary, md, json };
}

/** the lines of one "## " section of the Markdown */
function section(md: string, title: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${title}`));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe('late asynchronous replies in the conformance report', () => {
  test('readSentRequests finds the requests by CorrelationID or MessageID, with their scenario and times', () => {
    const dir = reportsDir();
    try {
      const reqs = readSentRequests(join(dir, 'cucumber.ndjson'), new Set(['corr-1', 'msg-3', 'corr-4']), 10);
      assert.deepEqual(reqs.map((r) => r.correlationId).sort(), ['corr-1', 'corr-3', 'corr-4']);
      const r1 = reqs.find((r) => r.correlationId === 'corr-1')!;
      assert.equal(r1.verb, 'get');
      assert.equal(r1.noun, 'MeterReadings');
      assert.equal(r1.label, 'get(MeterReadings) asynchronous');
      assert.equal(r1.asyncReply, true);
      assert.equal(r1.sentAt, '2026-01-01T10:00:00Z');
      assert.equal(r1.recordedAt, at(200));
      assert.deepEqual(r1.scenario, { name: pickle.name, uri: pickle.uri });
      assert.equal(reqs.find((r) => r.correlationId === 'corr-3')!.asyncReply, false);
      // an implausible Header/Timestamp: the recording time stands in
      assert.equal(reqs.find((r) => r.correlationId === 'corr-4')!.sentAt, at(180_000));
      assert.deepEqual(readSentRequests(join(dir, 'no-such.ndjson'), new Set(['corr-1']), 10), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('classifyDeliveries: late only with AsyncReplyFlag, after the deadline, accepted at the listener', () => {
    const dir = reportsDir();
    try {
      const reqs = readSentRequests(join(dir, 'cucumber.ndjson'), new Set(['corr-1', 'corr-2', 'corr-3', 'corr-4']), 10);
      const { late, unsolicited } = classifyDeliveries(deliveries, reqs, 10);
      assert.deepEqual(late.map((l) => l.seq), [1, 6]);
      assert.equal(late[0]!.replyTo!.secondsAfterDeadline, 2);
      assert.equal(late[0]!.replyTo!.deadline, at(10_200));
      assert.equal(late[1]!.replyTo!.secondsAfterDeadline, 1.5);
      assert.deepEqual(unsolicited.map((u) => u.seq), [2, 3, 4, 5]);
      assert.equal(unsolicited.find((u) => u.seq === 2)!.replyTo, undefined);
      assert.equal(unsolicited.find((u) => u.seq === 5)!.replyTo, undefined, 'a misdirected delivery is no reply');
      assert.ok(unsolicited.find((u) => u.seq === 3)!.replyTo!.secondsAfterDeadline < 0);
      // a delivery before any request went out answers none
      assert.deepEqual(classifyDeliveries([{ ...deliveries[0]!, receivedAt: at(-1000) }], reqs, 10).late, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('conformance.md and .json list the late reply as LATE, not as unsolicited', () => {
    const dir = reportsDir();
    try {
      const { summary, md, json } = report(dir);
      const late = section(md, 'Late replies');
      assert.equal(late.filter((l) => l.startsWith('- ')).length, 2, md);
      assert.ok(
        late.some((l) => l.startsWith('- #1 ') && l.includes('late reply to get(MeterReadings) sent at 2026-01-01T10:00:00Z, arrived 2.0 s after the deadline') && l.includes(`scenario "${pickle.name}"`)),
        late.join('\n'),
      );
      assert.ok(late.some((l) => l.startsWith('- #6 ') && l.includes(`late reply to get(MeterReadings) sent at ${at(180_000)}, arrived 1.5 s after the deadline`)), late.join('\n'));
      const unsolicited = section(md, 'Messages the SUT sent that no scenario expected').filter((l) => l.startsWith('- '));
      assert.deepEqual(unsolicited.map((l) => l.split(' ')[1]), ['#2', '#3', '#4', '#5']);
      assert.ok(!unsolicited.some((l) => l.includes('late reply')), unsolicited.join('\n'));
      assert.ok(unsolicited.find((l) => l.startsWith('- #3 '))!.includes('reply to get(MeterReadings) sent at 2026-01-01T10:01:00Z, arrived within the deadline'));
      assert.ok(unsolicited.find((l) => l.startsWith('- #4 '))!.includes('carries the CorrelationID of get(EndDeviceEvents) sent at 2026-01-01T10:02:00Z, which asked for no asynchronous reply'));
      // the failed scenario's evidence says the result came after all
      const evidence = section(md, 'Evidence of failures').join('\n');
      assert.match(evidence, /The reply did come, LATE: #1 late reply to get\(MeterReadings\) sent at 2026-01-01T10:00:00Z, arrived 2\.0 s after the deadline/);
      assert.deepEqual(json.lateReplies.map((l) => l.seq), [1, 6]);
      assert.equal(json.lateReplies[0]!.replyTo.request.verb, 'get');
      assert.deepEqual(json.unsolicited.map((u) => u.seq), [2, 3, 4, 5]);
      assert.ok(summary.lines.includes('cim9: LATE #1 created(MeterReadings): late reply to get(MeterReadings) sent at 2026-01-01T10:00:00Z, arrived 2.0 s after the deadline'), summary.lines.join('\n'));
      assert.ok(summary.lines.includes('cim9: 4 message(s) from the SUT matched no scenario (see conformance.md)'), summary.lines.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without cucumber.ndjson every unclaimed delivery stays unsolicited', () => {
    const dir = reportsDir(false);
    try {
      const { md, json } = report(dir);
      assert.deepEqual(section(md, 'Late replies'), []);
      assert.equal(json.lateReplies.length, 0);
      assert.equal(json.unsolicited.length, deliveries.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
