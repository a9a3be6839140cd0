/**
 * The reference SUT started by the CLI: `cim9 run` for a profile with sut.embedded (before Cucumber, stopped after
 * it) and `cim9 simulate`. The profile gives its meters, edition (generation and schema pack), SOAP version and
 * the requester's deadline for asynchronous results; the caller the faults, the address and the subscribers.
 */
import { startSimulator, type Simulator, type SimRole } from '../../simulator/server.ts';
import type { ClientAnswerObserver, RequestObserver, Subscribers, Upstream } from '../../simulator/context.ts';
import { FAULTS } from '../../simulator/faults/catalogue.ts';
import { describeAssumptions, locateField, ProfileError, timeFactorOf, type Profile } from '../profile/index.ts';
import { loadProfilePack, type SchemaPack } from '../schema/index.ts';
import { generationOfEdition } from '../message/index.ts';

/** the profile's fault ids must be faults of the catalogue: a profile error naming the line otherwise */
export function checkProfileFaults(profile: Profile): void {
  const known = new Set(FAULTS.map((f) => f.id));
  const issues = (profile.simulator?.faults ?? []).flatMap((id, i) =>
    known.has(id) ? [] : [{ path: `simulator.faults[${i}]`, ...(locateField(profile.file, ['simulator', 'faults', i]) ?? {}), message: `unknown fault "${id}" (cim9 faults lists them)` }],
  );
  if (issues.length) throw new ProfileError(profile.file, issues);
}

export interface ReferenceSut {
  sim: Simulator;
  roles: SimRole[];
  /** the schema pack the reference SUT validates with (the profile's edition) */
  pack: SchemaPack;
  close(): Promise<void>;
}

export async function startReferenceSut(
  profile: Profile,
  o: {
    faults: string[];
    roles?: SimRole[];
    host?: string;
    port?: number;
    subscribers?: Subscribers;
    /** the peers it asks: the MDM's head-end (P6 relay), the MDM of its CIS and OMS */
    upstream?: Upstream;
    /** told of every answer its CIS or OMS got (`cim9 simulate` checks it) */
    onClientAnswer?: ClientAnswerObserver;
    /** told of every request a client sent to its role endpoints, with its answer (`cim9 simulate` checks it) */
    onRequest?: RequestObserver;
    /** the requester's deadline for asynchronous results, when not the profile's timeouts.asyncResultSeconds */
    asyncDeadlineSeconds?: number;
    /** the profile's ENV-01 does not apply (an edition other than the profile's): the pack names its own generation */
    ownGeneration?: boolean;
    log?: (line: string) => void;
  },
): Promise<ReferenceSut> {
  // the same pack as the session's: the edition's own, the profile's schemas: folder on top
  const pack: SchemaPack = loadProfilePack(profile, o.ownGeneration ? {} : { assumptions: { 'ENV-01': describeAssumptions(profile)['ENV-01'] } });
  // every role by default: the servers, and the clients (CIS, OMS) a client profile drives through the upper tester
  const roles = o.roles ?? ['MDM', 'HES', 'CIS', 'OMS'];
  let sim: Simulator;
  try {
    sim = await startSimulator({
      host: o.host,
      port: o.port,
      roles,
      faults: o.faults,
      // the profile's meter that switches but cannot give a register read (data.unreadableMeter) is known too, last
      meters: [...profile.data.meters.map((m) => ({ mRID: m.mRID, usagePoint: m.usagePoint })), ...(profile.data.unreadableMeter ? [{ ...profile.data.unreadableMeter, unreadable: true }] : [])],
      subscribers: o.subscribers,
      upstream: o.upstream,
      ...(o.onClientAnswer ? { onClientAnswer: o.onClientAnswer } : {}),
      ...(o.onRequest ? { onRequest: o.onRequest } : {}),
      schemaPack: pack,
      soapVersion: profile.sut.soapVersion,
      generation: generationOfEdition(profile.edition),
      asyncDeadlineSeconds: o.asyncDeadlineSeconds ?? profile.timeouts.asyncResultSeconds,
      // the scenarios' timing of the profile (CIM9-203): the SUT shortens its own waits the same way
      timeFactor: timeFactorOf(profile.assumptions as Record<string, unknown>),
      // how the reference MDM tells its CIS a switch that failed at its head-end (EDC-06.13): the profile's simulator option
      ...(profile.simulator?.mdmFailureForm ? { mdmFailureForm: profile.simulator.mdmFailureForm } : {}),
      log: o.log,
    });
  } catch (e) {
    pack.dispose?.();
    throw e;
  }
  return {
    sim,
    roles,
    pack,
    async close() {
      await sim.close();
      pack.dispose?.();
    },
  };
}
