/**
 * Faults of the reference SUT: each one a single, minimal violation of one requirement, switched on by
 * `cim9 run --fault ID` or `cim9 simulate --fault ID`. Every fault must make at least one scenario fail,
 * and every scenario must fail for at least one fault: that is how the suite proves its checks can fail.
 */
export interface FaultDef {
  id: string;
  /** the requirement or rule the fault violates */
  violates: string;
  /** roles of the simulator the fault applies to */
  roles: ('MDM' | 'HES')[];
  description: string;
  /**
   * assumptions a run must use to detect the fault, when it violates an uncertain point whose default
   * severity is a warning (the run says so when it applies them)
   */
  detectWith?: Record<string, string>;
}

export const FAULTS: readonly FaultDef[] = [
  {
    id: 'reply-without-correlation-id',
    violates: 'ENV-CORRELATION (61968-100 Header.CorrelationID echoed in the reply, ENV-14)',
    roles: ['MDM', 'HES'],
    description: 'synchronous replies and asynchronous results carry no CorrelationID',
  },
  {
    id: 'wrong-reply-code',
    violates: 'ENV-EXPECTED-CODE (Annex B code expected for the error case, COD-06)',
    roles: ['MDM', 'HES'],
    description: 'every Error/code of a FAILED reply is replaced by 5.3 (transaction attempted and failed)',
  },
  {
    id: 'schema-invalid-payload',
    violates: 'XSD (payload valid against its profile, G1)',
    roles: ['MDM', 'HES'],
    description: 'MeterReadings payloads lose the mandatory ReadingType reference of each Reading',
  },
  {
    id: 'no-async-reply',
    violates: 'ENV-ASYNC-RESULT (result delivered to the ReplyAddress within the window, ENV-16)',
    roles: ['MDM', 'HES'],
    description: 'requests with AsyncReplyFlag are acknowledged but their result is never sent',
  },
  {
    id: 'verb-not-reply',
    violates: 'ENV-REPLY-VERB (a ResponseMessage has Verb reply, ENV-07)',
    roles: ['MDM', 'HES'],
    description: 'responses echo the request verb instead of reply',
    detectWith: { 'ENV-07': 'fail' },
  },
  {
    id: 'swap-outage-codes',
    violates: 'DOM-EVENT-KIND (power off reported as 3.26.0.85, restoration as 3.26.0.216, UC-03)',
    roles: ['MDM', 'HES'],
    description: 'power-off events are published with the restoration code and vice versa',
  },
  {
    id: 'event-not-forwarded',
    violates: 'DOM-EXPECTED (the MDM forwards outage events to the OMS, EDE-04)',
    roles: ['MDM'],
    description: 'the MDM acknowledges outage events from the head-end but never publishes them to the OMS',
  },
  {
    id: 'readings-for-other-meter',
    violates: 'DOM-IDENTITY (readings answer for the meters asked, G10)',
    roles: ['MDM', 'HES'],
    description: 'readings are returned under the mRID of another meter',
  },
  {
    id: 'interval-gap',
    violates: 'DOM-INTERVAL-COMPLETE (no gap in interval data without a quality code, MR-04)',
    roles: ['MDM', 'HES'],
    description: 'one interval of each IntervalBlock is silently left out',
  },
];

export class UnknownFaultError extends Error {}

export function checkFaultIds(ids: readonly string[]): void {
  const unknown = ids.filter((id) => !FAULTS.some((f) => f.id === id));
  if (unknown.length) {
    throw new UnknownFaultError(
      `unknown fault ${unknown.map((u) => `"${u}"`).join(', ')}; known faults: ${FAULTS.map((f) => f.id).join(', ')}`,
    );
  }
}
