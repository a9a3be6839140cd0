/** `cim9 simulate`: the reference SUT on its own, so that a client-side product can be tested against it. */
import { startSimulator, type SimRole } from '../../simulator/server.ts';
import { loadPack } from '../schema/index.ts';
import { UsageError } from './run.ts';
import { EDITIONS, type Edition } from '../profile/index.ts';
import { generationOfEdition } from '../message/index.ts';

export async function simulate(o: { role: string[]; host: string; port: string; fault: string[]; oms?: string; masterDataSubscriber?: string; upstreamHes?: string; soap: string; edition?: string }): Promise<number> {
  const roles = o.role.map((r) => r.toUpperCase());
  const bad = roles.filter((r) => r !== 'MDM' && r !== 'HES');
  if (bad.length) throw new UsageError(`--role ${bad.join(', ')}: the reference SUT plays MDM and HES`);
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${o.port} is not a port number`);
  if (o.soap !== '1.1' && o.soap !== '1.2') throw new UsageError(`--soap ${o.soap}: use 1.1 or 1.2`);
  if (o.upstreamHes !== undefined) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(o.upstreamHes).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`--upstream-hes ${JSON.stringify(o.upstreamHes).slice(0, 200)}: not an http(s) URL`);
  }
  const edition = o.edition ?? '2013';
  if (!(EDITIONS as readonly string[]).includes(edition)) throw new UsageError(`--edition ${edition}: use ${EDITIONS.join(', ')}`);
  // the pack of the edition validates the requests (1.8); the edition's generation is the one the SUT speaks
  // the same loading as run, validate and schemas (src/schema loadPack)
  const pack = loadPack({ edition });
  const sim = await startSimulator({
    host: o.host,
    port,
    roles: roles as SimRole[],
    faults: o.fault.flatMap((f) => f.split(',')).filter(Boolean),
    subscribers: { OMS: o.oms, masterData: o.masterDataSubscriber },
    upstream: o.upstreamHes ? { HES: o.upstreamHes } : {},
    schemaPack: pack,
    soapVersion: o.soap,
    generation: generationOfEdition(edition),
    log: (l) => console.log(l),
  });
  console.log(`edition ${edition}: the SUT speaks the ${edition === 'draft-2011' ? '2011 draft generation (www.iec.ch message and wrapper namespaces)' : 'IEC 61968-100 ed.1 (2013) generation'}`);
  for (const r of roles) console.log(`${r}: POST SOAP messages to ${sim.urlFor(r as SimRole)}`);
  if (o.upstreamHes) console.log(`MDM: relays on-request reads to the head-end at ${o.upstreamHes}`);
  console.log(`stimuli: POST ${sim.url}/_control/stimulus {"role":"HES","event":"power-off"|"power-restored","meter":"M-1001"}`);
  console.log(`         {"role":"HES","event":"meter-installed"|"meter-removed","meter":"M-2001"}: the HES tells the master-data subscriber with created / deleted(MeterConfig)`);
  console.log('Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  pack.dispose?.();
  return 0;
}
