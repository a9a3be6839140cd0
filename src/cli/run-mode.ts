/**
 * Development run or certification run (`cim9 run --certification`, or `strict: true` in the profile: the same).
 *
 * A certification run's selection is locked to what the profile declares (roles, edition, the PICS: the plan of
 * src/cli/plan.ts): `certificationRefusal` names the first thing that would change it (--tags, --name, feature
 * paths, --fault or the profile's simulator.faults, a waivers file, --assume or the profile's assumptions: other
 * than the declarations of CERTIFICATION_DECLARATIONS, --fail-fast) and the run stops with exit 2 before anything starts. Every scenario in scope must then run to a
 * verdict: one that ends error or skipped makes the run not conformant (src/report/run-mode.ts says so).
 * `runPins` are the digests the statement pins in either mode: the suite version and its own digest (suiteDigest), the profile's sha256 and the
 * schema pack's digest (the same as `cim9 schemas list`: src/schema loadPack) with its layers.
 * `knownScenarioIds`: the @req: ids of every scenario of the suite, against which a waiver is checked.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Profile } from '../profile/index.ts';
import { assumptionDef } from '../profile/assumptions.ts';
import { loadPack } from '../schema/index.ts';
import { CODE_ROOT, REPO_ROOT } from '../paths.ts';
import type { RunPins } from '../report/run-mode.ts';

/**
 * The assumptions a certification profile may still set: they declare what the SUT is (a namespace it must be
 * configured with, an optional feature it implements, which adds scenarios) and relax no check. Every other
 * override (a relaxation or a stricter reading of an uncertain point) is refused: a certification run uses the
 * register's certification defaults.
 */
export const CERTIFICATION_DECLARATIONS: Readonly<Record<string, string>> = {
  'EUM-01': 'the EUMED namespace the SUT is configured with (no namespace is public)',
  'UC-33': 'whether the SUT implements the optional ObjectNamesConfig feature (on adds its scenario)',
  'UC-06': 'whether the SUT (an MDM) forwards health events to a maintenance consumer (on adds the EDE-06 scenarios)',
  'CIM9-170': 'the period of the read schedule the suite asks the SUT for (a real head-end may need minutes; it relaxes no check)',
};

/**
 * Assumptions a certification profile may set only to a value no looser than the register's default: a tolerance
 * made tighter (the reference profiles read schedules every second, CIM9-170, so they tighten CIM9-171 with it).
 */
export const CERTIFICATION_TIGHTENINGS: Readonly<Record<string, { why: string; ok: (value: unknown, byDefault: unknown) => boolean }>> = {
  'CIM9-171': {
    why: 'the tolerance of a scheduled read time, no wider than the default',
    ok: (v, d) => typeof v === 'number' && typeof d === 'number' && v <= d,
  },
  'CIM9-203': {
    why: 'the time factor of the scenarios\' own timing, no larger than the default: every duration it scales (schedule period and tolerance, load-control windows, timestamp slack) gets shorter, so no check is relaxed',
    ok: (v, d) => typeof v === 'number' && typeof d === 'number' && v > 0 && v <= d,
  },
};

/** why a certification run cannot go ahead with these options, in one line; undefined when it can */
export function certificationRefusal(o: {
  profile: Profile;
  /** the run is a certification run because of --certification (not only the profile's strict: true) */
  byFlag: boolean;
  tags?: string;
  names: string[];
  paths: string[];
  faults: string[];
  assume: Record<string, unknown>;
  passthrough: string[];
  /** Cucumber options that load code or change what runs or how it is judged (src/cli/run.ts parseCucumberArgs) */
  judging?: string[];
}): string | undefined {
  const locked = 'the selection of a certification run is locked to what the profile declares (sut.roles, edition, the PICS)';
  const how = `leave it out, or make it a development run (${o.byFlag ? 'without --certification' : 'strict: false in the profile'})`;
  const refuse = (what: string, why = locked) => `a certification run refuses ${what}: ${why}; ${how}`;
  if (o.tags) return refuse('--tags');
  if (o.names.length) return refuse('--name');
  if (o.paths.length) return refuse(`feature paths (${o.paths.join(' ')})`);
  if (o.profile.simulator?.faults.length) return refuse(`the profile's simulator.faults (${o.profile.simulator.faults.join(', ')})`, 'a certification run tests the SUT as it is, without simulator faults');
  if (o.faults.length) return refuse(`--fault ${o.faults.join(',')}`, 'a certification run tests the SUT as it is, without simulator faults');
  if (o.profile.waivers) return refuse(`the waivers file ${o.profile.waivers}`, 'every scenario in scope counts; a waiver is for development runs');
  if (Object.keys(o.assume).length) return refuse(`--assume ${Object.keys(o.assume).join(', ')}`, 'a certification run uses the assumption register\'s certification defaults (docs/assumptions.md)');
  const overrides = Object.entries(o.profile.assumptionOverrides)
    .filter(([id, value]) => !(id in CERTIFICATION_DECLARATIONS) && !CERTIFICATION_TIGHTENINGS[id]?.ok(value, assumptionDef(id)?.strictDefault ?? assumptionDef(id)?.default))
    .map(([id]) => id);
  if (overrides.length)
    return refuse(
      `the profile's assumptions: (${overrides.join(', ')})`,
      `a certification run uses the assumption register's certification defaults (docs/assumptions.md); a profile may only declare ${Object.keys(CERTIFICATION_DECLARATIONS).join(', ')}, and tighten ${Object.keys(CERTIFICATION_TIGHTENINGS).join(', ')}`,
    );
  if (o.passthrough.includes('--fail-fast')) return refuse('--fail-fast', 'every scenario in scope must run');
  if (o.judging?.length)
    return refuse(
      o.judging.join(', '),
      "a certification run judges with the suite's own code and settings only (code of one's own loaded into it, a failure retried until it passes, a shard of the scope or changed World parameters would change its verdicts)",
    );
  return undefined;
}

/** --assume ID=VALUE items as an {ID: value} map (the value read as YAML: a number, list or map where one is meant) */
export function parseAssume(items: readonly string[]): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const i = item.indexOf('=');
    if (i <= 0) return `--assume needs ID=VALUE (e.g. --assume ENV-09=strict), got "${item}"`;
    const text = item.slice(i + 1).trim();
    let value: unknown;
    try {
      value = parseYaml(text) ?? text;
    } catch {
      value = text;
    }
    out[item.slice(0, i).trim()] = value;
  }
  return out;
}

/**
 * the @req: ids of every scenario of the suite (features/*.feature): the tags of its tag lines (a line whose first
 * token is a tag; a # starts a comment)
 */
export function knownScenarioIds(): Set<string> {
  const dir = join(REPO_ROOT, 'features');
  const ids = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.feature'))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const tokens = line.trim().split(/\s+/);
      if (!tokens[0]?.startsWith('@')) continue;
      for (const t of tokens) {
        if (t.startsWith('#')) break;
        if (t.startsWith('@req:')) ids.add(t.slice('@req:'.length));
      }
    }
  }
  return ids;
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let suiteOnce: string | undefined;

/**
 * The suite's own digest: sha256 over the sorted lines "<sha256>  <path>" of the files that make its verdicts — the
 * running code (src/, steps/, simulator/: the sources, or the build's dist/ in an installed package), features/ and
 * package.json, profiles/profile.schema.json — so that a certification body can tell the suite that ran from another
 * build of the same version. Computed once per process.
 */
export function suiteDigest(): string {
  if (suiteOnce) return suiteOnce;
  const lines: string[] = [];
  const walk = (root: string, rel: string, keep: (name: string) => boolean) => {
    let names: string[];
    try {
      names = readdirSync(join(root, rel));
    } catch {
      return;
    }
    for (const n of names.sort()) {
      if (n === 'node_modules' || n.startsWith('.')) continue;
      const r = rel ? `${rel}/${n}` : n;
      const abs = join(root, r);
      if (statSync(abs).isDirectory()) walk(root, r, keep);
      else if (keep(n)) lines.push(`${sha256(readFileSync(abs))}  ${r}`);
    }
  };
  const code = (n: string) => /\.(ts|js|mjs)$/.test(n) && !n.endsWith('.d.ts');
  for (const dir of ['src', 'steps', 'simulator']) walk(CODE_ROOT, dir, code);
  walk(REPO_ROOT, 'features', (n) => n.endsWith('.feature'));
  for (const f of ['package.json', 'profiles/profile.schema.json']) {
    try {
      lines.push(`${sha256(readFileSync(join(REPO_ROOT, f)))}  ${f}`);
    } catch {
      // not in this install: left out of the digest
    }
  }
  suiteOnce = sha256(lines.sort().join('\n'));
  return suiteOnce;
}

/** the digests a statement pins: suite version, profile file, schema pack (as `cim9 schemas list` computes them) */
export function runPins(profile: Profile): RunPins {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  let schemaPack: RunPins['schemaPack'];
  try {
    // the pack the session validates with (cached: the embedded reference SUT loads the same one)
    const pack = loadPack({ edition: profile.edition, schemas: profile.schemas, assumptions: profile.assumptions });
    schemaPack = { name: pack.name, sha256: pack.digest, layers: pack.layers.map((l) => ({ name: l.name, origin: l.origin, sha256: l.digest })) };
  } catch (e) {
    schemaPack = { name: profile.edition, sha256: '', layers: [], problem: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
  }
  return { suiteVersion: pkg.version, suiteSha256: suiteDigest(), profileSha256: sha256(readFileSync(profile.file)), schemaPack };
}
