/**
 * `cim9 simulate`: the reference SUT on its own, so that a client-side product can be tested against it.
 * With --profile the profile gives the roles (those of sut.roles the simulator plays), the meters (data.meters),
 * the edition (generation and schema pack, with the profile's schemas: folder), the SOAP version, the requester's
 * deadline for asynchronous results, and its simulator: section the address, the faults and the subscribers. An
 * option given on the command line wins over the profile; without a profile the defaults are those of
 * profiles/reference.yaml (edition 2013, SOAP 1.1, meters M-1001..M-1003, port 8080).
 *
 * Roles CIS and OMS make it a client of a server SUT (an MDM product at --mdm): its upper tester (POST
 * /_control/stimulus, cis-read-request, cis-history-request, oms-ping) makes it send a request, and every answer it
 * gets is checked with the message layers (schema of the edition, envelope, the payload's domain rules: checkMessage)
 * and printed, a line per finding.
 *
 * Every request a client under test sends to one of its role endpoints (a CIS or an OMS product asking the MDM, a
 * head-end publishing to it) is checked the same way (src/checks/received-request.ts: the three layers, and the
 * simulator's refusal of it as a request, ENV-PEER-REFUSED) and printed: the simulator is a verdict on the client's
 * traffic (CACTUS-style). --report FILE appends every check as a JSON line; --report-dir DIR keeps simulate.json and
 * simulate.md there (src/report/simulate-report.ts), rewritten after each.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimRole } from '../../simulator/server.ts';
import { UsageError } from './run.ts';
import { EDITIONS, loadProfile, profileDefaults, locateField, ProfileError, type Edition, type Profile } from '../profile/index.ts';
import { REPO_ROOT } from '../paths.ts';
import { checkProfileFaults, startReferenceSut } from './embedded.ts';
import { checkProfileSchemas } from '../profile/schemas-folder.ts';
import { checkMessage } from '../checks/message.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { formatFinding, type Finding } from '../checks/finding.ts';
import { readMessage } from '../message/index.ts';
import type { SchemaPack } from '../schema/index.ts';
import { terminal } from '../report/escape.ts';
import { checkReceivedRequest } from '../checks/received-request.ts';
import { SimulateReport } from '../report/simulate-report.ts';
import type { ReceivedRequest } from '../../simulator/context.ts';

export interface SimulateOptions {
  profile?: string;
  role?: string[];
  host?: string;
  port?: string;
  fault: string[];
  oms?: string;
  masterDataSubscriber?: string;
  soap?: string;
  edition?: string;
  upstreamHes?: string;
  /** the MDM (a server SUT) the simulator's CIS and OMS send their requests to */
  mdm?: string;
  /** where the findings of the requests received and of the answers its CIS and OMS got go (JSON lines) */
  report?: string;
  /** a folder for simulate.json and simulate.md, the report of every request received and answer got */
  reportDir?: string;
  /** ends the simulator as Ctrl-C does (a caller in this process: the tests) */
  stop?: AbortSignal;
  /** told the simulator's address once it listens (a caller in this process) */
  started?: (url: string) => void;
}

const SIM_ROLES: readonly SimRole[] = ['MDM', 'HES', 'CIS', 'OMS'];
/** the roles without --role or a profile: the servers */
const DEFAULT_ROLES: readonly SimRole[] = ['MDM', 'HES'];

/** an http(s) URL, or a usage error naming the option */
function httpUrl(option: string, v: string): string {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError(`${option} ${JSON.stringify(v).slice(0, 200)}: not an http(s) URL`);
  return v;
}

export async function simulate(o: SimulateOptions): Promise<number> {
  const profileFile = o.profile ?? join(REPO_ROOT, 'profiles', 'reference.yaml');
  const edition = o.edition;
  if (edition !== undefined && !(EDITIONS as readonly string[]).includes(edition)) throw new UsageError(`--edition ${edition}: use ${EDITIONS.join(', ')}`);
  if (o.soap !== undefined && o.soap !== '1.1' && o.soap !== '1.2') throw new UsageError(`--soap ${o.soap}: use 1.1 or 1.2`);
  const loaded = loadProfile(profileFile);
  if (o.profile) checkProfileFaults(loaded);
  if (o.profile && (o.edition === undefined || o.edition === loaded.edition)) checkProfileSchemas(loaded);
  // the command line wins over the profile; the reference profile only gives the defaults when no profile is named
  const settings = o.profile ? loaded.simulator : undefined;
  const profile: Profile = {
    ...loaded,
    edition: (edition as Edition | undefined) ?? loaded.edition,
    // an --edition other than the profile's: its own pack, not the profile's schemas: folder
    ...(edition !== undefined && edition !== loaded.edition ? { schemas: undefined } : {}),
    sut: { ...loaded.sut, soapVersion: (o.soap as '1.1' | '1.2' | undefined) ?? loaded.sut.soapVersion },
  };
  const roles = o.role
    ? o.role.map((r) => r.toUpperCase())
    : o.profile
      ? loaded.sut.roles.filter((r) => (SIM_ROLES as readonly string[]).includes(r))
      : [...DEFAULT_ROLES];
  const bad = roles.filter((r) => !(SIM_ROLES as readonly string[]).includes(r));
  if (bad.length) throw new UsageError(`--role ${bad.join(', ')}: the reference SUT plays MDM, HES, CIS and OMS`);
  if (!roles.length) {
    const at = locateField(loaded.file, ['sut', 'roles']);
    throw new ProfileError(loaded.file, [{ path: 'sut.roles', ...(at ?? {}), message: `the reference SUT plays MDM, HES, CIS and OMS; the profile's roles (${loaded.sut.roles.join(', ')}) name none of them` }]);
  }
  const clients = roles.filter((r) => r === 'CIS' || r === 'OMS');
  if (o.mdm !== undefined) httpUrl('--mdm', o.mdm);
  if (o.mdm !== undefined && !clients.length) throw new UsageError('--mdm is the MDM of the CIS and the OMS: play one of them (--role CIS or OMS)');
  if (o.report !== undefined) {
    try {
      writeFileSync(o.report, '');
    } catch (e) {
      throw new UsageError(`--report ${o.report}: cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  const portText = o.port ?? String(settings?.port ?? 8080);
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText) || port > 65535) throw new UsageError(`--port ${portText} is not a port number`);
  const faults = [...new Set([...(settings?.faults ?? []), ...o.fault.flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean)])];
  const subscribers = { OMS: o.oms ?? settings?.subscribers.OMS, masterData: o.masterDataSubscriber ?? settings?.subscribers.masterData };
  if (o.upstreamHes !== undefined) httpUrl('--upstream-hes', o.upstreamHes);
  if (o.oms !== undefined) httpUrl('--oms', o.oms);
  if (o.masterDataSubscriber !== undefined) httpUrl('--master-data-subscriber', o.masterDataSubscriber);
  let report: SimulateReport | undefined;
  if (o.reportDir !== undefined) {
    try {
      report = new SimulateReport(o.reportDir, { edition: profile.edition, roles, faults, ...(o.profile ? { profile: loaded.file } : {}) });
      report.write();
    } catch (e) {
      throw new UsageError(`--report-dir ${o.reportDir}: cannot write there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  // the findings of every answer the CIS or the OMS gets (CACTUS-style: the simulator is a verdict on the server's traffic)
  let checkPack: SchemaPack | undefined;
  let answers = 0;
  let requests = 0;
  const onRequest = (r: ReceivedRequest) => {
    requests += 1;
    const label = `request #${requests} to the ${r.role}`;
    const peer = `the reference ${r.role}`;
    const v = checkReceivedRequest(r, { label, peer, pack: checkPack, edition: profile.edition, assumptions: profile.assumptions, skewSeconds: profile.timeouts.clockSkewSeconds, maxBytes: profile.sut.maxReplyBytes });
    const errors = v.findings.filter((f) => f.severity === 'error').length;
    console.log(terminal(`${label}: ${v.what} from ${r.from ?? '(unknown address)'}: answered ${v.answered}; ${errors} error(s), ${v.findings.length - errors} other finding(s)`));
    for (const f of v.findings) console.log(`  ${terminal(formatFinding(f), 2000)}`);
    if (o.report) appendFileSync(o.report, `${JSON.stringify({ at: r.receivedAt.toISOString(), kind: 'request', role: r.role, request: v.what, from: r.from, answered: v.answered, findings: v.findings })}\n`);
    report?.add({ at: r.receivedAt.toISOString(), kind: 'request', role: r.role, what: v.what, peer: r.from ?? '(unknown address)', outcome: v.answered, findings: v.findings });
  };
  const onClientAnswer = (a: { role: 'CIS' | 'OMS'; request: string; url: string; body?: Buffer }) => {
    answers += 1;
    const label = `answer #${answers} to the ${a.role}'s ${a.request}`;
    const findings: Finding[] = a.body
      ? checkMessage(a.body, { label, pack: checkPack, edition: profile.edition, assumptions: profile.assumptions, receivedAt: new Date(), skewSeconds: profile.timeouts.clockSkewSeconds, maxBytes: profile.sut.maxReplyBytes })
      : [ruleFinding('TRANSPORT', `${label}: no answer from ${a.url}`, { severity: 'error' })];
    const read = a.body ? readMessage(a.body) : undefined;
    const result = read?.ok ? (read.wire.message?.reply?.result ?? (read.wire.fault ? 'SOAP fault' : '(none)')) : 'unreadable';
    const errors = findings.filter((f) => f.severity === 'error').length;
    console.log(terminal(`${label} from ${a.url}: Result ${result}; ${errors} error(s), ${findings.length - errors} other finding(s)`));
    for (const f of findings) console.log(`  ${terminal(formatFinding(f), 2000)}`);
    const at = new Date().toISOString();
    if (o.report) appendFileSync(o.report, `${JSON.stringify({ at, kind: 'answer', role: a.role, request: a.request, url: a.url, result, findings })}\n`);
    report?.add({ at, kind: 'answer', role: a.role, what: a.request, peer: a.url, outcome: result, findings });
  };
  // the pack of the edition validates the requests (1.8); the edition's generation is the one the SUT speaks
  const host = o.host ?? settings?.host ?? '127.0.0.1';
  /** where the address came from, for a port in use or a host this machine does not have: one line, exit 2 */
  const addressSource = (what: 'port' | 'host'): string => {
    if (o[what] !== undefined) return `--${what} ${o[what]}`;
    if (settings?.[what] !== undefined) {
      const at = locateField(loaded.file, ['simulator', what]);
      return `${loaded.file}${at ? `:${at.line}:${at.col}` : ''}: simulator.${what}`;
    }
    return what === 'port' ? `port ${port} (the default; --port N, or 0 for any free port)` : `host ${host} (the default; --host H)`;
  };
  const sut = await startReferenceSut(profile, {
    faults,
    roles: roles as SimRole[],
    host,
    port,
    subscribers,
    // without a profile: the ENV-16 default (300 s), not the reference profile's short deadline
    ...(o.profile ? {} : { asyncDeadlineSeconds: profileDefaults().timeouts.asyncResultSeconds }),
    ownGeneration: profile.edition !== loaded.edition,
    upstream: { ...(o.upstreamHes ? { HES: o.upstreamHes } : {}), ...(o.mdm ? { MDM: o.mdm } : {}) },
    ...(clients.length ? { onClientAnswer } : {}),
    onRequest,
    log: (l) => console.log(l),
  }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE') throw new UsageError(`${addressSource('port')}: port ${port} of ${host} is in use (another simulator, or another program); choose another port, or 0 for any free port`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') throw new UsageError(`${addressSource('host')}: ${host} is no address of this machine (${e.code}); 127.0.0.1 for this machine only, 0.0.0.0 for every interface`);
    if (e.code === 'EACCES') throw new UsageError(`${addressSource('port')}: no permission to listen at port ${port} (below 1024 needs privileges); choose another port`);
    throw e;
  });
  checkPack = sut.pack;
  const sim = sut.sim;
  report?.setUrl(sim.url);
  if (o.profile) console.log(`profile ${loaded.file} (${loaded.name}): meters ${profile.data.meters.map((m) => m.mRID).join(', ')}`);
  console.log(`edition ${profile.edition}, SOAP ${profile.sut.soapVersion}: the SUT speaks the ${profile.edition === 'draft-2011' ? '2011 draft generation (www.iec.ch message and wrapper namespaces)' : 'IEC 61968-100 ed.1 (2013) generation'}`);
  for (const r of roles.filter((x) => x === 'MDM' || x === 'HES')) {
    const url = sim.urlFor(r as SimRole);
    console.log(`${r}: POST SOAP messages to ${url}`);
    // the WSDL 1.1 of each service the endpoint offers (simulator/wsdl.ts), and the index importing them all
    console.log(`${r}: WSDL 1.1 index ${url}?wsdl; one WSDL per service:`);
    for (const s of sim.services(r as SimRole)) console.log(`  ${url}?wsdl=${s}`);
  }
  for (const [k, v] of Object.entries(sim.subscribers)) if (v) console.log(`publishes to ${k}: ${v}`);
  if (o.upstreamHes) console.log(`MDM: relays on-request reads to the head-end at ${o.upstreamHes}`);
  if (clients.length) {
    console.log(`${clients.join(', ')}: send their requests to the MDM at ${o.mdm ?? '(none yet: POST /_control/subscribers {"MDMService":"http://…"})'}; each answer is checked and printed${o.report ? `, and written to ${o.report}` : ''}`);
    if (clients.includes('CIS')) console.log(`CIS: asks a head-end directly for a connect / disconnect (EDC-07, cis-direct-switch-request) and creates / ends read schedules there (MR-01, cis-schedule-request / cis-schedule-end) at the address POST /_control/subscribers {"HESService":"http://…"} gives it; makes billing inquiries (MR-05, cis-billing-request {"readingTypes":[…],"reason":"billing"|"inquiry"})`);
    console.log(`upper tester: POST ${sim.url}/_control/stimulus {"role":"CIS","event":"cis-read-request","meter":"M-1001","readingType":"<ReadingType>"} | {"role":"CIS","event":"cis-async-read-request","meter":"M-1001","readingType":"<ReadingType>"} | {"role":"CIS","event":"cis-history-request","meter":"M-1001","readingType":"<interval ReadingType>","start":"…Z","end":"…Z"} | {"role":"CIS","event":"cis-async-history-request","meter":"M-1001","readingType":"<interval ReadingType>","start":"…Z","end":"…Z"} | {"role":"OMS","event":"oms-ping","meter":"M-1001","meters":["M-1001","M-1002"],"noun":"EndDeviceEvents"}`);
  }
  console.log(`stimuli: POST ${sim.url}/_control/stimulus {"role":"HES","event":"power-off"|"power-restored"|"health-alarm"|"voltage-sag"|"tamper"|"pan-event"|"switch-stuck"|"switch-freed","meter":"M-1001"} or {"role":"HES","event":"meter-change-out","meter":"M-1001","meters":["M-1001","M-2001"]}`);
  console.log(`         {"role":"HES","event":"meter-installed"|"meter-removed","meter":"M-2001"}: the HES tells the master-data subscriber with created / deleted(MeterConfig)`);
  console.log(`subscribers: POST ${sim.url}/_control/subscribers {"OMS":"http://…","masterData":"http://…"}`);
  console.log(`every request sent to ${roles.map((r) => sim.urlFor(r as SimRole)).join(', ')} is checked (schema, envelope, domain) and its findings printed${o.report ? `, appended to ${o.report}` : ''}${report ? `, and kept in ${join(report.dir, 'simulate.md')} and simulate.json` : ''}`);
  console.log('Ctrl-C to stop');
  o.started?.(sim.url);
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      o.stop?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (o.stop?.aborted) done();
    else o.stop?.addEventListener('abort', done);
  });
  await sut.close();
  return 0;
}
