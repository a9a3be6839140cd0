/**
 * `cim9 simulate` as a verdict on a client's traffic (issue 12, CACTUS-style): every request a client under test sends
 * to the reference SUT is checked (schema, envelope, domain; a refusal as a request is ENV-PEER-REFUSED), printed, and
 * kept in the report (--report JSON lines, --report-dir simulate.json and simulate.md), everything the client controls
 * escaped. The simulator runs in this process (`simulate` with a stop signal).
 * Run: node --import tsx --test test/simulate-verdicts.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../src/cli/simulate.ts';
import { closeAllClients, postSoap } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, toSoap } from '../src/message/index.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { clearSchemaPackCache } from '../src/schema/index.ts';
import { checkReceivedRequest } from '../src/checks/received-request.ts';
import { SimulateReport } from '../src/report/simulate-report.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';

function goodRequest(): string {
  const msg = getMeterReadingsMessage({ verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'cis-under-test', messageId: newMessageId(), correlationId: newMessageId() }, ['M-1001'], [RT]);
  return toSoap(msg, '1.1').xml;
}

/** a client's hostile Noun: markup, a table cell's end, a heading on a line of its own, a C1 control and a bidi override */
const HOSTILE_NOUN = 'x&lt;/td&gt;|&lt;script&gt;alert(1)&lt;/script&gt;&#10;# pwned&#x85;&#x202E;';

interface Run {
  dir: string;
  lines: string[];
}

/** simulate --role MDM on a free port with --report and --report-dir; `f` gets the MDM's address */
async function withSimulate(f: (mdm: string) => Promise<void>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'cim9-simulate-'));
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.map(String).join(' '));
  const stop = new AbortController();
  let url = '';
  const started = new Promise<void>((resolve) => {
    const done = simulate({ fault: [], role: ['MDM'], port: '0', report: join(dir, 'requests.jsonl'), reportDir: join(dir, 'report'), stop: stop.signal, started: (u) => ((url = u), resolve()) });
    void done.then(() => resolve());
    (withSimulate as unknown as { done?: Promise<number> }).done = done;
  });
  try {
    await started;
    assert.ok(url, 'the simulator started');
    await f(`${url}/mdm`);
  } finally {
    stop.abort();
    await (withSimulate as unknown as { done: Promise<number> }).done;
    console.log = log;
    await closeAllClients();
  }
  return { dir, lines };
}

const post = (url: string, xml: string) => postSoap(url, xml, { soapVersion: '1.1', soapAction: 'get', timeoutMs: 10_000, maxBytes: 1 << 20 });

describe('cim9 simulate: the findings of every request a client sends it', () => {
  test('a good and two bad requests: each printed with its findings, in the JSON lines and in simulate.md / simulate.json, hostile text escaped', async () => {
    const good = goodRequest();
    const invalid = good.replace(/(<ns2:GetMeterReadings>)/, '$1<ns2:Bogus>1</ns2:Bogus>');
    const hostile = good.replace('<m:Noun>MeterReadings</m:Noun>', `<m:Noun>${HOSTILE_NOUN}</m:Noun>`);
    assert.notEqual(invalid, good);
    assert.notEqual(hostile, good);
    const run = await withSimulate(async (mdm) => {
      for (const xml of [good, invalid, hostile]) assert.ok((await post(mdm, xml)).ok, 'the MDM answered');
    });
    try {
      const out = run.lines.join('\n');
      // the good request: answered OK, no error
      assert.match(out, /request #1 to the MDM: get\(MeterReadings\) from [^:]+.*answered OK; 0 error\(s\)/);
      // the schema-invalid one: XSD and the refusal 1.8
      assert.match(out, /request #2 to the MDM: get\(MeterReadings\) .*answered FAILED 1\.8; [1-9]\d* error\(s\)/);
      assert.match(out, /error XSD: /);
      assert.match(out, /error ENV-PEER-REFUSED: .*refused the request with Result FAILED with Error 1\.8/);
      // the hostile noun: refused 2.5, its text one visible line on the terminal
      assert.match(out, /request #3 to the MDM: get\(x<\/td>\|<script>alert\(1\)<\/script>\\n# pwned\\x85\\u202e\).*answered FAILED 2\.5/);
      assert.ok(!out.includes('\u0085') && !out.includes('\u202e'), 'no control character reaches the terminal');

      const jsonl = readFileSync(join(run.dir, 'requests.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; answered: string; findings: { rule: string; severity: string }[] });
      assert.deepEqual(jsonl.map((e) => [e.kind, e.answered]), [['request', 'OK'], ['request', 'FAILED 1.8'], ['request', 'FAILED 2.5']]);
      assert.equal(jsonl[0]!.findings.filter((f) => f.severity === 'error').length, 0);
      assert.ok(jsonl[1]!.findings.some((f) => f.rule === 'XSD'));

      const json = JSON.parse(readFileSync(join(run.dir, 'report', 'simulate.json'), 'utf8')) as { summary: { requests: number; withErrors: number }; entries: { what: string; findings: { rule: string }[] }[]; url: string };
      assert.equal(json.summary.requests, 3);
      assert.equal(json.summary.withErrors, 2);
      assert.match(json.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(json.entries[2]!.what.includes('<script>'), 'the JSON keeps the text as it was sent (JSON escapes it)');
      assert.ok(json.entries[2]!.findings.some((f) => f.rule === 'ENV-PEER-REFUSED'));

      const md = readFileSync(join(run.dir, 'report', 'simulate.md'), 'utf8');
      assert.match(md, /^# cim9 simulate: findings on the traffic of the system under test$/m);
      assert.match(md, /\| 1 \| .* \| request \| MDM \| get\(MeterReadings\) \| .* \| OK \| 0 \| /);
      assert.match(md, /\*\*error\*\* XSD: /);
      assert.ok(!md.includes('<script>') && !md.includes('</td>'), 'no markup from the client');
      assert.ok(!/^# pwned/m.test(md), 'no heading from the client');
      assert.ok(!md.includes('\u0085') && !md.includes('\u202e'), 'no control character from the client');
      assert.match(md, /&lt;script&gt;/);
      // every table row has the table's 9 cells: the client's | is escaped
      for (const row of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| #'))) assert.equal(row.replace(/\\\|/g, '').split('|').length - 2, 9, row);
    } finally {
      rmSync(run.dir, { recursive: true, force: true });
    }
  });

  test('the check alone: a SOAP fault answer is a refusal; an answer about the data (2.4) is not', () => {
    const base = { body: Buffer.from(goodRequest()), receivedAt: new Date(), status: 200 };
    const opts = { label: 'request #1 to the MDM', peer: 'the reference MDM' };
    const fault = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>unreadable</faultstring></soap:Fault></soap:Body></soap:Envelope>';
    const refused = checkReceivedRequest({ ...base, status: 500, answer: fault }, opts);
    assert.match(refused.answered, /^SOAP fault/);
    assert.ok(refused.findings.some((f) => f.rule === 'ENV-PEER-REFUSED' && f.severity === 'error'));
    const unreadable = checkReceivedRequest({ ...base, body: Buffer.from('<not xml'), answer: fault }, opts);
    assert.equal(unreadable.what, '(unreadable)');
    assert.ok(unreadable.findings.some((f) => f.rule === 'XML'));
  });

  test('the report with no entry yet says so, and keeps at most its limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim9-simulate-'));
    try {
      const r = new SimulateReport(dir, { edition: '2013', roles: ['MDM'], faults: [] });
      r.write();
      assert.match(readFileSync(join(dir, 'simulate.md'), 'utf8'), /Nothing received yet/);
      r.add({ at: 'now', kind: 'answer', role: 'CIS', what: 'get(MeterReadings)', peer: 'http://x', outcome: 'OK', findings: [] });
      assert.equal((JSON.parse(readFileSync(join(dir, 'simulate.json'), 'utf8')) as { summary: { answers: number } }).summary.answers, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

after(() => clearSchemaPackCache());
