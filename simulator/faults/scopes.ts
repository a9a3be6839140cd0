/**
 * Scopes shared by the faults of one kind (FaultDef.scope in ./catalogue.ts): the use cases whose scenarios observed
 * the faults of that kind in a full untargeted mutation run under both editions (2026-12-05: every scenario of
 * profiles/reference.yaml and profiles/reference-2024.yaml against each fault; docs/performance.md, "Mutation run").
 * Every scenario that failed or ended in error under one of these faults lies in its scope, so the targeted run catches
 * each fault with the same scenarios as the full run did. `cim9 mutants --untargeted` runs them against every scenario
 * again when a scope is in doubt; the clean and combined runs still run every scenario. Meter service (MSR-01, added
 * after that run) was added to ASYNC_SCOPE and REFUSAL_SCOPE on 2026-12-05 when its scenarios were found to fail under
 * no-async-reply, late-async-reply, fault-without-header and others outside their scopes (docs/performance.md).
 */

/** the scenarios that receive MeterReadings with Readings from the SUT (the payload's order, namespace, values, codes, intervals) */
export const READINGS_SCOPE =
  '@uc:billing-inquiry or @uc:change-out or @uc:manual-reads or @uc:on-request-read or @uc:outage-detection or @uc:pq-readings or @uc:reading-shapes or @uc:relayed-ping or @uc:relayed-read';

/** the scenarios whose requests the SUT answers asynchronously (AsyncReplyFlag: the result at the ReplyAddress) */
export const ASYNC_SCOPE = '@uc:change-out or @uc:end-device-controls or @uc:eumed or @uc:master-data or @uc:meter-service or @uc:on-request-read or @uc:relayed-read';

/** the scenarios in which the SUT refuses a request (Result FAILED, a SOAP fault) */
export const REFUSAL_SCOPE =
  '@uc:device-events or @uc:end-device-controls or @uc:eumed or @uc:historical-paging or @uc:master-data or @uc:meter-service or @uc:negative-requests or @uc:pan-pairing or @uc:relayed-controls';

/** the scenarios that wait for the outage events the SUT publishes to the OMS */
export const OUTAGE_EVENTS_SCOPE = '@uc:outage-detection';

/** the scenarios in which the reference MDM relays a request to the head-end the suite plays (an on-request read, a ping) */
export const RELAY_SCOPE = '@uc:negative-requests or @uc:on-request-read or @uc:outage-detection or @uc:reading-shapes or @uc:relayed-ping or @uc:relayed-read';

/**
 * The sample of the faults that change every message of a kind through one hook of the reference SUT, whatever the use
 * case (FaultDef.sample): a header field of every reply or message (CorrelationID, Verb, Noun, Timestamp, MessageID),
 * the codes of every Result OK, the HTTP response of every request (status, Content-Type, coding, size, truncation),
 * the Payload of every reply or publication. The suite reads every message through one path too (World.send and
 * World.receive: XML, schema, envelope, codes), so a scenario observes such a fault as any other scenario that receives
 * a message of the same kind does. The sample holds each kind: synchronous replies of the head-end (MR-03.2) and of the
 * MDM (MR-03.1, MR-04.1), an asynchronous result at a ReplyAddress (MR-03.3), refusals (the generic negatives: Result
 * FAILED, SOAP faults), events the head-end publishes to the MDM and the MDM to the OMS, and the MDM's requests to its
 * head-end (outage detection). In the untargeted run of 2026-12-05 (docs/performance.md) each of these faults failed
 * 200 to 256 of the 290 scenarios, those of the sample among them, and no scenario relied on them alone to catch a fault.
 */
export const EVERY_MESSAGE_SAMPLE = '@uc:on-request-read or @uc:outage-detection or @uc:negative-requests';
