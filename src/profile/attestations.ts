/**
 * Attested requirements: what the standard (as the project's spec records it) asks of a system that no message
 * exchange with the suite can show — a log the SUT keeps to itself, a record in its own store, how it protects its
 * transport — so the suite cannot test it; the vendor (or the lab) declares it instead, in the profile:
 *
 *   attestations:
 *     - requirement: ATT-OUTAGE-LOG           # an id of ATTESTED_REQUIREMENTS (cim9 requirements lists them)
 *       by: Jane Roe, QA lead, ACME Utility Software     # who attests: a person and their function
 *       statement: ACME MDM 4.2 logs every outage ...   # what they declare, in their words
 *       date: 2026-11-30                       # when (YYYY-MM-DD, not in the future)
 *       reference: ACME MDM admin guide §7.3   # optional: where it can be checked
 *
 * The statement reports each requirement of the SUT's roles as "attested by <by>" or "not attested" — never as
 * passed: nothing was tested. A certification run lists the missing attestations and is not conformant without
 * them (src/report/attestations.ts). The loader (src/profile/index.ts) checks the section: an unknown id, one
 * attested twice, or one for a role the SUT does not play is a profile error naming the field (exit 2).
 *
 * Each entry rests on a fact of ../shared/spec (its `source`, read by the requirement catalogue, src/cli/requirements.ts)
 * and says why a test cannot show it. Ids never change meaning once released, like rule ids.
 */
import type { Role } from './index.ts';

export interface AttestedRequirement {
  id: string;
  /** the roles of the SUT it applies to; every role when empty */
  roles: readonly Role[];
  edition: '2013' | '2024' | 'all';
  clause: string;
  /** the sections of ../shared/spec it rests on (`use-cases.md §13`) */
  source: string;
  statement: string;
  /** why a message exchange with the suite cannot show it */
  reason: string;
}

export const ATTESTED_REQUIREMENTS: readonly AttestedRequirement[] = [
  {
    id: 'ATT-OUTAGE-LOG',
    roles: ['MDM'],
    edition: 'all',
    clause: '61968-9 5.2 (outage detection); EPRI ECITP 2.05',
    source: 'use-cases.md §13; use-cases.md §2.3',
    statement: 'The MDM logs each outage and restoration event it receives from the head-end with the meter and the time, and the outage durations it derives from them are right.',
    reason: 'the MDM keeps its log to itself: the suite sees the events it forwards (EDE scenarios), not what it records',
  },
  {
    id: 'ATT-TAMPER-RECORD',
    roles: ['MDM'],
    edition: 'all',
    clause: '61968-9 5.5 (MSR-03, exchange due to CIS alarms); EPRI ECITP 2.07',
    source: 'use-cases.md §5.3; use-cases.md §13',
    statement: 'The MDM records the time and the tamper status of a tamper event (3.12.0.257) it receives from the head-end.',
    reason: 'the record is in the MDM\'s own store: the suite sees that the same code reaches the CIS, not what the MDM keeps',
  },
  {
    id: 'ATT-SECURITY',
    roles: [],
    edition: 'all',
    clause: 'IEC 61968-100 (security delegated to IEC 62351)',
    source: 'envelope.md §1.2',
    statement: 'The SUT protects its message exchanges (authentication, integrity, confidentiality) as IEC 62351 provides, the standard IEC 61968-100 delegates security to; the attestation names the measures.',
    reason: 'the suite tests no security mechanism: what the SUT requires of a peer and how it keeps its keys is its configuration, not a message',
  },
];

const BY_ID = new Map(ATTESTED_REQUIREMENTS.map((a) => [a.id, a]));

export function attestedRequirement(id: string): AttestedRequirement | undefined {
  return BY_ID.get(id);
}

/** the attested requirements that apply to a SUT of these roles and this edition */
export function attestedFor(roles: readonly string[], edition: string): AttestedRequirement[] {
  return ATTESTED_REQUIREMENTS.filter((a) => (a.edition === 'all' || a.edition === edition) && (!a.roles.length || a.roles.some((r) => roles.includes(r))));
}

/** one attestation of the profile's attestations: section */
export interface Attestation {
  requirement: string;
  /** who attests: a person and their function */
  by: string;
  /** what they declare */
  statement: string;
  /** YYYY-MM-DD */
  date: string;
  /** where it can be checked (a document, a section) */
  reference?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The problems of the attestations: section beyond its shape (the JSON Schema checks that): each problem with the
 * index of its entry and the field. `today`: YYYY-MM-DD (UTC).
 */
export function attestationProblems(list: readonly Attestation[], roles: readonly string[], edition: string, today: string): { index: number; field: keyof Attestation; message: string }[] {
  const out: { index: number; field: keyof Attestation; message: string }[] = [];
  const first = new Map<string, number>();
  list.forEach((a, index) => {
    const def = attestedRequirement(a.requirement);
    if (!def) {
      out.push({ index, field: 'requirement', message: `"${a.requirement}" is no attested requirement of the suite (${ATTESTED_REQUIREMENTS.map((x) => x.id).join(', ')}; cim9 requirements lists them)` });
      return;
    }
    if (!attestedFor(roles, edition).includes(def))
      out.push({ index, field: 'requirement', message: `${def.id} applies to ${def.roles.join(', ') || 'every role'}${def.edition === 'all' ? '' : ` under edition ${def.edition}`}, not to this SUT (roles ${roles.join(', ')}, edition ${edition}): remove it` });
    else if (first.has(def.id)) out.push({ index, field: 'requirement', message: `${def.id} is attested twice (first at attestations[${first.get(def.id)}]): give one attestation` });
    else first.set(def.id, index);
    const m = DATE.exec(a.date);
    const d = m ? new Date(`${a.date}T00:00:00Z`) : undefined;
    if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== a.date) out.push({ index, field: 'date', message: `"${a.date}" is not a date YYYY-MM-DD` });
    else if (a.date > today) out.push({ index, field: 'date', message: `${a.date} is in the future (today is ${today}): an attestation is made on or before the run` });
  });
  return out;
}
