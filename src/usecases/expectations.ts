/**
 * What the use cases expect of the SUT where the standard is uncertain: the Annex B codes of each error
 * case (COD-06, overridable per profile in expectedCodes), the outage and restoration code sets (UC-03).
 */
import type { NegativeCase, Profile } from '../profile/index.ts';
import { acceptedCodesFor } from '../codes/index.ts';
import { SuiteError } from '../session/verdict.ts';

export function expectedCodes(profile: Profile, errorCase: string): readonly string[] {
  const fromProfile = (profile.expectedCodes as Partial<Record<string, string[]>>)[errorCase];
  if (fromProfile?.length) return fromProfile;
  try {
    return acceptedCodesFor(errorCase as NegativeCase);
  } catch {
    throw new SuiteError(`no Annex B code is known for the error case "${errorCase}"`);
  }
}

/**
 * CIM9-60: may a SOAP fault stand for the refusal of this error case (instead of Result FAILED with its code)?
 * `schema` (default): a schema-invalid request, or one without a mandatory Header element; `any`; `none`.
 */
export function soapFaultAccepted(assumptions: Readonly<Record<string, string>>, errorCase: string): boolean {
  const v = assumptions['CIM9-60'] ?? 'schema';
  if (v === 'any') return true;
  if (v === 'none') return false;
  return SCHEMA_LEVEL_CASES.includes(errorCase);
}

/** the error cases a validating server refuses before reading the request (CIM9-60 = schema) */
export const SCHEMA_LEVEL_CASES: readonly string[] = ['schemaInvalid', 'missingHeaderElement'];

/** UC-03: accepted outage / restoration codes (the register's value, possibly set by the profile) */
export function outageCodeSets(profile: Profile): { outage: readonly string[]; restoration: readonly string[] } {
  const v = profile.assumptions['UC-03'] as unknown as { outage: readonly string[]; restoration: readonly string[] };
  return { outage: v.outage, restoration: v.restoration };
}
