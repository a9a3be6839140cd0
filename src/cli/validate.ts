/**
 * `cim9 validate [--edition 2013|2024|draft-2011] [--strict] [--format text|json] [--profile FILE] [--assume ID=VALUE]...
 *                [--conversation] [--soap-action URI] [--max-bytes N] FILE...`
 *
 * Checks message files by hand with the rules the scenarios use (src/checks/message.ts): each FILE (a bare
 * payload, an IEC 61968-100 envelope or a SOAP message) goes through XML, the schema pack of the edition, then
 * every rule that needs no request context. `--conversation` also checks the files as the messages of one
 * exchange, in the order given (identity consistency, MessageID reuse, CorrelationID of replies).
 *
 * Output: one finding per line, `file:line: severity rule-id: message (XPath)`, or with `--format json` a JSON
 * array of { file, findings }. Exit code: 0 no error, 1 errors, 2 usage error or unreadable input.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { checkConversation, checkGeneration, checkMessage, contextFor, generationOfWire, type ConversationEntry } from '../checks/index.ts';
import { formatFinding, type Finding } from '../checks/finding.ts';
import { describeAssumptionValue, editionGeneration, generationsAccepted, loadProfile, ProfileError, resolveAssumptions, validateAssumptions, AssumptionError, type AssumptionValue, type Profile } from '../profile/index.ts';
import { defaultPackDir, loadPack, loadSchemaPack, SchemaPackError, type SchemaPack } from '../schema/index.ts';
import { readMessage } from '../message/index.ts';
import { DEFAULT_MAX_BYTES } from '../xml/index.ts';

export interface ValidateCliOptions {
  edition?: string;
  strict?: boolean;
  format?: string;
  profile?: string;
  /** ID=VALUE overrides (VALUE in YAML: a token, a list [a, b] or a map {k: v}) */
  assume?: string[];
  conversation?: boolean;
  soapAction?: string;
  maxBytes?: string;
}

export interface ValidateIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: ValidateIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

class Usage extends Error {}

const EDITIONS = ['2013', '2024', 'draft-2011'] as const;
type CliEdition = (typeof EDITIONS)[number];

function parseAssume(items: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const i = item.indexOf('=');
    if (i <= 0) throw new Usage(`--assume needs ID=VALUE (e.g. --assume ENV-09=strict), got "${item}"`);
    const id = item.slice(0, i).trim();
    const text = item.slice(i + 1).trim();
    let value: unknown = text;
    try {
      value = parseYaml(text) ?? text;
    } catch {
      value = text;
    }
    out[id] = value;
  }
  return out;
}

/** the pack of the edition, with the profile's `schemas:` folder on top when the profile is of that edition (src/schema loadPack) */
function packFor(edition: CliEdition, profile: Profile | undefined, register: Readonly<Record<string, unknown>>): SchemaPack {
  const schemas = profile?.schemas && profile.edition === edition ? profile.schemas : undefined;
  const own = defaultPackDir(edition, { 'ENV-02': String(register['ENV-02'] ?? 'off') });
  if (!existsSync(own)) {
    throw new Usage(
      edition === '2013'
        ? `the schema pack of edition 2013 is missing (${own})`
        : `edition ${edition} has no schema pack yet: ${own} does not exist (the project ships the 2013 pack); give a pack folder with a profile (edition: "${edition}", schemas: DIR)`,
    );
  }
  try {
    return loadPack({ edition, schemas, assumptions: register });
  } catch (e) {
    if (e instanceof SchemaPackError) throw new Usage(`the schema pack of edition ${edition}${schemas ? ` with ${schemas}` : ''} cannot be used: ${e.message}`);
    throw e;
  }
}

/** the bytes of each file, or the reason it cannot be read (missing, a directory, over the size limit) */
function readInputs(files: readonly string[], maxBytes: number): { file: string; bytes?: Buffer; problem?: string }[] {
  return files.map((file) => {
    try {
      const st = statSync(file);
      if (st.isDirectory()) return { file, problem: 'is a directory, not a message file' };
      if (!st.isFile()) return { file, problem: 'is not a regular file' };
      if (st.size > maxBytes) return { file, problem: `is ${st.size} bytes, over the size limit of ${maxBytes} bytes (--max-bytes)` };
      return { file, bytes: readFileSync(file) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { file, problem: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${(e as Error).message})` };
    }
  });
}

/** findings say "<label>: …" so that they read well in scenario reports; in a file listing the file is already named */
function unlabel(f: Finding, file: string): Finding {
  const prefix = `${file}: `;
  return { ...f, file, message: f.message.startsWith(prefix) ? f.message.slice(prefix.length) : f.message };
}

export async function validate(files: readonly string[], o: ValidateCliOptions, io: ValidateIo = defaultIo): Promise<number> {
  try {
    return run(files, o, io);
  } catch (e) {
    if (e instanceof Usage || e instanceof ProfileError || e instanceof AssumptionError) {
      io.err(`cim9 validate: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function run(files: readonly string[], o: ValidateCliOptions, io: ValidateIo): number {
  const format = o.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new Usage(`--format must be text or json, not "${format}"`);
  if (o.edition !== undefined && !(EDITIONS as readonly string[]).includes(o.edition)) throw new Usage(`--edition must be 2013, 2024 or draft-2011, not "${o.edition}"`);
  if (!files.length) throw new Usage('no FILE given');
  let maxBytes = DEFAULT_MAX_BYTES;
  if (o.maxBytes !== undefined) {
    maxBytes = Number(o.maxBytes);
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new Usage(`--max-bytes must be a positive number of bytes, not "${o.maxBytes}"`);
  }
  const extra = parseAssume(o.assume ?? []);
  const profile = o.profile ? loadProfile(o.profile, { extraAssumptions: extra }) : undefined;
  // what the loader says of the profile (capabilities: is deprecated), one line each, as `cim9 run` prints it
  for (const w of profile?.warnings ?? []) io.err(`cim9: profile ${o.profile}: warning: ${w}\n`);
  if (!profile) {
    const problems = validateAssumptions(extra);
    if (problems.length) throw new Usage(problems.map((p) => `--assume ${p.message}`).join('\n'));
  }
  if (profile && o.maxBytes === undefined) maxBytes = profile.sut.maxReplyBytes;
  const strict = !!o.strict || !!profile?.strict;
  const edition = (o.edition ?? profile?.edition ?? '2013') as CliEdition;
  // ENV-01 in force: the generation of the edition validated against, unless the profile or --assume names others
  const register = resolveAssumptions({ 'ENV-01': editionGeneration(edition), ...(profile?.assumptionOverrides ?? {}), ...extra }, { strict }) as Readonly<Record<string, AssumptionValue>>;

  const inputs = readInputs(files, maxBytes);
  const unreadable = inputs.filter((i) => i.problem);
  if (unreadable.length) {
    for (const u of unreadable) io.err(`cim9 validate: ${u.file}: ${u.problem}\n`);
    return 2;
  }
  const pack = packFor(edition, profile, register);
  const common = { pack, edition, strict, assumptions: register, skewSeconds: profile?.timeouts.clockSkewSeconds, soapAction: o.soapAction, maxBytes };
  // ENV-01: a file of another generation ENV-01 accepts is validated against that generation's pack (2013 or
  // draft-2011), with an info finding saying so; one ENV-01 does not accept is an ENV-GENERATION error (checkMessage)
  const accepted = generationsAccepted(register['ENV-01']);
  const expected = editionGeneration(edition);
  const otherPacks = new Map<string, SchemaPack>();
  const results = inputs.map((i) => {
    const r = readMessage(i.bytes!, { maxBytes });
    const speaks = r.ok ? generationOfWire(r.wire) : undefined;
    if (!r.ok || !speaks || speaks === expected || !accepted.includes(speaks) || (speaks !== '2013' && speaks !== 'draft-2011')) {
      return { file: i.file, findings: checkMessage(i.bytes!, { ...common, label: i.file }) };
    }
    if (!otherPacks.has(speaks)) otherPacks.set(speaks, packFor(speaks, undefined, register));
    const note = checkGeneration(r.wire, { expected, accepted, env01: describeAssumptionValue(register['ENV-01']!), label: i.file, offline: true });
    const findings = checkMessage(i.bytes!, { ...common, pack: otherPacks.get(speaks)!, label: i.file });
    return { file: i.file, findings: note ? [{ ...note, message: `${note.message}; validated against the ${speaks} schema pack` }, ...findings] : findings };
  });

  if (o.conversation) {
    const ctx = contextFor({ ...common, label: 'conversation' });
    const entries: ConversationEntry[] = [];
    for (const i of inputs) {
      const r = readMessage(i.bytes!, { maxBytes });
      if (!r.ok) continue;
      const m = r.wire.message ?? (r.wire.soap === 'none' ? r.wire.root : r.wire.fault?.detail);
      if (m) entries.push({ label: i.file, message: m });
    }
    // identity within one message is already part of checkMessage
    const across = checkConversation(entries, ctx, { withinMessages: false });
    for (const f of across) results.find((r) => r.file === f.file)?.findings.push(f);
  }

  const byLine = (a: Finding, b: Finding) => (a.line ?? 0) - (b.line ?? 0);
  const shown = results.map((r) => ({ file: r.file, findings: r.findings.map((f) => unlabel(f, r.file)).sort(byLine) }));
  const all = shown.flatMap((r) => r.findings);
  if (format === 'json') {
    io.out(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    for (const r of shown) for (const f of r.findings) io.out(`${formatFinding(f)}\n`);
    const count = (s: string) => all.filter((f) => f.severity === s).length;
    io.err(`cim9 validate: ${shown.length} file(s), edition ${edition}${strict ? ' (strict)' : ''}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info\n`);
  }
  return all.some((f) => f.severity === 'error') ? 1 : 0;
}
