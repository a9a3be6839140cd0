/**
 * Declared versus observed per use case: for each use case of IEC 61968-9 the run has something to say about, what the
 * profile declares (pics.<role>.useCases of each role the SUT plays and the use case's scenarios name) and what the
 * run observed of its scenarios — passed, failed, waived, error or skipped, not applicable (with the first reason),
 * and not run (applicable to the profile but left out of this run: --tags, --name, feature paths, or the run
 * stopped before it) — with an outcome and a note where declaration and observation do not match
 * (conformance.json `useCases`, a section of conformance.md and conformance.html).
 *
 * A scenario that names several use cases counts in each. "Not run" is counted: the suite's scenarios of the use case
 * that the profile's plan applies to, less those that ran.
 */

/** what a role's PICS says of a use case: true declared, false not declared, null no list (every use case of the role applies) */
export interface RoleDeclaration {
  role: string;
  declared: boolean | null;
}

export interface UseCaseCounts {
  passed: number;
  failed: number;
  waived: number;
  /** error or skipped: no verdict */
  noVerdict: number;
  notApplicable: number;
  notRun: number;
}

export type UseCaseOutcome = 'failed' | 'no verdict' | 'passed' | 'not applicable' | 'not run';

export interface UseCaseRow {
  useCase: string;
  /** the roles the SUT plays that the use case's scenarios are of */
  roles: string[];
  declared: RoleDeclaration[];
  counts: UseCaseCounts;
  outcome: UseCaseOutcome;
  /** the first reason a scenario of it was not applicable */
  notApplicableReason?: string;
  /** where declaration and observation disagree, or what the reader should know */
  note?: string;
}

export interface UseCaseRowsInput {
  /** sut.roles */
  roles: readonly string[];
  /** pics.<role>.useCases per role; absent: no pics: section */
  pics?: Partial<Record<string, { useCases?: readonly string[] }>>;
  /** the scenarios that ran, with their verdicts */
  ran: readonly { tags: readonly string[]; verdict: string }[];
  /** the scenarios the profile's plan left out */
  notApplicable: readonly { useCases?: readonly string[]; roles?: readonly string[]; reason: string }[];
  /** every scenario of the suite the profile's plan applies to (for "not run"); absent: not run is not counted */
  suite?: readonly { useCases: readonly string[]; roles: readonly string[] }[];
}

const valuesOf = (tags: readonly string[], name: string): string[] => tags.filter((t) => t.startsWith(`@${name}:`)).map((t) => t.slice(name.length + 2));

/** the rows, in the order of the use-case ids (EDE, MR, EDC … by their number) */
export function useCaseRows(input: UseCaseRowsInput): UseCaseRow[] {
  const played = new Set(input.roles);
  const rows = new Map<string, { roles: Set<string>; counts: UseCaseCounts; total: number; reason?: string; ofPlayedRole: boolean }>();
  const row = (uc: string) => {
    let r = rows.get(uc);
    if (!r) rows.set(uc, (r = { roles: new Set(), counts: { passed: 0, failed: 0, waived: 0, noVerdict: 0, notApplicable: 0, notRun: 0 }, total: 0, ofPlayedRole: false }));
    return r;
  };
  const noteRoles = (r: ReturnType<typeof row>, roles: readonly string[]) => {
    for (const x of roles) if (played.has(x)) r.roles.add(x);
    if (!roles.length || roles.some((x) => played.has(x))) r.ofPlayedRole = true;
  };
  for (const s of input.ran) {
    for (const uc of new Set(valuesOf(s.tags, 'usecase'))) {
      const r = row(uc);
      noteRoles(r, valuesOf(s.tags, 'role'));
      r.ofPlayedRole = true;
      if (s.verdict === 'passed') r.counts.passed++;
      else if (s.verdict === 'failed') r.counts.failed++;
      else if (s.verdict === 'waived') r.counts.waived++;
      else r.counts.noVerdict++;
    }
  }
  for (const n of input.notApplicable) {
    for (const uc of new Set(n.useCases ?? [])) {
      const r = row(uc);
      r.counts.notApplicable++;
      // the reason of a scenario of a role the SUT plays says more than "the SUT does not play the HES role"
      if (n.roles?.some((x) => played.has(x))) {
        noteRoles(r, n.roles);
        r.reason ??= n.reason;
      }
    }
  }
  for (const s of input.suite ?? []) {
    for (const uc of new Set(s.useCases)) {
      const r = row(uc);
      r.total++;
      noteRoles(r, s.roles);
    }
  }
  const declaredRoles = Object.entries(input.pics ?? {}).filter(([role, d]) => played.has(role) && d?.useCases?.length);
  for (const [, d] of declaredRoles) for (const uc of d!.useCases!) row(uc).ofPlayedRole = true;

  const out: UseCaseRow[] = [];
  for (const [uc, r] of rows) {
    if (!r.ofPlayedRole) continue;
    const c = r.counts;
    if (input.suite) c.notRun = Math.max(0, r.total - c.passed - c.failed - c.waived - c.noVerdict);
    const ranSome = c.passed + c.failed + c.waived + c.noVerdict > 0;
    const roles = [...r.roles].sort();
    const forRoles = roles.length ? roles : [...played].sort();
    const declared: RoleDeclaration[] = forRoles.map((role) => {
      const list = input.pics?.[role]?.useCases;
      return { role, declared: list?.length ? list.includes(uc) : null };
    });
    const outcome: UseCaseOutcome = c.failed ? 'failed' : c.noVerdict ? 'no verdict' : ranSome ? 'passed' : c.notRun ? 'not run' : 'not applicable';
    const isDeclared = declared.some((d) => d.declared === true);
    const notDeclared = declared.length > 0 && declared.every((d) => d.declared === false);
    let note: string | undefined;
    if (isDeclared && outcome === 'not applicable') note = `declared, but no scenario of it applies to this profile${r.reason ? `: ${r.reason}` : ''}`;
    else if (isDeclared && outcome === 'not run') note = 'declared, but none of its scenarios ran in this run';
    else if (isDeclared && outcome === 'failed') note = 'declared, and a scenario of it failed';
    else if (notDeclared && ranSome) note = 'not declared, yet scenarios of it ran';
    else if (ranSome && c.notRun) note = `${c.notRun} scenario(s) of it not run in this run`;
    out.push({ useCase: uc, roles, declared, counts: { ...c }, outcome, ...(r.reason ? { notApplicableReason: r.reason } : {}), ...(note ? { note } : {}) });
  }
  const key = (id: string) => {
    const m = /^([A-Z]+)-(\d+)/.exec(id);
    return m ? [m[1]!, Number(m[2])] as const : [id, 0] as const;
  };
  return out.sort((a, b) => {
    const [pa, na] = key(a.useCase);
    const [pb, nb] = key(b.useCase);
    return pa < pb ? -1 : pa > pb ? 1 : na - nb || (a.useCase < b.useCase ? -1 : 1);
  });
}

/** "MDM yes, HES no", "MDM — (no list)" */
export function declaredText(d: readonly RoleDeclaration[], hasPics: boolean): string {
  if (!d.length) return hasPics ? '—' : 'no pics: section';
  return d.map((x) => `${x.role} ${x.declared === null ? (hasPics ? 'every use case (no useCases list)' : 'no pics: section') : x.declared ? 'yes' : 'no'}`).join(', ');
}
