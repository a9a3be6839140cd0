/**
 * The plan: which scenarios apply to a profile (role × edition × declared capabilities), as a Cucumber
 * tag expression, and every scenario left out with the reason.
 */
import { loadSources } from '@cucumber/cucumber/api';
import type { Profile } from '../profile/index.ts';
import { REPO_ROOT } from '../paths.ts';
import { healthForwardNotApplicable } from '../usecases/health-forward.ts';

export interface Exclusion {
  tag: string;
  reason: string;
}

export interface Plan {
  tagExpression: string;
  exclusions: Exclusion[];
  notApplicable: { name: string; uri: string; line: number; reason: string }[];
}

const ROLES = ['MDM', 'HES', 'CIS', 'OMS'];
/** the most meters a scenario may ask for with @meters:N (test/plan.test.ts holds the features to it) */
export const MAX_METERS = 9;
const EDITIONS = ['2013', '2024', 'draft-2011'];

export function exclusionsFor(profile: Profile): Exclusion[] {
  const out: Exclusion[] = [];
  for (const r of ROLES) if (!profile.sut.roles.includes(r as never)) out.push({ tag: `@role:${r}`, reason: `the SUT does not play the ${r} role (sut.roles)` });
  for (const e of EDITIONS) if (e !== profile.edition) out.push({ tag: `@edition:${e}`, reason: `the profile selects edition ${profile.edition}` });
  if (!profile.capabilities.asyncReplies) out.push({ tag: '@cap:async', reason: 'the SUT does not claim asynchronous replies (capabilities.asyncReplies)' });
  if (profile.stimulus.kind === 'none') out.push({ tag: '@cap:stimulus', reason: 'the profile names no way to cause field events (stimulus.kind: none)' });
  if (!profile.capabilities.eventPublication) out.push({ tag: '@cap:publication', reason: 'the SUT does not claim event publication (capabilities.eventPublication)' });
  if (!profile.capabilities.masterDataPublication && profile.assumptions['UC-29'] !== 'always') {
    out.push({ tag: '@cap:md-publication', reason: 'the suite is not registered as a subscriber of the SUT\'s master-data publications (capabilities.masterDataPublication; assumption UC-29 = when-subscribed)' });
  }
  if (!profile.capabilities.relayToHeadEnd) {
    out.push({ tag: '@cap:relay', reason: 'the suite\'s listener is not configured as the SUT\'s head-end (capabilities.relayToHeadEnd: <listener>/hes)' });
  }
  // a scenario tagged @meters:N needs N meters of data.meters
  const have = profile.data.meters.length;
  for (let n = have + 1; n <= MAX_METERS; n++) out.push({ tag: `@meters:${n}`, reason: `the scenario needs ${n} meters; the profile's data.meters lists ${have}` });
  // EDE-06: the MDM's forward of health events to a maintenance consumer, when the profile says it has one (UC-06, CIM9-165)
  const noForward = healthForwardNotApplicable(profile.assumptions as Readonly<Record<string, unknown>>);
  if (noForward) out.push({ tag: '@cap:health-forward', reason: noForward });
  if (profile.assumptions['UC-33'] !== 'on') out.push({ tag: '@cap:object-names', reason: 'ObjectNamesConfig is an optional feature, not in the 2024 schema list (assumption UC-33 = off)' });
  return out;
}

export async function planScenarios(profile: Profile, paths: string[]): Promise<Plan> {
  const exclusions = exclusionsFor(profile);
  // a scenario with an edition tag applies when one of its editions is the profile's: exclude only
  // scenarios that have no tag of the profile's edition
  const editionExcl = exclusions.filter((x) => x.tag.startsWith('@edition:'));
  const otherExcl = exclusions.filter((x) => !x.tag.startsWith('@edition:'));
  const parts = otherExcl.map((x) => `not ${x.tag}`);
  if (editionExcl.length) parts.push(`(@edition:${profile.edition} or not (${editionExcl.map((x) => x.tag).join(' or ')}))`);
  const tagExpression = parts.join(' and ');
  const notApplicable: Plan['notApplicable'] = [];
  if (paths.length && exclusions.length) {
    const seen = new Set<string>();
    for (const x of exclusions) {
      const expr = x.tag.startsWith('@edition:') ? `${x.tag} and not @edition:${profile.edition}` : x.tag;
      const { plan } = await loadSources({ defaultDialect: 'en', paths, names: [], tagExpression: expr, order: 'defined' }, { cwd: REPO_ROOT });
      for (const p of plan) {
        const key = `${p.uri}:${p.location.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        notApplicable.push({ name: p.name, uri: p.uri, line: p.location.line, reason: x.reason });
      }
    }
  }
  return { tagExpression, exclusions, notApplicable };
}
