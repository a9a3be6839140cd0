/**
 * What the SUT implements, decided by its PICS alone (issue 16: capabilities declared per use case, noun and verb
 * replace the four booleans of `capabilities:`). Each former capability is read from the PICS:
 *
 * | former `capabilities:` | the PICS (per role of sut.roles)                                                    |
 * |------------------------|-------------------------------------------------------------------------------------|
 * | asyncReplies           | `pics.<role>.asyncReplies: true` (a declared option: a server answers asynchronously when asked; a client asks for asynchronous replies) |
 * | annexB                 | `pics.<role>.annexB: true` (a declared option: its refusals carry Annex B codes)     |
 * | eventPublication       | `pics.<role>.publishes` lists a noun other than master data (e.g. MeterReadingSet created, UC-35) |
 * | masterDataPublication  | `pics.<role>.publishes` lists a master-data noun (…Config, MasterDataLinkageConfig, OperationSet) |
 * | relayToHeadEnd         | `pics.MDM.sends` lists a request: the MDM sends requests to its head-end, played by the suite |
 *
 * A profile that still has `capabilities:` is read as before: `picsFromCapabilities` moves each value into the PICS
 * (the migration the loader and an overlay's mandatory capabilities use), with one deprecation line; a value the PICS
 * contradicts is a profile error naming both fields. The plan (src/cli/plan.ts), certification mode and the statement
 * read only these functions.
 */
import type { Pics, PicsNoun, PicsRole, Profile, Role } from './index.ts';

/** the names of the former capabilities (profile `capabilities:`, an overlay's mandatory capabilities) */
export const LEGACY_CAPABILITIES = ['asyncReplies', 'annexB', 'eventPublication', 'masterDataPublication', 'relayToHeadEnd'] as const;
export type LegacyCapability = (typeof LEGACY_CAPABILITIES)[number];
export type LegacyCapabilities = Record<LegacyCapability, boolean>;

/** a noun of master data: what an MDM or a head-end publishes to its master-data subscribers (UC-29) */
export function isMasterDataNoun(noun: string): boolean {
  return noun.endsWith('Config') || noun === 'OperationSet';
}

/** the requests the head-end the suite plays answers (src/usecases/peer.ts answerAsHeadEnd): what `relayToHeadEnd: true` declares the MDM sends */
export const HEAD_END_REQUESTS: readonly PicsNoun[] = [
  { noun: 'MeterReadings', verbs: ['get'] },
  { noun: 'EndDeviceControls', verbs: ['create', 'cancel'] },
  { noun: 'EndDeviceGroups', verbs: ['create'] },
  { noun: 'MeterReadSchedule', verbs: ['create', 'cancel', 'delete'] },
  { noun: 'MeterReadSchedules', verbs: ['create', 'cancel', 'delete'] },
];
/** what `eventPublication: true` declares an MDM publishes: the EUMED publication (UC-35), the only scenarios it selected */
export const EVENT_PUBLICATION: PicsNoun = { noun: 'MeterReadingSet', verbs: ['created'] };
/** what `masterDataPublication: true` declares an MDM or a head-end publishes to its master-data subscribers */
export const MASTER_DATA_PUBLICATION: PicsNoun = { noun: 'MeterConfig', verbs: ['created', 'changed', 'deleted'] };

type WithPics = Pick<Profile, 'pics' | 'sut'>;

const decl = (p: WithPics, role: string): PicsRole | undefined => (p.sut.roles.includes(role as Role) ? p.pics?.[role as Role] : undefined);
/** the roles of `roles` (default: every role the SUT plays) that the SUT plays */
const playedOf = (p: WithPics, roles?: readonly string[]): string[] => (roles?.length ? roles.filter((r) => p.sut.roles.includes(r as Role)) : [...p.sut.roles]);

/** the roles that declare asynchronous replies (pics.<role>.asyncReplies) */
export function asyncRoles(p: WithPics): string[] {
  return p.sut.roles.filter((r) => decl(p, r)?.asyncReplies === true);
}

/** does the SUT answer (or, as a client, ask) asynchronously in one of `roles` (default: any role it plays) */
export function declaresAsync(p: WithPics, roles?: readonly string[]): boolean {
  return playedOf(p, roles).some((r) => decl(p, r)?.asyncReplies === true);
}

/**
 * Does the SUT claim Annex B reply codes in a scenario of `roles` (its @role tags; none: any role it plays): the codes
 * expected per negative case are asserted (COD-06 = when-claimed)
 */
export function annexBFor(p: WithPics, roles?: readonly string[]): boolean {
  return playedOf(p, roles).some((r) => decl(p, r)?.annexB === true);
}

/** the roles that publish events other than master data (pics.<role>.publishes) */
export function eventPublishingRoles(p: WithPics): string[] {
  return p.sut.roles.filter((r) => (decl(p, r)?.publishes ?? []).some((n) => !isMasterDataNoun(n.noun)));
}

/** the roles that publish master-data changes to subscribers (pics.<role>.publishes with a master-data noun) */
export function masterDataPublishingRoles(p: WithPics): string[] {
  return p.sut.roles.filter((r) => (decl(p, r)?.publishes ?? []).some((n) => isMasterDataNoun(n.noun)));
}

/** does the SUT publish master-data changes (in one of `roles`, default any): the suite registers as a subscriber */
export function publishesMasterData(p: WithPics, roles?: readonly string[]): boolean {
  const mine = masterDataPublishingRoles(p);
  return playedOf(p, roles).some((r) => mine.includes(r));
}

/** does the SUT (an MDM) send requests to its head-end, which the suite plays at <listener>/hes (P6 relays) */
export function relaysToHeadEnd(p: WithPics): boolean {
  return (decl(p, 'MDM')?.sends ?? []).length > 0;
}

/** what each former capability means for this profile, read from its PICS (the statement's "declared" column) */
export function capabilitiesOf(p: WithPics): LegacyCapabilities {
  return {
    asyncReplies: declaresAsync(p),
    annexB: annexBFor(p),
    eventPublication: eventPublishingRoles(p).length > 0,
    masterDataPublication: masterDataPublishingRoles(p).length > 0,
    relayToHeadEnd: relaysToHeadEnd(p),
  };
}

/** the PICS field each former capability is read from, for reasons and the statement */
export const PICS_FIELD: Record<LegacyCapability, string> = {
  asyncReplies: 'pics.<role>.asyncReplies',
  annexB: 'pics.<role>.annexB',
  eventPublication: 'pics.<role>.publishes',
  masterDataPublication: 'pics.<role>.publishes (master data)',
  relayToHeadEnd: 'pics.MDM.sends',
};

export interface MigrationProblem {
  /** the field of `capabilities:` the problem is about */
  field: LegacyCapability;
  message: string;
}

function addNoun(list: PicsNoun[] | undefined, n: PicsNoun): PicsNoun[] {
  const out = (list ?? []).map((x) => ({ noun: x.noun, verbs: [...x.verbs] }));
  const have = out.find((x) => x.noun === n.noun);
  if (have) have.verbs = [...new Set([...have.verbs, ...n.verbs])];
  else out.push({ noun: n.noun, verbs: [...n.verbs] });
  return out;
}

/**
 * The PICS with the former `capabilities:` moved into it (the migration): each value set on the roles it applies to
 * (asyncReplies and annexB on every role of `roles`; eventPublication on the MDM; masterDataPublication on the MDM and
 * the head-end; relayToHeadEnd as the MDM's sends, HEAD_END_REQUESTS, unless it declares them). A `true` adds the
 * declaration where the PICS lacks it; a `false` where the PICS declares it anyway is a problem (the two contradict).
 * `mapped` says what was set, for the deprecation line.
 */
export function picsFromCapabilities(caps: Partial<LegacyCapabilities>, roles: readonly Role[], given: Pics | undefined): { pics: Pics; mapped: string[]; problems: MigrationProblem[] } {
  const pics: Pics = {};
  for (const [r, d] of Object.entries(given ?? {}) as [Role, PicsRole][]) pics[r] = { ...d };
  const mapped: string[] = [];
  const problems: MigrationProblem[] = [];
  const role = (r: Role): PicsRole => (pics[r] ??= {});
  for (const opt of ['asyncReplies', 'annexB'] as const) {
    const v = caps[opt];
    if (v === undefined) continue;
    for (const r of roles) {
      const had = given?.[r]?.[opt];
      if (had !== undefined && had !== v) problems.push({ field: opt, message: `${v} contradicts pics.${r}.${opt}: ${had}` });
      else if (had === undefined) {
        role(r)[opt] = v;
        mapped.push(`pics.${r}.${opt}: ${v}`);
      }
    }
  }
  const publication = (field: 'eventPublication' | 'masterDataPublication', on: Role[], noun: PicsNoun, of: (n: PicsNoun) => boolean) => {
    const v = caps[field];
    if (v === undefined) return;
    for (const r of on.filter((x) => roles.includes(x))) {
      const declared = (given?.[r]?.publishes ?? []).filter(of);
      if (!v && declared.length) problems.push({ field, message: `false contradicts pics.${r}.publishes, which lists ${declared.map((n) => n.noun).join(', ')}` });
      else if (v && !declared.length) {
        role(r).publishes = addNoun(role(r).publishes, noun);
        mapped.push(`pics.${r}.publishes: ${noun.verbs.join('/')}(${noun.noun})`);
      }
    }
  };
  publication('eventPublication', ['MDM'], EVENT_PUBLICATION, (n) => !isMasterDataNoun(n.noun));
  publication('masterDataPublication', ['MDM', 'HES'], MASTER_DATA_PUBLICATION, (n) => isMasterDataNoun(n.noun));
  const relay = caps.relayToHeadEnd;
  if (relay !== undefined && roles.includes('MDM')) {
    const sends = given?.MDM?.sends ?? [];
    if (!relay && sends.length) problems.push({ field: 'relayToHeadEnd', message: `false contradicts pics.MDM.sends, which declares requests the MDM sends to its head-end (${sends.map((n) => `${n.verbs.join('/')}(${n.noun})`).join(', ')})` });
    else if (relay && !sends.length) {
      role('MDM').sends = HEAD_END_REQUESTS.map((n) => ({ noun: n.noun, verbs: [...n.verbs] }));
      mapped.push('pics.MDM.sends: the requests of the head-end the suite plays');
    }
  }
  return { pics, mapped, problems };
}

/** the one line a profile with `capabilities:` gets */
export function deprecationLine(mapped: readonly string[]): string {
  return `capabilities: is deprecated, the PICS decides (README "The PICS"); read as ${mapped.length ? mapped.join(', ') : 'nothing beyond what pics: declares'} — move them into pics:`;
}
