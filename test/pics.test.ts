/**
 * The profile's PICS (pics:): the loader's errors, the JSON Schema and the shipped profiles, the plan's selection by
 * declared use cases, the noun / verb comparison on synthetic message logs, and the statement's rendering of it.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { parseProfile, loadProfile, ProfileError, PROFILE_SCHEMA_FILE, type Profile } from '../src/profile/index.ts';
import { USE_CASES } from '../src/usecases/ids.ts';
import { EVENT_VERBS, REQUEST_VERBS, toSoap, type Message } from '../src/message/index.ts';
import { exclusionsFor, planScenarios } from '../src/cli/plan.ts';
import { recordMessage, readMessageLog, type ExchangeLogEntry } from '../src/report/exchanges.ts';
import { clientRequestsFromLog, exchangesFromLog, notCompared, notComparedText, observeClientRequests, observeNounVerbs, observePublications, picsDisagreements, picsReport, observeReply, publicationsFromLog, publishesDisagreements, sendsDisagreements, type PicsReport } from '../src/report/pics.ts';
import { picsMarkdown } from '../src/report/conformance.ts';
import { renderStatementHtml } from '../src/report/statement-html.ts';
import { runCim9InProcess } from './cli.ts';
import { buildMeterReadings } from '../src/payloads/meterReadings.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));

const BASE = `cim9: 1
name: pics
sut:
  roles: [MDM]
  endpoints:
    MDM:
      url: http://127.0.0.1:8080/cim
data:
  meters:
    - { mRID: M-1, usagePoint: UP-1 }
`;

function problem(text: string): ProfileError {
  try {
    parseProfile(text, 'p.yaml', { env: {} });
  } catch (e) {
    assert.ok(e instanceof ProfileError, String(e));
    return e;
  }
  assert.fail('the profile loaded');
}

describe('pics: in the profile loader', () => {
  test('a valid section loads as declared', () => {
    const p = parseProfile(`${BASE}pics:\n  MDM:\n    useCases: [MR-03, EDE-02]\n    supports:\n      - { noun: MeterReadings, verbs: [get] }\n      - { noun: MeterConfig, verbs: [create, change, delete] }\n`, 'p.yaml', { env: {} });
    assert.deepEqual(p.pics, { MDM: { useCases: ['MR-03', 'EDE-02'], supports: [{ noun: 'MeterReadings', verbs: ['get'] }, { noun: 'MeterConfig', verbs: ['create', 'change', 'delete'] }] } });
    assert.equal(parseProfile(BASE, 'p.yaml', { env: {} }).pics, undefined);
  });

  test('an unknown role, use case or verb is one line naming the field', () => {
    const role = problem(`${BASE}pics:\n  XYZ: { useCases: [MR-03] }\n`);
    assert.equal(role.issues.length, 1);
    assert.match(role.message, /^p\.yaml:12:\d+: pics\.XYZ: unknown field "XYZ".*MDM, HES, CIS, OMS/);

    const uc = problem(`${BASE}pics:\n  MDM: { useCases: [MR-03, MR-33] }\n`);
    assert.equal(uc.issues.length, 1);
    assert.match(uc.message, /^p\.yaml:12:\d+: pics\.MDM\.useCases\[1\]: "MR-33" is not allowed \(did you mean "MR-03"\?\): must be one of EDE-01/);
    assert.doesNotMatch(uc.message, /\n/);

    const verb = problem(`${BASE}pics:\n  MDM:\n    supports:\n      - { noun: MeterReadings, verbs: [get, fetch] }\n`);
    assert.equal(verb.issues.length, 1);
    assert.match(verb.message, /pics\.MDM\.supports\[0\]\.verbs\[1\]: "fetch" is not allowed.*must be one of .*get/);
  });

  test('a role the SUT does not play, a noun listed twice and a badly formed noun are refused', () => {
    assert.match(problem(`${BASE}pics:\n  HES: { useCases: [MR-03] }\n`).message, /pics\.HES: the SUT does not play HES \(sut\.roles: MDM\)/);
    assert.match(
      problem(`${BASE}pics:\n  MDM:\n    supports:\n      - { noun: MeterReadings, verbs: [get] }\n      - { noun: MeterReadings, verbs: [create] }\n`).message,
      /pics\.MDM\.supports\[1\]\.noun: noun "MeterReadings" is listed twice \(first at pics\.MDM\.supports\[0\]\)/,
    );
    assert.match(problem(`${BASE}pics:\n  MDM:\n    supports:\n      - { noun: "meter readings", verbs: [get] }\n`).message, /pics\.MDM\.supports\[0\]\.noun/);
    assert.match(problem(`${BASE}pics:\n  MDM: { useCases: [] }\n`).message, /pics\.MDM\.useCases/);
  });

  test('cim9 run exits 2 with the one line on a bad pics: section', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim9-pics-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(file, `${BASE}pics:\n  MDM: { useCases: [NOPE-1] }\n`);
    const r = await runCim9InProcess(['run', '--dry-run', '--profile', file]);
    assert.equal(r.code, 2, r.stderr + r.stdout);
    assert.match(r.stderr, /pics\.MDM\.useCases\[0\]: "NOPE-1" is not allowed/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});

describe('the profile JSON Schema', () => {
  const schema = JSON.parse(readFileSync(PROFILE_SCHEMA_FILE, 'utf8')) as { definitions: Record<string, { enum?: string[] }> };

  test('every shipped profile validates against profiles/profile.schema.json', () => {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true });
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const files = readdirSync(join(repo, 'profiles')).filter((f) => f.endsWith('.yaml'));
    assert.ok(files.includes('reference.yaml') && files.length >= 7, files.join(', '));
    for (const f of files) {
      const data = parseYaml(readFileSync(join(repo, 'profiles', f), 'utf8')) as unknown;
      assert.ok(validate(data), `${f}: ${ajv.errorsText(validate.errors)}`);
    }
  });

  test('the schema names the use cases of src/usecases/ids.ts and every request and event verb', () => {
    assert.deepEqual(schema.definitions['useCaseId']!.enum, USE_CASES.map((u) => u.id));
    for (const v of [...REQUEST_VERBS, ...EVENT_VERBS]) assert.ok(schema.definitions['picsVerb']!.enum!.includes(v), v);
    assert.ok(!schema.definitions['picsVerb']!.enum!.includes('reply'), 'reply is no verb a server is asked');
  });

  test('reference.yaml declares a PICS', () => {
    const p = loadProfile(join(repo, 'profiles/reference.yaml'));
    assert.ok(p.pics?.MDM?.useCases?.includes('MR-03'));
    assert.ok(p.pics?.HES?.supports?.some((n) => n.noun === 'EndDeviceControls' && n.verbs.includes('create')));
  });
});

describe('the plan derives selection from pics.<role>.useCases', () => {
  const profileWith = (pics: string): Profile => parseProfile(`${BASE}${pics}`, 'p.yaml', { env: {} });
  const features = ['features/billing-inquiry.feature', 'features/negative-requests.feature'];

  test('without pics: nothing changes', async () => {
    const p = profileWith('');
    assert.ok(!exclusionsFor(p).some((x) => x.pics));
    const withSupportsOnly = profileWith('pics:\n  MDM:\n    supports: [{ noun: MeterReadings, verbs: [get] }]\n');
    assert.deepEqual(exclusionsFor(withSupportsOnly), exclusionsFor(p));
    const plan = await planScenarios(p, features);
    assert.ok(!plan.notApplicable.some((n) => n.reason.includes('pics.')));
  });

  test('a scenario whose use cases are all undeclared is not applicable, with the reason', async () => {
    const p = profileWith('pics:\n  MDM: { useCases: [MR-03] }\n');
    const x = exclusionsFor(p).find((e) => e.pics);
    assert.deepEqual(x?.pics, { role: 'MDM', useCases: ['MR-03'] });
    const plan = await planScenarios(p, features);
    assert.match(plan.tagExpression, /not \(@role:MDM and not \(@usecase:MR-03\)\)/);
    const billing = plan.notApplicable.filter((n) => n.uri.endsWith('billing-inquiry.feature') && n.roles?.includes('MDM'));
    assert.ok(billing.length > 0, 'the MR-05 scenarios are left out');
    for (const n of billing) {
      assert.equal(n.reason, 'the SUT does not declare use case MR-05 (pics.MDM.useCases)');
      assert.equal(n.excludedBy, x!.tag);
    }
    // the negative requests are MR-03 scenarios: they stay
    assert.ok(!plan.notApplicable.some((n) => n.uri.endsWith('negative-requests.feature') && n.reason.includes('pics.')));
  });
});

// ------------------------------------------------------------------------------------------------------------------
// synthetic message logs

const request = (verb: string, noun: string): string => toSoap({ kind: 'request', header: { verb, noun, messageId: `m-${verb}-${noun}` } } as Message, '1.1').xml;
const reply = (noun: string, result: string, codes: string[] = [], reason = ''): string =>
  toSoap({ kind: 'response', header: { verb: 'reply', noun }, reply: { result, errors: codes.map((code) => ({ code, ...(reason ? { reason } : {}) })) } } as Message, '1.1').xml;

interface Synthetic {
  role?: string;
  verb: string;
  noun: string;
  result: string;
  codes?: string[];
}

/** a message log of the exchanges (each a request and its reply), with the bytes beside */
function logOf(xs: readonly Synthetic[]): { log: ExchangeLogEntry[]; bytes: Map<ExchangeLogEntry, Buffer>; roles: Map<ExchangeLogEntry, string | undefined> } {
  const log: ExchangeLogEntry[] = [];
  const bytes = new Map<ExchangeLogEntry, Buffer>();
  const roles = new Map<ExchangeLogEntry, string | undefined>();
  let n = 0;
  for (const x of xs) {
    const label = `${x.verb}(${x.noun})`;
    const sent: ExchangeLogEntry = { at: new Date(1_700_000_000_000 + n * 1000).toISOString(), direction: 'sent', label, url: 'http://sut/cim', scenario: `s [p${n}]`, body: { bytes: 0, sha256: '' }, pid: 1, n: ++n };
    const got: ExchangeLogEntry = { at: sent.at, direction: 'received', label: `${label}: reply`, body: { bytes: 0, sha256: '' }, pid: 1, n: ++n };
    bytes.set(sent, Buffer.from(request(x.verb, x.noun)));
    bytes.set(got, Buffer.from(reply(x.noun, x.result, x.codes)));
    roles.set(sent, x.role ?? 'MDM');
    log.push(sent, got);
  }
  return { log, bytes, roles };
}

const RULE = { mode: 'annex-b', codes: ['2.5', '2.9'] };
const PICS = { MDM: { supports: [{ noun: 'MeterReadings', verbs: ['get'] }, { noun: 'MeterConfig', verbs: ['create', 'change'] }] } };

function judge(xs: readonly Synthetic[], pics: Profile['pics'] = PICS, severity: 'warning' | 'failure' = 'warning') {
  const { log, bytes, roles } = logOf(xs);
  const { exchanges, unread } = exchangesFromLog(log, (e) => bytes.get(e), (e) => roles.get(e));
  assert.equal(unread, 0);
  return picsDisagreements(pics!, observeNounVerbs(exchanges, RULE), severity);
}

describe('PICS disagreements from the message log', () => {
  test('a reply reads as its Result and Error codes', () => {
    assert.deepEqual(observeReply(reply('MeterReadings', 'FAILED', ['2.9'])), { result: 'FAILED', codes: ['2.9'] });
    assert.deepEqual(observeReply(reply('MeterReadings', 'OK')), { result: 'OK', codes: [] });
    assert.deepEqual(observeReply(undefined), { result: 'NONE', codes: [] });
    assert.deepEqual(observeReply('not xml'), { result: 'NONE', codes: [] });
  });

  test('replies as declared: no disagreement', () => {
    const d = judge([
      { verb: 'get', noun: 'MeterReadings', result: 'OK' },
      { verb: 'get', noun: 'MeterReadings', result: 'FAILED', codes: ['2.4'] }, // an unknown meter: the verb is supported
      { verb: 'delete', noun: 'MeterReadings', result: 'FAILED', codes: ['2.9'] }, // declared unsupported, refused
      { verb: 'get', noun: 'NoSuchNoun', result: 'FAILED', codes: ['2.5'] }, // not listed, refused as unknown
      { role: 'HES', verb: 'create', noun: 'EndDeviceControls', result: 'OK' }, // HES declares nothing: not compared
    ]);
    assert.deepEqual(d, []);
  });

  test('a reply the suite delivers to a client SUT (its asynchronous result, an MDM\'s FAILED 5.7) is neither observed nor compared', () => {
    const CIS = { CIS: { supports: [{ noun: 'EndDeviceControls', verbs: ['canceled'] }] } } as unknown as Profile['pics'];
    const { log, bytes, roles } = logOf([{ role: 'CIS', verb: 'reply', noun: 'EndDeviceControls', result: 'OK' }]);
    const { exchanges, unread } = exchangesFromLog(log, (e) => bytes.get(e), (e) => roles.get(e));
    assert.equal(unread, 0);
    assert.deepEqual(exchanges, []);
    assert.deepEqual(judge([{ role: 'CIS', verb: 'reply', noun: 'EndDeviceControls', result: 'OK' }], CIS), []);
    // the same noun with a request verb the PICS leaves out is a disagreement
    assert.equal(judge([{ role: 'CIS', verb: 'created', noun: 'EndDeviceControls', result: 'OK' }], CIS)[0]?.kind, 'undeclared-but-accepted');
  });

  test('a declared verb refused as unsupported', () => {
    const d = judge([
      { verb: 'change', noun: 'MeterConfig', result: 'OK' },
      { verb: 'change', noun: 'MeterConfig', result: 'FAILED', codes: ['2.9'] },
    ]);
    assert.equal(d.length, 1);
    assert.equal(d[0]!.kind, 'declared-but-refused');
    assert.equal(d[0]!.field, 'pics.MDM.supports');
    assert.equal(d[0]!.requests, 2);
    assert.match(d[0]!.message, /declares change\(MeterConfig\) supported, but the SUT refused it as unsupported \(FAILED 2\.9\) in 1 of 2/);
  });

  test('a verb declared unsupported answered OK, and a noun the PICS does not mention', () => {
    const d = judge([
      { verb: 'delete', noun: 'MeterConfig', result: 'OK' },
      { verb: 'create', noun: 'UsagePointConfig', result: 'PARTIAL', codes: ['0.2'] },
      { verb: 'get', noun: 'EndDeviceEvents', result: 'FAILED', codes: ['2.4'] },
    ]);
    assert.deepEqual(d.map((x) => [x.kind, x.verb, x.noun]), [
      ['undeclared-but-accepted', 'delete', 'MeterConfig'],
      ['not-mentioned', 'create', 'UsagePointConfig'],
      ['not-mentioned', 'get', 'EndDeviceEvents'],
    ]);
    assert.ok(d.every((x) => x.severity === 'warning'));
    assert.equal(judge([{ verb: 'delete', noun: 'MeterConfig', result: 'OK' }], PICS, 'failure')[0]!.severity, 'failure');
  });

  test('an asynchronous request is judged by its result at the listener', () => {
    const { log, bytes, roles } = logOf([{ verb: 'change', noun: 'MeterConfig', result: 'OK' }]);
    const result = toSoap({ kind: 'response', header: { verb: 'reply', noun: 'MeterConfig', correlationId: 'm-change-MeterConfig' }, reply: { result: 'FAILED', errors: [{ code: '2.9' }] } } as Message, '1.1').xml;
    const delivery: ExchangeLogEntry = { at: log[1]!.at, direction: 'received', label: 'delivery #1 to /replies', body: { bytes: 0, sha256: '' }, pid: 2, n: 1 };
    bytes.set(delivery, Buffer.from(result));
    const { exchanges } = exchangesFromLog([...log, delivery], (e) => bytes.get(e), (e) => roles.get(e));
    assert.deepEqual(exchanges[0]!.reply, { result: 'FAILED', codes: ['2.9'] });
    assert.equal(picsDisagreements(PICS, observeNounVerbs(exchanges, RULE), 'warning')[0]?.kind, 'declared-but-refused');
  });

  test('picsReport reads a run folder: the verdict of CIM9-163 and the codes of the profile (CIM9-164)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim9-pics-run-'));
    const xs: Synthetic[] = [{ verb: 'get', noun: 'MeterReadings', result: 'FAILED', codes: ['9.99'] }];
    for (const x of xs) {
      const at = new Date().toISOString();
      recordMessage(dir, { at, direction: 'sent', label: 'q', url: 'http://127.0.0.1:8080/cim', bytes: request(x.verb, x.noun) });
      recordMessage(dir, { at, direction: 'received', label: 'q: reply', bytes: reply(x.noun, x.result, x.codes) });
    }
    const base = parseProfile(`${BASE}pics:\n  MDM:\n    supports: [{ noun: MeterReadings, verbs: [get] }]\n`, 'p.yaml', { env: {} });
    const run = (p: Profile): PicsReport => picsReport({ reportsDir: dir, profile: p, log: readMessageLog(dir), scenarios: [] })!;
    // 9.99 is no Annex B code of an unsupported verb: no disagreement
    assert.deepEqual(run(base).disagreements, []);
    assert.equal(run(base).observed[0]!.role, 'MDM');
    // the profile says the SUT answers an unsupported verb with 9.99
    const own = parseProfile(`${BASE}expectedCodes: { unsupportedVerb: "9.99" }\npics:\n  MDM:\n    supports: [{ noun: MeterReadings, verbs: [get] }]\n`, 'p.yaml', { env: {} });
    assert.equal(run(own).disagreements[0]?.kind, 'declared-but-refused');
    const anyFailed = parseProfile(`${BASE}assumptions: { CIM9-164: any-failed, CIM9-163: failure }\npics:\n  MDM:\n    supports: [{ noun: MeterReadings, verbs: [get] }]\n`, 'p.yaml', { env: {} });
    assert.equal(run(anyFailed).disagreements[0]?.severity, 'failure');
    const off = parseProfile(`${BASE}assumptions: { CIM9-164: any-failed, CIM9-163: "off" }\npics:\n  MDM:\n    supports: [{ noun: MeterReadings, verbs: [get] }]\n`, 'p.yaml', { env: {} });
    assert.deepEqual(run(off).disagreements, []);
    assert.equal(picsReport({ reportsDir: dir, profile: parseProfile(BASE, 'p.yaml', { env: {} }), log: readMessageLog(dir), scenarios: [] }), undefined);
  });
});

describe('PICS of the requests the SUT sends as a client (pics.<role>.sends)', () => {
  /** deliveries at the listener: the SUT's requests to the peers the suite plays, and an event beneath a peer path */
  function deliveries(xs: readonly { path: string; verb: string; noun: string; scenario?: string }[]) {
    const bytes = new Map<ExchangeLogEntry, Buffer>();
    const log = xs.map((x, i) => {
      const e: ExchangeLogEntry = { at: new Date(1_700_000_000_000 + i * 1000).toISOString(), direction: 'received', label: `delivery #${i + 1} to /${x.path}`, ...(x.scenario ? { scenario: x.scenario } : {}), body: { bytes: 0, sha256: '' }, pid: 1, n: i + 1 };
      bytes.set(e, Buffer.from(request(x.verb, x.noun)));
      return e;
    });
    return { log, read: (e: ExchangeLogEntry) => bytes.get(e) };
  }

  test('the requests at /hes are the MDM\'s, at /mdm the client role\'s; an event at /mdm/events is not a client request', () => {
    const { log, read } = deliveries([
      { path: 'hes', verb: 'get', noun: 'MeterReadings' },
      { path: 'hes', verb: 'get', noun: 'MeterReadings' },
      { path: 'hes', verb: 'create', noun: 'EndDeviceControls' },
      { path: 'mdm/events', verb: 'created', noun: 'EndDeviceEvents' },
    ]);
    const { requests, unread } = clientRequestsFromLog(log, read, ['MDM', 'HES'], () => undefined);
    assert.equal(unread, 0);
    const sent = observeClientRequests(requests);
    assert.deepEqual(sent.map((o) => [o.role, o.peer, o.verb, o.noun, o.requests]), [['MDM', 'HES', 'get', 'MeterReadings', 2], ['MDM', 'HES', 'create', 'EndDeviceControls', 1]]);
    const pics = { MDM: { sends: [{ noun: 'MeterReadings', verbs: ['get'] }, { noun: 'MeterReadSchedule', verbs: ['create'] }] } };
    const { disagreements, notSent } = sendsDisagreements(pics, sent, 'warning');
    assert.deepEqual(disagreements.map((d) => [d.kind, d.field, d.verb, d.noun]), [['sent-undeclared', 'pics.MDM.sends', 'create', 'EndDeviceControls']]);
    assert.match(disagreements[0]!.message, /sent create\(EndDeviceControls\) as MDM to the HES the suite plays \(1 request\(s\)\), but pics\.MDM\.sends does not list EndDeviceControls/);
    assert.deepEqual(notSent, [{ role: 'MDM', noun: 'MeterReadSchedule', verb: 'create' }]);
    // a verb of a listed noun the PICS leaves out
    const { disagreements: d2 } = sendsDisagreements({ MDM: { sends: [{ noun: 'MeterReadings', verbs: [] }, { noun: 'EndDeviceControls', verbs: ['create'] }] } }, sent, 'failure');
    assert.deepEqual(d2.map((d) => [d.verb, d.noun, d.severity]), [['get', 'MeterReadings', 'failure']]);
    assert.match(d2[0]!.message, /lists MeterReadings without get/);
    // a role without sends: not compared
    assert.deepEqual(sendsDisagreements({ MDM: { supports: [] } }, sent, 'warning'), { disagreements: [], notSent: [] });
  });

  test('a SUT playing CIS and OMS: each request is its scenario\'s role, else not judged', () => {
    const { log, read } = deliveries([
      { path: 'mdm', verb: 'get', noun: 'MeterReadings', scenario: 'ask [p1]' },
      { path: 'mdm', verb: 'get', noun: 'EndDeviceEvents', scenario: 'ping [p2]' },
      { path: 'mdm', verb: 'get', noun: 'MeterReadings', scenario: 'unknown [p3]' },
    ]);
    const roles: Record<string, string[]> = { p1: ['CIS'], p2: ['OMS'] };
    const { requests } = clientRequestsFromLog(log, read, ['CIS', 'OMS'], (s) => roles[/\[(\w+)\]$/.exec(s ?? '')?.[1] ?? '']);
    assert.deepEqual(requests.map((r) => r.role), ['CIS', 'OMS', undefined]);
    const pics = { CIS: { sends: [{ noun: 'MeterReadings', verbs: ['get'] }] }, OMS: { sends: [{ noun: 'MeterReadings', verbs: ['get'] }] } };
    const { disagreements } = sendsDisagreements(pics, observeClientRequests(requests), 'warning');
    assert.deepEqual(disagreements.map((d) => [d.role, d.verb, d.noun]), [['OMS', 'get', 'EndDeviceEvents']]);
  });

  test('the profile loader reads sends and refuses a noun listed twice', () => {
    const p = parseProfile(`${BASE}pics:\n  MDM:\n    sends: [{ noun: MeterReadings, verbs: [get] }]\n`, 'p.yaml', { env: {} });
    assert.deepEqual(p.pics, { MDM: { sends: [{ noun: 'MeterReadings', verbs: ['get'] }] } });
    const e = problem(`${BASE}pics:\n  MDM:\n    sends: [{ noun: MeterReadings, verbs: [get] }, { noun: MeterReadings, verbs: [create] }]\n`);
    assert.match(e.message, /pics\.MDM\.sends\[1\]\.noun.*listed twice/);
    assert.match(problem(`${BASE}pics:\n  MDM:\n    sends: [{ noun: MeterReadings, verbs: [fetch] }]\n`).message, /pics\.MDM\.sends\[0\]\.verbs\[0\]/);
  });
});

describe('PICS of the publications the SUT makes to the suite (pics.<role>.publishes)', () => {
  interface Delivery {
    path: string;
    verb: string;
    noun: string;
    scenario?: string;
    /** an asynchronous result: a response with a Reply, correlated to the request the suite sent first */
    result?: boolean;
  }
  /** the suite's request m-get-MeterReadings, then deliveries at the listener */
  function deliveries(xs: readonly Delivery[]) {
    const bytes = new Map<ExchangeLogEntry, Buffer>();
    const asked: ExchangeLogEntry = { at: new Date(1_700_000_000_000).toISOString(), direction: 'sent', label: 'q', url: 'http://127.0.0.1:8080/cim', body: { bytes: 0, sha256: '' }, pid: 1, n: 0 };
    bytes.set(asked, Buffer.from(request('get', 'MeterReadings')));
    const log = [asked, ...xs.map((x, i) => {
      const e: ExchangeLogEntry = { at: new Date(1_700_000_000_000 + (i + 1) * 1000).toISOString(), direction: 'received', label: `delivery #${i + 1} to /${x.path}`, ...(x.scenario ? { scenario: x.scenario } : {}), body: { bytes: 0, sha256: '' }, pid: 1, n: i + 1 };
      const xml = x.result
        ? toSoap({ kind: 'response', header: { verb: x.verb, noun: x.noun, correlationId: 'm-get-MeterReadings' }, reply: { result: 'OK' } } as Message, '1.1').xml
        : toSoap({ kind: 'event', header: { verb: x.verb, noun: x.noun, messageId: `e-${i}` } } as Message, '1.1').xml;
      bytes.set(e, Buffer.from(xml));
      return e;
    })];
    return { log, read: (e: ExchangeLogEntry) => bytes.get(e) };
  }

  test('events and master-data changes at the subscribers\' paths are publications of the role that publishes there; requests and answers are not', () => {
    const { log, read } = deliveries([
      { path: 'mdm/events', verb: 'created', noun: 'EndDeviceEvents' },
      { path: 'mdm/events', verb: 'created', noun: 'EndDeviceEvents' },
      { path: 'cis/events', verb: 'created', noun: 'MeterReadings' },
      { path: 'masterdata', verb: 'created', noun: 'MeterConfig', scenario: 'install [p1]' },
      { path: 'masterdata', verb: 'changed', noun: 'UsagePointConfig', scenario: 'change [p2]' },
      { path: 'masterdata', verb: 'deleted', noun: 'MeterConfig', scenario: 'both roles [p3]' },
      // not publications: a request to a peer, an asynchronous result at /replies, a reply verb, a correlated result elsewhere
      { path: 'hes', verb: 'get', noun: 'MeterReadings' },
      { path: 'replies', verb: 'created', noun: 'MeterConfig' },
      { path: 'cis/events', verb: 'reply', noun: 'EndDeviceControls' },
      { path: 'cis/events', verb: 'created', noun: 'EndDeviceControls', result: true },
    ]);
    const roles: Record<string, string[]> = { p1: ['HES'], p2: ['MDM'], p3: ['MDM', 'HES'] };
    const { publications, unread } = publicationsFromLog(log, read, ['MDM', 'HES'], (s) => roles[/\[(\w+)\]$/.exec(s ?? '')?.[1] ?? '']);
    assert.equal(unread, 0);
    // /mdm/events is the head-end's, /cis/events the MDM's; /masterdata the scenario's one role, else not known
    assert.deepEqual(publications.map((x) => [x.role, x.path, x.verb, x.noun]), [
      ['HES', 'mdm/events', 'created', 'EndDeviceEvents'],
      ['HES', 'mdm/events', 'created', 'EndDeviceEvents'],
      ['MDM', 'cis/events', 'created', 'MeterReadings'],
      ['HES', 'masterdata', 'created', 'MeterConfig'],
      ['MDM', 'masterdata', 'changed', 'UsagePointConfig'],
      [undefined, 'masterdata', 'deleted', 'MeterConfig'],
    ]);
    const published = observePublications(publications);
    assert.deepEqual(published.map((o) => [o.role, o.verb, o.noun, o.deliveries, o.to]), [
      ['HES', 'created', 'EndDeviceEvents', 2, ['mdm/events']],
      ['MDM', 'created', 'MeterReadings', 1, ['cis/events']],
      ['HES', 'created', 'MeterConfig', 1, ['masterdata']],
      ['MDM', 'changed', 'UsagePointConfig', 1, ['masterdata']],
    ]);
    // a SUT playing the MDM only: /masterdata is the MDM's whatever the scenario
    assert.ok(publicationsFromLog(log, read, ['MDM'], () => undefined).publications.filter((x) => x.path === 'masterdata').every((x) => x.role === 'MDM'));
  });

  test('a publication pics.<role>.publishes does not declare is published-undeclared; a declared pair never seen is only listed', () => {
    const { log, read } = deliveries([
      { path: 'mdm/events', verb: 'created', noun: 'EndDeviceEvents', scenario: 'outage [p1]' },
      { path: 'mdm/events', verb: 'canceled', noun: 'EndDeviceControls' },
      { path: 'masterdata', verb: 'created', noun: 'MeterConfig' },
    ]);
    const published = observePublications(publicationsFromLog(log, read, ['HES'], () => undefined).publications);
    const pics = { HES: { publishes: [{ noun: 'MeterConfig', verbs: ['created', 'deleted'] }, { noun: 'EndDeviceControls', verbs: ['created'] }] } };
    const { disagreements, notPublished } = publishesDisagreements(pics, published, 'warning');
    assert.deepEqual(disagreements.map((d) => [d.kind, d.field, d.verb, d.noun, d.severity, d.requests]), [
      ['published-undeclared', 'pics.HES.publishes', 'created', 'EndDeviceEvents', 'warning', 1],
      ['published-undeclared', 'pics.HES.publishes', 'canceled', 'EndDeviceControls', 'warning', 1],
    ]);
    assert.match(disagreements[0]!.message, /published created\(EndDeviceEvents\) as HES to the suite's listener \(\/mdm\/events; 1 message\(s\)\), but pics\.HES\.publishes does not list EndDeviceEvents/);
    assert.match(disagreements[1]!.message, /lists EndDeviceControls without canceled/);
    assert.equal(disagreements[0]!.example.scenario, 'outage [p1]');
    assert.deepEqual(notPublished, [{ role: 'HES', noun: 'MeterConfig', verb: 'deleted' }, { role: 'HES', noun: 'EndDeviceControls', verb: 'created' }]);
    assert.equal(publishesDisagreements(pics, published, 'failure').disagreements[0]!.severity, 'failure');
    // a role without publishes: not compared
    assert.deepEqual(publishesDisagreements({ HES: { supports: [] } }, published, 'warning'), { disagreements: [], notPublished: [] });
  });

  test('picsReport: the publications of the run, CIM9-163 making them warnings, failures or nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim9-pics-pub-'));
    recordMessage(dir, { at: '2026-01-01T00:00:00.000Z', direction: 'received', label: 'delivery #1 to /cis/events', bytes: toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', messageId: 'e-1' } } as Message, '1.1').xml });
    recordMessage(dir, { at: '2026-01-01T00:00:01.000Z', direction: 'received', label: 'delivery #2 to /masterdata', bytes: toSoap({ kind: 'event', header: { verb: 'created', noun: 'MeterConfig', messageId: 'e-2' } } as Message, '1.1').xml });
    const run = (extra: string): PicsReport => picsReport({ reportsDir: dir, profile: parseProfile(`${BASE}${extra}pics:\n  MDM:\n    publishes: [{ noun: MeterConfig, verbs: [created, changed] }]\n`, 'p.yaml', { env: {} }), log: readMessageLog(dir), scenarios: [] })!;
    const r = run('');
    assert.deepEqual(r.published?.map((o) => [o.role, o.verb, o.noun]), [['MDM', 'created', 'EndDeviceEvents'], ['MDM', 'created', 'MeterConfig']]);
    assert.deepEqual(r.disagreements.map((d) => [d.kind, d.severity, d.noun]), [['published-undeclared', 'warning', 'EndDeviceEvents']]);
    assert.deepEqual(r.notPublished, [{ role: 'MDM', noun: 'MeterConfig', verb: 'changed' }]);
    assert.equal(run('assumptions: { CIM9-163: failure }\n').disagreements[0]?.severity, 'failure');
    const off = run('assumptions: { CIM9-163: "off" }\n');
    assert.deepEqual([off.disagreements, off.notPublished], [[], []]);
  });
});

describe('a PICS list left out is not declared: not compared, and the statement says so (issue 16)', () => {
  test('picsReport: publishes absent lists the publications as not compared; publishes: [] makes each published-undeclared', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim9-pics-absent-'));
    recordMessage(dir, { at: '2026-01-01T00:00:00.000Z', direction: 'received', label: 'delivery #1 to /cis/events', bytes: toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', messageId: 'e-1' } } as Message, '1.1').xml });
    recordMessage(dir, { at: '2026-01-01T00:00:01.000Z', direction: 'received', label: 'delivery #2 to /cis/events', bytes: toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', messageId: 'e-2' } } as Message, '1.1').xml });
    const run = (mdm: string, extra = ''): PicsReport => picsReport({ reportsDir: dir, profile: parseProfile(`${BASE}${extra}pics:\n  MDM:\n${mdm}`, 'p.yaml', { env: {} }), log: readMessageLog(dir), scenarios: [] })!;
    const absent = run('    useCases: [MR-03]\n');
    assert.deepEqual(absent.disagreements, []);
    assert.deepEqual(absent.notCompared, [{ role: 'MDM', field: 'publishes', pairs: [{ noun: 'EndDeviceEvents', verb: 'created' }], messages: 2 }]);
    const md = picsMarkdown(absent).join('\n');
    assert.match(md, /No disagreement among the noun \/ verb pairs compared\./);
    assert.doesNotMatch(md, /every noun and verb exchanged was answered as the PICS declares/);
    assert.match(md, /Not compared, because the PICS does not declare the list .*MDM publications \(pics\.MDM\.publishes absent: 1 noun \/ verb pair\(s\), 2 message\(s\): created\(EndDeviceEvents\)\)/);
    assert.match(md, /\| MDM \| EndDeviceEvents \| created \| \/cis\/events \| 2 \| not compared \(no publishes\) \|/);
    const html = renderStatementHtml({ statement: { pics: absent, counts: { ran: 1, passed: 1 } }, runFolder: 'r', messages: [] });
    assert.match(html, /class="not-compared"[^>]*>Not compared, because the PICS does not declare the list/);
    const none = run('    publishes: []\n');
    assert.deepEqual(none.notCompared, []);
    assert.deepEqual(none.disagreements.map((d) => [d.kind, d.field, d.verb, d.noun, d.requests]), [['published-undeclared', 'pics.MDM.publishes', 'created', 'EndDeviceEvents', 2]]);
    assert.deepEqual(run('    useCases: [MR-03]\n', 'assumptions: { CIM9-163: "off" }\n').notCompared, [], 'CIM9-163 = off compares nothing, and says "Not compared."');
  });

  test('sends and supports: absent, not compared and listed; [] declares none', () => {
    const sent = [{ role: 'MDM', peer: 'HES', noun: 'MeterReadings', verb: 'get', requests: 3, first: { at: '2026-01-01T00:00:00Z' } }];
    const observed = [{ role: 'MDM', noun: 'EndDeviceControls', verb: 'create', requests: 1, accepted: 1, refused: 0, other: 0 }];
    assert.deepEqual(notCompared({ MDM: { useCases: ['MR-03'] } }, observed, sent, []), [
      { role: 'MDM', field: 'supports', pairs: [{ noun: 'EndDeviceControls', verb: 'create' }], messages: 1 },
      { role: 'MDM', field: 'sends', pairs: [{ noun: 'MeterReadings', verb: 'get' }], messages: 3 },
    ]);
    assert.deepEqual(notCompared({ MDM: { supports: [], sends: [] } }, observed, sent, []), []);
    assert.deepEqual(sendsDisagreements({ MDM: { sends: [] } }, sent, 'warning').disagreements.map((d) => [d.kind, d.field]), [['sent-undeclared', 'pics.MDM.sends']]);
    assert.deepEqual(sendsDisagreements({ MDM: { useCases: ['MR-03'] } }, sent, 'warning').disagreements, []);
    assert.match(notComparedText(notCompared({ MDM: {} }, [], sent, [])), /MDM requests sent as a client \(pics\.MDM\.sends absent: 1 noun \/ verb pair\(s\), 3 message\(s\): get\(MeterReadings\)\)/);
    assert.equal(notComparedText([]), '');
  });

  test('the loader reads publishes: [] and sends: [] as declared (empty), not as absent', () => {
    const p = parseProfile(`${BASE}pics:\n  MDM:\n    publishes: []\n    sends: []\n`, 'p.yaml', { env: {} });
    assert.deepEqual([p.pics?.MDM?.publishes, p.pics?.MDM?.sends], [[], []]);
  });
});

describe('the statement renders the PICS comparison escaped', () => {
  const hostile = '<script>alert(1)</script>|**x**';
  const pics: PicsReport = {
    declared: PICS,
    verdict: 'warning',
    refusal: 'annex-b',
    unsupportedCodes: ['2.5', '2.9'],
    observed: [{ role: 'MDM', noun: 'MeterReadings', verb: 'get', requests: 1, accepted: 0, refused: 1, other: 0 }],
    sent: [],
    notSent: [],
    disagreements: [
      {
        kind: 'declared-but-refused',
        role: 'MDM',
        noun: 'MeterReadings',
        verb: 'get',
        field: 'pics.MDM.supports',
        severity: 'warning',
        requests: 1,
        message: `pics.MDM.supports declares get(MeterReadings) supported, but the SUT refused it as unsupported (FAILED ${hostile})`,
        example: { scenario: `scenario ${hostile} [p1]`, at: '2026-01-01T00:00:00Z', result: 'FAILED', codes: [hostile] },
      },
    ],
    unjudged: 0,
  };

  test('conformance.html: a table, SUT text escaped', () => {
    const html = renderStatementHtml({ statement: { pics, counts: { ran: 1, passed: 1 } }, runFolder: 'r', messages: [] });
    assert.match(html, /id="pics-nouns"/);
    assert.match(html, /declared supported, refused as unsupported/);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(renderStatementHtml({ statement: { counts: { ran: 1, passed: 1 } }, runFolder: 'r', messages: [] }), /pics-nouns/, 'no pics: no section');
  });

  test('the requests sent as a client: a table in md and html, noun and verb from the SUT escaped', () => {
    const withSent: PicsReport = { ...pics, declared: { MDM: { sends: [{ noun: 'MeterReadings', verbs: ['get'] }] } }, sent: [{ role: 'MDM', peer: 'HES', noun: hostile, verb: 'get', requests: 2, first: { at: '2026-01-01T00:00:00Z' } }], notSent: [{ role: 'MDM', noun: 'MeterReadings', verb: 'get' }] };
    const html = renderStatementHtml({ statement: { pics: withSent, counts: { ran: 1, passed: 1 } }, runFolder: 'r', messages: [] });
    assert.match(html, /Requests the system under test sent as a client/);
    assert.match(html, /no request seen in this run: MDM get\(MeterReadings\)/);
    assert.doesNotMatch(html, /<script>/);
    const md = picsMarkdown(withSent).join('\n');
    assert.match(md, /\| MDM \| HES \| &lt;script&gt;alert\(1\)&lt;\/script&gt;\\\|\\\*\\\*x\\\*\\\* \| get \| 2 \| \*\*no\*\* \|/);
    assert.match(md, /Declared in sends, no request seen in this run: MDM get\(MeterReadings\)/);
  });

  test('the publications: a table in md and html, noun and verb from the SUT escaped, the declared ones not seen listed', () => {
    const withPub: PicsReport = { ...pics, declared: { MDM: { publishes: [{ noun: 'MeterConfig', verbs: ['created'] }] } }, published: [{ role: 'MDM', noun: hostile, verb: 'created', to: ['masterdata'], deliveries: 3, first: { at: '2026-01-01T00:00:00Z' } }], notPublished: [{ role: 'MDM', noun: 'MeterConfig', verb: 'created' }] };
    const html = renderStatementHtml({ statement: { pics: withPub, counts: { ran: 1, passed: 1 } }, runFolder: 'r', messages: [] });
    assert.match(html, /Publications the system under test made/);
    assert.match(html, /not observed in this run \(the run may not have triggered them\): MDM created\(MeterConfig\)/);
    assert.doesNotMatch(html, /<script>/);
    const md = picsMarkdown(withPub).join('\n');
    assert.match(md, /\| MDM \| &lt;script&gt;alert\(1\)&lt;\/script&gt;\\\|\\\*\\\*x\\\*\\\* \| created \| \/masterdata \| 3 \| \*\*no\*\* \|/);
    assert.match(md, /Declared in publishes, not observed in this run/);
  });

  test('conformance.md: a section, SUT text escaped', () => {
    const md = picsMarkdown(pics).join('\n');
    assert.match(md, /^## Declared versus observed per noun and verb \(PICS\)/);
    assert.doesNotMatch(md, /<script>/);
    assert.match(md, /&lt;script&gt;alert\(1\)&lt;\/script&gt;\\\|\\\*\\\*x\\\*\\\*/);
    assert.match(picsMarkdown({ ...pics, disagreements: [] }).join('\n'), /No disagreement/);
  });
});

describe('optional elements the PICS declares the SUT sends (pics.<role>.elements)', () => {
  const readingsReply = (withQuality: boolean): string =>
    toSoap(
      {
        kind: 'response',
        header: { verb: 'reply', noun: 'MeterReadings' },
        reply: { result: 'OK' },
        payload: {
          root: buildMeterReadings({
            meterReadings: [{ meter: { mRID: 'M-1' }, readings: [{ readingType: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0', value: '1.0', timeStamp: '2026-01-01T00:00:00Z', ...(withQuality ? { qualities: [{ ref: '1.0.0' }] } : {}) }] }],
          }),
        },
      } as Message,
      '1.1',
    ).xml;

  test('loaded from the profile; each declared element against every payload of its noun the SUT sent: a missing one is a disagreement', () => {
    const p = parseProfile(`${BASE}pics:\n  MDM:\n    elements:\n      - { noun: MeterReadings, paths: [MeterReading/Readings/timeStamp, MeterReading/Readings/ReadingQualities, MeterReading/IntervalBlocks/IntervalReadings/reportedDateTime] }\n`, 'p.yaml', { env: {} });
    assert.deepEqual(p.pics!.MDM!.elements, [{ noun: 'MeterReadings', paths: ['MeterReading/Readings/timeStamp', 'MeterReading/Readings/ReadingQualities', 'MeterReading/IntervalBlocks/IntervalReadings/reportedDateTime'] }]);
    assert.match(problem(`${BASE}pics:\n  MDM:\n    elements:\n      - { noun: MeterReadings, paths: ["m:MeterReading"] }\n`).message, /pics\.MDM\.elements\[0\]\.paths\[0\]/);
    const dir = mkdtempSync(join(tmpdir(), 'cim9-pics-elements-'));
    const at = (i: number) => new Date(1_700_000_000_000 + i * 1000).toISOString();
    recordMessage(dir, { at: at(0), direction: 'sent', scenario: 's [p1]', label: 'get(MeterReadings)', url: 'http://sut/cim', bytes: request('get', 'MeterReadings') });
    recordMessage(dir, { at: at(1), direction: 'received', scenario: 's [p1]', label: 'get(MeterReadings): reply', bytes: readingsReply(true) });
    recordMessage(dir, { at: at(2), direction: 'sent', scenario: 'other [p2]', label: 'get(MeterReadings)', url: 'http://sut/cim', bytes: request('get', 'MeterReadings') });
    recordMessage(dir, { at: at(3), direction: 'received', scenario: 'other [p2]', label: 'get(MeterReadings): reply', bytes: readingsReply(false) });
    const report = picsReport({ reportsDir: dir, profile: p, log: readMessageLog(dir), scenarios: [] })!;
    assert.deepEqual(report.elements!.map((o) => [o.path, o.parents, o.missing]), [
      ['MeterReading/Readings/timeStamp', 2, 0],
      ['MeterReading/Readings/ReadingQualities', 2, 1],
      ['MeterReading/IntervalBlocks/IntervalReadings/reportedDateTime', 0, 0],
    ]);
    const d = report.disagreements.filter((x) => x.kind === 'declared-element-missing');
    assert.equal(d.length, 1);
    assert.equal(d[0]!.severity, 'warning');
    assert.match(d[0]!.message, /pics\.MDM\.elements declares MeterReadings\/MeterReading\/Readings\/ReadingQualities sent, but 1 of 2 MeterReadings\/MeterReading\/Readings element\(s\) the SUT sent lack it/);
    assert.equal(d[0]!.example.scenario, 'other');
    const md = picsMarkdown(report).join('\n');
    assert.match(md, /\| MDM \| MeterReadings \| MeterReading\/Readings\/ReadingQualities \| 2 \| \*\*1\*\* \|/);
    assert.match(md, /\| MeterReading\/IntervalBlocks\/IntervalReadings\/reportedDateTime \| none sent: not observed \|/);
    const html = renderStatementHtml({ statement: { pics: report, counts: { ran: 1, passed: 1 } }, runFolder: 'r', messages: [] });
    assert.match(html, /Optional elements declared and sent/);
    assert.match(html, /optional element declared, missing from payloads sent/);
  });
});
