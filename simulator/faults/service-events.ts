/**
 * Faults of the events the head-end tells its MDM about meter service and the premises (simulator/handlers/
 * service-events.ts, features/service-events.feature): a meter change-out (MSR-02), a tamper (MSR-03), a PAN device
 * event (PAN-02). Each one a single, minimal violation; the first word of `violates` is the rule the suite names when
 * it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const SERVICE_EVENT_FAULTS: FaultDef[] = [
  {
    id: 'changeout-new-meter-missing',
    scope: '@uc:service-events',
    violates: 'MSR-CHANGEOUT-DEVICES (the events of a meter change-out tell the removal of the old meter and the installation of the new one)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'after a meter change-out the head-end tells the MDM the removal of the old meter (3.6.0.212) but not the installation of the new one',
  },
  {
    id: 'changeout-installed-before-removed',
    scope: '@uc:service-events',
    violates: 'MSR-CHANGEOUT-ORDER (the removal of the old meter is not dated after the installation of the new one, CIM9-131)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the change-out events the head-end tells the MDM date the removal of the old meter 30 s after the installation of the new one',
  },
  {
    id: 'changeout-wrong-domain',
    scope: '@uc:service-events',
    violates: 'MSR-CHANGEOUT-CODE (the removal / installation events of a change-out are of domain 6 Installation)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the removal of the old meter in a change-out is coded 3.7.0.212 (domain 7 Configuration) instead of 3.6.0.212',
  },
  {
    id: 'tamper-wrong-domain',
    scope: '@uc:service-events',
    violates: 'MSR-TAMPER-CODE (the tamper event of a meter is x.12.y.257, domain 12 Security, CIM9-132)',
    roles: ['HES'],
    // MSR-03 exists in edition 2013 only (use-cases.md §1): no area, so that it is not among the faults of codes both
    // editions share, which must run under the 2024 reference profile too (test/editions.test.ts)
    editions: ['2013'],
    description: 'after a tamper at a meter the head-end tells the MDM TamperDetected coded 3.26.0.257 (domain 26 Power) instead of 3.12.0.257',
  },
  {
    id: 'pan-event-meter-type',
    scope: '@uc:service-events',
    violates: 'PAN-EVENT-TYPE (an event of a PAN device has a PAN EndDeviceType, CIM9-133)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the low-battery event of the thermostat at a meter\'s premises is coded 3.2.22.150 (EndDeviceType 3 ElectricMeter) instead of 19.2.22.150 (ProgCtlThermostat)',
  },
  {
    id: 'changeout-not-forwarded',
    scope: '@req:MSR-02.2',
    violates: 'DOM-EXPECTED (the MDM forwards the change-out events the head-end told it to the CIS, MSR-02; CIM9-246)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM acknowledges the change-out events (3.6.0.212, 3.6.0.105) of the head-end but never tells the CIS',
  },
  {
    id: 'changeout-removal-not-forwarded',
    scope: '@req:MSR-02.2',
    violates: 'DOM-EXPECTED (the CIS is told the removal of the old meter and the installation of the new one, MSR-02; CIM9-130)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM forwards to the CIS the installation of the new meter (3.6.0.105) but not the removal of the old one (3.6.0.212)',
  },
  {
    id: 'pan-events-refused-by-mdm',
    scope: '@req:PAN-02.2',
    violates: 'ENV-EXPECTED-RESULT (the MDM acknowledges the events of the PAN devices the head-end tells it, PAN-02: "MS → MDM / DRMS … ⇐ ack")',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM refuses created(EndDeviceEvents) of PAN devices at the premises of a usage point it knows (FAILED 2.4: the PAN devices are no meters of its own)',
  },
  {
    id: 'cis-tamper-refused',
    scope: '@req:MSR-03.C1',
    violates: 'ENV-EXPECTED-RESULT (the CIS acknowledges the tamper event its MDM forwards, MSR-03 step 2)',
    roles: ['CIS'],
    // MSR-03 exists in edition 2013 only: no area (see tamper-wrong-domain)
    editions: ['2013'],
    description: 'the CIS refuses (FAILED 5.3) the created(EndDeviceEvents) with the tamper (3.12.0.257) its MDM forwards',
  },
  {
    id: 'tamper-not-forwarded',
    scope: '@uc:service-events',
    violates: 'DOM-EXPECTED (the MDM forwards the tamper event the head-end told it to the CIS, MSR-03)',
    roles: ['MDM'],
    // MSR-03 exists in edition 2013 only: no area (see tamper-wrong-domain)
    editions: ['2013'],
    description: 'the MDM acknowledges the tamper event (3.12.0.257) of the head-end but never tells the CIS',
  },
  {
    id: 'service-events-request-verb',
    scope: '@uc:service-events',
    violates: 'ENV-KIND (a publication is an EventMessage with a past-tense verb: CreatedEndDeviceEvents)',
    roles: ['HES', 'MDM'],
    area: 'envelope',
    editions: ['2013', '2024'],
    description: 'the head-end tells the MDM of a meter change-out, a tamper or a PAN device event, and the MDM forwards a tamper to the CIS, with the request verb (CreateEndDeviceEvents RequestMessage) instead of the event',
  },
];
