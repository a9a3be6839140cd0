/**
 * A request a scenario's set-up needs the SUT to accept (a group to target, a spare meter to remove), judged one way
 * in every family: Result OK goes on. A broken answer (not well-formed, truncated, compressed unasked, an HTTP error,
 * a message that is no ResponseMessage such as the request sent back) or a SOAP fault to the schema-valid request is the SUT's doing whatever it makes of the request: a finding. A Reply
 * that declines (FAILED, PARTIAL) leaves the scenario without what it needs: the set-up's error, never a verdict.
 */
import type { Cim9World, Exchange } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { notAnAnswer } from './twin.ts';

export interface SetUpRequest {
  /** what the scenario needs, for the step and the error ("the group the scenario needs") */
  needed: string;
  /** the request, for the finding ("create(EndDeviceGroups)") */
  request: string;
  /** the SUT's role in words ("head-end", "MDM") */
  peer: string;
  /** what cannot be checked without it, for the error */
  cannot: string;
  /** the assumption that says the SUT takes the request this way, if one does */
  assumptions?: Record<string, string>;
}

/**
 * A request the suite meant to be valid that the SUT refused (Result FAILED, a SOAP fault) and that does not validate
 * against the profile's schemas itself (World.send checks it on a refusal): the suite built it wrong (a profile's
 * schemas: folder, data the pack does not take), so the refusal is the suite's error, never a finding against the SUT.
 */
export function ownRequestInvalid(x: Exchange | undefined, what: string): void {
  const invalid = x?.sent?.invalid ?? [];
  if (invalid.length) throw new SuiteError(`${what}: the SUT refused the request, and the request the suite built does not validate against the profile's schemas itself (${invalid[0]}${invalid.length > 1 ? ` and ${invalid.length - 1} more` : ''}): the refusal is not a verdict on the SUT`);
}

export function requireAccepted(w: Cim9World, x: Exchange, o: SetUpRequest): void {
  const result = x.wire?.message?.reply?.result;
  if (result === 'OK') return;
  ownRequestInvalid(x, o.request);
  const broken = x.findings.filter((f) => f.severity === 'error');
  // an answer that is no ResponseMessage (the request sent back, an event) neither accepts nor declines: a finding
  if (!broken.length) broken.push(...notAnAnswer(x));
  if (x.wire?.fault && !broken.length) {
    broken.push(
      ruleFinding('ENV-EXPECTED-RESULT', `${x.label}: a SOAP fault to a schema-valid ${o.request}; a ${o.peer} that does not take it answers with a Reply and its Annex B code`, {
        file: x.label,
        expected: 'a Reply (Result OK, or FAILED with its Annex B code)',
        actual: `a SOAP fault "${x.wire.fault.reason}"`,
        ...(o.assumptions ? { assumptions: o.assumptions } : {}),
      }),
    );
  }
  if (broken.length) w.assert(broken, o.needed);
  const ids = Object.keys(o.assumptions ?? {});
  throw new SuiteError(`the ${o.peer} did not accept ${o.needed} (Result ${result ?? 'none'}${ids.length ? `; ${ids.join(', ')}` : ''}): ${o.cannot}`);
}
