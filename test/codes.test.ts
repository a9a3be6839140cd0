import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, Severity } from '../src/checks/finding.ts';
import {
  CODE_ASSUMPTIONS,
  CURRENCIES,
  END_DEVICE_DOMAINS,
  END_DEVICE_EVENT_OR_ACTIONS,
  END_DEVICE_SUBDOMAINS,
  END_DEVICE_TYPES,
  KNOWN_CONTROL_CODES,
  KNOWN_EVENT_CODES,
  METER_HEALTH_DOMAINS,
  NEGATIVE_SCENARIO_KINDS,
  OUTAGE_CODES,
  OUTAGE_EVENT_CODES,
  QUALITY_CATEGORIES,
  QUALITY_INDICES,
  QUALITY_SYSTEMS,
  READING_TYPE_FIELDS,
  REPLY_CATEGORIES,
  REPLY_CODES,
  RESTORATION_EVENT_CODES,
  acceptedCodesFor,
  assumption,
  checkControlType,
  checkEventType,
  checkQualityCode,
  checkReadingType,
  checkReadingTypeAttributes,
  checkReadingTypeUsage,
  checkReplyConsistency,
  composeReadingType,
  describeControlType,
  describeEventType,
  describeQualityCode,
  describeReadingType,
  describeReplyCode,
  expectedCodeFor,
  expectedResultEvents,
  findKnownControl,
  findKnownEvent,
  formatReadingType,
  isOutageEvent,
  isRestorationEvent,
  measuringPeriodSeconds,
  parseControlType,
  parseEventType,
  parseQualityCode,
  parseReadingType,
  parseReplyCode,
  resolveReadingTypeAttribute,
  type ReadingTypeFieldName,
} from '../src/codes/index.ts';

const STRICT = { strict: true };
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');
const bySeverity = (fs: Finding[], s: Severity) => fs.filter((f) => f.severity === s);
const rules = (fs: Finding[]) => fs.map((f) => f.rule);
function only(fs: Finding[], rule: string, severity: Severity): Finding {
  assert.equal(fs.length, 1, `expected one finding, got ${JSON.stringify(fs, null, 1)}`);
  assert.equal(fs[0]!.rule, rule);
  assert.equal(fs[0]!.severity, severity, fs[0]!.message);
  return fs[0]!;
}
const noErrors = (fs: Finding[], what: string) => assert.deepEqual(errors(fs), [], `${what}: ${JSON.stringify(fs)}`);

// =============================================================================================================
describe('Annex B reply codes', () => {
  test('the table: categories 0–7, codes unique and of the form <category>.<index>', () => {
    assert.equal(REPLY_CODES.length, 60);
    assert.equal(new Set(REPLY_CODES.map((c) => c.code)).size, REPLY_CODES.length);
    for (const c of REPLY_CODES) {
      assert.equal(`${c.category}.${c.index}`, c.code);
      assert.equal(c.categoryName, REPLY_CATEGORIES[c.category]);
    }
    assert.deepEqual(Object.keys(REPLY_CATEGORIES).map(Number), [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test('round trip: every listed code parses, describes with its meaning and passes in its natural reply', () => {
    for (const c of REPLY_CODES) {
      const p = parseReplyCode(c.code);
      assert.ok(p.ok, c.code);
      assert.equal(p.value.entry, c);
      assert.match(describeReplyCode(c.code), new RegExp(`^${c.code.replace('.', '\\.')} `));
      assert.ok(describeReplyCode(c.code).includes(c.meaning));
      const result = c.category === 0 ? (c.index === 1 || c.index === 2 ? 'PARTIAL' : 'OK') : 'FAILED';
      const fs = checkReplyConsistency(result, [{ code: c.code, level: c.category === 0 ? 'INFORM' : 'FATAL' }], STRICT);
      assert.deepEqual(fs, [], `${result} + ${c.code}: ${JSON.stringify(fs)}`);
    }
  });

  test('malformed codes are rejected by the parser and flagged (warning; error in strict mode)', () => {
    for (const bad of ['', '1', '1.', '.1', 'a.b', '1.2.3', '-1.2', ' 1.2', '1.2 ', '1,2', 'MDM1234', '0x1.2']) {
      assert.equal(parseReplyCode(bad).ok, false, bad);
      only(checkReplyConsistency('FAILED', [{ code: bad }]).filter((f) => f.rule !== 'COD-REPLY-CONSISTENCY'), 'COD-REPLY-FORMAT', 'warning');
      assert.equal(errors(checkReplyConsistency('FAILED', [{ code: bad }], STRICT)).filter((f) => f.rule === 'COD-REPLY-FORMAT').length, 1);
    }
    assert.match(describeReplyCode('MDM1234'), /local/);
    const p = parseReplyCode('3.26.0.85');
    assert.ok(!p.ok && /EndDeviceEventType/.test(p.problem));
  });

  test('leading zeros are accepted and canonicalised', () => {
    const p = parseReplyCode('02.04');
    assert.ok(p.ok);
    assert.equal(p.value.canonical, '2.4');
    assert.equal(p.value.entry?.meaning, 'Invalid Meter(s)');
  });

  test('local codes: info in a known category, warning outside; error in strict mode or when Annex B is required', () => {
    const f1 = only(checkReplyConsistency('FAILED', [{ code: '2.7', level: 'FATAL' }]), 'COD-REPLY-LOCAL', 'info');
    assert.deepEqual(f1.assumptions, { 'ENV-19': 'finding', 'COD-07': 'finding' });
    only(checkReplyConsistency('OK', [{ code: '9.1' }]), 'COD-REPLY-LOCAL', 'warning');
    only(checkReplyConsistency('FAILED', [{ code: '2.7' }], STRICT), 'COD-REPLY-LOCAL', 'error');
    only(checkReplyConsistency('FAILED', [{ code: '2.7' }], { assumptions: { 'COD-07': 'failure' } }), 'COD-REPLY-LOCAL', 'error');
    only(checkReplyConsistency('FAILED', [{ code: '2.7' }], { assumptions: { 'ENV-19': 'failure' } }), 'COD-REPLY-LOCAL', 'error');
    // explicit profile values win over the strict defaults
    only(checkReplyConsistency('FAILED', [{ code: '2.7' }], { strict: true, assumptions: { 'ENV-19': 'finding', 'COD-07': 'finding' } }), 'COD-REPLY-LOCAL', 'info');
  });

  describe('Result ↔ Error consistency', () => {
    test('OK: no Error or 0.x is consistent', () => {
      assert.deepEqual(checkReplyConsistency('OK', []), []);
      assert.deepEqual(checkReplyConsistency('OK', [{ code: '0.0' }]), []);
      assert.deepEqual(checkReplyConsistency('OK', [{ code: '0.3', level: 'INFORM' }]), []);
    });
    test('OK with a failure code: error when FATAL, warning without level, info when informational', () => {
      only(checkReplyConsistency('OK', [{ code: '2.4', level: 'FATAL' }]), 'COD-REPLY-CONSISTENCY', 'error');
      only(checkReplyConsistency('OK', [{ code: '5.7', level: 'catastrophic' }]), 'COD-REPLY-CONSISTENCY', 'error');
      only(checkReplyConsistency('OK', [{ code: '2.4' }]), 'COD-REPLY-CONSISTENCY', 'warning');
      only(checkReplyConsistency('OK', [{ code: '2.4' }], STRICT), 'COD-REPLY-CONSISTENCY', 'error');
      only(checkReplyConsistency('OK', [{ code: '2.4', level: 'WARNING' }]), 'COD-REPLY-CONSISTENCY', 'info');
    });
    test('OK with 0.1 / 0.2 (partial result codes) is inconsistent', () => {
      only(checkReplyConsistency('OK', [{ code: '0.1' }]), 'COD-REPLY-CONSISTENCY', 'warning');
      only(checkReplyConsistency('OK', [{ code: '0.2' }], STRICT), 'COD-REPLY-CONSISTENCY', 'error');
    });
    test('PARTIAL: 0.1/0.2 or per-item errors are consistent', () => {
      assert.deepEqual(checkReplyConsistency('PARTIAL', [{ code: '0.1' }]), []);
      assert.deepEqual(checkReplyConsistency('PARTIAL', [{ code: '0.2' }]), []);
      assert.deepEqual(checkReplyConsistency('PARTIAL', [{ code: '2.4', level: 'FATAL' }, { code: '2.12', level: 'FATAL' }]), []);
    });
    test('PARTIAL without Error, or with only 0.0/0.3, is inconsistent', () => {
      only(checkReplyConsistency('PARTIAL', []), 'COD-REPLY-CONSISTENCY', 'warning');
      only(checkReplyConsistency('PARTIAL', [{ code: '0.0' }]), 'COD-REPLY-CONSISTENCY', 'warning');
      only(checkReplyConsistency('PARTIAL', [{ code: '0.3' }], STRICT), 'COD-REPLY-CONSISTENCY', 'error');
    });
    test('FAILED: a code of category 1–7 is consistent', () => {
      for (const code of ['1.8', '2.4', '3.1', '4.1', '5.9', '6.1', '7.4']) {
        assert.deepEqual(checkReplyConsistency('FAILED', [{ code, level: 'FATAL' }], STRICT), [], code);
      }
      assert.deepEqual(checkReplyConsistency('FAILED', [{ code: '0.0' }, { code: '2.4' }]), []);
    });
    test('FAILED without Error: ENV-18 warning by default, error when ENV-18 = failure', () => {
      const f = only(checkReplyConsistency('FAILED', []), 'COD-REPLY-CONSISTENCY', 'warning');
      assert.deepEqual(f.assumptions, { 'ENV-18': 'warning' });
      const g = only(checkReplyConsistency('FAILED', [], { assumptions: { 'ENV-18': 'failure' } }), 'COD-REPLY-CONSISTENCY', 'error');
      assert.deepEqual(g.assumptions, { 'ENV-18': 'failure' });
    });
    test('FAILED with only 0.x codes is inconsistent; only 0.0 is a contradiction', () => {
      only(checkReplyConsistency('FAILED', [{ code: '0.0' }]), 'COD-REPLY-CONSISTENCY', 'error');
      only(checkReplyConsistency('FAILED', [{ code: '0.3' }]), 'COD-REPLY-CONSISTENCY', 'warning');
      only(checkReplyConsistency('FAILED', [{ code: '0.1' }], STRICT), 'COD-REPLY-CONSISTENCY', 'error');
    });
    test('FAILED with local codes only cannot be checked (info)', () => {
      const fs = checkReplyConsistency('FAILED', [{ code: 'MDM1234' }]);
      assert.deepEqual(rules(fs).sort(), ['COD-REPLY-CONSISTENCY', 'COD-REPLY-FORMAT']);
      assert.equal(fs.find((f) => f.rule === 'COD-REPLY-CONSISTENCY')!.severity, 'info');
    });
    test('an error-free code with level FATAL is flagged', () => {
      only(checkReplyConsistency('OK', [{ code: '0.0', level: 'FATAL' }]), 'COD-REPLY-CONSISTENCY', 'warning');
    });
    test('a Result outside the enumeration is an error', () => {
      only(checkReplyConsistency('DONE' as 'OK', []), 'COD-REPLY-CONSISTENCY', 'error');
    });
  });

  test('COD-06 mapping of negative scenarios', () => {
    const expected: Record<string, string> = {
      schemaInvalid: '1.8', unknownNoun: '2.5', unsupportedVerb: '2.9', unknownMeter: '2.4', unknownUsagePoint: '2.12',
      unknownReadingType: '2.6', unsupportedReadingType: '2.10', dataUnavailable: '5.7', operationSetRolledBack: '5.9',
      missingHeaderElement: '1.5', missingRequestElement: '1.6', missingPayloadElement: '1.7',
    };
    for (const [kind, code] of Object.entries(expected)) assert.equal(expectedCodeFor(kind), code, kind);
    assert.equal(expectedCodeFor('noSuchCase'), undefined);
    assert.deepEqual(acceptedCodesFor('dataUnavailable'), ['5.7', '5.5', '5.6']);
    for (const kind of NEGATIVE_SCENARIO_KINDS) {
      for (const code of acceptedCodesFor(kind)) assert.ok(REPLY_CODES.some((c) => c.code === code), `${kind} ${code}`);
    }
  });

});

// =============================================================================================================
describe('Annex D quality codes', () => {
  test('the tables: systems 0–5, categories 0–12, every index in a known category', () => {
    assert.deepEqual(Object.keys(QUALITY_SYSTEMS).map(Number), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(QUALITY_CATEGORIES.map((c) => c.code), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const keys = QUALITY_INDICES.map((i) => `${i.category}.${i.index}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const i of QUALITY_INDICES) {
      assert.ok(QUALITY_CATEGORIES.some((c) => c.code === i.category && !c.obsolete));
      assert.equal(i.vendor === true, i.index >= 1000, `${i.category}.${i.index}`);
    }
  });

  test('round trip: every listed index with every system parses, describes and checks', () => {
    for (const system of [0, 1, 2, 3, 4]) {
      for (const i of QUALITY_INDICES) {
        const code = `${system}.${i.category}.${i.index}`;
        const p = parseQualityCode(code);
        assert.ok(p.ok, code);
        assert.equal(p.value.indexEntry, i);
        assert.ok(describeQualityCode(code).includes(i.meaning), code);
        const fs = checkQualityCode(code);
        if (i.vendor) only(fs, 'COD-QUALITY', 'warning');
        else assert.deepEqual(fs, [], code);
      }
    }
    assert.equal(describeQualityCode('1.4.9'), '1.4.9: end device (meter) · data collection · Clock changed');
  });

  test('malformed codes are errors', () => {
    for (const bad of ['', '1.4', '1.4.9.1', 'a.b.c', '1.-4.9', '1.4.9 ', '1..9']) {
      assert.equal(parseQualityCode(bad).ok, false, bad);
      only(checkQualityCode(bad), 'COD-QUALITY', 'error');
    }
  });

  test('unknown system or category: error; obsolete category 9: warning', () => {
    only(checkQualityCode('6.4.9'), 'COD-QUALITY', 'error');
    only(checkQualityCode('1.13.0'), 'COD-QUALITY', 'error');
    only(checkQualityCode('1.9.0'), 'COD-QUALITY', 'warning');
  });

  test('unknown index: warning (COD-02), error in strict mode or with COD-02 = failure; info for system 5', () => {
    const f = only(checkQualityCode('1.4.11'), 'COD-QUALITY', 'warning');
    assert.deepEqual(f.assumptions, { 'COD-02': 'finding' });
    only(checkQualityCode('1.4.11', STRICT), 'COD-QUALITY', 'error');
    only(checkQualityCode('1.4.11', { assumptions: { 'COD-02': 'failure' } }), 'COD-QUALITY', 'error');
    only(checkQualityCode('5.4.260'), 'COD-QUALITY', 'info');
  });

  test('vendor index ≥ 1000 (COD-01): warning, error in strict mode', () => {
    only(checkQualityCode('3.6.4001'), 'COD-QUALITY', 'warning');
    const f = only(checkQualityCode('2.2.1001', STRICT), 'COD-QUALITY', 'error');
    assert.deepEqual(f.assumptions, { 'COD-01': 'reject' });
  });
});

// =============================================================================================================
describe('Annex E/F event and control types', () => {
  test('part tables: sizes and documented duplicates as in codes.md', () => {
    assert.equal(END_DEVICE_TYPES.length, 27);
    assert.equal(END_DEVICE_DOMAINS.length, 37);
    assert.equal(END_DEVICE_SUBDOMAINS.length, 185);
    assert.equal(END_DEVICE_EVENT_OR_ACTIONS.length, 149);
    const dups = (rows: readonly (readonly [number, string])[]) =>
      [...new Set(rows.map((r) => r[0]).filter((c, i, all) => all.indexOf(c) !== i))];
    assert.deepEqual(dups(END_DEVICE_TYPES), []);
    assert.deepEqual(dups(END_DEVICE_DOMAINS), []);
    assert.deepEqual(dups(END_DEVICE_SUBDOMAINS), [126, 134, 135]);
    assert.deepEqual(dups(END_DEVICE_EVENT_OR_ACTIONS), [27]);
  });

  test('round trip of every part value: parses, describes with its name, checks without error', () => {
    const cases: [readonly (readonly [number, string])[], (v: number) => string][] = [
      [END_DEVICE_TYPES, (v) => `${v}.26.0.85`],
      [END_DEVICE_DOMAINS, (v) => `3.${v}.0.85`],
      [END_DEVICE_SUBDOMAINS, (v) => `3.26.${v}.85`],
      [END_DEVICE_EVENT_OR_ACTIONS, (v) => `3.26.0.${v}`],
    ];
    for (const [rows, make] of cases) {
      for (const [value, name] of rows) {
        const code = make(value);
        const p = parseEventType(code);
        assert.ok(p.ok, code);
        assert.ok(describeEventType(code).includes(name), `${code}: ${describeEventType(code)}`);
        const fs = checkEventType(code, STRICT);
        // a command in an event code is a role finding (error in strict mode); nothing else may be an error
        noErrors(fs.filter((f) => f.rule !== 'COD-EVENT-CONTROL-ROLE'), code);
        noErrors(checkEventType(code), code);
      }
    }
  });

  test('duplicated part numbers decode to both names with an info finding', () => {
    const p = parseEventType('3.26.126.85');
    assert.ok(p.ok);
    assert.deepEqual(p.value.names.subDomain, ['PhaseA', 'PhaseAVoltagePotential']);
    only(checkEventType('3.26.126.85'), 'COD-EVENT-TYPE', 'info');
    assert.match(describeEventType('3.7.0.27'), /ChangeOut\/ChangeOutRequired/);
  });

  test('every listed event code checks clean as an event, every listed control code as a control', () => {
    for (const e of KNOWN_EVENT_CODES) {
      const fs = checkEventType(e.code, STRICT);
      assert.deepEqual(fs.filter((f) => f.severity !== 'info'), [], `${e.code}: ${JSON.stringify(fs)}`);
      assert.ok(describeEventType(e.code).includes(e.meaning));
    }
    for (const c of KNOWN_CONTROL_CODES) {
      const fs = checkControlType(c.code, STRICT);
      assert.deepEqual(fs.filter((f) => f.severity !== 'info'), [], `${c.code}: ${JSON.stringify(fs)}`);
      assert.ok(describeControlType(c.code).includes(c.meaning));
    }
  });

  test('describe composes the decoded names', () => {
    assert.equal(
      describeEventType('3.26.0.85'),
      '3.26.0.85 ElectricMeter.Power.NA.Failed: electric meter, power, failed — meter power failure (outage, "last gasp" class)',
    );
    assert.match(describeControlType('3.31.0.23'), /^3\.31\.0\.23 ElectricMeter\.RCDSwitch\.NA\.Disconnect: electric meter, RCD switch, disconnect — remote disconnect/);
    assert.match(describeEventType('3.99.0.85'), /unknown EndDeviceDomain 99/);
  });

  test('malformed codes are errors', () => {
    for (const bad of ['', '3.26.0', '3.26.0.85.1', '3.26.x.85', '-3.26.0.85', '3.26.0.85 ', '3,26,0,85']) {
      assert.equal(parseEventType(bad).ok, false, bad);
      assert.equal(parseControlType(bad).ok, false, bad);
      only(checkEventType(bad), 'COD-EVENT-TYPE', 'error');
      only(checkControlType(bad), 'COD-CONTROL-TYPE', 'error');
    }
    const p = parseEventType('0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0');
    assert.ok(!p.ok && /ReadingType/.test(p.problem));
  });

  test('COD-08 / COD-02: a part outside its table', () => {
    const f = only(checkEventType('3.99.0.85'), 'COD-EVENT-TYPE', 'warning');
    assert.deepEqual(f.assumptions, { 'COD-08': 'decode', 'COD-02': 'finding' });
    only(checkEventType('3.99.0.85', STRICT), 'COD-EVENT-TYPE', 'error');
    only(checkEventType('3.99.0.85', { assumptions: { 'COD-02': 'failure' } }), 'COD-EVENT-TYPE', 'error');
    only(checkEventType('3.99.0.85', { assumptions: { 'COD-08': 'lenient' } }), 'COD-EVENT-TYPE', 'info');
  });

  test('COD-01: vendor part values ≥ 1000', () => {
    only(checkEventType('3.26.0.5000'), 'COD-EVENT-TYPE', 'warning');
    only(checkEventType('3.26.0.5000', STRICT), 'COD-EVENT-TYPE', 'error');
  });

  test('COD-09: device type 0 accepted by default, rejected on request', () => {
    assert.deepEqual(checkEventType('0.26.38.85'), []);
    only(checkEventType('0.26.38.85', { assumptions: { 'COD-09': 'reject' } }), 'COD-EVENT-TYPE', 'error');
  });

  test('COD-16: control codes with type 0 or a concrete type', () => {
    assert.deepEqual(checkControlType('0.31.0.23'), []);
    assert.deepEqual(checkControlType('3.31.0.23'), []);
    const f = only(checkControlType('0.31.0.23', { assumptions: { 'COD-16': 'concrete' } }), 'COD-CONTROL-TYPE', 'error');
    assert.deepEqual(f.assumptions, { 'COD-09': 'accept', 'COD-16': 'concrete' });
    assert.equal(findKnownControl('24.20.9.82')?.code, '0.20.9.82');
    assert.equal(findKnownControl('0.31.0.18')?.code, '0.31.0.18');
  });

  test('COD-10: composed but unlisted codes accepted by default, rejected on request', () => {
    assert.deepEqual(checkEventType('3.26.0.68'), []);
    only(checkEventType('3.26.0.68', { assumptions: { 'COD-10': 'reject' } }), 'COD-EVENT-TYPE', 'error');
    assert.deepEqual(checkEventType('3.26.0.68', { assumptions: { 'COD-10': 'reject' }, knownCodes: ['3.26.0.68'] }), []);
    assert.deepEqual(checkEventType('3.31.0.68', { assumptions: { 'COD-10': 'reject' } }), []);
    assert.deepEqual(checkControlType('3.20.9.13', { assumptions: { 'COD-10': 'reject' } }), []); // concrete variant of 0.20.9.13
    only(checkControlType('3.26.0.22', { assumptions: { 'COD-10': 'reject' } }), 'COD-CONTROL-TYPE', 'error');
  });

  describe('events and controls are kept apart', () => {
    test('the lists do not share a code, even ignoring the device type', () => {
      const tail = (c: string) => c.split('.').slice(1).join('.');
      const controls = new Set(KNOWN_CONTROL_CODES.map((c) => tail(c.code)));
      assert.deepEqual(KNOWN_EVENT_CODES.filter((e) => controls.has(tail(e.code))), []);
      for (const e of KNOWN_EVENT_CODES) assert.equal(findKnownControl(e.code), undefined, e.code);
      for (const c of KNOWN_CONTROL_CODES) assert.equal(findKnownEvent(c.code), undefined, c.code);
    });
    test('a known control code used as an event type', () => {
      only(checkEventType('3.31.0.23'), 'COD-EVENT-CONTROL-ROLE', 'error');
      only(checkEventType('3.31.0.18'), 'COD-EVENT-CONTROL-ROLE', 'error');
      only(checkEventType('5.31.0.18'), 'COD-EVENT-CONTROL-ROLE', 'error');
      only(checkEventType('3.23.0.26'), 'COD-EVENT-CONTROL-ROLE', 'warning');
      only(checkEventType('3.23.0.26', STRICT), 'COD-EVENT-CONTROL-ROLE', 'error');
      assert.match(describeEventType('3.31.0.23'), /a known control code/);
    });
    test('a command verb in an event code', () => {
      only(checkEventType('3.26.0.54'), 'COD-EVENT-CONTROL-ROLE', 'warning');
      assert.deepEqual(checkEventType('0.10.5.54'), []); // listed vendor event despite the verb
    });
    test('a known event code used as a control type', () => {
      only(checkControlType('3.31.0.68'), 'COD-EVENT-CONTROL-ROLE', 'error');
      only(checkControlType('3.31.0.42'), 'COD-EVENT-CONTROL-ROLE', 'error');
      only(checkControlType('3.26.0.85'), 'COD-EVENT-CONTROL-ROLE', 'error');
      only(checkControlType('0.26.38.85'), 'COD-EVENT-CONTROL-ROLE', 'warning');
      assert.match(describeControlType('3.31.0.68'), /a known event code/);
    });
    test('an event verb in a control code', () => {
      only(checkControlType('3.26.0.224'), 'COD-EVENT-CONTROL-ROLE', 'warning');
      only(checkControlType('3.26.0.224', STRICT), 'COD-EVENT-CONTROL-ROLE', 'error');
      only(checkControlType('3.26.79.223'), 'COD-EVENT-CONTROL-ROLE', 'warning'); // a listed vendor event
      assert.deepEqual(checkControlType('0.0.0.0'), []);
    });
  });

  test('UC-03 outage / restoration sets and UC-05 health domains', () => {
    assert.deepEqual(OUTAGE_EVENT_CODES, ['3.26.0.85', '3.26.0.47', '3.26.136.47', '0.26.38.85']);
    assert.deepEqual(RESTORATION_EVENT_CODES, ['3.26.0.216', '3.26.136.216', '0.26.38.49']);
    assert.equal(OUTAGE_CODES, OUTAGE_EVENT_CODES);
    for (const c of [...OUTAGE_EVENT_CODES, ...RESTORATION_EVENT_CODES]) {
      assert.deepEqual(checkEventType(c, STRICT), [], c);
      assert.ok(findKnownEvent(c), c);
      assert.equal(c.split('.')[1], '26');
    }
    assert.ok(isOutageEvent('3.26.0.85') && !isOutageEvent('3.26.0.216'));
    assert.ok(isRestorationEvent('03.26.0.216') && isRestorationEvent('3.26.0.85', ['3.26.0.85']));
    assert.deepEqual(METER_HEALTH_DOMAINS, [1, 2, 7, 11, 18, 21, 36, 37]);
  });

  test('control → result events, with the device type filled in', () => {
    assert.deepEqual(expectedResultEvents('3.31.0.23'), { success: ['3.31.0.68'], failure: ['3.31.0.84'] });
    assert.deepEqual(expectedResultEvents('0.8.0.214'), { success: ['0.8.0.215'], failure: [] });
    assert.equal(expectedResultEvents('3.26.0.85'), undefined);
    for (const c of ['3.31.0.23', '3.31.0.18', '3.31.0.5', '3.31.0.6', '3.8.0.214', '3.15.0.54', '3.15.0.55', '3.10.73.298']) {
      const r = expectedResultEvents(c)!;
      for (const e of [...r.success, ...r.failure]) noErrors(checkEventType(e), `${c} → ${e}`);
    }
  });
});

// =============================================================================================================
const KWH15 = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
/** codes.md §5.15 */
const EXAMPLES = [
  KWH15,
  '0.0.7.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0',
  '0.0.7.4.19.1.12.0.0.0.0.0.0.0.0.3.72.0',
  '0.0.7.4.1.1.12.0.0.0.0.0.0.0.0.3.73.0',
  '0.0.7.4.15.1.12.0.0.0.0.0.0.0.0.3.73.0',
  '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.6.72.0',
  '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0',
  '0.0.0.1.19.1.12.0.0.0.0.0.0.0.0.3.72.0',
  '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.73.0',
  '0.0.2.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0',
  '11.0.0.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0',
  '0.0.0.0.1.1.12.0.0.0.0.0.0.0.0.3.72.0',
  '0.0.0.6.0.1.54.0.0.0.0.0.0.0.128.0.29.0',
  '0.0.0.6.0.1.4.0.0.0.0.0.0.0.128.0.5.0',
  '0.2.1.9.0.1.54.0.0.0.0.0.0.0.128.0.29.0',
  '0.8.4.6.0.1.4.0.0.0.0.0.0.0.17.0.5.0',
  '0.9.2.12.1.1.54.0.0.0.0.0.0.0.129.0.29.0',
  '0.8.2.12.1.1.37.0.0.0.0.0.0.0.224.3.38.0',
  '0.2.2.12.1.1.38.0.0.0.0.0.0.0.224.0.65.0',
  '0.2.2.12.1.1.15.0.0.0.0.0.0.0.0.0.33.0',
  '0.8.2.12.1.1.47.0.0.0.0.0.0.0.128.-2.151.0',
  '0.2.2.12.0.4.46.0.0.0.0.0.0.0.0.0.23.0',
  '0.0.2.9.1.2.12.0.0.0.0.0.0.0.0.3.72.0',
  // eumed.md §5
  '0.2.2.0.1.1.37.0.0.0.0.0.0.0.0.3.38.0',
  '13.8.2.0.1.1.37.0.0.0.0.0.0.0.0.3.38.0',
  '0.0.0.1.1.1.12.0.0.0.0.1.0.0.0.3.72.0',
  '0.0.0.1.1.7.58.0.0.0.0.0.0.0.0.0.42.0',
];

function withField(code: string, field: ReadingTypeFieldName, value: number): string {
  const p = parseReadingType(code);
  assert.ok(p.ok);
  return formatReadingType({ ...p.value.fields, [field]: value });
}

describe('Annex C ReadingType', () => {
  test('18 fields in code order, unique names, tables without duplicate codes', () => {
    assert.deepEqual(READING_TYPE_FIELDS.map((f) => f.position), Array.from({ length: 18 }, (_, i) => i + 1));
    assert.deepEqual(READING_TYPE_FIELDS.map((f) => f.name), [
      'macroPeriod', 'aggregate', 'measuringPeriod', 'accumulation', 'flowDirection', 'commodity', 'measurementKind',
      'interharmonicNumerator', 'interharmonicDenominator', 'argumentNumerator', 'argumentDenominator', 'tou', 'cpp',
      'consumptionTier', 'phases', 'multiplier', 'unit', 'currency',
    ]);
    const sizes: Partial<Record<ReadingTypeFieldName, number>> = { measurementKind: 135, unit: 233, multiplier: 21, flowDirection: 21, accumulation: 11, phases: 32 };
    for (const f of READING_TYPE_FIELDS) {
      if (!f.entries) continue;
      assert.equal(new Set(f.entries.map((e) => e.code)).size, f.entries.length, f.name);
      if (sizes[f.name] !== undefined) assert.equal(f.entries.length, sizes[f.name], f.name);
    }
  });

  test('the example codes of codes.md parse, check without error and describe', () => {
    for (const code of EXAMPLES) {
      const p = parseReadingType(code);
      assert.ok(p.ok, code);
      assert.equal(p.value.canonical, code);
      noErrors(checkReadingType(code, STRICT), code);
      assert.doesNotMatch(describeReadingType(code), /unknown/, code);
    }
    assert.equal(describeReadingType(KWH15), '15-minute delta, forward, electricity secondary metered, energy, kWh');
    assert.equal(describeReadingType('0.0.0.1.19.1.12.0.0.0.0.0.0.0.0.3.72.0'), 'bulk quantity, reverse, electricity secondary metered, energy, kWh');
    assert.match(describeReadingType('0.8.2.12.1.1.47.0.0.0.0.0.0.0.128.-2.151.0'), /^maximum 15-minute instantaneous, .*total harmonic distortion, phase A, %/);
    assert.match(describeReadingType('0.0.0.1.1.1.12.0.0.0.0.1.0.0.0.3.72.978'), /TOU 1, kWh, EUR$/);
    assert.equal(describeReadingType('0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0'), 'not applicable (all fields 0)');
  });

  test('round trip of every table value of every field: check gives no error, literal and number resolve back', () => {
    for (const field of READING_TYPE_FIELDS) {
      for (const e of field.entries ?? []) {
        const code = withField(KWH15, field.name, e.code);
        const p = parseReadingType(code);
        assert.ok(p.ok, code);
        assert.equal(p.value.fields[field.name], e.code);
        const fs = checkReadingType(code);
        noErrors(fs, `${field.name}=${e.code}`);
        if (e.vendor) assert.ok(fs.some((f) => f.rule === 'COD-READINGTYPE-FIELD' && f.assumptions?.['COD-01']), `${field.name}=${e.code}`);
        else assert.deepEqual(fs.filter((f) => f.rule === 'COD-READINGTYPE-FIELD'), [], `${field.name}=${e.code}`);
        assert.doesNotMatch(describeReadingType(code), /unknown/, code);
        assert.deepEqual(checkReadingTypeAttributes(code, { [field.name]: String(e.code) }), [], `${field.name}=${e.code}`);
        if (e.literal) {
          assert.ok(resolveReadingTypeAttribute(field.name, e.literal)?.codes.includes(e.code), `${field.name} ${e.literal}`);
          assert.deepEqual(checkReadingTypeAttributes(code, { [field.name]: e.literal }, { assumptions: { 'PAY-06': 'literal' } }), [],
            `${field.name} ${e.literal}`);
        }
        assert.ok(resolveReadingTypeAttribute(field.name, e.constant)?.codes.includes(e.code), `${field.name} ${e.constant}`);
      }
    }
  });

  test('malformed codes are errors', () => {
    const bad = [
      '', '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72', '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0.0', 'a.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0',
      '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.', ' 0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0', '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.+3.72.0',
      '3.0.129.160', '?',
    ];
    for (const b of bad) {
      assert.equal(parseReadingType(b).ok, false, b);
      only(checkReadingType(b), 'COD-READINGTYPE-FORMAT', 'error');
    }
    const p = parseReadingType('3.0.129.160');
    assert.ok(!p.ok && /EndDeviceEventType/.test(p.problem));
  });

  test('COD-03: only field 16 may be negative', () => {
    assert.ok(parseReadingType('0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.-3.72.0').ok);
    for (let i = 0; i < 18; i++) {
      if (i === 15) continue;
      const parts = KWH15.split('.');
      parts[i] = '-1';
      const f = only(checkReadingType(parts.join('.')), 'COD-READINGTYPE-FORMAT', 'error');
      assert.deepEqual(f.assumptions, { 'COD-03': 'field16-only' });
    }
  });

  test('unknown values (COD-02): warning, error in strict mode; vendor values (COD-01)', () => {
    const f = only(checkReadingType(withField(KWH15, 'macroPeriod', 5)), 'COD-READINGTYPE-FIELD', 'warning');
    assert.deepEqual(f.assumptions, { 'COD-02': 'finding' });
    only(checkReadingType(withField(KWH15, 'macroPeriod', 5), STRICT), 'COD-READINGTYPE-FIELD', 'error');
    only(checkReadingType(withField(KWH15, 'phases', 130)), 'COD-READINGTYPE-FIELD', 'warning');
    only(checkReadingType(withField(KWH15, 'multiplier', 4)), 'COD-READINGTYPE-FIELD', 'warning');
    const v = checkReadingType(withField(KWH15, 'macroPeriod', 1001));
    assert.equal(only(v, 'COD-READINGTYPE-FIELD', 'warning').assumptions?.['COD-01'], 'finding');
    only(checkReadingType(withField(KWH15, 'macroPeriod', 1001), STRICT), 'COD-READINGTYPE-FIELD', 'error');
    only(checkReadingType(withField(KWH15, 'commodity', 4000)), 'COD-READINGTYPE-FIELD', 'warning');
    only(checkReadingType(withField(KWH15, 'currency', 1)), 'COD-READINGTYPE-FIELD', 'info');
    only(checkReadingType(withField(KWH15, 'currency', 1000)), 'COD-READINGTYPE-FIELD', 'warning');
  });

  test('COD-13: tou / cpp / consumptionTier within 0–255', () => {
    for (const name of ['tou', 'cpp', 'consumptionTier'] as const) {
      assert.deepEqual(checkReadingType(withField(KWH15, name, 255)), []);
      only(checkReadingType(withField(KWH15, name, 256)), 'COD-READINGTYPE-FIELD', 'warning');
      only(checkReadingType(withField(KWH15, name, 256), STRICT), 'COD-READINGTYPE-FIELD', 'error');
    }
  });

  test('COD-15 plausibility: warnings by default, off, or failures', () => {
    const powerInWh = withField(KWH15, 'measurementKind', 37);
    only(checkReadingType(powerInWh), 'COD-READINGTYPE-PLAUSIBILITY', 'warning');
    assert.deepEqual(checkReadingType(powerInWh, { assumptions: { 'COD-15': 'off' } }), []);
    only(checkReadingType(powerInWh, { assumptions: { 'COD-15': 'failure' } }), 'COD-READINGTYPE-PLAUSIBILITY', 'error');
    only(checkReadingType('0.0.7.6.1.1.12.0.0.0.0.0.0.0.0.3.72.0'), 'COD-READINGTYPE-PLAUSIBILITY', 'warning');
    only(checkReadingType(withField(KWH15, 'unit', 38)), 'COD-READINGTYPE-PLAUSIBILITY', 'warning');
    only(checkReadingType(withField(KWH15, 'interharmonicNumerator', 3)), 'COD-READINGTYPE-PLAUSIBILITY', 'warning');
    only(checkReadingTypeUsage('0.0.0.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0', 'interval'), 'COD-READINGTYPE-PLAUSIBILITY', 'warning');
    assert.deepEqual(checkReadingTypeUsage(KWH15, 'interval'), []);
    assert.deepEqual(checkReadingTypeUsage('11.0.0.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0', 'interval'), []);
    assert.deepEqual(checkReadingTypeUsage('0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0', 'register'), []);
    only(checkReadingTypeUsage('0.0.0.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0', 'register'), 'COD-READINGTYPE-PLAUSIBILITY', 'warning');
  });

  test('measuringPeriodSeconds', () => {
    assert.equal(measuringPeriodSeconds(KWH15), 900);
    assert.equal(measuringPeriodSeconds('0.0.7.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0'), 3600);
    assert.equal(measuringPeriodSeconds(withField(KWH15, 'measuringPeriod', 4)), 86400);
    assert.equal(measuringPeriodSeconds(withField(KWH15, 'measuringPeriod', 1)), 600);
    assert.equal(measuringPeriodSeconds(withField(KWH15, 'measuringPeriod', 53)), 900);
    assert.equal(measuringPeriodSeconds(withField(KWH15, 'measuringPeriod', 59)), 900); // rolling 60/15: spacing 15 min
    assert.equal(measuringPeriodSeconds(withField(KWH15, 'measuringPeriod', 0)), undefined);
    assert.equal(measuringPeriodSeconds(withField(KWH15, 'measuringPeriod', 15)), undefined);
    assert.equal(measuringPeriodSeconds('garbage'), undefined);
    const p = parseReadingType(KWH15);
    assert.ok(p.ok);
    assert.equal(measuringPeriodSeconds(p.value.fields), 900);
  });

  describe('attribute elements ↔ code (PAY-06)', () => {
    const agreeing = {
      macroPeriod: 'none', aggregate: 'none', measuringPeriod: 'fifteenMinute', accumulation: 'deltaData', flowDirection: 'forward',
      commodity: 'electricitySecondaryMetered', measurementKind: 'energy', interharmonicNumerator: '0', interharmonicDenominator: '0',
      argumentNumerator: '0', argumentDenominator: '0', tou: '0', cpp: '0', consumptionTier: '0', phases: 'none', multiplier: 'k',
      unit: 'Wh', currency: 'none',
    };
    test('literals, numbers and vendor descriptive text that agree give no finding', () => {
      assert.deepEqual(checkReadingTypeAttributes(KWH15, agreeing), []);
      assert.deepEqual(checkReadingTypeAttributes(KWH15, { accumulation: 'Delta data', multiplier: '*10^3', unit: 'Watt hours', flowDirection: '1' }), []);
      assert.deepEqual(checkReadingTypeAttributes(KWH15, { currency: 'XXX' }), []);
      assert.deepEqual(checkReadingTypeAttributes(withField(KWH15, 'currency', 978), { currency: 'EUR' }), []);
    });
    test('a value that disagrees: warning (lenient), error in strict mode or with PAY-06 = agree', () => {
      const f = only(checkReadingTypeAttributes(KWH15, { flowDirection: 'reverse' }), 'COD-READINGTYPE-ATTRIBUTE', 'warning');
      assert.deepEqual(f.assumptions, { 'PAY-06': 'lenient' });
      only(checkReadingTypeAttributes(KWH15, { flowDirection: 'reverse' }, STRICT), 'COD-READINGTYPE-ATTRIBUTE', 'error');
      only(checkReadingTypeAttributes(KWH15, { flowDirection: '19' }, { assumptions: { 'PAY-06': 'agree' } }), 'COD-READINGTYPE-ATTRIBUTE', 'error');
      only(checkReadingTypeAttributes(KWH15, { multiplier: 'M' }), 'COD-READINGTYPE-ATTRIBUTE', 'warning');
      only(checkReadingTypeAttributes(KWH15, { measuringPeriod: 'sixtyMinute' }), 'COD-READINGTYPE-ATTRIBUTE', 'warning');
      only(checkReadingTypeAttributes(KWH15, { tou: '1' }), 'COD-READINGTYPE-ATTRIBUTE', 'warning');
    });
    test('a value not recognised: info (lenient), warning (agree), error (numeric / literal)', () => {
      only(checkReadingTypeAttributes(KWH15, { commodity: 'juice' }), 'COD-READINGTYPE-ATTRIBUTE', 'info');
      only(checkReadingTypeAttributes(KWH15, { commodity: 'juice' }, { assumptions: { 'PAY-06': 'agree' } }), 'COD-READINGTYPE-ATTRIBUTE', 'warning');
      only(checkReadingTypeAttributes(KWH15, { commodity: 'juice' }, { assumptions: { 'PAY-06': 'numeric' } }), 'COD-READINGTYPE-ATTRIBUTE', 'error');
    });
    test('PAY-06 = numeric / literal require the form', () => {
      only(checkReadingTypeAttributes(KWH15, { flowDirection: 'forward' }, { assumptions: { 'PAY-06': 'numeric' } }), 'COD-READINGTYPE-ATTRIBUTE', 'error');
      assert.deepEqual(checkReadingTypeAttributes(KWH15, { flowDirection: '1' }, { assumptions: { 'PAY-06': 'numeric' } }), []);
      only(checkReadingTypeAttributes(KWH15, { flowDirection: '1' }, { assumptions: { 'PAY-06': 'literal' } }), 'COD-READINGTYPE-ATTRIBUTE', 'error');
      only(checkReadingTypeAttributes(KWH15, { accumulation: 'Delta data' }, { assumptions: { 'PAY-06': 'literal' } }), 'COD-READINGTYPE-ATTRIBUTE', 'error');
      assert.deepEqual(checkReadingTypeAttributes(KWH15, agreeing, { assumptions: { 'PAY-06': 'literal' } }), []);
    });
    test('multiplier literals are case-sensitive (m = milli, M = mega)', () => {
      assert.deepEqual(resolveReadingTypeAttribute('multiplier', 'm')?.codes, [-3]);
      assert.deepEqual(resolveReadingTypeAttribute('multiplier', 'M')?.codes, [6]);
      assert.deepEqual(resolveReadingTypeAttribute('multiplier', '*10^-3')?.codes, [-3]);
    });
    test('COD-12: "voltage" is accepted for code 54 as well as 158', () => {
      const rms = '0.0.0.6.0.1.54.0.0.0.0.0.0.0.128.0.29.0';
      assert.deepEqual(checkReadingTypeAttributes(rms, { measurementKind: 'rmsVoltage' }), []);
      assert.deepEqual(checkReadingTypeAttributes(rms, { measurementKind: 'voltage' }), []);
      assert.deepEqual(checkReadingTypeAttributes(rms, { measurementKind: 'voltageRMS' }), []);
      only(checkReadingTypeAttributes(rms, { measurementKind: 'current' }), 'COD-READINGTYPE-ATTRIBUTE', 'warning');
    });
    test('COD-14: alphabetic currency accepted, rejected on request or in strict mode', () => {
      const eur = withField(KWH15, 'currency', 978);
      const f = only(checkReadingTypeAttributes(eur, { currency: 'EUR' }, { assumptions: { 'COD-14': 'reject' } }), 'COD-READINGTYPE-ATTRIBUTE', 'error');
      assert.deepEqual(f.assumptions, { 'PAY-06': 'lenient', 'COD-14': 'reject' });
      only(checkReadingTypeAttributes(KWH15, { currency: 'XXX' }, STRICT), 'COD-READINGTYPE-ATTRIBUTE', 'error');
      only(checkReadingTypeAttributes(eur, { currency: 'USD' }), 'COD-READINGTYPE-ATTRIBUTE', 'warning');
    });
    test('a malformed code gives one format error', () => {
      only(checkReadingTypeAttributes('1.2.3', { unit: 'Wh' }), 'COD-READINGTYPE-FORMAT', 'error');
    });
  });

  test('composeReadingType builds the code from literals', () => {
    const r = composeReadingType({
      measuringPeriod: 'fifteenMinute', accumulation: 'deltaData', flowDirection: 'forward', commodity: 'electricitySecondaryMetered',
      measurementKind: 'energy', multiplier: 'k', unit: 'Wh',
    });
    assert.deepEqual(r, { ok: true, value: KWH15 });
    assert.deepEqual(composeReadingType({ flowDirection: 'reverse', multiplier: 'k', unit: 'W' }), { ok: true, value: '0.0.0.0.19.0.0.0.0.0.0.0.0.0.0.3.38.0' });
    assert.equal(composeReadingType({ measurementKind: 'voltage' }).ok, false);
    assert.equal(composeReadingType({ unit: 'furlongs per fortnight' }).ok, false);
  });
});

// =============================================================================================================
describe('options and findings', () => {
  test('assumptions: profile value, strict default, default; unsupported values are reported, not fatal', () => {
    assert.equal(assumption({}, 'COD-02'), 'finding');
    assert.equal(assumption(STRICT, 'COD-02'), 'failure');
    assert.equal(assumption({ strict: true, assumptions: { 'COD-02': 'finding' } }, 'COD-02'), 'finding');
    assert.equal(assumption({ assumptions: { 'COD-02': 'maybe' } }, 'COD-02'), 'maybe (unsupported here; finding used)');
    const f = only(checkQualityCode('1.4.11', { assumptions: { 'COD-02': 'maybe' } }), 'COD-QUALITY', 'warning');
    assert.match(f.assumptions!['COD-02']!, /unsupported/);
    assert.throws(() => assumption({}, 'XYZ-99'));
    for (const [id, spec] of Object.entries(CODE_ASSUMPTIONS)) assert.ok(spec.values.includes(spec.default), id);
  });

  test('every finding names a rule and an Annex clause', () => {
    const all = [
      ...checkReplyConsistency('FAILED', [{ code: 'x' }, { code: '9.9' }, { code: '0.0', level: 'FATAL' }]),
      ...checkQualityCode('1.4.11'), ...checkQualityCode('x'),
      ...checkEventType('3.31.0.23'), ...checkEventType('3.99.126.5000'), ...checkControlType('3.31.0.68'),
      ...checkReadingType(withField(KWH15, 'macroPeriod', 5)), ...checkReadingTypeAttributes(KWH15, { unit: 'V' }),
    ];
    assert.ok(all.length >= 10);
    for (const f of all) {
      assert.match(f.rule, /^COD-[A-Z-]+$/);
      assert.match(f.clause ?? '', /^61968-9:2013 Annex [BCDEF]$/);
      assert.ok(f.message.length > 10);
    }
    assert.ok(bySeverity(all, 'error').length > 0);
  });
});
