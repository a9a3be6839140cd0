/**
 * A profile's `schemas:` folder (the vendor's own XSDs over the edition's pack) that cannot be used — XML that is not
 * well-formed, no .xsd file, schemas that do not compile — is a profile error naming the field (exit 2), found before
 * anything starts rather than as an error in every scenario (`cim9 run`) or an internal error (`cim9 simulate`).
 * Checked by the commands that load the pack anyway, not by every loadProfile.
 */
import { ProfileError, locateField, type Profile } from './index.ts';
import { loadPack } from '../schema/index.ts';

export function checkProfileSchemas(profile: Pick<Profile, 'file' | 'edition' | 'schemas' | 'assumptions'>): void {
  if (!profile.schemas) return;
  try {
    loadPack({ edition: profile.edition, schemas: profile.schemas, assumptions: profile.assumptions });
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ProfileError(profile.file, [{ path: 'schemas', ...locateField(profile.file, ['schemas']), message: `the schema pack of edition ${profile.edition} with ${profile.schemas} cannot be used: ${why}` }]);
  }
}
