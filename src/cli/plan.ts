/**
 * The plan: which scenarios apply to a profile (role × edition × what the PICS declares), as a Cucumber
 * tag expression, and every scenario left out with the reason.
 */
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { plannedPickles } from './sources.ts';
import type { Profile } from '../profile/index.ts';
import { asyncRoles, eventPublishingRoles, masterDataPublishingRoles, relaysToHeadEnd } from '../profile/pics-capabilities.ts';
import { healthForwardNotApplicable } from '../usecases/health-forward.ts';
import { mdmEventsNotApplicable } from '../usecases/mdm-events.ts';
import { changeOutForwardNotApplicable } from '../usecases/service-events.ts';
import { pqGetNotApplicable, pqMdmNotApplicable } from '../usecases/pq-readings.ts';
import { pingNotApplicable } from '../usecases/client-requests.ts';
import { readUnavailableNotApplicable, switchFailureNotApplicable } from '../usecases/end-device-controls.ts';
import { scenarios as compiledScenarios } from '../session/scenarios.ts';
import { editionOnlyReason } from '../usecases/ids.ts';

export interface Exclusion {
  /** a tag, or a tag expression (a pics exclusion: `@role:MDM and not (@usecase:MR-03 or ...)`) */
  tag: string;
  reason: string;
  /** the @cap tag a capability exclusion stands for, when `tag` is an expression (`@cap:async and not (@role:MDM)`) */
  cap?: string;
  /** a pics exclusion: each scenario it leaves out gets its own reason, naming its use cases (picsReason) */
  pics?: { role: string; useCases: string[] };
}

export interface Plan {
  tagExpression: string;
  exclusions: Exclusion[];
  /** each with the use cases (@usecase) and roles (@role) of the scenario, for the statement's rows per use case */
  notApplicable: { name: string; uri: string; line: number; reason: string; excludedBy?: string; useCases?: string[]; roles?: string[] }[];
}

const ROLES = ['MDM', 'HES', 'CIS', 'OMS'];
/** the most meters a scenario may ask for with @meters:N (test/plan.test.ts holds the features to it) */
export const MAX_METERS = 9;
const EDITIONS = ['2013', '2024', 'draft-2011'];

export function exclusionsFor(profile: Profile): Exclusion[] {
  const out: Exclusion[] = [];
  for (const r of ROLES) if (!profile.sut.roles.includes(r as never)) out.push({ tag: `@role:${r}`, reason: `the SUT does not play the ${r} role (sut.roles)` });
  for (const e of EDITIONS) if (e !== profile.edition) out.push({ tag: `@edition:${e}`, reason: `the profile selects edition ${profile.edition}` });
  // what the SUT implements, from its PICS alone (src/profile/pics-capabilities.ts): a scenario needing a declared
  // option or publication applies to the roles that declare it: none declares it, every scenario of the tag is left
  // out; some do, the scenarios of the tag for the roles the SUT plays without declaring it
  const byRole = (cap: string, declaring: readonly string[], reason: string): void => {
    if (!declaring.length) {
      out.push({ tag: cap, cap, reason });
      return;
    }
    const undeclared = profile.sut.roles.filter((r) => !declaring.includes(r) && rolesTagged(cap).has(r));
    if (undeclared.length) out.push({ tag: `${cap} and (${undeclared.map((r) => `@role:${r}`).join(' or ')})`, cap, reason });
  };
  const declaredBy = (roles: readonly string[]) => (roles.length ? `; declared for ${roles.join(', ')}` : '');
  const asyncBy = asyncRoles(profile);
  byRole('@cap:async', asyncBy, `the SUT does not declare asynchronous replies for the scenario's role (pics.<role>.asyncReplies${declaredBy(asyncBy)})`);
  if (profile.stimulus.kind === 'none') out.push({ tag: '@cap:stimulus', reason: 'the profile names no way to cause field events (stimulus.kind: none)' });
  const eventsBy = eventPublishingRoles(profile);
  byRole('@cap:publication', eventsBy, `the SUT does not declare event publication for the scenario's role (pics.<role>.publishes${declaredBy(eventsBy)})`);
  if (profile.assumptions['UC-29'] !== 'always') {
    const mdBy = masterDataPublishingRoles(profile);
    byRole('@cap:md-publication', mdBy, `the SUT does not declare master-data publications for the scenario's role, so the suite is not its subscriber (pics.<role>.publishes with a master-data noun${declaredBy(mdBy)}; assumption UC-29 = when-subscribed)`);
  }
  if (!relaysToHeadEnd(profile)) {
    out.push({ tag: '@cap:relay', reason: 'the SUT declares no request its MDM sends to its head-end, which the suite plays at <listener>/hes (pics.MDM.sends)' });
  }
  // a scenario tagged @meters:N needs N meters of data.meters
  const have = profile.data.meters.length;
  for (let n = have + 1; n <= MAX_METERS; n++) out.push({ tag: `@meters:${n}`, reason: `the scenario needs ${n} meters; the profile's data.meters lists ${have}` });
  // EDE-06: the MDM's forward of health events to a maintenance consumer, when the profile says it has one (UC-06, CIM9-165)
  const noForward = healthForwardNotApplicable(profile.assumptions as Readonly<Record<string, unknown>>);
  if (noForward) out.push({ tag: '@cap:health-forward', reason: noForward });
  // EDE-08: the get form of the power-quality measurements, unless the profile says there is none (UC-08, CIM9-207)
  const noPqGet = pqGetNotApplicable(profile.assumptions as Readonly<Record<string, unknown>>);
  if (noPqGet) out.push({ tag: '@cap:pq-get', reason: noPqGet });
  // EDE-08: the MDM's get form of the power-quality measurements it was told (UC-08, CIM9-213)
  const noPqMdm = pqMdmNotApplicable(profile.assumptions as Readonly<Record<string, unknown>>);
  if (noPqMdm) out.push({ tag: '@cap:pq-mdm', reason: noPqMdm });
  // EDE-05 / EDE-07 with the MDM as SUT: its get(EndDeviceEvents) of the events the head-end told it (CIM9-310)
  const noEventsMdm = mdmEventsNotApplicable(profile.assumptions as Readonly<Record<string, unknown>>);
  if (noEventsMdm) out.push({ tag: '@cap:events-mdm', reason: noEventsMdm });
  // MSR-02 with the MDM as SUT: its forward of the change-out events to the CIS (CIM9-246)
  const noChangeOutForward = changeOutForwardNotApplicable(profile.assumptions as Readonly<Record<string, unknown>>);
  if (noChangeOutForward) out.push({ tag: '@cap:changeout-forward', reason: noChangeOutForward });
  // an OMS SUT's ping: get(MeterReadings) and / or get(EndDeviceEvents), as UC-01 and CIM9-215 say it can be told
  if (profile.sut.roles.includes('OMS')) {
    for (const [tag, noun] of [['@cap:ping-readings', 'MeterReadings'], ['@cap:ping-events', 'EndDeviceEvents']] as const) {
      const why = pingNotApplicable(profile.assumptions as Readonly<Record<string, unknown>>, noun);
      if (why) out.push({ tag, reason: why });
    }
  }
  // ECITP 2.09 with the head-end as SUT: a meter that cannot give its read, declared or made by the optional stimulus
  const noUnreadable = readUnavailableNotApplicable(profile);
  if (noUnreadable) out.push({ tag: '@cap:read-unavailable', reason: noUnreadable });
  // EDC-07.2 with the head-end as SUT: a meter whose switch fails, made so by the optional stimulus switch-stuck
  const noStuck = switchFailureNotApplicable(profile);
  if (noStuck) out.push({ tag: '@cap:switch-failure', reason: noStuck });
  if (profile.assumptions['UC-33'] !== 'on') out.push({ tag: '@cap:object-names', reason: 'ObjectNamesConfig is an optional feature, not in the 2024 schema list (assumption UC-33 = off)' });
  // pics.<role>.useCases: a scenario of the role none of whose use cases is declared is not applicable
  for (const [role, decl] of Object.entries(profile.pics ?? {})) {
    if (!decl?.useCases?.length || !profile.sut.roles.includes(role as never)) continue;
    const declared = decl.useCases.map((u) => `@usecase:${u}`).join(' or ');
    out.push({
      tag: `@role:${role} and not (${declared})`,
      reason: `the SUT does not declare the scenario's use cases (pics.${role}.useCases: ${decl.useCases.join(', ')})`,
      pics: { role, useCases: [...decl.useCases] },
    });
  }
  return out;
}

/** the @role values of the suite's scenarios that carry `tag` (read once per process) */
let taggedRoles: Map<string, Set<string>> | undefined;
function rolesTagged(tag: string): Set<string> {
  if (!taggedRoles) {
    taggedRoles = new Map();
    for (const sc of compiledScenarios()) {
      for (const t of sc.tags.filter((x) => x.startsWith('@cap:'))) {
        const roles = taggedRoles.get(t) ?? taggedRoles.set(t, new Set()).get(t)!;
        for (const r of sc.values('role')) roles.add(r);
      }
    }
  }
  return taggedRoles.get(tag) ?? new Set();
}

/** "the SUT does not declare use case MR-05 (pics.MDM.useCases)": why a pics exclusion leaves a scenario out */
export function picsReason(role: string, tags: readonly string[]): string {
  const ucs = [...new Set(tags.filter((t) => t.startsWith('@usecase:')).map((t) => t.slice('@usecase:'.length)))];
  if (!ucs.length) return `the scenario names no use case, and the SUT declares its use cases (pics.${role}.useCases)`;
  return `the SUT does not declare use case${ucs.length > 1 ? 's' : ''} ${ucs.join(', ')} (pics.${role}.useCases)`;
}

export async function planScenarios(profile: Profile, paths: string[]): Promise<Plan> {
  const exclusions = exclusionsFor(profile);
  // a scenario with an edition tag applies when one of its editions is the profile's: exclude only
  // scenarios that have no tag of the profile's edition
  const editionExcl = exclusions.filter((x) => x.tag.startsWith('@edition:'));
  const otherExcl = exclusions.filter((x) => !x.tag.startsWith('@edition:'));
  const parts = otherExcl.map((x) => (x.tag.includes(' ') ? `not (${x.tag})` : `not ${x.tag}`));
  if (editionExcl.length) parts.push(`(@edition:${profile.edition} or not (${editionExcl.map((x) => x.tag).join(' or ')}))`);
  const tagExpression = parts.join(' and ');
  const notApplicable: Plan['notApplicable'] = [];
  if (paths.length && exclusions.length) {
    const seen = new Set<string>();
    // the tags of a scenario left out (a pics reason names its use cases; the statement counts them per use case); read once
    let tagsOf: ((uri: string, line: number, name: string) => string[]) | undefined;
    const tagsFor = (uri: string, line: number, name: string): string[] => {
      if (!tagsOf) {
        const byLine = new Map<string, string[]>();
        const byName = new Map<string, string[]>();
        for (const sc of compiledScenarios()) {
          byLine.set(`${sc.uri}:${sc.line}`, sc.tags);
          byName.set(`${sc.uri}\u0000${sc.name}`, sc.tags);
        }
        tagsOf = (u, l, n) => byLine.get(`${u}:${l}`) ?? byName.get(`${u}\u0000${n}`) ?? [];
      }
      return tagsOf(uri, line, name);
    };
    // the scenarios among the paths, parsed once, with their tags; each exclusion's tag expression is evaluated on
    // them as Cucumber's own filter does (a parse of every feature file per exclusion cost some 0.3 s per run)
    const all = await picklesWithTags(paths);
    for (const x of exclusions) {
      const expr = x.tag.startsWith('@edition:') ? `${x.tag} and not @edition:${profile.edition}` : x.tag;
      // the expression parsed once per exclusion, not once per scenario
      const selects = all ? parseTagExpression(expr) : undefined;
      const plan = all && selects ? all.filter((p) => selects.evaluate(p.tags)) : (await plannedPickles({ paths, names: [], tagExpression: expr })).plan;
      for (const p of plan) {
        const key = `${p.uri}:${p.location.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const tags = tagsFor(p.uri, p.location.line, p.name);
        const of = (name: string) => [...new Set(tags.filter((t) => t.startsWith(`@${name}:`)).map((t) => t.slice(name.length + 2)))];
        const what = { useCases: of('usecase'), roles: of('role') };
        if (x.pics) notApplicable.push({ name: p.name, uri: p.uri, line: p.location.line, reason: picsReason(x.pics.role, tags), excludedBy: x.tag, ...what });
        else {
          // an edition left out for a reason of the standard (@edition-only:<key>, EDITION_ONLY): the plan says which
          const why = x.tag.startsWith('@edition:') ? editionOnlyReason(tags, profile.edition) : undefined;
          notApplicable.push({ name: p.name, uri: p.uri, line: p.location.line, reason: why ? `${x.reason}: ${why}` : x.reason, ...what });
        }
      }
    }
  }
  return { tagExpression, exclusions, notApplicable };
}

/**
 * The scenarios Cucumber finds among `paths` (and `names`), in its order, each with its tags (from the scenarios of
 * features/, src/session/scenarios.ts); undefined when one of them is not among those (a feature file elsewhere), so
 * that the caller asks Cucumber with the tag expression instead.
 */
export async function picklesWithTags(paths: string[], names: string[] = []): Promise<(Awaited<ReturnType<typeof plannedPickles>>['plan'][number] & { tags: string[] })[] | undefined> {
  const { plan, errors } = await plannedPickles({ paths, names, tagExpression: '' });
  if (errors.length) return undefined;
  const byLine = new Map<string, string[]>();
  for (const sc of compiledScenarios()) byLine.set(`${sc.uri}:${sc.line}`, sc.tags);
  const out = [];
  for (const p of plan) {
    const tags = byLine.get(`${p.uri}:${p.location.line}`);
    if (!tags) return undefined;
    out.push({ ...p, tags });
  }
  return out;
}
