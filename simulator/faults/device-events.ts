/**
 * Faults of the head-end's end device events (simulator/handlers/device-events.ts, features/device-events.feature):
 * its answer to get(EndDeviceEvents) by meter and time window (EDE-09), the meter health events (EDE-05) and the
 * power quality events (EDE-07) it publishes to the MDM. Each one a single, minimal violation; the first word of
 * `violates` is the rule the suite names when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const DEVICE_EVENT_FAULTS: FaultDef[] = [
  {
    id: 'events-of-other-meter',
    scope: '@uc:device-events',
    violates: 'EDE-QUERY-METER (the answer to get(EndDeviceEvents) by meter carries events of that meter only)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the answer to get(EndDeviceEvents) for a meter also carries an event, inside the window, of another meter of the head-end',
  },
  {
    id: 'event-outside-window',
    scope: '@uc:device-events',
    violates: 'EDE-QUERY-WINDOW (the answer to get(EndDeviceEvents) by time window carries events inside the window only)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the head-end ignores the start of the time window of get(EndDeviceEvents): the answer also carries the events of the meter before it',
  },
  {
    id: 'no-match-latest-events',
    scope: '@uc:device-events',
    violates: 'EDE-QUERY-WINDOW (a get(EndDeviceEvents) whose window holds no event is answered without events, UC-34)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the head-end answers get(EndDeviceEvents) for a window in which the meter has no event with the latest event of the meter instead of none',
  },
  {
    id: 'unknown-meter-events-ok',
    scope: '@uc:device-events',
    violates: 'ENV-EXPECTED-RESULT (get(EndDeviceEvents) for a meter the head-end does not know is refused with 2.4 Invalid Meter(s))',
    roles: ['HES'],
    area: 'envelope',
    editions: ['2013', '2024'],
    description: 'the head-end answers get(EndDeviceEvents) for a meter it does not know with Result OK and no events',
  },
  {
    id: 'undecodable-health-code',
    scope: '@uc:device-events',
    violates: 'DOM-EVENT-TYPE (every EndDeviceEventType ref of a health event resolves to a four-part Annex E code)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the low-battery health event the head-end publishes to the MDM has EndDeviceEventType ref "3.2.22.LowBattery" instead of 3.2.22.150',
  },
  {
    id: 'health-code-outside-domains',
    scope: '@uc:device-events',
    violates: 'EDE-HEALTH-DOMAIN (a meter health event has a code of a health domain, UC-05)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the clock-error health event the head-end publishes to the MDM is coded 3.20.0.79 (Billing Error, domain 20) instead of 3.36.0.79 (Clock Error)',
  },
  {
    id: 'pq-stop-without-start',
    scope: '@uc:device-events',
    violates: 'EDE-PQ-PAIR (every power quality stop event follows its start for the same meter and phase)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'after a voltage sag the head-end publishes to the MDM the "sag stopped" event of phase A (3.26.131.224) without its "sag started" (3.26.131.223)',
  },
  {
    id: 'pq-start-never-stopped',
    scope: '@uc:device-events',
    violates: 'EDE-PQ-PAIR (every power quality start event is stopped within the window the suite watches)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'after a voltage sag the head-end publishes to the MDM the "sag started" event of phase A (3.26.131.223) and never its "sag stopped" (3.26.131.224)',
  },
];
