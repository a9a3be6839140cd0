/**
 * The attested requirements in the statement (src/profile/attestations.ts): per requirement of the SUT's roles and
 * edition that no message exchange can show, "attested by <who>" with the date and what they declare, or "not
 * attested". Never "passed": the suite tested nothing of it. A certification run lists the missing ones, and is not
 * conformant without them (src/report/run-mode.ts takes `missingReason` as one of its reasons).
 *
 * Pure: the profile's roles, edition and attestations in, rows and Markdown out; every text escaped.
 */
import { attestedFor, type Attestation } from '../profile/attestations.ts';
import { markdownInline as mdi } from './escape.ts';

export interface AttestationRow {
  id: string;
  statement: string;
  clause: string;
  /** why the suite cannot test it */
  reason: string;
  status: 'attested' | 'not attested';
  /** "attested by <by>" or "not attested" */
  label: string;
  by?: string;
  date?: string;
  declared?: string;
  reference?: string;
}

export function attestationRows(o: { roles: readonly string[]; edition: string; attestations?: readonly Attestation[] }): AttestationRow[] {
  return attestedFor(o.roles, o.edition).map((r) => {
    const a = o.attestations?.find((x) => x.requirement === r.id);
    const base = { id: r.id, statement: r.statement, clause: r.clause, reason: r.reason };
    if (!a) return { ...base, status: 'not attested', label: 'not attested' };
    return { ...base, status: 'attested', label: `attested by ${a.by}`, by: a.by, date: a.date, declared: a.statement, ...(a.reference ? { reference: a.reference } : {}) };
  });
}

export function missingAttestations(rows: readonly AttestationRow[]): string[] {
  return rows.filter((r) => r.status === 'not attested').map((r) => r.id);
}

/** the certification run's reason when attestations are missing, or undefined */
export function missingReason(rows: readonly AttestationRow[]): string | undefined {
  const missing = missingAttestations(rows);
  return missing.length ? `${missing.length} requirement(s) in scope neither testable nor attested: missing attestation(s) ${missing.join(', ')} (the profile's attestations:)` : undefined;
}

/** the statement's section "Attested requirements" */
export function attestationsMarkdown(rows: readonly AttestationRow[]): string[] {
  const md = ['## Attested requirements (declared, not tested)', ''];
  md.push(
    "Requirements of the SUT's roles that no message exchange can show: the suite tests nothing of them, and none is reported as passed. Each is attested by the person the profile's attestations: names, or not attested.",
    '',
  );
  if (!rows.length) return [...md, 'None applies to the roles and edition of this SUT.', ''];
  md.push('| requirement | what it asks | why it is not tested | status | what was declared |', '|---|---|---|---|---|');
  for (const r of rows) {
    const declared = r.status === 'attested' ? `${mdi(r.declared ?? '', 2000)} (${mdi(r.date ?? '')}${r.reference ? `; ${mdi(r.reference, 500)}` : ''})` : '—';
    md.push(`| **${mdi(r.id)}** | ${mdi(r.statement)} *${mdi(r.clause)}* | ${mdi(r.reason)} | ${r.status === 'attested' ? mdi(r.label, 400) : '**not attested**'} | ${declared} |`);
  }
  md.push('');
  return md;
}
