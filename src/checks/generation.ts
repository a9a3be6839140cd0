/**
 * Rule ENV-GENERATION: which namespace generation a received message speaks (../shared/spec/envelope.md §1.1),
 * against the generation of the profile's edition and the generations assumption ENV-01 accepts. Draft and
 * final peers do not interoperate (§1.1 ✔), so a SUT of another generation makes every later exchange fail for
 * the same reason: the run reports it once (src/session/run.ts) and leaves the later scenarios out.
 */
import type { Finding } from './finding.ts';
import { rule } from './catalogue.ts';
import { MESSAGE_NS, parseWrapperNs, type ParsedMessage, type WireMessage } from '../message/index.ts';
import { generationsAccepted } from '../profile/assumptions.ts';
import type { CheckContext } from './envelope.ts';

/** the ENV-01 generation tokens (assumption register) */
export type GenerationToken = '2013' | 'draft-2011' | 'wrappers-2015' | 'ns-2016' | 'wrappers-2017' | 'ed2';

/** how reports name a generation */
export const GENERATION_NAMES: Readonly<Record<GenerationToken, string>> = {
  '2013': 'IEC 61968-100 ed.1 (2013)',
  'draft-2011': '2011 draft',
  'wrappers-2015': '2015 template wrapper',
  'ns-2016': '2016 message namespace',
  'wrappers-2017': '2017 wrapper',
  ed2: 'IEC 61968-100 ed.2 (2021 namespace)',
};

export const generationName = (g: string): string => GENERATION_NAMES[g as GenerationToken] ?? g;

/** the generation of a message namespace (the header children, or a generic message's root) */
function ofMessageNs(ns: string | undefined): GenerationToken | undefined {
  if (ns === MESSAGE_NS['2013']) return '2013';
  if (ns === MESSAGE_NS['draft-2011']) return 'draft-2011';
  if (ns === MESSAGE_NS.ed2) return 'ed2';
  if (ns === 'http://iec.ch/TC57/2016/schema/message') return 'ns-2016';
  return undefined;
}

/**
 * The generation a message speaks, from its namespaces: the draft's www. (wrapper or message namespace), the
 * message namespace of the header, and the year of an ed.1 wrapper (2015 templates, 2017 wrappers). Undefined
 * when the message says nothing about it (no IEC message, or namespaces of no known generation).
 */
export function generationOfMessage(msg: ParsedMessage | undefined): GenerationToken | undefined {
  if (!msg) return undefined;
  const w = msg.form === 'wrapper' ? parseWrapperNs(msg.node.ns) : undefined;
  const byNs = ofMessageNs(msg.messageNs) ?? (msg.form === 'generic' ? ofMessageNs(msg.node.ns) : undefined);
  if (w?.draft || byNs === 'draft-2011') return 'draft-2011';
  if (byNs && byNs !== '2013') return byNs;
  if (w?.year === '2015') return 'wrappers-2015';
  if (w?.year === '2017') return 'wrappers-2017';
  if (byNs === '2013' || (w && w.year === '2011')) return '2013';
  return undefined;
}

/** the generation of what came over the wire: the IEC message, else the FaultMessage in a SOAP fault's detail */
export function generationOfWire(wire: WireMessage | undefined): GenerationToken | undefined {
  if (!wire) return undefined;
  return generationOfMessage(wire.message) ?? generationOfMessage(wire.fault?.detail);
}

export interface GenerationExpectation {
  /** the generation of the profile's edition (the one the suite speaks) */
  expected: string;
  /** the generations ENV-01 accepts (the value in force, 'any' expanded) */
  accepted: readonly string[];
  /** the ENV-01 value in force, as reports show it */
  env01: string;
  label: string;
  /** a file given to `cim9 validate`, not a message of a run: say "the message" and "the edition" */
  offline?: boolean;
}

/**
 * ENV-GENERATION for one message: an error when it speaks a generation ENV-01 does not accept; info when
 * ENV-01 accepts it though it is not the edition's; nothing when it is the edition's or says nothing.
 */
export function checkGeneration(wire: WireMessage | undefined, x: GenerationExpectation): Finding | undefined {
  const speaks = generationOfWire(wire);
  if (!speaks || speaks === x.expected) return undefined;
  const accepted = x.accepted.includes(speaks);
  const node = wire?.message?.node ?? wire?.fault?.detail?.node;
  return {
    rule: 'ENV-GENERATION',
    clause: rule('ENV-GENERATION').clause,
    severity: accepted ? 'info' : 'error',
    message: `${x.label}: ${x.offline ? 'the message is of' : 'the SUT speaks'} the ${generationName(speaks)} generation, the ${x.offline ? 'edition' : 'profile'} says ${generationName(x.expected)}${
      accepted
        ? ` (accepted under ENV-01=${x.env01})`
        : `; draft and final peers do not interoperate${x.offline ? '' : ', so the exchanges of this run cannot succeed'} (ENV-01=${x.env01}${speaks === 'draft-2011' ? '; for the 2011 draft generation use edition draft-2011' : ''})`
    }`,
    file: x.label,
    line: node?.line,
    xpath: node?.path,
    expected: `the ${generationName(x.expected)} generation${x.accepted.length > 1 ? ` (ENV-01=${x.env01} accepts ${x.accepted.map(generationName).join(', ')})` : ''}`,
    actual: `the ${generationName(speaks)} generation`,
    messageId: wire?.message?.header?.messageId,
    assumptions: { 'ENV-01': x.env01 },
  };
}

/**
 * ENV-GENERATION of one message on its own (`cim9 validate` and every message a scenario receives): an error
 * when the message speaks a generation ENV-01 (in force) does not accept. Whether an accepted generation is the
 * edition's is for the run to say (the World knows the edition; src/session/world.ts).
 */
export function checkGenerationAccepted(wire: WireMessage, ctx: CheckContext): Finding[] {
  const env01 = ctx.assumptions['ENV-01'] ?? '2013';
  const accepted = generationsAccepted((ctx.register?.['ENV-01'] as unknown) ?? env01);
  const speaks = generationOfWire(wire);
  if (!speaks || accepted.includes(speaks)) return [];
  // the one generation accepted (when ENV-01 names one) is the one the profile expects
  const f = checkGeneration(wire, { expected: accepted.length === 1 ? accepted[0]! : accepted.join(' or '), accepted, env01, label: ctx.label, offline: ctx.offline });
  return f ? [f] : [];
}
