/**
 * The optional elements a profile declares its SUT sends (pics.<role>.elements) checked against the schema pack of the
 * profile's edition, as an overlay's element requirements are (src/schema/element-path.ts): a noun or element the pack
 * does not have is a profile error naming the field (exit 2); one the pack already makes mandatory is a warning (there
 * is nothing optional to declare). Checked by `cim9 run` (src/cli/run.ts), which loads the pack anyway, not by every
 * loadProfile.
 */
import { ProfileError, locateField, type Profile, type ProfileIssue } from './index.ts';
import { loadPack } from '../schema/index.ts';
import { elementPathStatus } from '../schema/element-path.ts';

/** the warnings; throws ProfileError for an element or noun the pack lacks */
export function checkPicsElements(profile: Pick<Profile, 'file' | 'edition' | 'schemas' | 'assumptions' | 'pics'>): string[] {
  const declared = Object.entries(profile.pics ?? {}).flatMap(([role, decl]) => (decl?.elements ?? []).map((e, i) => ({ role, i, ...e })));
  if (!declared.length) return [];
  let model;
  try {
    model = loadPack({ edition: profile.edition, ...(profile.schemas ? { schemas: profile.schemas } : {}), assumptions: profile.assumptions }).model();
  } catch (e) {
    return [`pics elements were not checked against the schema pack of edition ${profile.edition}: it did not load (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`];
  }
  const issues: ProfileIssue[] = [];
  const warnings: string[] = [];
  for (const d of declared) {
    d.paths.forEach((p, j) => {
      const steps = p.split('/');
      const st = elementPathStatus(model, d.noun, steps);
      const segs = ['pics', d.role, 'elements', d.i, ...(st.status === 'missing' && st.step < 0 ? ['noun'] : ['paths', j])];
      const where = { path: segs.map((x, k) => (typeof x === 'number' ? `[${x}]` : k ? `.${x}` : x)).join(''), ...locateField(profile.file, segs) };
      if (st.status === 'missing') {
        if (st.step < 0) issues.push({ ...where, message: `the schema pack of edition ${profile.edition} has no payload ${d.noun} (a noun is the payload root's name, e.g. MeterReadings)` });
        else issues.push({ ...where, message: `the schema pack of edition ${profile.edition} has no element ${steps[st.step]} in ${st.step ? steps.slice(0, st.step).join('/') : d.noun}${st.children?.length ? ` (it has ${st.children.join(', ')})` : ''}` });
      } else if (st.status === 'mandatory') warnings.push(`${where.path}: ${d.noun} ${p} is mandatory in the schema pack of edition ${profile.edition}, not optional: the schema check requires it anyway`);
    });
  }
  if (issues.length) throw new ProfileError(profile.file, issues);
  return warnings;
}
