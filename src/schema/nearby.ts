/**
 * The namespaces of a pack closest to a namespace the pack does not know, for short findings: a pack
 * knows some sixty namespaces, and a finding lists only the few a reader would look at (the same
 * namespace of another generation, the same noun, the same kind of schema, a shared word of the noun),
 * then how many it left out (`cim9 schemas list` shows them all).
 */

/** what kind of schema a namespace is, by the IEC naming conventions (envelope.md §1.1, §4; payloads.md §0.2) */
type Family = 'envelope' | 'profile' | 'query-profile' | 'wrapper' | 'query-wrapper' | 'operation-set' | 'soap' | 'other';

interface Shape {
  family: Family;
  /** the noun without Get / Message / OperationSet / #, e.g. MeterConfig */
  noun?: string;
  /** the part after host and year (http://iec.ch/TC57/2011/MeterConfigMessage → MeterConfigMessage) */
  tail?: string;
  /** host and year, e.g. http://iec.ch/TC57/2011/ */
  base?: string;
  /** the words of the noun (lower case): ObjectNamesConfig → object, names, config */
  words: Set<string>;
}

/** words that say nothing about which schema is meant */
const NOISE = new Set([
  'http', 'https', 'www', 'iec', 'ch', 'tc', 'tc57', 'urn', 'org', 'com', 'net', 'schema', 'schemas', 'message', 'messages', 'get', 'create',
  'change', 'cancel', 'close', 'delete', 'execute', 'created', 'changed', 'canceled', 'closed', 'deleted', 'executed', 'reply', 'request',
  'response', 'fault', 'payload', 'envelope', 'operation', 'set', 'xml', 'xsd',
]);

/** the words of an identifier or URI: camel case and every non-letter split, lower case, singular, noise removed */
export function wordsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const part of text.split(/[^A-Za-z]+/)) {
    for (const w of part.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)) {
      const lw = w.toLowerCase();
      // singular and plural are the same word (MeterReadSchedule / MeterReadSchedules, Names / Name)
      if (lw.length > 1 && !NOISE.has(lw)) out.add(lw.length > 4 && lw.endsWith('s') ? lw.slice(0, -1) : lw);
    }
  }
  return out;
}

const IEC = /^(https?:\/\/(?:www\.)?iec\.ch\/TC57\/\d{4}\/)(.+)$/;

function shapeOf(ns: string): Shape {
  if (ns === 'http://schemas.xmlsoap.org/soap/envelope/' || ns === 'http://www.w3.org/2003/05/soap-envelope') return { family: 'soap', words: new Set() };
  const m = IEC.exec(ns);
  if (!m) return { family: 'other', words: wordsOf(ns) };
  const [, base, tail] = m;
  const shape = (family: Family, noun?: string): Shape => ({ family, noun, tail, base, words: noun ? wordsOf(noun) : new Set() });
  if (tail === 'schema/message') return shape('envelope');
  if (tail.endsWith('#')) {
    const name = tail.slice(0, -1);
    return /^Get[A-Z]/.test(name) ? shape('query-profile', name.slice(3)) : shape('profile', name);
  }
  if (tail.endsWith('OperationSetMessage')) return shape('operation-set', tail.slice(0, -'OperationSetMessage'.length));
  if (tail.endsWith('Message')) {
    const name = tail.slice(0, -'Message'.length);
    return /^Get[A-Z]/.test(name) ? shape('query-wrapper', name.slice(3)) : shape('wrapper', name);
  }
  return { family: 'other', tail, base, words: wordsOf(tail) };
}

/** how close a known namespace is to the unknown one (higher is closer; 0 or less: unrelated) */
function closeness(u: Shape, uWords: Set<string>, k: Shape): number {
  let score = 0;
  if (u.tail !== undefined && u.tail === k.tail) score += 1000; // the same schema of another generation
  if (u.noun !== undefined && u.noun === k.noun) score += u.family === k.family ? 200 : 100;
  let shared = 0;
  for (const w of k.words) if (uWords.has(w)) shared++;
  score += 10 * shared;
  if (shared > 0) score -= 0.1 * (k.words.size - shared); // MeterConfig is closer to Meter than UsagePointConfig is
  if (u.family === k.family) score += 3;
  if (u.base !== undefined && u.base === k.base) score += 1;
  const query = (f: Family) => f === 'query-profile' || f === 'query-wrapper';
  if (query(u.family) !== query(k.family)) score -= 0.5;
  return score;
}

/**
 * Up to `max` namespaces of `known` closest to `ns` (an element named `elementName` is in it), closest
 * first, and how many of the known namespaces were left out. When nothing is related, the pack's
 * envelope namespaces are given.
 */
export function closestNamespaces(ns: string, elementName: string, known: Iterable<string>, max = 5): { closest: string[]; more: number } {
  const all = [...known].filter((n) => n !== '' && n !== ns);
  const u = shapeOf(ns);
  const uWords = new Set([...u.words, ...(u.noun ? wordsOf(u.noun) : []), ...wordsOf(elementName)]);
  const scored = all
    .map((n) => ({ n, s: closeness(u, uWords, shapeOf(n)) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.n.length - b.n.length || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
  let closest = scored.slice(0, max).map((x) => x.n);
  if (!closest.length) closest = all.filter((n) => shapeOf(n).family === 'envelope').sort().slice(0, max);
  return { closest, more: all.length - closest.length };
}
