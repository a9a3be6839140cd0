/**
 * Faults of the whole answering behaviour of the reference SUT (issue 11, "no false pass, no false fail"): a SUT
 * that refuses everything, one that accepts everything, one whose refusals are bare SOAP faults. They prove that
 * no scenario passes on behaviour the SUT did not show: a positive never passes on a refusal, a negative never
 * passes on a refusal of everything (its valid twin is refused too: inconclusive, CIM9-61) and never on an
 * acceptance. Hooked in simulator/server.ts (`answer`) and simulator/context.ts (`response`). Merged into FAULTS
 * by simulator/faults/catalogue.ts. They replace whole answers, so they are left out of the combined run
 * (`combinable: false`): with them on, no other fault could show.
 */
import type { FaultDef } from './catalogue.ts';
import { EVERY_MESSAGE_SAMPLE, REFUSAL_SCOPE } from './scopes.ts';


/** where failed-to-everything runs: the negatives, and positives without a set-up request (a set-up declined with a Reply is the set-up's error by design) */
const FAILED_TO_EVERYTHING_SCOPE = '@uc:negative-requests or @uc:master-data or @uc:device-events or @uc:end-device-controls or @uc:pan-pairing or @uc:prepayment or @uc:on-request-read or @uc:eumed or (@uc:meter-service and not @req:MSR-01.2 and not @req:MSR-01.4)';

export const VERDICT_FAULTS: FaultDef[] = [
  {
    id: 'soap-fault-to-everything',
    editions: ['2013', '2024'],
    area: 'envelope',
    violates: 'ENV-EXPECTED-RESULT (a valid request is answered with its ResponseMessage, not a SOAP fault)',
    roles: ['MDM', 'HES'],
    description: 'every request, valid or not, is answered with HTTP 500 and a bare SOAP Client fault (no FaultMessage): every positive fails, every negative is inconclusive (its valid twin is refused too)',
    inconclusive: true,
    combinable: false,
  },
  {
    id: 'ok-to-everything',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: historical-paging, pan-pairing, prepayment, relayed-controls, switching
    scope: '@uc:negative-requests or @uc:master-data or @uc:device-events or @uc:end-device-controls or @uc:eumed or @uc:relayed-ping or @uc:meter-service or @uc:historical-paging or @uc:pan-pairing or @uc:prepayment or @uc:relayed-controls or @uc:switching',
    editions: ['2013', '2024'],
    area: 'codes',
    violates: 'ENV-EXPECTED-RESULT (a request the SUT cannot process is refused with Result FAILED, not accepted)',
    roles: ['MDM', 'HES'],
    description: 'every request, including schema-invalid, unknown-meter and unsupported-verb ones, is answered with Result OK and no Error (a would-be refusal carries no payload): every negative fails',
    combinable: false,
  },
  {
    id: 'canned-reply-to-everything',
    editions: ['2013', '2024'],
    area: 'envelope',
    violates: "ENV-CORRELATION (each reply carries its own request's CorrelationID, ENV-14)",
    roles: ['MDM', 'HES'],
    description: 'every request, valid or not, is answered with the same canned reply: a recorded reply(MeterReadings), Result OK, no payload, with a fixed MessageID and CorrelationID; nothing is processed',
    combinable: false,
  },
  {
    id: 'request-echoed-verbatim',
    editions: ['2013', '2024'],
    area: 'envelope',
    violates: 'ENV-KIND (a request is answered by a ResponseMessage, not by a RequestMessage)',
    roles: ['MDM', 'HES'],
    description: 'every request is answered with its own bytes, echoed back verbatim (HTTP 200, same envelope, Header and payload, no Reply): nothing is processed',
    combinable: false,
  },
  {
    id: 'ok-without-payload',
    sample: EVERY_MESSAGE_SAMPLE,
    // the PAN controls and the credit update returned in the reply are CIM9-123's (no payload: the scenario cannot judge, an error by that assumption)
    scope: 'not @req:PAN-03.1 and not @req:PAN-03.3 and not @req:EDC-08.1 and not @req:PM-03.2',
    leftOut: {
      tags: '@req:PAN-03.1 or @req:PAN-03.3 or @req:EDC-08.1 or @req:PM-03.2',
      why: 'these judge the controls the reply returns (CIM9-123 = required): a reply without its Payload leaves them nothing to judge, an error that is not a verdict on the SUT',
    },
    editions: ['2013', '2024'],
    area: 'readings',
    violates: 'DOM-EXPECTED (a reply with Result OK carries what it was asked for)',
    roles: ['MDM', 'HES'],
    description: 'every reply with Result OK carries no Payload: right header, right CorrelationID, Result OK, and none of the readings, events, controls or master data asked for (an acknowledgement of a create loses nothing it must carry)',
    combinable: false,
  },
  {
    id: 'events-without-payload',
    sample: EVERY_MESSAGE_SAMPLE,
    editions: ['2013', '2024'],
    area: 'readings',
    violates: 'DOM-EXPECTED (a published event or asynchronous result carries what it tells)',
    roles: ['MDM', 'HES'],
    description: 'every message the SUT publishes or sends as an asynchronous result (created(EndDeviceEvents), created(MeterReadings), reply to a ReplyAddress ...) carries no Payload: right header, nothing of the events, readings or controls it tells',
    combinable: false,
  },
  {
    id: 'failed-to-everything',
    // where the negatives are, and positives without a set-up request (a set-up declined with a Reply is the set-up's error by design)
    scope: FAILED_TO_EVERYTHING_SCOPE,
    leftOut: {
      tags: `not (${FAILED_TO_EVERYTHING_SCOPE})`,
      why: 'it refuses every request: each scenario outside the scope fails (a catch its scope already shows, of the same rule) or, where it refuses the set-up request, ends in error by design (the suite\'s own set-up, not a verdict); widened, its run took 146 s instead of 3 s and ended 15 scenarios in error (docs/performance.md)',
    },
    editions: ['2013', '2024'],
    area: 'codes',
    violates: 'ENV-EXPECTED-RESULT (a valid request is answered with the Result its use case demands, not refused)',
    roles: ['MDM', 'HES'],
    description: 'every request, valid or not, is answered with a well-formed Reply, Result FAILED and Error 5.3 (transaction attempted and failed): every positive fails; a negative expecting another code fails, one whose valid twin is refused too is inconclusive, none passes',
    inconclusive: true,
    combinable: false,
  },
  {
    id: 'fault-without-header',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: prepayment, switching
    scope: `${REFUSAL_SCOPE} or @uc:prepayment or @uc:switching`,
    editions: ['2013', '2024'],
    area: 'envelope',
    violates: 'ENV-EXPECTED-RESULT (an unknown meter, an unsupported verb or a business rule is refused with a ResponseMessage, Result FAILED and its Annex B code; a SOAP fault only for schema-level refusals, CIM9-60)',
    roles: ['MDM', 'HES'],
    description: 'every refusal is HTTP 500 with a bare SOAP Client fault: no Header, no Reply/Result, no Annex B code',
    combinable: false,
  },
];
