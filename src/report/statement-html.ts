/**
 * The conformance statement as one self-contained HTML page, <run>/conformance.html: the document a vendor hands to a
 * utility. Readable by a non-developer and printable to PDF from a browser; it loads nothing (no external URL, inline
 * CSS only, no script) and links only to files of its own run folder (the message bodies under bodies/).
 *
 * It is a rendering of the run's conformance.json (src/report/conformance.ts; the evidence section is added by
 * src/report/evidence.ts) and of the run's message log (<run>/.scenarios/exchanges-*.ndjson, src/report/exchanges.ts,
 * for the links to the evidence of each failure), so `cim9 report --format html --run DIR` rebuilds the same page
 * from a run folder. `cim9 run` writes it after the statement, before the evidence bundle is signed, so the bundle
 * holds it too.
 *
 * Everything the SUT or the profile controls (names, URLs, findings that quote the SUT, CorrelationIDs, paths) goes
 * through the element builder of src/report/html.ts: escaped, huge values cut with a note, links relative only.
 */
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { ACTUAL_MAX, type Finding } from '../checks/finding.ts';
import { NOT_COVERED, USE_CASES, USE_CASE_TITLES } from '../usecases/ids.ts';
import type { ScenarioRecord, Counts, ReportedDelivery } from './conformance.ts';
import { verdictCounts } from './conformance.ts';
import { readMessageLog, type ExchangeLogEntry } from './exchanges.ts';
import { document, el, fragment, text, type Child, type Html } from './html.ts';
import type { RunModeReport } from './run-mode.ts';
import { notComparedText, type PicsReport } from './pics.ts';
import { declaredText, type UseCaseRow } from './use-case-rows.ts';
import type { OverlayReport } from './overlay.ts';
import type { AttestationRow } from './attestations.ts';
import type { RequirementRow } from './requirement-rows.ts';

export const STATEMENT_HTML = 'conformance.html';

/** conformance.json as this page reads it: every part optional (a run of an older cim9 lacks the newer ones) */
export interface StatementJson {
  suite?: { name?: string; version?: string };
  generatedAt?: string;
  profile?: {
    name?: string;
    vendor?: string;
    product?: string;
    version?: string;
    file?: string;
    edition?: string;
    roles?: string[];
    embedded?: boolean;
    strict?: boolean;
    endpoints?: Record<string, { url?: string; services?: Record<string, string> } | undefined>;
    soapVersion?: string;
    capabilities?: Record<string, boolean>;
    stimulus?: string;
    peers?: { HES?: { pageIntervals?: number } };
  };
  plan?: { exclusions?: { tag: string; reason: string; cap?: string }[] };
  faults?: string[];
  run?: RunModeReport['json'];
  waivers?: RunModeReport['waivers'];
  generation?: { expected?: string; env01?: string; verdict?: string; skipped?: number };
  counts?: Partial<Counts>;
  assumptionsUsed?: Record<string, string>;
  assumptionsInForce?: Record<string, string>;
  scenarios?: Partial<ScenarioRecord>[];
  notApplicable?: { name: string; uri: string; line: number; reason: string; excludedBy?: string }[];
  unsolicited?: ReportedDelivery[];
  lateReplies?: ReportedDelivery[];
  /** the profile's PICS against the SUT's replies (src/report/pics.ts); only when the profile has pics: */
  pics?: Partial<PicsReport>;
  /** declared versus observed per use case (src/report/use-case-rows.ts) */
  useCases?: Partial<UseCaseRow>[];
  /** the utility overlay applied (src/report/overlay.ts) */
  overlay?: Partial<OverlayReport>;
  /** requirement → scenarios → verdict (src/report/requirement-rows.ts) */
  requirements?: Partial<RequirementRow>[];
  /** the requirements no exchange can show: attested by the vendor, or not (src/report/attestations.ts) */
  attestations?: Partial<AttestationRow>[];
  evidence?: { bundle?: string; publicKeyFingerprint?: string; messages?: number };
}

export interface StatementHtmlInput {
  statement: StatementJson;
  /** the run folder's name: the run id of a run in reports/<run id>/ */
  runFolder: string;
  /** the run's message log (links to the evidence of each failure); empty when it is gone */
  messages: readonly ExchangeLogEntry[];
}

/** bad input to `cim9 report --format html` (no run, no conformance.json): exit 2 */
export class StatementInputError extends Error {}

// ------------------------------------------------------------------------------------------------------------------
// limits: a hostile or broken SUT can make any list long and any value huge

const NAME_MAX = 300;
const CELL_MAX = 1000;
const ERROR_MAX = 8000;
const FINDINGS_LISTED = 100;
const MESSAGES_LISTED = 100;
const DELIVERIES_LISTED = 50;
const WARNINGS_LISTED = 200;
/** rows of the PICS noun / verb tables */
const ROWS_LISTED = 200;

// ------------------------------------------------------------------------------------------------------------------
// the page's look: inline, screen and print

const CSS = `
:root { --ok: #1d6b34; --bad: #a4161a; --err: #8a5a00; --mute: #5b6270; --line: #c9ced6; --head: #eef1f5; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1b1f24; margin: 0 auto; padding: 24px 32px 48px; max-width: 1200px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
p, dl { margin: 6px 0 10px; }
.sub { color: var(--mute); margin: 0 0 16px; }
.banner { border: 2px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
.banner.pass { border-color: var(--ok); background: #eef8f0; }
.banner.fail { border-color: var(--bad); background: #fbeeee; }
.banner.none { border-color: var(--err); background: #fdf6e8; }
.banner .big { font-size: 20px; font-weight: 700; }
.note { border-left: 4px solid var(--err); background: #fdf6e8; padding: 8px 12px; margin: 10px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--head); font-weight: 600; overflow-wrap: normal; }
td.n { text-align: right; white-space: nowrap; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dl.kv dt { font-weight: 600; }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; border: 1px solid var(--line); padding: 8px; font-size: 12px; margin: 6px 0 10px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.v { display: inline-block; padding: 0 6px; border-radius: 3px; font-weight: 600; white-space: nowrap; }
.v-passed { color: var(--ok); background: #e3f3e7; }
.v-failed { color: var(--bad); background: #f8e1e1; }
.v-error { color: var(--err); background: #fbefd6; }
.v-waived, .v-skipped, .v-na { color: var(--mute); background: #eceef1; }
.trunc { color: var(--err); font-style: italic; }
.mute { color: var(--mute); }
.toc ol { margin: 4px 0; }
.scenario { border-top: 1px solid var(--line); padding-top: 4px; }
footer { margin-top: 40px; color: var(--mute); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { padding: 0 1px; max-width: none; font-size: 11px; }
  .toc { display: none; }
  h2, h3, h4 { break-after: avoid; }
  #usecases, #failures, #assumptions { break-before: page; }
  .usecase { break-inside: avoid-page; }
  table { break-inside: auto; }
  thead { display: table-header-group; }
  tr, td, th, dl.kv, .banner, .note { break-inside: avoid; }
  pre { break-inside: auto; }
  .scenario { break-inside: avoid-page; }
  a { color: inherit; text-decoration: none; }
  .v, .banner, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

// ------------------------------------------------------------------------------------------------------------------
// small pieces

const VERDICT_WORDS: Record<string, string> = {
  passed: 'passed',
  failed: 'FAILED',
  error: 'error',
  waived: 'waived',
  skipped: 'skipped',
  'not-applicable': 'not applicable',
};

function verdictBadge(v: string | undefined): Html {
  const known = v && VERDICT_WORDS[v] ? v : 'error';
  return el('span', { class: `v v-${known === 'not-applicable' ? 'na' : known}` }, VERDICT_WORDS[known] ?? String(v));
}

/** an overlay verdict: met, not met, not checked */
function overlayBadge(v: string | undefined): Html {
  return v === 'met' ? el('span', { class: 'v v-passed' }, 'met') : v === 'not checked' ? el('span', { class: 'v v-error' }, 'not checked') : el('span', { class: 'v v-failed' }, 'NOT MET');
}

function table(head: readonly string[], rows: readonly Child[][], opts: { numeric?: readonly number[] } = {}): Html {
  return el(
    'table',
    null,
    el('thead', null, el('tr', null, head.map((h) => el('th', null, h)))),
    el('tbody', null, rows.map((r) => el('tr', null, r.map((c, i) => el('td', opts.numeric?.includes(i) ? { class: 'n' } : null, c))))),
  );
}

function kv(pairs: readonly [string, Child][]): Html {
  return el('dl', { class: 'kv' }, pairs.map(([k, v]) => fragment(el('dt', null, k), el('dd', null, v))));
}

const name = (s: string | undefined, max = NAME_MAX) => text(s ?? '', max, { oneLine: true });
const cell = (s: string | undefined, max = CELL_MAX) => text(s ?? '', max, { oneLine: true });
const tagValues = (tags: readonly string[] | undefined, key: string) => (tags ?? []).filter((t) => t.startsWith(`@${key}:`)).map((t) => t.slice(key.length + 2));

function section(id: string, title: string, ...children: Child[]): Html {
  return el('section', { id }, el('h2', null, title), ...children);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ------------------------------------------------------------------------------------------------------------------
// the declarations of a profile (PICS) and what the run observed of each

interface Declaration {
  tag: string;
  what: string;
  field: string;
}

const DECLARATIONS: readonly Declaration[] = [
  { tag: '@role:MDM', what: 'plays the meter data management system (MDM)', field: 'sut.roles' },
  { tag: '@role:HES', what: 'plays the head-end system (HES)', field: 'sut.roles' },
  { tag: '@role:CIS', what: 'plays the customer information system (CIS)', field: 'sut.roles' },
  { tag: '@role:OMS', what: 'plays the outage management system (OMS)', field: 'sut.roles' },
  { tag: '@edition:2013', what: 'speaks IEC 61968-9:2013', field: 'edition' },
  { tag: '@edition:2024', what: 'speaks IEC 61968-9:2024', field: 'edition' },
  { tag: '@edition:draft-2011', what: 'speaks the 2011 draft message generation', field: 'edition' },
  { tag: '@cap:async', what: 'answers asynchronously (AsyncReplyFlag, ReplyAddress)', field: 'pics.<role>.asyncReplies' },
  { tag: '@cap:publication', what: 'publishes events to subscribers', field: 'pics.<role>.publishes' },
  { tag: '@cap:md-publication', what: 'publishes master-data changes to the suite', field: 'pics.<role>.publishes (master data)' },
  { tag: '@cap:relay', what: 'sends requests to its head-end, played by the suite (P6 relays)', field: 'pics.MDM.sends' },
  { tag: '@cap:stimulus', what: 'field events can be caused for the test', field: 'stimulus.kind' },
  { tag: '@cap:object-names', what: 'ObjectNamesConfig (optional feature)', field: 'assumption UC-33' },
];

interface Observed {
  passed: number;
  failed: number;
  waived: number;
  error: number;
  skipped: number;
  notApplicable: number;
}

/** what the profile says of a tag: declared (true), not declared (the plan's reason), or unknown (an older run) */
function declaredOf(st: StatementJson, d: Declaration): { declared: boolean | undefined; reason?: string } {
  const exclusions = st.plan?.exclusions;
  if (exclusions) {
    const x = exclusions.find((e) => e.tag === d.tag || e.cap === d.tag);
    return x ? { declared: false, reason: x.reason } : { declared: true };
  }
  const p = st.profile ?? {};
  if (d.tag.startsWith('@role:')) return p.roles ? { declared: p.roles.includes(d.tag.slice(6)) } : { declared: undefined };
  if (d.tag.startsWith('@edition:')) return p.edition ? { declared: p.edition === d.tag.slice(9) } : { declared: undefined };
  return { declared: undefined };
}

function observedOf(st: StatementJson, tag: string): Observed {
  const o: Observed = { passed: 0, failed: 0, waived: 0, error: 0, skipped: 0, notApplicable: 0 };
  const editionRow = tag.startsWith('@edition:');
  for (const s of st.scenarios ?? []) {
    if (!(s.tags ?? []).includes(tag)) continue;
    // a scenario of several editions runs under the profile's one: it says nothing of the others
    if (editionRow && tag !== `@edition:${st.profile?.edition}`) continue;
    const v = s.verdict;
    if (v === 'passed' || v === 'failed' || v === 'waived' || v === 'error' || v === 'skipped') o[v]++;
  }
  o.notApplicable = (st.notApplicable ?? []).filter((n) => n.excludedBy === tag).length;
  return o;
}

function assessment(declared: boolean | undefined, o: Observed): string {
  const ran = o.passed + o.failed + o.waived + o.error + o.skipped;
  if (declared === false) return ran ? `not declared, yet ${plural(ran, 'scenario')} ran` : o.notApplicable ? `not declared: ${plural(o.notApplicable, 'scenario')} not applicable` : 'not declared';
  if (!ran) return declared ? 'declared; not exercised in this run' : 'not exercised in this run';
  if (o.failed) return `${declared ? 'declared' : 'observed'}; ${plural(o.failed, 'failure')} observed`;
  if (o.error || o.skipped) return `${declared ? 'declared' : 'observed'}; ${o.error + o.skipped} without a verdict (error or skipped)`;
  if (o.waived) return `${declared ? 'declared' : 'observed'}; passed but for ${plural(o.waived, 'waived failure')}`;
  return `${declared ? 'declared and confirmed' : 'observed'}: every scenario passed`;
}

function picsSection(st: StatementJson): Html {
  const seenTags = new Set((st.scenarios ?? []).flatMap((s) => (s.tags ?? []).filter((t) => t.startsWith('@cap:'))));
  const rows: Child[][] = [];
  const extra = [...seenTags].filter((t) => !DECLARATIONS.some((d) => d.tag === t)).sort();
  for (const d of [...DECLARATIONS, ...extra.map((tag) => ({ tag, what: 'a capability the scenarios need', field: '—' }))]) {
    const dec = declaredOf(st, d);
    const o = observedOf(st, d.tag);
    rows.push([
      fragment(d.what, el('br'), el('span', { class: 'mono mute' }, d.tag)),
      el('span', { class: 'mono' }, d.field),
      dec.declared === undefined ? el('span', { class: 'mute' }, 'not recorded') : dec.declared ? 'yes' : fragment('no', dec.reason ? fragment(el('br'), el('span', { class: 'mute' }, cell(dec.reason))) : null),
      String(o.passed),
      String(o.failed + o.waived) + (o.waived ? ` (${o.waived} waived)` : ''),
      String(o.error + o.skipped),
      String(o.notApplicable),
      assessment(dec.declared, o),
    ]);
  }
  const caps = st.profile?.capabilities;
  return section(
    'pics',
    'Declared versus observed',
    el('p', null, 'What the test profile declares the system under test supports (its roles, edition and PICS), against what this run observed: the scenarios that need each declaration and their verdicts. A declaration the profile does not make leaves its scenarios not applicable.'),
    table(['declaration', 'profile field', 'declared', 'passed', 'failed', 'error / skipped', 'not applicable', 'assessment'], rows, { numeric: [3, 4, 5, 6] }),
    caps && 'annexB' in caps ? el('p', { class: 'mute' }, `pics.<role>.annexB (error codes follow Annex B): declared ${caps['annexB'] ? 'yes' : 'no'}; it changes what the rules accept in the scenarios of the role, not which scenarios run.`) : null,
    caps?.['relayToHeadEnd'] && st.profile?.peers?.HES?.pageIntervals !== undefined ? el('p', { class: 'mute' }, `peers.HES.pageIntervals: the head-end the suite played behind the system under test answered interval data in pages of at most ${st.profile.peers.HES.pageIntervals} intervals.`) : null,
  );
}

/** the utility overlay (cim9 run --overlay): what it set, its required use cases, the verdicts it changed */
function overlaySection(st: StatementJson): Html | null {
  const o = st.overlay;
  if (!o) return null;
  const assumptions = o.assumptions ?? [];
  const caps = o.capabilities ?? [];
  const required = o.requiredUseCases ?? [];
  const changed = o.changed ?? [];
  const reqs = o.requirements ?? [];
  return section(
    'overlay',
    'Utility overlay',
    el(
      'p',
      null,
      `The utility\u2019s overlay \u201c${o.name ?? ''}\u201d (${o.file ?? ''}, sha256 ${o.sha256 ?? ''}) was applied on top of the base profile. Its requirements are reported here, apart from base conformance, and change no verdict of the run (its assumptions and capabilities apply to the whole run; the verdicts they changed are listed below): `,
      overlayBadge(o.verdict ?? (o.met ? 'met' : 'not met')),
      o.met ? ' every required use case ran and passed and every requirement of the utility was met.' : o.verdict === 'not checked' ? ' the run found nothing to judge for a requirement of the utility.' : ' a required use case did not pass or a requirement of the utility was not met.',
    ),
    reqs.length
      ? fragment(
          el('h3', null, 'The utility\u2019s own requirements'),
          el('p', { class: 'mute' }, 'Each judged against the messages of this run: ReadingTypes the system must deliver, time limits, elements the standard leaves optional that the utility requires.'),
          table(
            ['requirement', 'requires', 'verdict', 'observed', 'for example'],
            reqs.slice(0, ROWS_LISTED).map((r) => [
              el('span', { class: 'mono' }, cell(r.id, 80)),
              fragment(r.statement ? fragment(cell(r.statement, 400), el('br')) : null, el('span', { class: 'mute' }, cell(r.requires, 400))),
              overlayBadge(r.verdict),
              cell(r.observed, 600),
              (r.examples ?? []).length ? el('ul', null, (r.examples ?? []).slice(0, 5).map((x) => el('li', null, cell(`${x.scenario ? `${x.scenario} \u2014 ` : ''}${x.message} \u2014 ${x.detail}`, 400)))) : '\u2014',
            ]),
          ),
        )
      : null,
    (o.warnings ?? []).length ? el('ul', null, (o.warnings ?? []).slice(0, 50).map((w) => el('li', null, 'Warning: ', cell(w, 600)))) : null,
    assumptions.length ? table(['assumption', 'base profile', 'with the overlay'], assumptions.map((a) => [el('span', { class: 'mono' }, cell(a.id, 40)), cell(a.base, 200), cell(a.overlay, 200)])) : null,
    caps.length ? el('p', null, `Capabilities the overlay makes mandatory: ${caps.map((c) => `${c.name} (base profile: ${c.base ? 'yes' : 'no'})`).join(', ')}.`) : null,
    required.length
      ? table(
          ['role', 'required use case', 'outcome', 'met'],
          required.map((r) => [cell(r.role, 20), fragment(el('span', { class: 'mono' }, cell(r.useCase, 40)), el('br'), el('span', { class: 'mute' }, cell(USE_CASE_TITLES[r.useCase] ?? '', 200))), cell(`${r.outcome}${r.why ? `: ${r.why}` : ''}`, 600), r.met ? 'yes' : verdictBadge('failed')]),
        )
      : null,
    changed.length
      ? fragment(el('h3', null, 'Verdicts the overlay changed'), table(['scenario', 'verdict', 'because'], changed.slice(0, ROWS_LISTED).map((c) => [name(c.req?.length ? `${c.req.join(', ')} ${c.scenario}` : c.scenario), verdictBadge(c.verdict), cell(c.because, 600)])))
      : el('p', { class: 'mute' }, 'The overlay changed no verdict of this run.'),
  );
}

/** declared (pics.<role>.useCases) versus observed (the verdicts of its scenarios) per use case: conformance.json useCases */
function picsUseCaseSection(st: StatementJson): Html | null {
  const rows = st.useCases;
  if (!rows) return null;
  const hasPics = !!st.pics;
  const outcomeCell = (r: Partial<UseCaseRow>): Child => {
    const o = r.outcome ?? '';
    if (o === 'failed') return verdictBadge('failed');
    if (o === 'passed') return verdictBadge('passed');
    if (o === 'no verdict') return verdictBadge('error');
    return el('span', { class: 'mute' }, cell(o, 40));
  };
  return section(
    'pics-usecases',
    'Declared versus observed per use case',
    el(
      'p',
      null,
      `Per use case of the roles the system under test plays: what the test profile declares (${hasPics ? 'its PICS, pics.<role>.useCases; a role without a useCases list declares every use case of the role' : 'the profile has no PICS section, so every use case of its roles applies'}) and what this run observed of the use case’s scenarios. “not run”: applicable to the profile, but left out of this run or never reached. A scenario that covers several use cases counts under each.`,
    ),
    rows.length
      ? table(
          ['use case', 'declared', 'outcome', 'passed', 'failed (waived)', 'error / skipped', 'not applicable', 'not run', 'note'],
          rows.slice(0, ROWS_LISTED).map((r) => {
            const c = r.counts ?? { passed: 0, failed: 0, waived: 0, noVerdict: 0, notApplicable: 0, notRun: 0 };
            const id = r.useCase ?? '';
            return [
              fragment(el('span', { class: 'mono' }, cell(id, 40)), el('br'), el('span', { class: 'mute' }, cell(USE_CASE_TITLES[id] ?? '', 200))),
              cell(declaredText(r.declared ?? [], hasPics), 300),
              outcomeCell(r),
              String(c.passed ?? 0),
              `${(c.failed ?? 0) + (c.waived ?? 0)}${c.waived ? ` (${c.waived} waived)` : ''}`,
              String(c.noVerdict ?? 0),
              String(c.notApplicable ?? 0),
              String(c.notRun ?? 0),
              cell(r.note ?? (r.outcome === 'not applicable' ? r.notApplicableReason : undefined) ?? '—', 600),
            ] as Child[];
          }),
          { numeric: [3, 4, 5, 6, 7] },
        )
      : el('p', { class: 'mute' }, 'No use case of the roles the system under test plays.'),
    rows.length > ROWS_LISTED ? el('p', { class: 'trunc' }, `… and ${rows.length - ROWS_LISTED} more (every one is in conformance.json)`) : null,
  );
}

/** the PICS noun / verb comparison (profile section pics:): the disagreements, then what was observed */
function picsNounVerbSection(st: StatementJson): Html | null {
  const p = st.pics;
  if (!p) return null;
  const dis = p.disagreements ?? [];
  const observed = p.observed ?? [];
  const verdict = p.verdict ?? 'warning';
  const kindWords: Record<string, string> = {
    'declared-but-refused': 'declared supported, refused as unsupported',
    'undeclared-but-accepted': 'declared unsupported, answered OK',
    'not-mentioned': 'not in the PICS, exchanged',
    'sent-undeclared': 'sent as a client, not declared in sends',
    'published-undeclared': 'published to the suite, not declared in publishes',
    'declared-element-missing': 'optional element declared, missing from payloads sent',
  };
  const elements = p.elements ?? [];
  const sent = p.sent ?? [];
  const notSent = p.notSent ?? [];
  const published = p.published ?? [];
  const notPublished = p.notPublished ?? [];
  const declaredPublishes = (role: string, noun: string, verb: string): string => {
    const decl = (p.declared as Record<string, { publishes?: { noun: string; verbs: string[] }[] } | undefined> | undefined)?.[role]?.publishes;
    return decl ? (decl.find((n) => n.noun === noun)?.verbs.includes(verb) ? 'yes' : 'no') : 'not compared (no publishes)';
  };
  const declaredSends = (role: string, noun: string, verb: string): string => {
    const decl = (p.declared as Record<string, { sends?: { noun: string; verbs: string[] }[] } | undefined> | undefined)?.[role]?.sends;
    return decl ? (decl.find((n) => n.noun === noun)?.verbs.includes(verb) ? 'yes' : 'no') : 'not compared (no sends)';
  };
  const skipped = notComparedText(p.notCompared);
  const ex = (e: { scenario?: string; result?: string; codes?: string[] } | undefined): Child =>
    e ? fragment(cell(`${e.result ?? ''}${e.codes?.length ? ` ${e.codes.join(', ')}` : ''}`, 200), e.scenario ? fragment(el('br'), el('span', { class: 'mute' }, name((e.scenario ?? '').replace(/ \[[^\]]*\]$/, '')))) : null) : '—';
  return section(
    'pics-nouns',
    'Declared versus observed per noun and verb',
    el(
      'p',
      null,
      `The profile's pics: section (per role, the noun / verb pairs the system under test answers as a server, those it sends as a client and those it publishes) against the replies it gave to the suite's requests, the requests it sent and the publications it made. A disagreement is ${verdict === 'failure' ? 'a failure (assumption CIM9-163 = failure)' : verdict === 'off' ? 'not judged (assumption CIM9-163 = off)' : 'a warning, not a failure (assumption CIM9-163)'}; refused as unsupported means ${p.refusal === 'any-failed' ? 'any FAILED reply or SOAP fault' : `a FAILED reply with code ${(p.unsupportedCodes ?? []).join(' or ')}`} (CIM9-164).`,
    ),
    dis.length
      ? table(
          ['severity', 'disagreement', 'role', 'noun', 'verb', 'requests', 'profile field', 'what was observed'],
          dis.slice(0, ROWS_LISTED).map((d) => [
            d.severity === 'failure' ? verdictBadge('failed') : el('span', { class: 'mute' }, 'warning'),
            kindWords[d.kind] ?? cell(d.kind, 100),
            cell(d.role, 20),
            el('span', { class: 'mono' }, cell(d.noun, 200)),
            el('span', { class: 'mono' }, cell(d.verb, 100)),
            String(d.requests),
            el('span', { class: 'mono' }, cell(d.field, 100)),
            fragment(cell(d.message), el('br'), ex(d.example)),
          ]),
          { numeric: [5] },
        )
      : el('p', { class: 'mute' }, verdict === 'off' ? 'Not compared.' : skipped ? 'No disagreement among the noun / verb pairs compared.' : 'No disagreement: every noun and verb exchanged was answered as the PICS declares.'),
    dis.length > ROWS_LISTED ? el('p', { class: 'trunc' }, `… and ${dis.length - ROWS_LISTED} more (every one is in conformance.json)`) : null,
    skipped ? el('p', { class: 'not-compared' }, cell(skipped, 4000)) : null,
    observed.length
      ? fragment(
          el('h3', null, 'Observed noun / verb pairs'),
          table(
            ['role', 'noun', 'verb', 'requests', 'accepted (OK / PARTIAL)', 'refused as unsupported', 'other replies'],
            observed.slice(0, ROWS_LISTED).map((o) => [cell(o.role, 20), el('span', { class: 'mono' }, cell(o.noun, 200)), el('span', { class: 'mono' }, cell(o.verb, 100)), String(o.requests), String(o.accepted), String(o.refused), String(o.other)]),
            { numeric: [3, 4, 5, 6] },
          ),
          observed.length > ROWS_LISTED ? el('p', { class: 'trunc' }, `… and ${observed.length - ROWS_LISTED} more (every one is in conformance.json)`) : null,
        )
      : null,
    sent.length || notSent.length
      ? fragment(
          el('h3', null, 'Requests the system under test sent as a client'),
          el('p', null, 'The requests that arrived at the peers the suite plays (the head-end behind an MDM, the MDM a CIS or an OMS asks), against pics.<role>.sends.'),
          sent.length
            ? table(
                ['role', 'sent to', 'noun', 'verb', 'requests', 'declared in sends'],
                sent.slice(0, ROWS_LISTED).map((o) => [cell(o.role, 20), cell(o.peer, 20), el('span', { class: 'mono' }, cell(o.noun, 200)), el('span', { class: 'mono' }, cell(o.verb, 100)), String(o.requests), declaredSends(o.role, o.noun, o.verb)]),
                { numeric: [4] },
              )
            : null,
          notSent.length ? el('p', { class: 'mute' }, `Declared in sends, no request seen in this run: ${notSent.slice(0, ROWS_LISTED).map((x) => `${x.role} ${x.verb}(${x.noun})`).join(', ')}.`) : null,
        )
      : null,
    published.length || notPublished.length
      ? fragment(
          el('h3', null, 'Publications the system under test made'),
          el('p', null, "The events and master-data changes it published on its own to the suite's listener as its subscriber, against pics.<role>.publishes."),
          published.length
            ? table(
                ['role', 'noun', 'verb', 'sent to', 'messages', 'declared in publishes'],
                published.slice(0, ROWS_LISTED).map((o) => [cell(o.role, 20), el('span', { class: 'mono' }, cell(o.noun, 200)), el('span', { class: 'mono' }, cell(o.verb, 100)), cell(o.to.map((t) => `/${t}`).join(', '), 200), String(o.deliveries), declaredPublishes(o.role, o.noun, o.verb)]),
                { numeric: [4] },
              )
            : null,
          published.length > ROWS_LISTED ? el('p', { class: 'trunc' }, `… and ${published.length - ROWS_LISTED} more (every one is in conformance.json)`) : null,
          notPublished.length ? el('p', { class: 'mute' }, `Declared in publishes, not observed in this run (the run may not have triggered them): ${notPublished.slice(0, ROWS_LISTED).map((x) => `${x.role} ${x.verb}(${x.noun})`).join(', ')}.`) : null,
        )
      : null,
    elements.length
      ? fragment(
          el('h3', null, 'Optional elements declared and sent'),
          el('p', null, 'The elements the standard leaves optional that pics.<role>.elements declares the system under test sends, against every payload of the noun it sent in this run.'),
          table(
            ['role', 'noun', 'element', 'elements at its parent', 'lacking it', 'for example'],
            elements.slice(0, ROWS_LISTED).map((o) => [
              cell(o.role, 20),
              el('span', { class: 'mono' }, cell(o.noun, 200)),
              el('span', { class: 'mono' }, cell(o.path, 300)),
              o.parents ? String(o.parents) : el('span', { class: 'mute' }, 'none sent: not observed'),
              o.missing ? verdictBadge('failed') : o.parents ? '0' : '\u2014',
              o.example ? cell(`${o.example.scenario ? `${o.example.scenario} \u2014 ` : ''}${o.example.message} \u2014 ${o.example.detail}`, 400) : '\u2014',
            ]),
          ),
        )
      : null,
    p.unjudged ? el('p', { class: 'mute' }, `${plural(p.unjudged, 'request')} could not be judged (bytes not kept, not a readable message, or the role of the SUT not known).`) : null,
  );
}

// ------------------------------------------------------------------------------------------------------------------
// sections

function overall(st: StatementJson): { cls: 'pass' | 'fail' | 'none'; word: string; why: string } {
  const c = st.counts ?? {};
  const bad = (c.failed ?? 0) + (c.error ?? 0) + (c.unexpectedPasses ?? 0);
  if (st.run?.mode === 'certification' && st.run.conformant !== undefined) {
    return st.run.conformant
      ? { cls: 'pass', word: 'CONFORMANT', why: 'Certification run: every scenario in scope ran and passed.' }
      : { cls: 'fail', word: 'NOT CONFORMANT', why: `Certification run: ${(st.run.notConformantBecause ?? []).join('; ') || 'not every scenario in scope passed'}.` };
  }
  const dev = st.run?.mode === 'development' ? 'Development run, not a certification result (the selection, faults, waivers and assumptions were free). ' : '';
  if (!(c.ran ?? 0)) return { cls: 'none', word: 'NO SCENARIO RAN', why: `${dev}Nothing was tested.` };
  const picsFailures = st.pics?.verdict === 'failure' ? (st.pics.disagreements ?? []).length : 0;
  if (!bad && picsFailures) return { cls: 'fail', word: 'NOT PASSED', why: `${dev}${plural(picsFailures, 'disagreement')} between the profile's PICS and what the system under test did (assumption CIM9-163 = failure).` };
  if (bad) return { cls: 'fail', word: 'NOT PASSED', why: `${dev}${plural(c.failed ?? 0, 'scenario')} failed, ${c.error ?? 0} ended in error${c.unexpectedPasses ? `, ${plural(c.unexpectedPasses, 'unexpected pass', 'unexpected passes')}` : ''}.` };
  return { cls: 'pass', word: 'ALL PASSED', why: `${dev}Every scenario that ran passed${c.waived ? ` (${plural(c.waived, 'failure')} waived)` : ''}.` };
}

function headerPart(st: StatementJson, runFolder: string): Html {
  const c = st.counts ?? {};
  const o = overall(st);
  const full: Counts = { ran: c.ran ?? 0, passed: c.passed ?? 0, failed: c.failed ?? 0, error: c.error ?? 0, skipped: c.skipped ?? 0, notApplicable: c.notApplicable ?? 0, waived: c.waived ?? 0, unexpectedPasses: c.unexpectedPasses ?? 0 };
  return fragment(
    el('h1', null, 'IEC 61968-9 conformance statement'),
    el('p', { class: 'sub' }, 'System under test: ', el('strong', null, name(st.profile?.name)), ` — tested by ${st.suite?.name ?? 'cim9'} ${st.suite?.version ?? ''}, run ${runFolder}`),
    el(
      'div',
      { class: `banner ${o.cls}` },
      el('div', { class: 'big' }, o.word),
      el('div', null, o.why),
      el('div', null, `Verdicts: ${verdictCounts(full)}.`),
    ),
    st.faults?.length
      ? el('div', { class: 'note' }, 'This run switched on deliberate faults of cim9\u2019s own reference system (', el('span', { class: 'mono' }, cell(st.faults.join(', '))), '): it tests the test suite, and says nothing about a product.')
      : null,
    st.generation?.verdict
      ? el('div', { class: 'note' }, 'Message generation: ', cell(st.generation.verdict), `; ${st.generation.skipped ?? 0} later scenario(s) were skipped for that reason.`)
      : null,
    table(
      ['ran', 'passed', 'failed', 'error', 'waived', 'skipped', 'not applicable'],
      [[String(full.ran), String(full.passed), String(full.failed), String(full.error), String(full.waived), String(full.skipped), String(full.notApplicable)]],
      { numeric: [0, 1, 2, 3, 4, 5, 6] },
    ),
    el('p', { class: 'mute' }, '\u201cfailed\u201d means the system under test violated a requirement. \u201cerror\u201d means the test suite or the test environment failed: it is no verdict on the system under test. \u201cwaived\u201d is a failure the vendor\u2019s waiver file expects. \u201cnot applicable\u201d scenarios need a role, edition or capability the profile does not declare.'),
  );
}

function contents(st: StatementJson): Html {
  const items: [string, string][] = [
    ['sut', 'System under test and profile'],
    ['run', 'Run'],
    ...(st.overlay ? [['overlay', 'Utility overlay'] as [string, string]] : []),
    ['pics', 'Declared versus observed'],
    ...(st.useCases ? [['pics-usecases', 'Declared versus observed per use case'] as [string, string]] : []),
    ...(st.pics ? [['pics-nouns', 'Declared versus observed per noun and verb'] as [string, string]] : []),
    ['usecases', 'Results per use case'],
    ...(st.requirements ? [['requirements', 'Results per requirement'] as [string, string]] : []),
    ...(st.attestations ? [['attestations', 'Attested requirements'] as [string, string]] : []),
    ['failures', 'Findings of failed scenarios'],
    ['warnings', 'Warnings'],
    ['waivers', 'Waivers'],
    ['deliveries', 'Messages no scenario expected'],
    ['assumptions', 'Assumptions'],
    ['notapplicable', 'Scenarios not applicable'],
  ];
  return el('nav', { class: 'toc' }, el('strong', null, 'Contents'), el('ol', null, items.map(([id, t]) => el('li', null, el('a', { href: `#${id}` }, t)))));
}

function sutSection(st: StatementJson): Html {
  const p = st.profile ?? {};
  const endpoints = Object.entries(p.endpoints ?? {}).filter(([, e]) => e && e.url);
  const caps = Object.entries(p.capabilities ?? {});
  return section(
    'sut',
    'System under test and profile',
    kv([
      ['Name', name(p.name)],
      ['Vendor', p.vendor ? name(p.vendor) : el('span', { class: 'mute' }, 'not stated in the profile (sut.vendor)')],
      ['Product and version', p.product || p.version ? name([p.product, p.version && `version ${p.version}`].filter(Boolean).join(' ')) : el('span', { class: 'mute' }, 'not stated in the profile (sut.product, sut.version)')],
      ['Test profile', el('span', { class: 'mono' }, cell(p.file))],
      ['Edition', p.edition ? `IEC 61968-9:${p.edition === 'draft-2011' ? ' the 2011 draft' : p.edition}` : '—'],
      ['Roles', (p.roles ?? []).length ? (p.roles ?? []).join(', ') : '—'],
      [
        'Endpoints',
        p.embedded
          ? 'cim9\u2019s embedded reference system, started by the suite on a local port for this run'
          : endpoints.length
            ? el('ul', null, endpoints.map(([role, e]) => el('li', null, `${role}: `, el('span', { class: 'mono' }, cell(e!.url, 500)), Object.keys(e!.services ?? {}).length ? el('ul', null, Object.entries(e!.services!).map(([svc, u]) => el('li', null, el('span', { class: 'mono' }, cell(`${svc}: ${u}`, 500))))) : null)))
            : el('span', { class: 'mute' }, 'not recorded'),
      ],
      ['SOAP', p.soapVersion ? `SOAP ${p.soapVersion}` : el('span', { class: 'mute' }, 'not recorded')],
      ['Capabilities (read from the PICS)', caps.length ? el('ul', null, caps.map(([k, v]) => el('li', null, el('span', { class: 'mono' }, k), `: ${v ? 'yes' : 'no'}`))) : el('span', { class: 'mute' }, 'not recorded')],
      ['Field events', p.stimulus ? (p.stimulus === 'none' ? 'the profile names no way to cause them' : `caused through ${p.stimulus}`) : el('span', { class: 'mute' }, 'not recorded')],
      ['Strict profile', p.strict ? 'yes (a certification profile)' : 'no'],
    ]),
  );
}

function runSection(st: StatementJson, runFolder: string): Html {
  const pins = st.run?.pins;
  const pack = pins?.schemaPack;
  return section(
    'run',
    'Run',
    kv([
      ['Test suite', `${st.suite?.name ?? 'cim9'} ${st.suite?.version ?? '(version not recorded)'}`],
      ['Suite digest', pins?.suiteSha256 ? el('span', { class: 'mono' }, cell(`sha256 ${pins.suiteSha256}`)) : '—'],
      ['Run', el('span', { class: 'mono' }, cell(runFolder))],
      ['Statement written', st.generatedAt ?? '—'],
      ['Kind of run', st.run ? `${st.run.label}${st.run.mode === 'development' ? ' (not a certification result)' : ' (selection locked to the profile; no faults, waivers or assumption overrides)'}` : 'not recorded'],
      ['Profile digest', pins ? el('span', { class: 'mono' }, `sha256 ${pins.profileSha256}`) : '—'],
      ['Schema pack', pack ? el('span', { class: 'mono' }, cell(pack.problem ? `${pack.name}: digest unavailable (${pack.problem})` : `${pack.name} sha256 ${pack.sha256}`)) : '—'],
      ['Simulator faults', st.faults?.length ? el('span', { class: 'mono' }, cell(st.faults.join(', '))) : 'none'],
      [
        'Evidence bundle',
        st.evidence?.bundle
          ? fragment(el('a', { href: st.evidence.bundle }, st.evidence.bundle), ` in this run\u2019s folder: ${st.evidence.messages ?? 0} message(s), signed (Ed25519) by key `, el('span', { class: 'mono' }, cell(st.evidence.publicKeyFingerprint)), '. Check it with ', el('code', null, 'cim9 verify'), '.')
          : el('span', { class: 'mute' }, 'none written'),
      ],
    ]),
  );
}

function isBad(s: Partial<ScenarioRecord>): boolean {
  return s.verdict === 'failed' || s.verdict === 'error' || s.verdict === 'waived' || s.waiver?.outcome === 'unexpected-pass';
}

const REQUIREMENT_BADGE: Record<string, [string, string]> = {
  passed: ['v-passed', 'passed'],
  failed: ['v-failed', 'FAILED'],
  waived: ['v-waived', 'waived'],
  warning: ['v-error', 'warning'],
  'no finding': ['v-na', 'no finding'],
  'not verified': ['v-error', 'not verified'],
  'not run': ['v-na', 'not run'],
};

/** the requirement catalogue in this run: requirement → scenarios → verdict (conformance.json requirements) */
function requirementsSection(st: StatementJson): Html | null {
  const rows = st.requirements;
  if (!rows) return null;
  const count = (v: string) => rows.filter((r) => r.verdict === v).length;
  return section(
    'requirements',
    'Results per requirement',
    el(
      'p',
      null,
      `Each requirement of the suite’s catalogue (the rules its findings name; the whole catalogue, with the sources in the standard, is requirements.json in the evidence bundle) with the scenarios of this run that check it and their verdicts: ${Object.keys(REQUIREMENT_BADGE).map((v) => `${count(v)} ${v}`).join(', ')}.`,
    ),
    el('p', { class: 'mute' }, '“no finding”: a requirement checked on every message of every scenario, against which the scenarios that ran found nothing (it may have had nothing to apply to in this run). “not verified”: scenarios that check it ran, but none passed. “not run”: no scenario that checks it ran in this run.'),
    table(
      ['requirement', 'clause', 'verdict', 'scenarios of this run'],
      rows.slice(0, 1000).map((r) => {
        const [cls, word] = REQUIREMENT_BADGE[r.verdict ?? ''] ?? ['v-error', String(r.verdict ?? '')];
        const list = (r.scenarios ?? []).slice(0, 60).map((x) => `${x.id} ${x.verdict}${x.finding ? ` (${x.finding === 'error' ? 'finding' : 'warning'} of it)` : ''}`).join(', ');
        const more = (r.scenarios ?? []).length > 60 ? ` … and ${(r.scenarios ?? []).length - 60} more` : '';
        const scen = r.checkedBy === 'every scenario' ? `every scenario (${r.ran ?? 0} ran, ${r.passed ?? 0} passed)${list ? `; ${list}${more}` : ''}` : `${list || '—'}${more}${r.notRun ? ` (${r.notRun} not run)` : ''}`;
        return [
          fragment(el('span', { class: 'mono' }, cell(r.id, 60)), el('br'), el('span', { class: 'mute' }, cell(r.statement, 400))),
          cell(r.clause, 300),
          el('span', { class: `v ${cls}` }, word),
          cell(scen, 3000),
        ];
      }),
    ),
  );
}

/** the requirements no exchange can show: "attested by <who>" or "not attested", never passed (conformance.json attestations) */
function attestationsSection(st: StatementJson): Html | null {
  const rows = st.attestations;
  if (!rows) return null;
  const attested = rows.filter((r) => r.status === 'attested').length;
  return section(
    'attestations',
    'Attested requirements',
    el(
      'p',
      null,
      `Requirements of the system’s roles that no message exchange can show. The suite tested nothing of them; each is declared by the person the test profile names (attested), or not declared (not attested). ${attested} of ${rows.length} attested.`,
    ),
    rows.length
      ? table(
          ['requirement', 'why it is not tested', 'status', 'what was declared'],
          rows.slice(0, 200).map((r) => [
            fragment(el('span', { class: 'mono' }, cell(r.id, 60)), el('br'), el('span', { class: 'mute' }, cell(r.statement, 600))),
            cell(r.reason, 400),
            r.status === 'attested' ? el('span', { class: 'v v-na' }, cell(`attested by ${r.by ?? ''}`, 300)) : el('span', { class: 'v v-error' }, 'not attested'),
            r.status === 'attested' ? cell(`${r.declared ?? ''} (${r.date ?? ''}${r.reference ? `; ${r.reference}` : ''})`, 2500) : el('span', { class: 'mute' }, '—'),
          ]),
        )
      : el('p', { class: 'mute' }, 'None applies to the roles and edition of this system.'),
  );
}

function useCaseSection(st: StatementJson, anchors: Map<Partial<ScenarioRecord>, string>): Html {
  const scenarios = st.scenarios ?? [];
  const order = USE_CASES.map((u) => u.id);
  const ids = [...new Set(scenarios.flatMap((s) => tagValues(s.tags, 'usecase')))].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 1e6 : ia) - (ib < 0 ? 1e6 : ib) || a.localeCompare(b);
  });
  const rowsOf = (list: Partial<ScenarioRecord>[]) =>
    list.map((s) => {
      const anchor = anchors.get(s);
      return [
        fragment(verdictBadge(s.verdict), s.waiver?.outcome === 'unexpected-pass' ? fragment(el('br'), el('span', { class: 'v v-failed' }, 'UNEXPECTED PASS')) : null),
        el('span', { class: 'mono' }, cell((s.req ?? []).join(', ') || '—')),
        // a scenario without a verdict says why (the run stopped, --fail-fast, ENV-GENERATION …)
        s.verdict === 'skipped' && s.reason
          ? fragment(name(s.name), el('br'), el('span', { class: 'mute' }, cell(`skipped: ${s.reason}`, 600)))
          : anchor
            ? el('a', { href: `#${anchor}` }, name(s.name))
            : name(s.name),
        cell(tagValues(s.tags, 'role').join(', ')),
        cell(tagValues(s.tags, 'pattern').join(', ')),
      ] as Child[];
    });
  const head = ['verdict', 'scenario id', 'scenario', 'roles', 'pattern'];
  const blocks: Html[] = ids.map((id) => {
    const mine = scenarios.filter((s) => tagValues(s.tags, 'usecase').includes(id));
    const bad = mine.filter((s) => s.verdict !== 'passed').length;
    return el(
      'div',
      { class: 'usecase' },
      el('h3', { id: `uc-${id}` }, `${id} — ${USE_CASE_TITLES[id] ?? 'use case'}`),
      el('p', { class: 'mute' }, `${plural(mine.length, 'scenario')}, ${mine.filter((s) => s.verdict === 'passed').length} passed${bad ? `, ${bad} not passed` : ''}`),
      table(head, rowsOf(mine)),
    );
  });
  const none = scenarios.filter((s) => !tagValues(s.tags, 'usecase').length);
  if (none.length) blocks.push(el('div', { class: 'usecase' }, el('h3', null, 'Scenarios of no single use case'), table(head, rowsOf(none))));
  // the use cases of the profile's edition this run did not exercise, and why
  const edition = st.profile?.edition === '2024' ? '2024' : st.profile?.edition ? '2013' : undefined;
  const missing = edition ? USE_CASES.filter((u) => (u.editions as readonly string[]).includes(edition) && !ids.includes(u.id)) : [];
  return section(
    'usecases',
    'Results per use case',
    el('p', null, `The use cases of IEC 61968-9 this run exercised, each with its scenarios and their verdicts. A scenario that covers several use cases is listed under each. ${plural(scenarios.length, 'scenario')} ran.`),
    scenarios.length ? blocks : el('p', { class: 'mute' }, 'No scenario ran.'),
    missing.length
      ? el(
          'div',
          { class: 'usecase' },
          el('h3', null, `Use cases of the ${edition} edition this run did not exercise (${missing.length})`),
          table(
            ['use case', 'why'],
            missing.map((u) => {
              const why = NOT_COVERED[u.id];
              return [`${u.id} — ${USE_CASE_TITLES[u.id] ?? ''}`, why ? `${why.status} by the suite: ${why.reason}` : 'not in this run\u2019s selection, or its scenarios are not applicable to the profile'];
            }),
          ),
        )
      : null,
  );
}

function findingsTable(all: readonly Finding[]): Html {
  // a finding recorded twice (the same check of the same message) is shown once, with how often
  const counted = new Map<string, { f: Finding; n: number }>();
  for (const f of all) {
    const key = JSON.stringify([f.rule, f.severity, f.message, f.file, f.line, f.xpath, f.expected, f.actual]);
    const hit = counted.get(key);
    if (hit) hit.n++;
    else counted.set(key, { f, n: 1 });
  }
  const findings = [...counted.values()];
  const shown = findings.slice(0, FINDINGS_LISTED);
  return fragment(
    table(
      ['severity', 'rule', 'message', 'expected', 'actual', 'where'],
      shown.map(({ f, n }) => [
        fragment(cell(f.severity), n > 1 ? el('span', { class: 'mute' }, ` (\u00d7${n})`) : null),
        el('span', { class: 'mono' }, cell(f.rule, 200)),
        fragment(
          text(f.message ?? '', ERROR_MAX),
          f.clause ? fragment(el('br'), el('span', { class: 'mute' }, 'clause ', cell(f.clause, 200))) : null,
          f.assumptions && Object.keys(f.assumptions).length ? fragment(el('br'), el('span', { class: 'mute' }, 'assumed ', cell(Object.entries(f.assumptions).map(([k, v]) => `${k}=${v}`).join(', ')))) : null,
        ),
        // what the rule expected and what the SUT sent, columns of their own (the actual is the SUT's: text, cut)
        f.expected !== undefined ? el('span', { class: 'mono' }, cell(f.expected, ACTUAL_MAX + 40)) : '—',
        f.actual !== undefined ? el('span', { class: 'mono' }, cell(f.actual, ACTUAL_MAX + 40)) : '—',
        cell([f.file && `${f.file}${f.line ? `:${f.line}` : ''}`, f.xpath].filter(Boolean).join(' ') || '—'),
      ]),
    ),
    findings.length > shown.length ? el('p', { class: 'trunc' }, `… and ${findings.length - shown.length} more finding(s) (every one is in conformance.json)`) : null,
  );
}

function evidenceOf(s: Partial<ScenarioRecord>, byScenario: Map<string, ExchangeLogEntry[]>): Html {
  const mine = s.pickleId ? (byScenario.get(`${s.name} [${s.pickleId}]`) ?? []) : [];
  if (!mine.length) return el('p', { class: 'mute' }, 'No message of this scenario is in the run\u2019s message log (evidence.tar holds the log of the run).');
  const shown = mine.slice(0, MESSAGES_LISTED);
  return fragment(
    table(
      ['time (UTC)', 'direction', 'message', 'HTTP', 'body'],
      shown.map((m) => {
        const file = m.body?.file?.split('\\').join('/');
        const linkable = file && /^bodies\/[0-9a-f]{64}\.[a-z]{1,8}$/.test(file);
        return [
          el('span', { class: 'mono' }, cell(m.at, 40)),
          m.direction === 'sent' ? 'suite \u2192 SUT' : 'SUT \u2192 suite',
          cell(m.label, 500),
          m.status !== undefined ? String(m.status) : '—',
          linkable ? fragment(el('a', { href: file }, file), ` (${m.body.bytes} bytes)`) : `${m.body?.bytes ?? 0} bytes, sha256 ${m.body?.sha256 ?? '?'} (not stored)`,
        ] as Child[];
      }),
      { numeric: [3] },
    ),
    mine.length > shown.length ? el('p', { class: 'trunc' }, `… and ${mine.length - shown.length} more message(s) of this scenario (every one is in evidence.tar)`) : null,
  );
}

function failuresSection(st: StatementJson, anchors: Map<Partial<ScenarioRecord>, string>, messages: readonly ExchangeLogEntry[]): Html {
  const bad = (st.scenarios ?? []).filter(isBad);
  const byScenario = new Map<string, ExchangeLogEntry[]>();
  for (const m of messages) if (m.scenario) (byScenario.get(m.scenario) ?? byScenario.set(m.scenario, []).get(m.scenario)!).push(m);
  return section(
    'failures',
    'Findings of failed scenarios',
    bad.length
      ? el('p', null, 'Each scenario that did not pass: what went wrong, the findings (the rule of the standard it broke, the message, what was expected and what the system under test sent), and the messages it exchanged. The message bodies are files of this run\u2019s folder (links open them).')
      : el('p', null, 'Every scenario that ran passed: there are no findings to show.'),
    bad.map((s) => {
      const errs = (s.findings ?? []).filter((f) => f.severity === 'error');
      return el(
        'div',
        { class: 'scenario', id: anchors.get(s) },
        el('h3', null, verdictBadge(s.verdict), ' ', name(s.name)),
        kv([
          ['Scenario id', el('span', { class: 'mono' }, cell(s.id ?? ((s.req ?? []).join(', ') || '—')))],
          ['Feature', el('span', { class: 'mono' }, cell(s.uri))],
          ...(s.stoppedAt
            ? [
                ['Stopped at', cell(s.stoppedAt, 500)] as [string, Child],
                ['Steps not run', s.notRun?.length ? fragment(`${plural(s.notRun.length, 'later step')}, not run because the step before did not pass: `, cell(s.notRun.join('; '), 1500)) : 'none (it was the last step)'] as [string, Child],
              ]
            : []),
          ['Use cases', cell(tagValues(s.tags, 'usecase').join(', ') || '—')],
          [
            'Meaning',
            s.verdict === 'failed'
              ? 'the system under test violated a requirement'
              : s.verdict === 'error'
                ? 'the test suite or the environment failed: no verdict on the system under test'
                : s.verdict === 'waived'
                  ? 'a failure the waiver file expects'
                  : 'the scenario passed although a waiver expects it to fail (remove the waiver)',
          ],
          ...(s.waiver ? [['Waiver', cell(`${s.waiver.scenario}: ${s.waiver.reason} (until ${s.waiver.expires})`)] as [string, Child]] : []),
          ...(s.attempts ? [['Attempts', String(s.attempts)] as [string, Child]] : []),
        ]),
        s.error ? fragment(el('h4', null, 'What went wrong'), el('pre', null, text(s.error.trim(), ERROR_MAX))) : null,
        el('h4', null, `Findings (${errs.length} error${errs.length === 1 ? '' : 's'}${(s.findings ?? []).length > errs.length ? `, ${(s.findings ?? []).length - errs.length} other` : ''})`),
        (s.findings ?? []).length ? findingsTable(s.findings!) : el('p', { class: 'mute' }, 'No finding was recorded (see what went wrong above).'),
        el('h4', null, 'Evidence: the messages of this scenario'),
        evidenceOf(s, byScenario),
      );
    }),
  );
}

function warningsSection(st: StatementJson): Html {
  const seen = new Map<string, { f: Finding; scenarios: number }>();
  for (const s of st.scenarios ?? []) {
    for (const f of (s.findings ?? []).filter((x) => x.severity === 'warning')) {
      const key = `${f.rule}\u0000${f.message}`;
      const hit = seen.get(key);
      if (hit) hit.scenarios++;
      else seen.set(key, { f, scenarios: 1 });
    }
  }
  const all = [...seen.values()];
  const shown = all.slice(0, WARNINGS_LISTED);
  return section(
    'warnings',
    'Warnings',
    el('p', null, 'Points where the standard is uncertain or leaves a choice: noted, never failures.'),
    all.length ? table(['rule', 'message', 'scenarios'], shown.map((w) => [el('span', { class: 'mono' }, cell(w.f.rule, 200)), cell(w.f.message), String(w.scenarios)]), { numeric: [2] }) : el('p', { class: 'mute' }, 'None.'),
    all.length > shown.length ? el('p', { class: 'trunc' }, `… and ${all.length - shown.length} more (every one is in conformance.json)`) : null,
  );
}

function waiversSection(st: StatementJson): Html {
  const w = st.waivers;
  const scenarios = st.scenarios ?? [];
  if (!w) return section('waivers', 'Waivers', el('p', { class: 'mute' }, 'No waiver file was in force: every failure counts.'));
  const outcome = (id: string): string => {
    const hit = scenarios.filter((s) => s.waiver?.scenario === id);
    if (!hit.length) return 'not in this run\u2019s selection';
    const n = (o: string) => hit.filter((s) => s.waiver!.outcome === o).length;
    return [n('waived') && `${n('waived')} failure(s) waived`, n('unexpected-pass') && `${n('unexpected-pass')} UNEXPECTED PASS`, n('not-applied') && `${n('not-applied')} error or skipped (a waiver covers failures of the SUT only)`].filter(Boolean).join(', ');
  };
  return section(
    'waivers',
    'Waivers',
    el('p', null, 'Failures the vendor expects, each with a reason and an expiry date (waiver file ', el('span', { class: 'mono' }, cell(basename(w.file ?? ''))), '). A waived failure is neither passed nor failed; a waived scenario that passes is an unexpected pass, a finding.'),
    w.entries.length ? table(['scenario id', 'reason', 'expires', 'outcome in this run'], w.entries.map((e) => [el('span', { class: 'mono' }, cell(e.scenario, 200)), cell(e.reason), cell(e.expires, 40), outcome(e.scenario)])) : el('p', { class: 'mute' }, 'The waiver file lists none.'),
  );
}

function deliveryLine(u: ReportedDelivery): string {
  const i = u.inspected ?? {};
  return `#${u.seq} at ${u.receivedAt} to /${String(u.path ?? '').replace(/^\/+/, '')} (${u.delivery}): ${i['verb'] ?? '?'}(${i['noun'] ?? '?'}) CorrelationID ${i['correlationId'] ?? '—'}${i['problem'] ? `, ${i['problem']}` : ''}`;
}

function deliveriesSection(st: StatementJson): Html {
  const late = st.lateReplies ?? [];
  const unsolicited = st.unsolicited ?? [];
  const list = (xs: readonly ReportedDelivery[]) =>
    fragment(
      el('ul', null, xs.slice(0, DELIVERIES_LISTED).map((u) => el('li', { class: 'mono' }, cell(deliveryLine(u), 600)))),
      xs.length > DELIVERIES_LISTED ? el('p', { class: 'trunc' }, `… and ${xs.length - DELIVERIES_LISTED} more (every one is in conformance.json)`) : null,
    );
  return section(
    'deliveries',
    'Messages no scenario expected',
    !late.length && !unsolicited.length ? el('p', { class: 'mute' }, 'None: every message the system under test sent was expected by a scenario.') : null,
    late.length ? fragment(el('h3', null, `Late replies (${late.length})`), el('p', null, 'Asynchronous results that came after the deadline, when the scenario had stopped waiting.'), list(late)) : null,
    unsolicited.length ? fragment(el('h3', null, `Unsolicited messages (${unsolicited.length})`), list(unsolicited)) : null,
  );
}

function assumptionsSection(st: StatementJson): Html {
  const scenarios = st.scenarios ?? [];
  const used = new Map<string, Map<string, number>>();
  for (const s of scenarios) {
    for (const [k, v] of Object.entries(s.assumptions ?? {})) {
      const values = used.get(k) ?? used.set(k, new Map()).get(k)!;
      values.set(v, (values.get(v) ?? 0) + 1);
    }
  }
  for (const [k, v] of Object.entries(st.assumptionsUsed ?? {})) if (!used.has(k)) used.set(k, new Map([[v, 0]]));
  const ids = [...used.keys()].sort();
  const inForce = st.assumptionsInForce ?? {};
  const rest = Object.entries(inForce).filter(([k]) => !used.has(k));
  return section(
    'assumptions',
    'Assumptions',
    el('p', null, 'Where IEC 61968-9 or IEC 61968-100 leaves a point open, the suite decides it by a named assumption (docs/assumptions.md of the suite), which a profile may set. These are the ones the verdicts of this run depended on, with the value used.'),
    ids.length
      ? table(
          ['assumption', 'value used', 'scenarios that used it'],
          ids.map((k) => {
            const values = [...used.get(k)!];
            return [el('span', { class: 'mono' }, cell(k, 100)), el('span', { class: 'mono' }, cell(values.map(([v]) => v).join(' / '))), values.map(([, n]) => String(n)).join(' / ')];
          }),
          { numeric: [2] },
        )
      : el('p', { class: 'mute' }, 'No verdict depended on an assumption.'),
    rest.length ? fragment(el('h3', null, 'In force, used by no verdict of this run'), el('p', { class: 'mono mute' }, cell(rest.map(([k, v]) => `${k}=${v}`).join('; '), 20_000))) : null,
  );
}

function notApplicableSection(st: StatementJson): Html {
  const na = st.notApplicable ?? [];
  return section(
    'notapplicable',
    'Scenarios not applicable',
    na.length
      ? fragment(el('p', null, `${plural(na.length, 'scenario')} of the suite need a role, edition or capability the profile does not declare.`), table(['scenario', 'where', 'reason'], na.map((n) => [name(n.name), el('span', { class: 'mono' }, cell(`${n.uri}:${n.line}`)), cell(n.reason)])))
      : el('p', { class: 'mute' }, 'None: every scenario of the selection applies to this profile.'),
  );
}

// ------------------------------------------------------------------------------------------------------------------
// the page

/** the statement as one HTML document (pure: the statement data in, the page out) */
export function renderStatementHtml(input: StatementHtmlInput): string {
  const st = input.statement;
  const anchors = new Map<Partial<ScenarioRecord>, string>();
  (st.scenarios ?? []).forEach((s, i) => {
    if (isBad(s)) anchors.set(s, `s-${i + 1}`);
  });
  return document({
    title: `Conformance statement — ${st.profile?.name ?? 'system under test'}`,
    css: CSS,
    body: [
      headerPart(st, input.runFolder),
      contents(st),
      sutSection(st),
      runSection(st, input.runFolder),
      overlaySection(st),
      picsSection(st),
      picsUseCaseSection(st),
      picsNounVerbSection(st),
      useCaseSection(st, anchors),
      requirementsSection(st),
      attestationsSection(st),
      failuresSection(st, anchors, input.messages),
      warningsSection(st),
      waiversSection(st),
      deliveriesSection(st),
      assumptionsSection(st),
      notApplicableSection(st),
      el(
        'footer',
        null,
        `Written by ${st.suite?.name ?? 'cim9'} ${st.suite?.version ?? ''} from the run\u2019s conformance.json (${st.generatedAt ?? 'time not recorded'}). This page loads nothing from a network and runs no script; the links lead to files of the run\u2019s folder. Names, messages and addresses that come from the system under test are shown as text, control characters made visible, very long values cut with a note.`,
      ),
    ],
  });
}

/** read a run's conformance.json and message log, write <run>/conformance.html; returns its path */
export function writeStatementHtml(reportsDir: string): string {
  const jsonFile = join(reportsDir, 'conformance.json');
  if (!existsSync(jsonFile)) throw new StatementInputError(`${relative(process.cwd(), jsonFile) || jsonFile}: no such file (not a run folder, or the run wrote no statement)`);
  let statement: StatementJson;
  try {
    statement = JSON.parse(readFileSync(jsonFile, 'utf8')) as StatementJson;
  } catch (e) {
    throw new StatementInputError(`${relative(process.cwd(), jsonFile) || jsonFile}: not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (!statement || typeof statement !== 'object' || Array.isArray(statement)) throw new StatementInputError(`${relative(process.cwd(), jsonFile) || jsonFile}: not a conformance statement`);
  const out = join(reportsDir, STATEMENT_HTML);
  writeFileSync(out, renderStatementHtml({ statement, runFolder: basename(realpathSync(reportsDir)), messages: readMessageLog(reportsDir) }));
  return out;
}

/** writeStatementHtml at the end of `cim9 run`: a page that cannot be written is said in one line, the verdict stands */
export function writeRunStatementHtml(reportsDir: string): { ok: boolean; line: string } {
  try {
    const file = writeStatementHtml(reportsDir);
    return { ok: true, line: `cim9: conformance statement for people: ${relative(process.cwd(), file) || file}` };
  } catch (e) {
    // never a page of an earlier run in this folder (--reports DIR) left to stand for this one, nor bundled
    rmSync(join(reportsDir, STATEMENT_HTML), { force: true });
    return { ok: false, line: `cim9: no ${STATEMENT_HTML} written: ${(e as Error).message.split('\n')[0]}` };
  }
}
