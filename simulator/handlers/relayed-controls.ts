/**
 * Controls through the MDM (P6; use-cases.md §4.6 EDC-06 steps 1-3, §4.1 EDC-01, §4.8 EDC-08, §8.3 PAN-03): the
 * reference MDM with an upstream head-end (`ctx.upstream.HES`, the suite at <listener>/hes) takes
 * create(EndDeviceControls) of its CIS or DRMS for meters it knows and passes the controls on to the head-end with
 * create(EndDeviceControls) of its own (its own MessageID and CorrelationID; each control with its own mRID, the
 * requester's code, meters, issuerID / issuerTrackingID, PAN action, price signal and timing), in the generation it
 * speaks. It answers the requester with the head-end's Result and Errors (OK: the controls as the requester sent
 * them); a head-end that does not answer, or answers another request, is FAILED 5.3. An unknown meter is FAILED 2.4, no
 * control 1.7; without an upstream head-end FAILED 5.2. The faults of ../faults/relayed-controls.ts break one aspect.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, readMessage, toSoap } from '../../src/message/index.ts';
import { postSoap } from '../../src/transport/http.ts';
import { buildEndDeviceControls, controlsGenerationOf, readEndDeviceControls, type EndDeviceControlValue, type ReadEndDeviceControl } from '../../src/payloads/endDeviceControls.ts';
import type { Handler, SimContext } from '../context.ts';
import { passedOnControl, passesControlOn } from '../faults/relayed-controls.ts';

/** a control read from a request, as a value to build again */
function valueOf(c: ReadEndDeviceControl): EndDeviceControlValue {
  const { node: _node, actionKind: _kind, actionCount: _count, ...v } = c;
  return v;
}

async function passOn(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Promise<Message> {
  const controls = req.payload?.root ? readEndDeviceControls(req.payload.root).map(valueOf) : [];
  if (!controls.length) return ctx.failed(req, 'EndDeviceControls', '1.7', 'the request carries no EndDeviceControl');
  const named = controls.flatMap((c) => (c.endDevices ?? []).map((d) => d.mRID ?? ''));
  const unknown = named.filter((m) => !ctx.store.meter(m));
  if (!named.length || unknown.length) return ctx.failed(req, 'EndDeviceControls', '2.4', `unknown meter ${unknown.join(', ') || '(none named)'}`);
  const url = ctx.upstream.HES;
  if (!url) return ctx.failed(req, 'EndDeviceControls', '5.2', 'controls are passed on to a head-end, and this MDM has none');
  const gen = controlsGenerationOf(ctx.generation);
  const answer = (result: 'OK' | 'PARTIAL' | 'FAILED', errors: NonNullable<Message['reply']>['errors']) =>
    ctx.response(req, 'EndDeviceControls', result, errors ?? [], result === 'FAILED' ? undefined : { root: buildEndDeviceControls({ controls }, { generation: gen }) });
  if (!passesControlOn(ctx.has)) return answer('OK', []);
  const meters = [...ctx.store.meters.keys()];
  const header = { ...ctx.header('create', 'EndDeviceControls'), correlationId: newMessageId() };
  const ask: Message = { kind: 'request', header, payload: { root: buildEndDeviceControls({ controls: controls.map((c) => ({ ...passedOnControl(c, meters, ctx.has), mRID: newMessageId() })) }, { generation: gen }) } };
  const soap = toSoap({ ...ask, generation: ctx.generation }, version);
  const http = await postSoap(url, soap.xml, { soapVersion: version, soapAction: soap.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
  ctx.log(`sim MDM → head-end ${url} create(EndDeviceControls) ${controls.map((c) => c.controlType).join(', ')} ${http.ok ? http.status : http.kind}`);
  const unavailable = (why: string) => ctx.failed(req, 'EndDeviceControls', '5.3', `the head-end did not take the control: ${why}`);
  if (!http.ok) return unavailable(http.message);
  const read = readMessage(http.body);
  if (!read.ok) return unavailable(read.problem.message);
  const m = read.wire.message;
  if (!m?.reply) return unavailable(read.wire.fault ? `SOAP fault: ${read.wire.fault.reason}` : 'no ResponseMessage with Reply');
  if (m.header?.correlationId !== header.correlationId) return unavailable(`the reply carries CorrelationID ${m.header?.correlationId ?? '(none)'}, not ${header.correlationId}`);
  const result = m.reply.result === 'OK' || m.reply.result === 'PARTIAL' ? m.reply.result : 'FAILED';
  return answer(result, m.reply.errors ?? []);
}

export const relayedControlsHandler: Handler = {
  name: 'create(EndDeviceControls) at the MDM, passed on to its head-end',
  matches: (role, noun, verb) => role === 'MDM' && noun === 'EndDeviceControls' && verb === 'create',
  handle: (req: ParsedMessage, ctx: SimContext, version: SoapVersion) => passOn(req, ctx, version),
};
