/**
 * Profiles for tests: a loaded profile with part of its PICS taken out (what a vendor who does not declare it has).
 */
import type { Pics, PicsRole, Profile, Role } from '../src/profile/index.ts';

/** the profile without the publications (pics.<role>.publishes) whose noun `drop` matches, in every role */
export function withoutPublications<P extends Pick<Profile, 'pics'>>(p: P, drop: (noun: string) => boolean): P {
  const pics: Pics = {};
  for (const [r, d] of Object.entries(p.pics ?? {}) as [Role, PicsRole][]) {
    const publishes = (d.publishes ?? []).filter((n) => !drop(n.noun));
    const { publishes: _dropped, ...rest } = d;
    pics[r] = publishes.length ? { ...rest, publishes } : rest;
  }
  return { ...p, pics };
}
