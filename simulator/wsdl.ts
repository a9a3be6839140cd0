/**
 * WSDL 1.1 descriptions of the reference SUT's SOAP endpoints, for a SOAP tool (SoapUI, a generated client) pointed
 * at the simulator (../shared/spec/envelope.md §6):
 *
 * - GET /<role>?wsdl: an index, a WSDL 1.1 document that imports the WSDL of each service the endpoint offers;
 * - GET /<role>?wsdl=<Service> (ExecuteEndDeviceControls, GetMeterReadings, ReceiveEndDeviceEvents ...): the WSDL of
 *   one family + noun, SOAP 1.1 document/literal, one part per message (the wrapper's global element), port type
 *   <Noun>_Port / Get<Noun>_Port, binding <Noun>_Binding / Get<Noun>_Binding, soap:address = the endpoint's URL as
 *   the request reached it; beside it the same operations in a SOAP 1.2 binding (<binding>_SOAP12, port
 *   <port>_SOAP12, soap12:address = the same URL: the endpoint takes both versions, envelope.md §6);
 * - GET /<role>?xsd=<path in the pack>: a file of the simulator's schema pack, its schemaLocations rewritten to
 *   ?xsd= addresses (so a tool follows the imports); any other path is 404.
 *
 * The operations are derived, never listed: a (noun, verb) is offered when a handler of ./handlers matches it for the
 * role, the noun has a wrapper in the pack and the pack declares the operation's input and output elements; so a WSDL
 * cannot claim an operation the simulator refuses (2.5 / 2.9) or an element its schemas do not have.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SchemaPack } from '../src/schema/index.ts';
import { XSD_NS } from '../src/schema/catalog.ts';
import {
  EVENT_VERBS,
  nounOfWrapperNs,
  operationName,
  serviceName,
  soapAction,
  verbsOf,
  wrapperElement,
  wsdlNames,
  type BuildGeneration,
  type ElementName,
} from '../src/message/names.ts';
import { rewriteAttributes, serializeXml, type XElement } from '../src/xml/index.ts';
import type { Handler, SimRole } from './context.ts';

export const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
export const WSDL_SOAP11_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
export const WSDL_SOAP12_NS = 'http://schemas.xmlsoap.org/wsdl/soap12/';
const SOAP_HTTP_TRANSPORT = 'http://schemas.xmlsoap.org/soap/http';

export interface WsdlOperation {
  /** CreateEndDeviceControls, GetMeterReadings, CreatedEndDeviceEvents ... */
  name: string;
  verb: string;
  soapAction: string;
  input: ElementName;
  output: ElementName;
  /** absent when the pack declares no <Noun>FaultMessage */
  fault?: ElementName;
}

export interface WsdlService {
  /** ExecuteEndDeviceControls, GetMeterReadings, ReceiveEndDeviceEvents ... */
  name: string;
  noun: string;
  operations: WsdlOperation[];
}

/** the nouns that have a wrapper or query wrapper schema in the pack, in this generation */
export function packNouns(pack: SchemaPack, gen: BuildGeneration): string[] {
  const nouns = new Set<string>();
  for (const ns of pack.namespaces) {
    const noun = nounOfWrapperNs(ns, gen);
    if (noun) nouns.add(noun);
  }
  return [...nouns].sort();
}

/**
 * The services a role's endpoint offers: every (noun of the pack, verb of the generation) that a handler matches and
 * whose input and output elements the pack declares, grouped by WSDL family (serviceName), sorted by name.
 */
export function servicesOf(role: SimRole, pack: SchemaPack, gen: BuildGeneration, handlers: readonly Handler[]): WsdlService[] {
  const byName = new Map<string, WsdlService>();
  const declared = (e: ElementName) => pack.declares(e.ns, e.name);
  for (const noun of packNouns(pack, gen)) {
    for (const verb of verbsOf(gen)) {
      if (!handlers.some((h) => h.matches(role, noun, verb))) continue;
      const query = verb === 'get';
      const kind = (EVENT_VERBS as readonly string[]).includes(verb) ? 'event' : 'request';
      const input = wrapperElement(kind, verb, noun, query, gen);
      const output = wrapperElement('response', verb, noun, query, gen);
      const fault = wrapperElement('fault', verb, noun, query, gen);
      if (!declared(input) || !declared(output)) continue;
      const name = serviceName(verb, noun);
      let service = byName.get(name);
      if (!service) byName.set(name, (service = { name, noun, operations: [] }));
      service.operations.push({ name: operationName(verb, noun), verb, soapAction: soapAction(verb, noun), input, output, ...(declared(fault) ? { fault } : {}) });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------
// the files of the pack, by the path a client asks for

/**
 * The pack's files (those in use) by the path ?xsd= takes: the path in the pack folder ('wrappers/MeterReadingsMessage.xsd');
 * for a layered pack, a file of a base layer is '<layer>:<path>'. Only these keys are ever served: the file system is
 * never reached with a path taken from a request.
 */
export class PackFiles {
  readonly #byKey = new Map<string, string>();
  readonly #keyOfPath = new Map<string, string>();
  readonly #pack: SchemaPack;

  constructor(pack: SchemaPack) {
    this.#pack = pack;
    const layers = pack.layers;
    for (const f of pack.files) {
      const i = layers.findIndex((l) => {
        const r = path.relative(l.dir, f.path);
        return !r.startsWith('..') && !path.isAbsolute(r);
      });
      const key = i <= 0 ? f.relPath : `${layers[i]!.name}:${f.relPath}`;
      if (this.#byKey.has(key)) continue;
      this.#byKey.set(key, f.path);
      this.#keyOfPath.set(path.resolve(f.path), key);
    }
  }

  get keys(): string[] {
    return [...this.#byKey.keys()].sort();
  }

  /** the ?xsd= key of the file that declares this global element (a root file of its namespace preferred) */
  keyOfElement(e: ElementName): string | undefined {
    const entry = this.#pack.catalog.find((c) => c.namespace === e.ns);
    if (!entry) return undefined;
    const file = entry.roots.find((f) => f.elements.includes(e.name)) ?? entry.files.find((f) => f.elements.includes(e.name)) ?? entry.roots[0];
    return file && this.#keyOfPath.get(path.resolve(file.path));
  }

  /**
   * The file for a ?xsd= key, its import/include locations rewritten by `urlOf` (a key → its address), or undefined
   * for a key that is not a file of the pack.
   */
  read(key: string, urlOf: (key: string) => string): string | undefined {
    const file = this.#byKey.get(key);
    if (file === undefined) return undefined;
    const out = rewriteAttributes(fs.readFileSync(file), (el) => {
      if (el.ns !== XSD_NS || !['import', 'include', 'redefine', 'override'].includes(el.name)) return undefined;
      const loc = el.attrs['schemaLocation'];
      if (loc === undefined) return undefined;
      let target = /^[a-z][a-z0-9+.-]*:/i.test(loc) ? undefined : this.#keyOfPath.get(path.resolve(path.dirname(file), loc));
      // an import the folder does not resolve (a user folder over a base pack): the file serving its namespace
      if (target === undefined && el.attrs['namespace'] !== undefined) {
        const root = this.#pack.catalog.find((c) => c.namespace === el.attrs['namespace'])?.roots[0];
        target = root && this.#keyOfPath.get(path.resolve(root.path));
      }
      return target === undefined ? undefined : { schemaLocation: urlOf(target) };
    });
    return out.ok ? out.xml : undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// the address a request reached

const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::([0-9]{1,5}))?$/;

/**
 * The origin (http://host[:port]) of the endpoint as the request reached it: its Host header when that is a plain
 * host name or IP literal with an optional port, otherwise (absent, or anything else: it is input) the address the
 * simulator listens at.
 */
export function originOf(hostHeader: string | undefined, listening: string): string {
  const m = hostHeader !== undefined && hostHeader.length <= 255 ? HOST_RE.exec(hostHeader) : null;
  if (m && (m[1] === undefined || Number(m[1]) <= 65535)) return `http://${hostHeader}`;
  return new URL(listening).origin;
}

// ---------------------------------------------------------------------------------------------
// the documents

const w = (name: string, attrs?: XElement['attrs'], children?: XElement['children']): XElement => ({ ns: WSDL_NS, name, attrs, children });
const soap = (name: string, attrs?: XElement['attrs'], ns = WSDL_SOAP11_NS): XElement => ({ ns, name, attrs });
const xs = (name: string, attrs?: XElement['attrs'], children?: XElement['children']): XElement => ({ ns: XSD_NS, name, attrs, children });
const PREFERRED = { [WSDL_NS]: 'wsdl', [WSDL_SOAP11_NS]: 'soap', [WSDL_SOAP12_NS]: 'soap12', [XSD_NS]: 'xs' };

/**
 * The WSDL 1.1 document of one service at an endpoint: `endpoint` is its URL (soap:address), `xsdUrl` the address of
 * a pack file (the types import the files declaring the messages' elements).
 */
export function buildServiceWsdl(service: WsdlService, files: PackFiles, endpoint: string, xsdUrl: (key: string) => string): string {
  const names = wsdlNames(service.name, service.noun);
  // prefixes of the element namespaces (QName-valued part elements): m1, m2 ... in first-use order
  const elementNs = new Map<string, string>();
  const qn = (e: ElementName) => {
    if (!elementNs.has(e.ns)) elementNs.set(e.ns, `m${elementNs.size + 1}`);
    return `${elementNs.get(e.ns)}:${e.name}`;
  };
  const tns = (local: string) => `tns:${local}`;
  const messages = new Map<string, XElement>();
  const message = (name: string, part: string, e: ElementName) => {
    if (!messages.has(name)) messages.set(name, w('message', { name }, [w('part', { name: part, element: qn(e) })]));
    return name;
  };
  const ops = service.operations.map((op) => ({
    op,
    input: message(`${op.name}Request`, 'Request', op.input),
    output: message(`${op.output.name.replace(/Message$/, '')}`, 'Response', op.output),
    fault: op.fault && message(`${op.fault.name.replace(/Message$/, '')}`, 'Fault', op.fault),
  }));
  const imports = [...elementNs.keys()].map((ns) => {
    const e = service.operations.flatMap((o) => [o.input, o.output, ...(o.fault ? [o.fault] : [])]).find((x) => x.ns === ns)!;
    const key = files.keyOfElement(e);
    return xs('import', { namespace: ns, schemaLocation: key === undefined ? undefined : xsdUrl(key) });
  });
  const faultName = (op: WsdlOperation) => `${op.fault!.name.replace(/Message$/, '')}`;
  // the same operations over SOAP 1.1 and SOAP 1.2 (the endpoint reads either, by its envelope namespace)
  const bindings = [
    { name: names.binding, port: names.portType, ns: WSDL_SOAP11_NS },
    { name: `${names.binding}_SOAP12`, port: `${names.portType}_SOAP12`, ns: WSDL_SOAP12_NS },
  ];
  const root = w('definitions', { name: service.name, targetNamespace: names.targetNamespace }, [
    { ns: WSDL_NS, name: 'documentation', text: `${service.name} of the cim9 reference SUT: the operations this endpoint accepts for ${service.noun} (derived from its handlers and schema pack)` },
    w('types', undefined, [xs('schema', { elementFormDefault: 'qualified' }, imports)]),
    ...messages.values(),
    w('portType', { name: names.portType }, ops.map(({ op, input, output, fault }) =>
      w('operation', { name: op.name }, [
        w('input', { name: input, message: tns(input) }),
        w('output', { name: output, message: tns(output) }),
        fault !== undefined && w('fault', { name: faultName(op), message: tns(fault) }),
      ]),
    )),
    ...bindings.map(({ name, ns }) =>
      w('binding', { name, type: tns(names.portType) }, [
        soap('binding', { style: 'document', transport: SOAP_HTTP_TRANSPORT }, ns),
        ...ops.map(({ op, input, output }) =>
          w('operation', { name: op.name }, [
            soap('operation', { soapAction: op.soapAction, style: 'document' }, ns),
            w('input', { name: input }, [soap('body', { use: 'literal' }, ns)]),
            w('output', { name: output }, [soap('body', { use: 'literal' }, ns)]),
            op.fault && w('fault', { name: faultName(op) }, [soap('fault', { name: faultName(op), use: 'literal' }, ns)]),
          ]),
        ),
      ]),
    ),
    w('service', { name: service.name }, bindings.map(({ name, port, ns }) => w('port', { name: port, binding: tns(name) }, [soap('address', { location: endpoint }, ns)]))),
  ]);
  const declare: Record<string, string> = { [names.targetNamespace]: 'tns' };
  for (const [ns, p] of elementNs) declare[ns] = p;
  return serializeXml(root, { prefixes: PREFERRED, declare });
}

/** The index of an endpoint: a WSDL 1.1 document importing the WSDL of each service (wsdl:import, one per service). */
export function buildIndexWsdl(role: SimRole, services: readonly WsdlService[], wsdlUrl: (service: string) => string): string {
  const root = w('definitions', { name: `cim9-reference-sut-${role.toLowerCase()}`, targetNamespace: `urn:cim9:reference-sut:${role.toLowerCase()}` }, [
    { ns: WSDL_NS, name: 'documentation', text: `The services of the cim9 reference SUT's ${role} endpoint: ${services.map((s) => s.name).join(', ') || 'none'}. Each is also GET ?wsdl=<Service>.` },
    ...services.map((s) => w('import', { namespace: wsdlNames(s.name, s.noun).targetNamespace, location: wsdlUrl(s.name) })),
  ]);
  return serializeXml(root, { prefixes: PREFERRED });
}
