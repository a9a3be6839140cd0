/**
 * `cim9 selftest` (part of `npm test`): the fast subset of the mutation run (src/cli/mutants.ts).
 * 1. A clean run against the reference SUT passes every applicable scenario and writes every report; so does the
 *    clean run of the MDM-only profile (profiles/reference-mdm.yaml, EXTRA_CLEAN_PROFILES of ./mutants.ts).
 * 2. Each fault of the fast subset makes the suite fail with verdict `failed` (the SUT is wrong), never
 *    `error` (the suite broke), and a failing scenario names the rule the fault violates.
 * 3. Every scenario fails for at least one fault of the subset: no scenario has stopped being able to fail.
 * 4. The faults of the subset compose: with all of them on, everything that failed for one still fails.
 * `--all-faults` runs the whole catalogue (the same as `cim9 mutants`).
 */
import { resolve } from 'node:path';
import { mutationRun } from './mutants.ts';
import { reportsExist } from './run.ts';

/**
 * The faults `npm test` runs. Chosen so that every scenario fails for at least one of them (the selftest
 * checks it): the generic reply faults (which also run under the 2024 reference profile), the outage codes,
 * a EUMED load-curve gap (2024), plus the faults that prove the newer kinds of checks: interval completeness,
 * a repeated publication, an HTTP 500 without a SOAP fault classified as `failed`, not `error`, and the
 * master-data publications of the MDM (UC-29) and of the head-end (a meter installed in the field), the outcome of
 * a connect / disconnect (switch-event-mismatch), and the
 * message generation (speaks-draft-2011, speaks-2013: the draft-2011 reference profile runs through them), and the
 * SUT as a client (client-wrong-noun: the client reference profiles of src/cli/mutants.ts run through it). Faults
 * that make scenarios wait for their time limits (no-async-reply, late-async-reply, event-not-forwarded,
 * event-to-wrong-address, truncated-body with the asynchronous master-data exchanges) are left to
 * `cim9 mutants`: they would make `npm test` slow.
 */
export const FAST_FAULTS = [
  'reply-without-correlation-id',
  'wrong-reply-code',
  'schema-invalid-payload',
  'swap-outage-codes',
  'interval-gap',
  'event-published-twice',
  'http-500-without-soap-fault',
  'eumed-curve-gap',
  'md-publication-not-past-tense',
  'hes-meterconfig-published-twice',
  // P6: the MDM relays a value other than the one the head-end the suite plays returned, and a ping's status wrongly
  'relay-alters-value',
  'relay-ping-wrong-status',
  // the outcome of a connect / disconnect the head-end tells the MDM (EDC-06): cheap, the outcome comes at once
  'switch-event-mismatch',
  // MR-09 / MR-08 (edition 2024): the coincident read and answer without isCoincidentTrigger (cheap: published at once)
  'coincident-trigger-flag-missing',
  // MR-10: the MDM relays an on-request read with a GetMeterReadings naming the meter as a group (cheap: a synchronous relay)
  'relay-query-names-group',
  // EDE-09: the answer to get(EndDeviceEvents) carries an event of another meter (cheap: a synchronous reply)
  'events-of-other-meter',
  // EDE-05 / EDE-07: what the head-end publishes after a stimulus (no reply fault touches a publication)
  'undecodable-health-code',
  'pq-stop-without-start',
  // MSR-02, MSR-03, PAN-02: the change-out, tamper and PAN device events the head-end publishes, told with the request verb
  'service-events-request-verb',
  // EDC-05 / MSR-04: the MDM keeps the final read of a change-out under the new meter (cheap: synchronous exchanges only)
  'changeout-final-read-to-new-meter',
  // EDE-06: the MDM forwards the clock error to the maintenance consumer as a clock change (cheap: forwarded at once)
  'health-forwarded-wrong-code',
  // the result event of a load-control start (EDC-01): cheap, the result comes at once
  'lc-wrong-result-event',
  // P6 controls (EDC-06.4/.5, EDC-01.4, PAN-03.2, EDC-08.2): the MDM passes the control on for another meter (cheap: synchronous)
  'relay-control-other-meter',
  // PAN-03.3: the display's events after a PAN text message say DisplayFailed (cheap: published at once)
  'pan-ack-display-failed',
  // MSE-01: the firmware events without "ready for activation" turn both firmware scenarios red (cheap: published at once)
  'fw-activated-without-ready',
  // CS-01: the MDM's switching read to its head-end without a Reading/reason (cheap: synchronous, the MDM only)
  'switching-read-no-reason',
  // EDE-08: PQ measurements with a ReadingType of no aggregate turn the PQ readings scenario red (cheap: published at once)
  'pq-reading-not-aggregate',
  // EDE-08 (the MDM's get form): the PQ measurements it was told answered in kV (cheap: synchronous exchanges only)
  'mdm-pq-value-altered',
  // EDE-05 / EDE-07 with the MDM as SUT: the events the head-end told it missing from its get(EndDeviceEvents) answer
  // (cheap: synchronous exchanges only)
  'mdm-events-not-kept',
  // MR-11 with the MDM as SUT: its schedule message to the head-end without a recurrence (cheap: a synchronous relay)
  'relay-schedule-no-recurrence',
  // MR-10: the register of a period answered with its value now (cheap: synchronous exchanges only)
  'register-read-outside-period',
  // EDC-04: the event after a program change in the Metrology domain turns the program-change scenario red (cheap: published at once)
  'program-change-event-wrong-domain',
  // EDC-02: the installation of a load-control unit told in domain 7 turns the head-end's installation scenario red (cheap: published at once)
  'lcu-event-wrong-domain',
  // MSR-01: the completion of a meter service request of kind inspection turns both meter-service scenarios red (cheap: published at once)
  'msr-completion-wrong-kind',
  // MSR-01 (master data after completion): the link of the meter to the usage point never told turns both master-data
  // scenarios of meter service red (cheap: published at once)
  'msr-md-no-linkage',
  // PM-01 / PM-03: the MDM credits the meter at its head-end with a unit more than the token sale (cheap: synchronous);
  // PM-02: the CIS transfers the token sale with ten less than the receipt (cheap: transferred at once)
  'pm-credit-wrong-amount',
  'pm-cis-amount-altered',
  // PM-01.2: the CIS's auxiliary agreement names another usage point (cheap: the request comes at once)
  'pm-cis-aux-other-usage-point',
  // CS-01.C1: the CIS's change of supplier and link are built apart from its other requests (cheap: sent at once)
  'cis-switch-wrong-supplier',
  // issue 11: a SUT that accepts everything must fail every negative (cheap: nothing waits for a time limit)
  'ok-to-everything',
  // the message generation (ENV-GENERATION): a draft-speaking SUT to the 2013 and 2024 profiles, an ed.1-speaking SUT
  // to the draft-2011 profile — which also gives the selftest its clean run of profiles/reference-draft-2011.yaml
  'speaks-draft-2011',
  'speaks-2013',
  // the SUT as a client (CIS, OMS; issue 12): a wrong Header/Noun in the CIS's and the OMS's requests and in the OMS's
  // acknowledgements (of outage events, and of the completion of a connect / disconnect, EDC-06.C1) turns every client
  // scenario red, and gives the selftest its clean runs of profiles/reference-cis.yaml,
  // profiles/reference-oms.yaml and profiles/reference-clients-2024.yaml (cheap: the requests come at once)
  'client-wrong-noun',
  // EDC-07.C1 / .C2 (the CIS asks the head-end directly; its request is built apart from the others) and EDC-06.C2 (the
  // CIS told FAILED / PARTIAL 5.7 after its switch): cheap, the requests and results come at once
  'cis-switch-wrong-time',
  'cis-read-error-as-read',
];

export async function selftest(opts: { allFaults: boolean; lanes?: number; untargeted?: boolean }): Promise<number> {
  const { analysis } = await mutationRun({
    faults: opts.allFaults ? undefined : FAST_FAULTS,
    lanes: opts.lanes,
    runsDir: 'selftest',
    name: opts.allFaults ? 'mutants' : 'selftest',
    title: opts.allFaults ? 'cim9 mutation run' : 'cim9 selftest (fast subset of the mutation run)',
    combined: true,
    requireEveryScenario: true,
    targeted: !opts.untargeted,
    // the self-test's coverage relies on its generic faults against every scenario (FaultDef.sample is for the full run)
    sampled: !!opts.allFaults,
    // the proof of the scopes is the full run's (one more run of every scenario per profile)
    proveScopes: !!opts.allFaults,
    log: (l) => console.log(l.startsWith('mutants:') ? `selftest:${l.slice('mutants:'.length)}` : l.startsWith('selftest:') ? l : `selftest: ${l}`),
  });
  const cleanDir = resolve(process.cwd(), 'reports', 'selftest', 'clean');
  const reports = reportsExist(cleanDir);
  if (!reports) console.log(`selftest: FAIL the clean run did not write every report in ${cleanDir}`);
  const ok = analysis.ok && reports;
  console.log(`selftest: ${ok ? 'passed' : 'FAILED'}`);
  // the plain closing line CI reads: faults caught (plus the clean runs' reports) against the rest
  const total = analysis.score.total + 1;
  const passed = analysis.score.caught + (reports ? 1 : 0);
  console.log(`selftest: ${passed} passed, ${total - passed} failed`);
  return ok ? 0 : 1;
}
