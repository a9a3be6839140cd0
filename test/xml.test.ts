/**
 * src/xml: parseXml (untrusted bytes → XNode tree, problems as values), serializeXml (element tree →
 * text through libxml2's DOM), the reading helpers, and hostile input.
 * Run: node --import tsx --test test/xml.test.ts
 *
 * Documents are built with serializeXml. Literal XML appears only where the writer cannot produce the
 * input: malformed and hostile documents, and constructs XElement has no way to express (namespaced
 * attributes, CDATA, comments, processing instructions, two prefixes for one namespace, non-UTF-8
 * encodings).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import {
  DEFAULT_MAX_BYTES,
  child,
  childText,
  children,
  clark,
  descendants,
  leaf,
  documentParses,
  parseXml,
  parseXmlByNodeObjects,
  releaseParsedDocument,
  serializeXml,
  serializeXmlThroughDom,
  TREE_READER,
  withParsedDocument,
  toElement,
  type ParseResult,
  type XElement,
  type XNode,
  type XmlProblem,
} from '../src/xml/index.ts';
import { XmlElement } from 'libxml2-wasm';

const A = 'urn:test:a';
const B = 'urn:test:b';
const C = 'urn:test:c';

function ok(r: ParseResult): XNode {
  if (!r.ok) assert.fail(`expected a tree, got problem ${r.problem.kind}: ${r.problem.message}`);
  return r.root;
}

function problem(r: ParseResult): XmlProblem {
  if (r.ok) assert.fail(`expected a problem, got a tree rooted at ${clark(r.root)}`);
  return r.problem;
}

/** serialize, parse back, and return the tree */
function roundTrip(e: XElement, opts: Parameters<typeof serializeXml>[1] = {}): XNode {
  return ok(parseXml(serializeXml(e, opts)));
}

/** a tree as plain data, every element materialised (children, attributes and text are read on access) */
function plain(n: XNode): unknown {
  return { ns: n.ns, name: n.name, line: n.line, path: n.path, text: n.text, attrs: { ...n.attrs }, children: n.children.map(plain) };
}

/** the element names of a tree in document order, as {ns}name */
function names(n: XNode): string[] {
  return [clark(n), ...n.children.flatMap(names)];
}

// ---------------------------------------------------------------------------------------------
describe('parseXml: tree', () => {
  // pretty-printed by serializeXml: line 1 is the XML declaration, then one element per line
  const doc = serializeXml(
    {
      ns: A,
      name: 'r',
      attrs: { id: '7' },
      children: [
        { ns: B, name: 'x', attrs: { k: '1' }, text: 'one' },
        { ns: B, name: 'x', text: 'two' },
        { ns: C, name: 'x', text: 'three' },
        { ns: A, name: 'y' },
        { ns: A, name: 'y', children: [{ ns: A, name: 'z', text: 'deep' }] },
      ],
    },
    { prefixes: { [A]: '', [B]: 'b', [C]: 'c' } },
  );

  test('namespaces and local names of every element', () => {
    const root = ok(parseXml(doc));
    assert.equal(root.ns, A);
    assert.equal(root.name, 'r');
    assert.deepEqual(names(root), [`{${A}}r`, `{${B}}x`, `{${B}}x`, `{${C}}x`, `{${A}}y`, `{${A}}y`, `{${A}}z`]);
  });

  test('attributes: unqualified by local name, qualified in Clark notation, no xmlns declarations', () => {
    const root = ok(parseXml(doc));
    assert.deepEqual(root.attrs, { id: '7' });
    assert.deepEqual(root.children[0]!.attrs, { k: '1' });
    for (const n of [root, ...root.children]) {
      for (const k of Object.keys(n.attrs)) assert.ok(!k.startsWith('xmlns'), `namespace declaration ${k} leaked into attrs`);
    }
    // a namespaced attribute (XElement cannot write one)
    const q = ok(parseXml('<r xmlns:b="urn:test:b" k="1" b:q="2"/>'));
    assert.deepEqual(q.attrs, { k: '1', [`{${B}}q`]: '2' });
  });

  test('text: direct text children only, entities and CDATA decoded, comments left out', () => {
    const root = ok(parseXml('<a>t&amp;<!-- comment --><![CDATA[<raw> & ]]>&lt;u&gt;<b>inner</b>v</a>'));
    assert.equal(root.text, 't&<raw> & <u>v');
    assert.equal(root.children[0]!.text, 'inner');
  });

  test(
    'a processing instruction inside an element hides nothing that follows it',
    () => {
      const root = ok(parseXml('<a>x<?pi data?>y<b/><c/></a>'));
      assert.equal(root.text, 'xy');
      assert.deepEqual(
        root.children.map((c) => c.name),
        ['b', 'c'],
      );
    },
  );

  test('a processing instruction as the first child, or between elements, hides nothing either (the sibling walk falls back)', () => {
    const first = ok(parseXml('<a><?pi data?><b/>t<c/></a>'));
    assert.deepEqual(first.children.map((c) => c.name), ['b', 'c']);
    assert.equal(first.text, 't');
    const between = ok(parseXml('<a><b/><?pi x?><c/><d><?q?><e/></d></a>'));
    assert.deepEqual(between.children.map((c) => c.name), ['b', 'c', 'd']);
    assert.deepEqual(between.children[2]!.children.map((c) => c.path), ['/a/d[1]/e[1]']);
  });

  test('line numbers of elements', () => {
    const root = ok(parseXml(doc));
    assert.equal(root.line, 2);
    assert.deepEqual(
      root.children.map((c) => c.line),
      [3, 4, 5, 6, 7],
    );
    assert.equal(root.children[4]!.children[0]!.line, 8);
    // a document without declaration starts on line 1
    const plain = ok(parseXml(doc.slice(doc.indexOf('\n') + 1)));
    assert.equal(plain.line, 1);
    assert.equal(plain.children[4]!.children[0]!.line, 7);
  });

  test('XPath paths: document prefixes, no index on the root, [n] counting same-namespace same-name siblings', () => {
    const root = ok(parseXml(doc));
    assert.equal(root.path, '/r');
    assert.deepEqual(
      root.children.map((c) => c.path),
      ['/r/b:x[1]', '/r/b:x[2]', '/r/c:x[1]', '/r/y[1]', '/r/y[2]'],
    );
    assert.equal(root.children[4]!.children[0]!.path, '/r/y[2]/z[1]');
  });

  test('a namespace bound to two prefixes is one sibling sequence; the path keeps the prefix written', () => {
    const root = ok(parseXml('<a xmlns:p="urn:p"><p:b/><q:b xmlns:q="urn:p"/></a>'));
    assert.deepEqual(
      root.children.map((c) => [c.ns, c.path]),
      [
        ['urn:p', '/a/p:b[1]'],
        ['urn:p', '/a/q:b[2]'],
      ],
    );
  });

  test('the tree is frozen', () => {
    const root = ok(parseXml(doc));
    assert.ok(Object.isFrozen(root));
    assert.ok(Object.isFrozen(root.children));
    assert.ok(Object.isFrozen(root.attrs));
    assert.throws(() => {
      (root as { name: string }).name = 'changed';
    }, TypeError);
  });

  test('accepts a string or bytes alike', () => {
    const fromString = ok(parseXml(doc));
    const fromBytes = ok(parseXml(new Uint8Array(Buffer.from(doc, 'utf8'))));
    assert.deepEqual(plain(fromBytes), plain(fromString));
  });

  test('encodings: UTF-8 BOM, UTF-16LE with BOM, declared ISO-8859-1', () => {
    const bom = ok(parseXml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>é</a>', 'utf8')])));
    assert.equal(bom.name, 'a');
    assert.equal(bom.text, 'é');
    const utf16 = ok(parseXml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>é€</a>', 'utf16le')])));
    assert.equal(utf16.text, 'é€');
    const latin1 = ok(parseXml(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\u00e9</a>', 'latin1')));
    assert.equal(latin1.text, 'é');
  });
});

// ---------------------------------------------------------------------------------------------
describe('reading helpers', () => {
  const root = ok(
    parseXml(
      serializeXml(
        { ns: A, name: 'r', children: [leaf(B, 'k', '  v1  '), leaf(A, 'k', 'v2'), leaf(B, 'k', 'v3'), { ns: A, name: 's', children: [leaf(B, 'k', 'v4')] }] },
        { prefixes: { [A]: '', [B]: 'b' } },
      ),
    ),
  );

  test('child / children / childText match namespace and local name', () => {
    assert.equal(child(root, B, 'k')?.text, '  v1  ');
    assert.equal(child(root, A, 'k')?.text, 'v2');
    assert.equal(child(root, C, 'k'), undefined);
    assert.deepEqual(
      children(root, B, 'k').map((n) => n.text),
      ['  v1  ', 'v3'],
    );
    assert.deepEqual(children(undefined, B, 'k'), []);
    assert.equal(child(undefined, B, 'k'), undefined);
    assert.equal(childText(root, B, 'k'), 'v1', 'childText trims');
    assert.equal(childText(root, B, 'absent'), undefined, 'absent child → undefined, not ""');
  });

  test('descendants: depth first, document order, every level', () => {
    assert.deepEqual(
      descendants(root, B, 'k').map((n) => n.text.trim()),
      ['v1', 'v3', 'v4'],
    );
  });

  test('clark notation', () => {
    assert.equal(clark({ ns: A, name: 'x' }), `{${A}}x`);
    assert.equal(clark({ ns: '', name: 'x' }), 'x');
  });

  test('toElement turns a parsed node back into an equivalent writable tree (namespaced attributes dropped)', () => {
    const parsed = ok(parseXml('<r xmlns="urn:test:a" xmlns:b="urn:test:b" a="1" b:q="2"><c x="y">t</c><d/></r>'));
    const back = roundTrip(toElement(parsed));
    assert.deepEqual(names(back), names(parsed));
    assert.deepEqual(back.attrs, { a: '1' });
    assert.equal(back.children[0]!.text, 't');
    assert.deepEqual(back.children[0]!.attrs, { x: 'y' });
  });

  test('leaf: undefined for an absent value, text of numbers and booleans', () => {
    assert.equal(leaf(A, 'x', undefined), undefined);
    assert.deepEqual(leaf(A, 'x', 0), { ns: A, name: 'x', text: '0' });
    assert.deepEqual(leaf(A, 'x', false), { ns: A, name: 'x', text: 'false' });
    assert.deepEqual(leaf(A, 'x', ''), { ns: A, name: 'x', text: '' });
  });
});

// ---------------------------------------------------------------------------------------------
describe('serializeXml', () => {
  const nasty = `a < b && c > d "quoted" 'single' ]]> end`;

  test('escapes < & > in text and < & " in attributes, and the values read back unchanged', () => {
    const text = serializeXml({ ns: A, name: 'r', attrs: { q: nasty }, text: nasty });
    // the raw characters never appear unescaped where they would break the document
    const body = text.slice(text.indexOf('<r') >= 0 ? text.indexOf('<r') : text.indexOf('<ns'));
    assert.ok(!body.includes('a < b'), 'a raw < in text');
    assert.ok(!body.includes('&& c'), 'a raw & in text');
    assert.ok(body.includes('&lt;') && body.includes('&amp;') && body.includes('&quot;'));
    const back = ok(parseXml(text));
    assert.equal(back.text, nasty);
    assert.equal(back.attrs['q'], nasty);
  });

  test('markup-looking text stays text (no element injection)', () => {
    const injected = '</r><evil xmlns="urn:evil"/><r>';
    const back = roundTrip({ ns: A, name: 'r', children: [{ ns: A, name: 'v', text: injected }] });
    assert.equal(back.children.length, 1);
    assert.equal(back.children[0]!.text, injected);
    assert.deepEqual(names(back), [`{${A}}r`, `{${A}}v`]);
  });

  test('whitespace, newlines and tabs survive in text and attributes, pretty or not', () => {
    for (const pretty of [true, false]) {
      const back = roundTrip({ ns: A, name: 'r', attrs: { a: 'l1\nl2\tt' }, children: [{ ns: A, name: 'v', text: '  spaced  \n' }] }, { pretty });
      assert.equal(back.attrs['a'], 'l1\nl2\tt');
      assert.equal(back.children[0]!.text, '  spaced  \n');
    }
  });

  test('non-ASCII text round trips (UTF-8 with declaration)', () => {
    const text = serializeXml({ ns: A, name: 'r', text: 'é € 😀 漢字' });
    assert.match(text, /^<\?xml version="1\.0" encoding="utf-8"\?>/);
    assert.equal(ok(parseXml(text)).text, 'é € 😀 漢字');
  });

  test('a character XML 1.0 cannot carry (U+0001) does not break the document (it is replaced)', () => {
    const text = serializeXml({ ns: A, name: 'r', text: 'x\u0001y' });
    const back = ok(parseXml(text));
    assert.ok(!back.text.includes('\u0001'));
    assert.ok(back.text.startsWith('x') && back.text.endsWith('y'));
  });

  test('mixed content: text then children', () => {
    const back = roundTrip({ ns: A, name: 'r', text: 'mixed', children: [{ ns: A, name: 'c', text: 'x' }] });
    assert.equal(back.text, 'mixed');
    assert.equal(back.children[0]!.text, 'x');
  });

  test('undefined attributes, undefined and false children are left out; empty text writes nothing', () => {
    const back = roundTrip({ ns: A, name: 'r', attrs: { keep: 'v', drop: undefined }, children: [undefined, false, { ns: A, name: 'c', text: '' }, leaf(A, 'd', undefined)] });
    assert.deepEqual(back.attrs, { keep: 'v' });
    assert.deepEqual(names(back), [`{${A}}r`, `{${A}}c`]);
    assert.equal(back.children[0]!.text, '');
  });

  test('preferred prefixes are used and every namespace is declared once, on the root', () => {
    const text = serializeXml(
      { ns: A, name: 'r', children: [{ ns: B, name: 'x', children: [{ ns: C, name: 'y' }] }, { ns: B, name: 'x' }] },
      { prefixes: { [A]: 'a', [B]: 'bee', [C]: 'see' }, pretty: false },
    );
    const back = ok(parseXml(text));
    assert.deepEqual(names(back), [`{${A}}r`, `{${B}}x`, `{${C}}y`, `{${B}}x`]);
    assert.equal(back.path, '/a:r');
    assert.equal(back.children[0]!.path, '/a:r/bee:x[1]');
    assert.equal(back.children[0]!.children[0]!.path, '/a:r/bee:x[1]/see:y[1]');
    assert.equal(back.children[1]!.path, '/a:r/bee:x[2]');
    for (const [uri, p] of [[A, 'a'], [B, 'bee'], [C, 'see']] as const) {
      assert.equal(text.split(`xmlns:${p}="${uri}"`).length - 1, 1, `xmlns:${p} declared exactly once`);
    }
  });

  test('prefixes not given, or taken twice, become ns1, ns2 ... without clashing', () => {
    const text = serializeXml({ ns: A, name: 'r', children: [{ ns: B, name: 'x' }, { ns: C, name: 'y' }] }, { prefixes: { [A]: 'p', [B]: 'p' } });
    const back = ok(parseXml(text));
    assert.deepEqual(names(back), [`{${A}}r`, `{${B}}x`, `{${C}}y`]);
    assert.equal(back.path, '/p:r');
    assert.equal(back.children[0]!.path, '/p:r/ns1:x[1]');
    assert.equal(back.children[1]!.path, '/p:r/ns2:y[1]');
  });

  test('a preferred prefix that collides with a generated one is not reused', () => {
    const back = roundTrip({ ns: A, name: 'r', children: [{ ns: B, name: 'x' }, { ns: C, name: 'y' }] }, { prefixes: { [C]: 'ns1' } });
    assert.deepEqual(names(back), [`{${A}}r`, `{${B}}x`, `{${C}}y`]);
  });

  test('the root namespace may be the default namespace', () => {
    const text = serializeXml({ ns: A, name: 'r', children: [{ ns: A, name: 'c' }, { ns: B, name: 'd' }] }, { prefixes: { [A]: '' } });
    assert.match(text, /<r xmlns="urn:test:a"/);
    const back = ok(parseXml(text));
    assert.deepEqual(names(back), [`{${A}}r`, `{${A}}c`, `{${B}}d`]);
  });

  test('a root without namespace', () => {
    const back = roundTrip({ ns: '', name: 'r', attrs: { a: '1' }, children: [{ ns: B, name: 'x' }, { ns: '', name: 'plain' }] });
    assert.deepEqual(names(back), ['r', `{${B}}x`, 'plain']);
  });

  test(
    'an element without namespace under a default-namespace parent stays without namespace',
    () => {
      // root namespace mapped to '' (allowed by SerializeOptions), child in no namespace
      const a = roundTrip({ ns: A, name: 'r', children: [{ ns: '', name: 'plain' }] }, { prefixes: { [A]: '' } });
      assert.deepEqual(names(a), [`{${A}}r`, 'plain']);
      // a non-root namespace mapped to '' is declared as default on a no-namespace root
      const b = roundTrip({ ns: '', name: 'r', children: [{ ns: B, name: 'x' }] }, { prefixes: { [B]: '' } });
      assert.deepEqual(names(b), ['r', `{${B}}x`]);
    },
  );

  test('pretty: indentation between elements only; pretty:false writes one line of markup', () => {
    const e: XElement = { ns: A, name: 'r', children: [{ ns: A, name: 'c', text: 'x' }] };
    const pretty = serializeXml(e, { prefixes: { [A]: 'a' } });
    const compact = serializeXml(e, { prefixes: { [A]: 'a' }, pretty: false });
    assert.match(pretty, /\n {2}<a:c>x<\/a:c>\n/);
    assert.ok(compact.includes('<a:r xmlns:a="urn:test:a"><a:c>x</a:c></a:r>'));
    assert.deepEqual(ok(parseXml(pretty)).children[0]!.text, ok(parseXml(compact)).children[0]!.text);
  });

  test('round trip of a larger tree keeps names, order, attributes and texts', () => {
    const tree: XElement = {
      ns: A,
      name: 'root',
      attrs: { version: '1.0' },
      children: Array.from({ length: 20 }, (_, i): XElement => ({
        ns: i % 2 ? B : A,
        name: i % 3 ? 'item' : 'other',
        attrs: { n: String(i), s: `<${i}&"${i}">` },
        children: [leaf(C, 'v', `value ${i} & <${i}>`), i % 4 === 0 && { ns: A, name: 'flag' }],
      })),
    };
    const back = roundTrip(tree, { prefixes: { [A]: 'a', [B]: 'b' } });
    assert.equal(back.children.length, 20);
    back.children.forEach((c, i) => {
      assert.equal(c.ns, i % 2 ? B : A);
      assert.equal(c.name, i % 3 ? 'item' : 'other');
      assert.deepEqual(c.attrs, { n: String(i), s: `<${i}&"${i}">` });
      assert.equal(childText(c, C, 'v'), `value ${i} & <${i}>`);
      assert.equal(child(c, A, 'flag') !== undefined, i % 4 === 0);
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe('parseXml: bad and hostile input is a problem, never an exception', () => {
  test('DOCTYPE with internal entities (billion laughs) is refused, quickly, without expansion', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      '  <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
      ']>',
      '<lolz>&lol9;</lolz>',
    ].join('\n');
    const t0 = performance.now();
    const p = problem(parseXml(lol));
    assert.ok(performance.now() - t0 < 2000, 'took too long: entities expanded?');
    // recorded behaviour: libxml2's amplification guard rejects the nine-level bomb while parsing
    // ("Maximum entity amplification factor exceeded": kind malformed) before the DOCTYPE check
    // runs; a small bomb reaches the DOCTYPE check. Either way the document is refused unexpanded.
    assert.ok(['doctype', 'malformed'].includes(p.kind), p.kind);
    assert.ok(!p.message.includes('lollol'));
    const small = problem(parseXml('<!DOCTYPE l [<!ENTITY a "aa"><!ENTITY b "&a;&a;">]><l>&b;</l>'));
    assert.equal(small.kind, 'doctype');
  });

  test('an external entity (XXE) to /etc/passwd is refused and nothing of the file appears', () => {
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<foo>&xxe;</foo>';
    const r = parseXml(xxe);
    const p = problem(r);
    assert.equal(p.kind, 'doctype');
    const all = JSON.stringify(r);
    assert.ok(!/root:|daemon:|\/bin\/(ba)?sh/.test(all), `file content leaked: ${all}`);
  });

  test('an external DTD (network) and a bare DOCTYPE are refused', () => {
    assert.equal(problem(parseXml('<!DOCTYPE a SYSTEM "http://127.0.0.1:9/x.dtd"><a/>')).kind, 'doctype');
    assert.equal(problem(parseXml('<!DOCTYPE a><a/>')).kind, 'doctype');
  });

  test('an undeclared entity reference without DTD is malformed', () => {
    const p = problem(parseXml('<a>&xxe;</a>'));
    assert.equal(p.kind, 'malformed');
    assert.match(p.message, /xxe/);
  });

  test('malformed XML names the problem with line and column', () => {
    const p = problem(parseXml('<a>\n  <b>\n</a>'));
    assert.equal(p.kind, 'malformed');
    assert.match(p.message, /^not well-formed XML: /);
    assert.equal(p.line, 3);
    assert.equal(typeof p.col, 'number');
    assert.ok(p.col! > 0);
  });

  test('truncated, two roots, text only, whitespace only', () => {
    for (const bad of ['<a><b>text</b', '<a/><b/>', 'just text', '   \n  ', '<a', '<?xml version="1.0"?>']) {
      const p = problem(parseXml(bad));
      assert.equal(p.kind, 'malformed', bad);
      assert.ok(p.message.length > 0);
    }
  });

  test('empty input, as string and as bytes', () => {
    assert.equal(problem(parseXml('')).kind, 'empty');
    assert.equal(problem(parseXml(new Uint8Array(0))).kind, 'empty');
  });

  test('over maxBytes is refused before parsing (a malformed document over the limit says too-large)', () => {
    const junk = Buffer.alloc(2048, 0x3c); // "<<<<": would be malformed if it were parsed
    const p = problem(parseXml(junk, { maxBytes: 1024 }));
    assert.equal(p.kind, 'too-large');
    assert.match(p.message, /2048 bytes exceeds the limit of 1024 bytes/);
  });

  test('maxBytes counts bytes, not characters; the limit itself is allowed', () => {
    const doc = '<a>éé</a>'; // 9 characters, 11 bytes
    assert.equal(Buffer.byteLength(doc), 11);
    assert.equal(problem(parseXml(doc, { maxBytes: 10 })).kind, 'too-large');
    assert.equal(ok(parseXml(doc, { maxBytes: 11 })).text, 'éé');
  });

  test('the default limit is 16 MiB and a document just over it is refused without being parsed', () => {
    assert.equal(DEFAULT_MAX_BYTES, 16 * 1024 * 1024);
    const big = Buffer.alloc(DEFAULT_MAX_BYTES + 1, 0x20);
    const t0 = performance.now();
    assert.equal(problem(parseXml(big)).kind, 'too-large');
    assert.ok(performance.now() - t0 < 1000);
  });

  test('binary junk', () => {
    const junk = new Uint8Array(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
    for (const input of [junk, new Uint8Array([0, 0, 0, 0]), new Uint8Array([0xff, 0xfe, 0x00, 0xd8]), new Uint8Array([0x89, 0x50, 0x4e, 0x47])]) {
      const p = problem(parseXml(input));
      assert.equal(p.kind, 'malformed');
    }
  });

  test('a UTF-8 BOM document parses', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(serializeXml({ ns: A, name: 'r', children: [leaf(A, 'c', 'x')] }, { prefixes: { [A]: '' } }), 'utf8')]);
    const root = ok(parseXml(bytes));
    assert.equal(clark(root), `{${A}}r`);
    assert.equal(root.line, 2);
  });

  test('deep nesting: 10,000 levels gives a problem (libxml2 depth limit 256), not a crash', () => {
    const depth = 10_000;
    const doc = '<a>'.repeat(depth) + '</a>'.repeat(depth);
    const p = problem(parseXml(doc));
    // recorded behaviour: libxml2 refuses documents deeper than 256 levels without XML_PARSE_HUGE
    assert.equal(p.kind, 'malformed');
    assert.match(p.message, /depth/i);
  });

  test('nesting up to the depth limit parses, one level past it does not', () => {
    const nested = (n: number): XElement => (n === 1 ? { ns: '', name: 'a' } : { ns: '', name: 'a', children: [nested(n - 1)] });
    let node = ok(parseXml(serializeXml(nested(256), { pretty: false })));
    let levels = 1;
    while (node.children[0]) {
      node = node.children[0];
      levels++;
    }
    assert.equal(levels, 256);
    // one level more: hostile input, serializeXml writes it but libxml2 will not read it back
    assert.equal(problem(parseXml(serializeXml(nested(257), { pretty: false }))).kind, 'malformed');
  });

  test('a very wide document (many siblings) parses with correct indexes', () => {
    const n = 5000;
    const root = ok(parseXml(serializeXml({ ns: '', name: 'r', children: Array.from({ length: n }, () => ({ ns: '', name: 'i' })) }, { pretty: false })));
    assert.equal(root.children.length, n);
    assert.equal(root.children[n - 1]!.path, `/r/i[${n}]`);
  });

  test('many attributes and long names do not crash', () => {
    const attrs = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`a${i}`, String(i)]));
    const longName = 'x'.repeat(10_000);
    const root = ok(parseXml(serializeXml({ ns: '', name: 'r', attrs, children: [{ ns: '', name: longName }] })));
    assert.equal(Object.keys(root.attrs).length, 2000);
    assert.equal(root.children[0]!.name, longName);
  });

  test('duplicate attribute and undeclared prefix are malformed', () => {
    assert.equal(problem(parseXml('<a x="1" x="2"/>')).kind, 'malformed');
    const undeclared = parseXml('<p:a/>');
    // libxml2 reports an undeclared prefix as a namespace error; either outcome must not throw
    if (!undeclared.ok) assert.equal(undeclared.problem.kind, 'malformed');
  });
});

// ---------------------------------------------------------------------------------------------
describe('parseXml reads libxml2 structures (issue 18, cheaper XML)', () => {
  test('the structure reader is in use (a libxml2-wasm build it cannot read would fall back to node objects, slower)', () => {
    assert.equal(TREE_READER, 'structures');
  });

  test('every fixture message and every tricky construct gives the tree of the node-by-node reader', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { repoPath } = await import('../src/paths.ts');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith('.xml')) files.push(p);
      }
    };
    walk(repoPath('fixtures', 'messages'));
    assert.ok(files.length > 10);
    const inputs: (string | Buffer)[] = [
      ...files.map((f) => readFileSync(f)),
      '<a xmlns:p="urn:p"><p:b/><q:b xmlns:q="urn:p"/><b xmlns="urn:p"/></a>',
      '<a>t&amp;<!-- c --><![CDATA[<raw> & ]]>&lt;u&gt;<b>inner</b>v<?pi x?>w</a>',
      '<a x="1" p:y="&quot;2&quot; &#10;" xmlns:p="urn:p" z="\t"><b p:y="é€𝄞"/></a>',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a b="é">é€<c/>x</a>', 'utf16le')]),
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a b="\xe9">\xe9</a>', 'latin1'),
      `<r>${Array.from({ length: 300 }, (_, i) => `<e${i % 7} a${i % 3}="${'v'.repeat(i)}">${'t'.repeat(i * 3)}</e${i % 7}>`).join('\n')}</r>`,
    ];
    let trees = 0;
    let outer = 0;
    for (const input of inputs) {
      const label = typeof input === 'string' ? input.slice(0, 80) : String(input.byteLength);
      const reference = parseXmlByNodeObjects(input);
      const r = parseXml(input);
      assert.equal(r.ok, reference.ok, label);
      if (!r.ok || !reference.ok) continue; // the defective fixtures: a problem both ways
      trees++;
      assert.deepEqual(plain(r.root), plain(reference.root), label);
      // the schema path's pointer reader (ParsedDocument) against libxml2-wasm's node objects of the same document
      const seen = withParsedDocument(input, (doc) => {
        const byPointer = (p: number): unknown => ({ ns: doc.ns(p), name: doc.name(p), children: doc.children(p).map(byPointer) });
        const byObjects = (e: XmlElement): unknown => ({
          ns: e.namespaceUri,
          name: e.name,
          children: e.find('child::*').filter((c): c is XmlElement => c instanceof XmlElement).map(byObjects),
        });
        assert.deepEqual(byPointer(doc.root()), byObjects(doc.xml.root), label);
        return true;
      });
      if (seen.ok) outer++;
    }
    assert.ok(trees > 10 && outer === trees);
  });

  test('a path asked for first deep in the tree is the path its ancestors give', () => {
    const xml = '<p:a xmlns:p="urn:p"><b/><p:c/><b><x/><x><y/></x></b></p:a>';
    const deep = ok(parseXml(xml)).children[2]!.children[1]!.children[0]!;
    assert.equal(deep.path, '/p:a/b[2]/x[2]/y[1]');
    assert.equal(ok(parseXml(xml)).children[1]!.path, '/p:a/p:c[1]');
    assert.deepEqual(plain(ok(parseXml(xml))), plain(ok(parseXmlByNodeObjects(xml))));
  });

  test('a node materialises its children once: the same objects on every access, frozen', () => {
    const root = ok(parseXml('<a><b><c/></b><b/></a>'));
    assert.equal(root.children, root.children);
    assert.equal(root.children[0]!.children[0], root.children[0]!.children[0]);
    assert.ok(Object.isFrozen(root.children[0]!) && Object.isFrozen(root.children[0]!.attrs) && Object.isFrozen(root.children[0]!.children));
  });

  test('a tree stays readable after its libxml2 document is gone (nothing of it is read later from WebAssembly memory)', () => {
    const root = ok(parseXml('<a x="1"><b>t</b><c y="2">u</c></a>'));
    releaseParsedDocument();
    for (let i = 0; i < 50; i++) parseXml(`<z${i}><y>${'w'.repeat(i * 100)}</y></z${i}>`);
    assert.deepEqual(plain(root), plain(ok(parseXmlByNodeObjects('<a x="1"><b>t</b><c y="2">u</c></a>'))));
  });

  test('the same input is parsed once by consecutive readers; another input, or the same bytes in another buffer, again', () => {
    releaseParsedDocument();
    const b = Buffer.from('<a><b/></a>');
    const before = documentParses();
    ok(parseXml(b));
    ok(parseXml(b));
    assert.equal(documentParses() - before, 1);
    ok(parseXml(Buffer.from('<a><b/></a>')));
    assert.equal(documentParses() - before, 2);
    const s = '<a><c/></a>';
    ok(parseXml(s));
    ok(parseXml(`<a><c/></a>`));
    assert.equal(documentParses() - before, 3, 'an equal string is the same input');
    assert.equal(problem(parseXml('<a>')).kind, 'malformed');
    assert.equal(problem(parseXml('<a>')).kind, 'malformed');
    assert.ok(ok(parseXml(s)));
  });
});

// ---------------------------------------------------------------------------------------------
describe('serializeXml writes what libxml2 writes (issue 18: a string, not a DOM made node by node)', () => {
  // characters around every rule: escapes, whitespace, non-ASCII, and those only the DOM writes (controls, surrogates)
  const safe = ['a', 'Z', ' ', '&', '<', '>', '"', "'", '\n', '\r', '\t', ']', 'é', '€', '\u0085', '\u2028', '\u007f'];
  const unsure = ['\u0001', '\u001f', '\ufffe', '\ud800', '\ud834\udd1e'];
  const tree = (all: boolean): fc.Memo<XElement> => {
    const text = fc.array(fc.constantFrom(...safe, ...(all ? unsure : [])), { maxLength: 8 }).map((a) => a.join(''));
    const name = fc.constantFrom('a', 'b', 'Reading', 'x-y', 'n.1', '_u', ...(all ? ['bad name', '1x'] : []));
    const ns = fc.constantFrom('', 'urn:a', 'urn:b', 'http://iec.ch/TC57/2011/MeterReadings#', ...(all ? ['urn:odd&x', 'urn:q"'] : []));
    const attr = fc.constantFrom('id', 'kind', 'xml:lang', 'z', ...(all ? ['p:x', 'xmlns'] : []));
    const element: fc.Memo<XElement> = fc.memo((n) =>
      fc.record(
        {
          ns,
          name,
          attrs: fc.dictionary(attr, fc.option(text, { nil: undefined }), { maxKeys: 3 }),
          text: fc.option(text, { nil: undefined }),
          children: n > 1 ? fc.array(fc.oneof(element(n - 1), fc.constant(undefined), fc.constant(false as const)), { maxLength: 4 }) : fc.constant([]),
        },
        { requiredKeys: ['ns', 'name'] },
      ),
    );
    return element;
  };
  const maps: Record<string, string>[] = [{}, { 'urn:a': '' }, { 'urn:a': 'a', 'urn:b': 'ns1' }, { 'urn:b': '' }];
  const declares: Record<string, string>[] = [{}, { 'urn:q': 'q' }, { 'urn:a': 'pa' }];
  const options = fc.record({
    pretty: fc.option(fc.boolean(), { nil: undefined }),
    prefixes: fc.option(fc.constantFrom(...maps), { nil: undefined }),
    declare: fc.option(fc.constantFrom(...declares), { nil: undefined }),
  });

  const same = (t: XElement, o: Parameters<typeof serializeXml>[1]) => {
    let viaDom: string | Error;
    try {
      viaDom = serializeXmlThroughDom(t, o);
    } catch (e) {
      viaDom = e as Error;
    }
    if (viaDom instanceof Error) assert.throws(() => serializeXml(t, o));
    else assert.equal(serializeXml(t, o), viaDom);
  };

  test('random trees of what the direct writer writes (names, namespaces, escapes, whitespace, non-ASCII): the DOM\'s text', () => {
    fc.assert(fc.property(tree(false)(4), options, same), { numRuns: 500 });
  });

  test('random trees with what only the DOM writes (controls, surrogates, odd names and URIs): the same text', () => {
    fc.assert(
      fc.property(tree(true)(4), options, (tree, o) => {
        let viaDom: string | Error;
        try {
          viaDom = serializeXmlThroughDom(tree, o);
        } catch (e) {
          viaDom = e as Error;
        }
        if (viaDom instanceof Error) assert.throws(() => serializeXml(tree, o));
        else assert.equal(serializeXml(tree, o), viaDom);
      }),
      { numRuns: 400 },
    );
  });

  test('deep nesting (indentation stops at 30 levels, as libxml2 does)', () => {
    let e: XElement = { ns: A, name: 'leaf', text: 'x' };
    for (let i = 0; i < 40; i++) e = { ns: i % 2 ? A : B, name: `l${i}`, children: [e, { ns: A, name: 'e' }] };
    assert.equal(serializeXml(e), serializeXmlThroughDom(e));
    assert.equal(serializeXml(e, { pretty: false }), serializeXmlThroughDom(e, { pretty: false }));
  });
});
