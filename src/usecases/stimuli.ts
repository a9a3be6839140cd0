/**
 * The control interface of the reference SUT, shared by the suite (which drives it) and the simulator (which serves
 * it). It sits below the session so that the simulator, a separate component, never imports the session.
 *
 *   POST <sut>/_control/stimulus     {role: 'HES', event, meter, soapVersion?}: what only the field can cause
 *   POST <sut>/_control/subscribers  {OMS?, masterData?}: where the SUT publishes (the suite's listener addresses,
 *                                    which the Cucumber process knows only once its listener is bound)
 *   GET  <sut>/_control/faults       the faults switched on and the faults known
 */

/**
 * the stimuli: a meter losing or regaining power; an installer putting a meter in or taking it out; a meter raising
 * health alarms (EDE-05: low battery, clock error); a voltage sag on phase A of a meter (EDE-07)
 */
export const STIMULUS_EVENTS = ['power-off', 'power-restored', 'meter-installed', 'meter-removed', 'health-alarm', 'voltage-sag'] as const;
export type StimulusEvent = (typeof STIMULUS_EVENTS)[number];

/** the paths of the control interface under the reference SUT's base URL */
export const CONTROL_PATHS = {
  stimulus: '/_control/stimulus',
  subscribers: '/_control/subscribers',
  faults: '/_control/faults',
  /** GET ?waitMs=N (src/transport/idle.ts asks it by URL) */
  idle: '/_control/idle',
} as const;

/** the subscriber kinds the reference SUT publishes to (the body of POST /_control/subscribers) */
export const SUBSCRIBER_KINDS = ['OMS', 'MDM', 'masterData'] as const;

/** the peers the reference SUT asks on its client side, set through the same POST /_control/subscribers: upstreamHES,
 * the MDM's head-end, where it relays an on-request read (P6) */
export const UPSTREAM_KINDS = ['upstreamHES'] as const;

/** the body of POST /_control/subscribers */
export type PeerAddresses = Partial<Record<(typeof SUBSCRIBER_KINDS)[number] | (typeof UPSTREAM_KINDS)[number], string>>;
