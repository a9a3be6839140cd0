/**
 * Message templates for volume (`cim9 load`): the bytes of a message that differs from request to request only in a
 * few values (its MessageID, CorrelationID and Timestamp, a meter's mRID, an event's time), built once through the
 * message builder (toSoap over src/payloads) and then filled in per request.
 *
 * How it stays the builder's output, never hand-made XML:
 * - `compileTemplate` calls the builder once with a unique marker as each value and cuts its output at the markers;
 *   a marker that does not come out exactly once is a programming error (throws);
 * - it then fills the template with the caller's probe values and compares the text with the builder's own output for
 *   those values: any difference throws (the template would not be the builder's bytes);
 * - `fill` takes only values of printable ASCII without the five characters XML escapes (& < > " '), which the
 *   serializer writes as they are in text and in attributes alike; for any other value it returns undefined and the
 *   caller builds the message through the builder.
 */

export interface MessageTemplate<K extends string> {
  /** the slots, in the order their values appear */
  readonly slots: readonly K[];
  /** the message with these values, or undefined when one of them is not plain (the caller then builds it) */
  fill(values: Readonly<Record<K, string>>): string | undefined;
  /** the same with the values as a list in the order of the slots given to compileTemplate (no object per message) */
  fillList(values: readonly string[]): string | undefined;
  /**
   * the same as UTF-8 bytes, written straight into one Buffer (no string built and encoded per message): the parts'
   * bytes are encoded once, each value is checked plain and copied byte for byte in one pass (plain is ASCII, so a
   * character is its byte); undefined when a value is not plain
   */
  fillListBytes(values: readonly string[]): Buffer | undefined;
  /**
   * the template with some slots filled for good (the same substitution, so still the builder's bytes): the rest keep
   * their order among the slots; undefined when a value is not plain
   */
  partial(fixed: Readonly<Partial<Record<K, string>>>): MessageTemplate<K> | undefined;
}

/** printable ASCII without & < > " ': written verbatim by the serializer in text and attribute values */
export function isPlainValue(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x27) return false;
  }
  return true;
}

let serial = 0;

/**
 * a template of what `build` makes: `slots` the names of the values that vary, `probe` values (plain) to prove the
 * template against the builder. Throws when a slot's value does not come out exactly once, or the filled probe differs
 * from the builder's output.
 */
export function compileTemplate<K extends string>(slots: readonly K[], build: (values: Readonly<Record<K, string>>) => string, probe: Readonly<Record<K, string>>): MessageTemplate<K> {
  const tag = `cim9slot${(++serial).toString(36)}${process.pid.toString(36)}x`;
  const markers = Object.fromEntries(slots.map((s, i) => [s, `${tag}${i}y`])) as Record<K, string>;
  const text = build(markers);
  const at: { slot: K; pos: number; len: number }[] = [];
  for (const s of slots) {
    const m = markers[s];
    const pos = text.indexOf(m);
    if (pos < 0 || text.indexOf(m, pos + 1) >= 0) throw new Error(`message template: the value of ${s} comes out ${pos < 0 ? 'nowhere' : 'more than once'} in the built message`);
    at.push({ slot: s, pos, len: m.length });
  }
  at.sort((a, b) => a.pos - b.pos);
  const parts: string[] = [];
  let from = 0;
  for (const a of at) {
    parts.push(text.slice(from, a.pos));
    from = a.pos + a.len;
  }
  parts.push(text.slice(from));
  const t = fromParts(slots, at.map((a) => a.slot), parts);
  for (const s of slots) if (!isPlainValue(probe[s])) throw new Error(`message template: the probe value of ${s} is not plain`);
  const expected = build(probe);
  const list = slots.map((s) => probe[s]);
  if (t.fill(probe) !== expected || t.fillList(list) !== expected || t.fillListBytes(list)?.toString('utf8') !== expected) throw new Error('message template: the filled probe differs from the builder\'s output');
  return t;
}

/** a template from its parts: `order` the slot of each gap between two parts, `slots` the order of fillList's values */
function fromParts<K extends string>(slots: readonly K[], order: readonly K[], parts: readonly string[]): MessageTemplate<K> {
  const index = order.map((s) => slots.indexOf(s));
  const bytes = parts.map((x) => Buffer.from(x, 'utf8'));
  const partsLength = bytes.reduce((n, b) => n + b.length, 0);
  return {
    slots: order,
    fillListBytes(values) {
      let length = partsLength;
      for (let i = 0; i < index.length; i++) length += values[index[i]!]!.length;
      const out = Buffer.allocUnsafe(length);
      let at = bytes[0]!.copy(out, 0);
      for (let i = 0; i < index.length; i++) {
        const v = values[index[i]!]!;
        // isPlainValue and the copy in one pass
        for (let j = 0; j < v.length; j++) {
          const c = v.charCodeAt(j);
          if (c < 0x20 || c > 0x7e || c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x27) return undefined;
          out[at++] = c;
        }
        at += bytes[i + 1]!.copy(out, at);
      }
      return out;
    },
    fillList(values) {
      let out = parts[0]!;
      for (let i = 0; i < index.length; i++) {
        const v = values[index[i]!]!;
        if (!isPlainValue(v)) return undefined;
        out += v + parts[i + 1]!;
      }
      return out;
    },
    fill(values) {
      let out = parts[0]!;
      for (let i = 0; i < order.length; i++) {
        const v = values[order[i]!];
        if (!isPlainValue(v)) return undefined;
        out += v + parts[i + 1]!;
      }
      return out;
    },
    partial(fixed) {
      const rest: K[] = [];
      const restParts: string[] = [];
      let cur = parts[0]!;
      for (let i = 0; i < order.length; i++) {
        const slot = order[i]!;
        const v = fixed[slot];
        if (v !== undefined) {
          if (!isPlainValue(v)) return undefined;
          cur += v + parts[i + 1]!;
        } else {
          restParts.push(cur);
          rest.push(slot);
          cur = parts[i + 1]!;
        }
      }
      restParts.push(cur);
      // the joined parts as flat strings (not a rope of many pieces that every message would flatten again)
      return fromParts(slots.filter((s) => fixed[s] === undefined), rest, restParts.map((x) => Buffer.from(x, 'utf8').toString('utf8')));
    },
  };
}
