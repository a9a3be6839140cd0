/**
 * Declared versus observed per use case (src/report/use-case-rows.ts): the counts and outcome of each use case, what
 * the PICS declares, the notes where they disagree, and the statement's rendering in Markdown and HTML (escaped).
 * Run: node --import tsx --test test/use-case-rows.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useCaseRows, declaredText } from '../src/report/use-case-rows.ts';
import { useCasesMarkdown } from '../src/report/conformance.ts';
import { renderStatementHtml } from '../src/report/statement-html.ts';

const sc = (ucs: string[], role: string, verdict: string) => ({ tags: [...ucs.map((u) => `@usecase:${u}`), `@role:${role}`], verdict });

describe('useCaseRows', () => {
  const rows = useCaseRows({
    roles: ['MDM'],
    pics: { MDM: { useCases: ['MR-03', 'MR-05', 'EDE-02', 'EDC-03'] } },
    ran: [sc(['MR-03'], 'MDM', 'passed'), sc(['MR-03', 'MR-10'], 'MDM', 'failed'), sc(['EDE-02'], 'MDM', 'waived'), sc(['EDE-02'], 'MDM', 'error')],
    notApplicable: [
      { useCases: ['EDC-03'], roles: ['MDM'], reason: 'the suite\'s listener is not configured as the SUT\'s head-end (pics.MDM.sends: <listener>/hes)' },
      { useCases: ['MR-03'], roles: ['HES'], reason: 'the SUT does not play the HES role (sut.roles)' },
      { useCases: ['EDE-05'], roles: ['HES'], reason: 'the SUT does not play the HES role (sut.roles)' },
      { useCases: ['MR-04'], roles: ['MDM'], reason: 'the SUT does not declare use case MR-04 (pics.MDM.useCases)' },
    ],
    suite: [
      { useCases: ['MR-03'], roles: ['MDM'] },
      { useCases: ['MR-03', 'MR-10'], roles: ['MDM'] },
      { useCases: ['MR-03'], roles: ['MDM'] },
      { useCases: ['EDE-02'], roles: ['MDM'] },
      { useCases: ['EDE-02'], roles: ['MDM'] },
      { useCases: ['MR-05'], roles: ['MDM'] },
    ],
  });
  const by = (id: string) => rows.find((r) => r.useCase === id);

  test('counts per use case: a scenario of several use cases counts in each; not run = applicable less ran', () => {
    assert.deepEqual(by('MR-03')!.counts, { passed: 1, failed: 1, waived: 0, noVerdict: 0, notApplicable: 1, notRun: 1 });
    assert.equal(by('MR-03')!.outcome, 'failed');
    assert.equal(by('MR-03')!.note, 'declared, and a scenario of it failed');
    assert.deepEqual(by('MR-10')!.counts.failed, 1);
    assert.equal(by('EDE-02')!.outcome, 'no verdict');
    assert.equal(by('EDE-02')!.counts.waived, 1);
  });

  test('declared per role: yes / no; the notes name a declared use case that did not run or does not apply', () => {
    assert.deepEqual(by('MR-05')!.declared, [{ role: 'MDM', declared: true }]);
    assert.equal(by('MR-05')!.outcome, 'not run');
    assert.deepEqual(by('MR-05')!.roles, ['MDM'], 'the roles of a use case that did not run come from the suite');
    assert.equal(by('MR-05')!.note, 'declared, but none of its scenarios ran in this run');
    assert.equal(by('EDC-03')!.outcome, 'not applicable');
    assert.match(by('EDC-03')!.note!, /^declared, but no scenario of it applies to this profile: the suite's listener/);
    assert.deepEqual(by('MR-04')!.declared, [{ role: 'MDM', declared: false }]);
    assert.equal(by('MR-04')!.note, undefined);
    assert.equal(by('MR-10')!.declared[0]!.declared, false);
    assert.equal(by('MR-10')!.note, 'not declared, yet scenarios of it ran');
  });

  test('a use case of a role the SUT does not play has no row; the rows are in id order', () => {
    assert.equal(by('EDE-05'), undefined);
    assert.deepEqual(rows.map((r) => r.useCase), ['EDC-03', 'EDE-02', 'MR-03', 'MR-04', 'MR-05', 'MR-10']);
  });

  test('without pics: every use case of the role applies (declared null)', () => {
    const [r] = useCaseRows({ roles: ['HES'], ran: [sc(['EDC-06'], 'HES', 'passed')], notApplicable: [] });
    assert.deepEqual(r!.declared, [{ role: 'HES', declared: null }]);
    assert.equal(r!.counts.notRun, 0, 'without the suite list, not run is not counted');
    assert.equal(declaredText(r!.declared, false), 'HES no pics: section');
    assert.equal(declaredText([{ role: 'MDM', declared: null }], true), 'MDM every use case (no useCases list)');
  });
});

describe('the statement renders the rows escaped', () => {
  const hostile = '<script>alert(1)</script>|**x**';
  const rows = useCaseRows({ roles: ['MDM'], pics: { MDM: { useCases: ['EDC-03'] } }, ran: [], notApplicable: [{ useCases: ['EDC-03'], roles: ['MDM'], reason: `because ${hostile}` }] });

  test('conformance.md: a row per use case, text escaped', () => {
    const md = useCasesMarkdown(rows, true, true).join('\n');
    assert.match(md, /^## Declared versus observed per use case/);
    assert.match(md, /\| EDC-03 \| MDM \| MDM yes \| not applicable \| 0 \| 0 \| 0 \| 1 \| 0 \| declared, but no scenario of it applies/);
    assert.doesNotMatch(md, /<script>/);
    assert.match(md, /&lt;script&gt;alert\(1\)&lt;\/script&gt;\\\|\\\*\\\*x\\\*\\\*/);
  });

  test('conformance.html: a table, text escaped; no useCases in conformance.json, no section', () => {
    const html = renderStatementHtml({ statement: { useCases: rows, pics: {}, counts: { ran: 0 } }, runFolder: 'r', messages: [] });
    assert.match(html, /id="pics-usecases"/);
    assert.match(html, /EDC-03/);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(renderStatementHtml({ statement: { counts: { ran: 0 } }, runFolder: 'r', messages: [] }), /pics-usecases/);
  });
});
