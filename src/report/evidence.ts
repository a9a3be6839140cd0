/**
 * The evidence bundle of a run, <run>/evidence.tar, and its check (`cim9 verify`).
 *
 * A POSIX tar archive (src/report/tar.ts) holding, in this order:
 *   manifest.json    format, suite version, run id, signer fingerprint, message count, and the size and sha256 of
 *                    every other member (all but manifest.json and manifest.sig)
 *   manifest.sig     the Ed25519 signature (node:crypto) of manifest.json's bytes, base64, one line
 *   key.pub.pem      the signer's public key (SPKI PEM); its fingerprint is named in the conformance statement
 *   conformance.md, conformance.json   the statement, with a section naming the bundle and its key
 *   conformance.html   the statement for people (src/report/statement-html.ts), when the run wrote it
 *   profile.json     the profile in force, credentials removed (every field named like a password, secret, token,
 *                    key, authorization, cookie, credential, passphrase; user:password in URLs) → "[removed]"
 *   schemas.json     the schema pack(s) of the profile: digest of each layer and sha256 of each file
 *   requirements.json the requirement catalogue of the suite that ran (cim9 requirements --format json)
 *   overlay.yaml     the utility overlay the run applied (cim9 run --overlay), as its file was, when there was one
 *   messages.ndjson  every message exchanged, in order: time, direction (sent: suite → SUT; received: SUT → suite),
 *                    scenario, label, URL, SOAPAction, HTTP status, content type, length, sha256, and its bytes' member
 *   bodies/<sha256>.xml  the raw bytes of each message, once per distinct content (as stored during the run)
 * A message beyond the run's budget for stored bodies (CIM9_BODIES_MAX_MB) is listed with length and digest only.
 *
 * The key: the profile's evidence.signingKey (a PEM PKCS#8 Ed25519 private key), else the lab key
 * ~/.cim9/evidence-ed25519.pem (CIM9_HOME moves ~/.cim9), made on first use with mode 0600 beside its public key
 * evidence-ed25519.pub.pem. The private key never enters a report.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import type { Profile } from '../profile/index.ts';
import { defaultPackDir } from '../schema/index.ts';
import { scanPack } from '../schema/catalog.ts';
import { REPO_ROOT } from '../paths.ts';
import { readMessageLog, type ExchangeLogEntry } from './exchanges.ts';
import { readTar, safeTarName, writeTar, type TarSource } from './tar.ts';

export const BUNDLE_FILE = 'evidence.tar';
export const BUNDLE_FORMAT = 'cim9-evidence/1';
/** the requirement catalogue of the suite that ran, in the run folder and the bundle (src/cli/requirements.ts requirementsJson) */
export const REQUIREMENTS_FILE = 'requirements.json';
const MANIFEST = 'manifest.json';
const SIGNATURE = 'manifest.sig';
const PUBLIC_KEY = 'key.pub.pem';
const LAB_KEY = 'evidence-ed25519.pem';
const LAB_PUBLIC_KEY = 'evidence-ed25519.pub.pem';
export const REMOVED = '[removed]';

/** bad input to `cim9 verify` (unreadable bundle or key): exit 2 */
export class EvidenceInputError extends Error {}

// ------------------------------------------------------------------------------------------------------------------
// keys

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  fingerprint: string;
  /** where it came from, for the statement */
  source: string;
  /** the lab key's public key file (for `cim9 verify --key`) */
  publicKeyFile?: string;
}

/** where the lab key lives: $CIM9_HOME, else ~/.cim9 */
export function labKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['CIM9_HOME'] ? resolve(env['CIM9_HOME']) : join(homedir(), '.cim9');
}

/** "ed25519:" and the sha256 of the public key's SPKI DER, in hex */
export function fingerprint(publicKey: KeyObject): string {
  return `ed25519:${createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex')}`;
}

function ed25519Private(pem: Buffer, where: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${where}: a ${key.asymmetricKeyType} key, not an Ed25519 one`);
  return key;
}

/** the key that signs this run's bundle: the profile's evidence.signingKey, else the lab key (made on first use) */
export function signingKey(profile: Pick<Profile, 'evidence'>, env: NodeJS.ProcessEnv = process.env): SigningKey {
  const given = profile.evidence?.signingKey;
  let privateKey: KeyObject;
  let source: string;
  if (given) {
    privateKey = ed25519Private(readFileSync(given), given);
    source = `the profile's evidence.signingKey (${given})`;
  } else {
    const dir = labKeyDir(env);
    const file = join(dir, LAB_KEY);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const pair = generateKeyPairSync('ed25519');
      try {
        // 'wx': two runs starting at once make one key, not two
        writeFileSync(file, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
        writeFileSync(join(dir, LAB_PUBLIC_KEY), pair.publicKey.export({ format: 'pem', type: 'spki' }));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    privateKey = ed25519Private(readFileSync(file), file);
    source = `the lab key ${file}`;
  }
  const publicKey = createPublicKey(privateKey);
  const publicKeyFile = given ? undefined : join(labKeyDir(env), LAB_PUBLIC_KEY);
  return { privateKey, publicKey, fingerprint: fingerprint(publicKey), source, ...(publicKeyFile && existsSync(publicKeyFile) ? { publicKeyFile } : {}) };
}

// ------------------------------------------------------------------------------------------------------------------
// what goes in

const SECRET_NAME = /pass(word|phrase)?|secret|token|key|auth|cookie|credential|pfx|private|session|signature/i;

/** a copy of `value` with every field whose name looks like a credential replaced by "[removed]", and user:password of URLs */
export function redactCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactCredentials);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_NAME.test(k) ? REMOVED : redactCredentials(v);
    return out;
  }
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(value)) return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, `$1${REMOVED}@`);
  return value;
}

/** the schema pack(s) of the profile: each layer's digest and its files' sha256 */
export function schemaDigests(profile: Pick<Profile, 'edition' | 'schemas' | 'assumptions'>): unknown {
  const own = defaultPackDir(profile.edition, { 'ENV-02': String((profile.assumptions as Record<string, unknown>)['ENV-02'] ?? 'off') });
  const layers: unknown[] = [];
  const describe = (dir: string, origin: 'own' | 'user', external?: ReadonlySet<string>) => {
    try {
      const scan = scanPack(dir, external ? { external } : {});
      layers.unshift({ origin, dir: origin === 'own' ? relative(REPO_ROOT, scan.dir) : scan.dir, digest: scan.digest, files: scan.files.map((f) => ({ path: f.relPath, namespace: f.namespace, bytes: f.bytes, sha256: f.sha256 })) });
      return scan;
    } catch (e) {
      layers.unshift({ origin, dir, problem: (e as Error).message });
      return undefined;
    }
  };
  const base = describe(own, 'own');
  if (profile.schemas) describe(profile.schemas, 'user', new Set(base?.files.map((f) => f.namespace) ?? []));
  return { edition: profile.edition, layers };
}

/** the read buffer of sha256OfFile, allocated once (not 1 MiB per message body: thousands of them per run) */
let hashBuffer: Buffer | undefined;

function sha256OfFile(file: string): { sha256: string; bytes: number } {
  const h = createHash('sha256');
  const fd = openSync(file, 'r');
  const buf = (hashBuffer ??= Buffer.allocUnsafe(1024 * 1024));
  let bytes = 0;
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, bytes)) > 0; bytes += n) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return { sha256: h.digest('hex'), bytes };
}

/** a line of messages.ndjson: the session's log entry, its body by size, digest and member, and its place in the run */
interface MessageLine extends Omit<ExchangeLogEntry, 'body' | 'pid' | 'n'> {
  seq: number;
  bytes: number;
  sha256: string;
  /** the member holding the bytes; null: not stored (the run's budget for bodies was spent) */
  file: string | null;
}

/** every message of the run, in order (the session's log: src/report/exchanges.ts) */
function messagesOf(reportsDir: string): MessageLine[] {
  const all: Omit<MessageLine, 'seq'>[] = [];
  for (const m of readMessageLog(reportsDir)) {
    const { body, pid: _pid, n: _n, ...rest } = m;
    all.push({ ...rest, bytes: body.bytes, sha256: body.sha256, file: body.file ? body.file.split('\\').join('/') : null });
  }
  return all.map((m, i) => ({ seq: i + 1, ...m }));
}

// ------------------------------------------------------------------------------------------------------------------
// writing

export interface EvidenceResult {
  file: string;
  fingerprint: string;
  members: number;
  messages: number;
}

/**
 * Write <reportsDir>/evidence.tar for the run whose statement is already written: first the statement gets a section
 * naming the bundle and its key (conformance.md, and `evidence` in conformance.json), then the bundle is signed.
 */
export interface EvidenceInput {
  reportsDir: string;
  profile: Profile;
  runId?: string;
  env?: NodeJS.ProcessEnv;
  now?: Date;
  /** called once the statement names the bundle and its key, before the bundle is made (cim9 run: conformance.html) */
  beforeBundle?: () => void;
  /** the utility overlay file the run applied (src/profile/overlay.ts) */
  overlayFile?: string;
}

export function writeEvidence(input: EvidenceInput): EvidenceResult {
  const prepared = prepareEvidence(input);
  input.beforeBundle?.();
  return sealEvidence(prepared);
}

/**
 * writeEvidence for a caller whose last reports take time to make (cim9 run: conformance.html, then conformance.pdf
 * printed by Chromium): the statement names the bundle, `beforeBundle` writes those reports, then the bundle is made
 * and holds them
 */
export async function writeEvidenceAfter(input: Omit<EvidenceInput, 'beforeBundle'>, beforeBundle: () => Promise<void>): Promise<EvidenceResult> {
  const prepared = prepareEvidence(input);
  await beforeBundle();
  return sealEvidence(prepared);
}

type PreparedEvidence = ReturnType<typeof prepareEvidence>;

/** the first half of writeEvidence: the key, the messages, and the statement's section naming the bundle */
function prepareEvidence(input: Omit<EvidenceInput, 'beforeBundle'>) {
  const { reportsDir, profile } = input;
  const key = signingKey(profile, input.env);
  const now = input.now ?? new Date();
  const messages = messagesOf(reportsDir);
  const out = join(reportsDir, BUNDLE_FILE);
  const verifyHint = `cim9 verify ${relative(process.cwd(), out) || out} --key ${key.publicKeyFile ?? 'PUB.pem'}`;
  // the statement names the bundle and its key (written before the bundle is made: the bundle holds the statement)
  const mdFile = join(reportsDir, 'conformance.md');
  if (existsSync(mdFile)) {
    const md = [
      '',
      '## Evidence bundle',
      '',
      `- ${BUNDLE_FILE} in this run's folder: this statement, the ${messages.length} message(s) exchanged (raw bytes, in order, with time and direction), the profile with credentials removed, the schema packs' digests, and a manifest of the sha256 of every file`,
      `- The manifest is signed with Ed25519 by the key with fingerprint \`${key.fingerprint}\` (${key.source})`,
      `- Check it with \`${verifyHint}\` (exit 0: intact)${key.publicKeyFile ? '' : '; PUB.pem is the public half of the signing key (openssl pkey -in KEY -pubout -out PUB.pem), also in the bundle as key.pub.pem'}`,
      '',
    ];
    writeFileSync(mdFile, readFileSync(mdFile, 'utf8') + md.join('\n'));
  }
  const jsonFile = join(reportsDir, 'conformance.json');
  if (existsSync(jsonFile)) {
    const j = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>;
    j['evidence'] = { bundle: BUNDLE_FILE, format: BUNDLE_FORMAT, signature: 'Ed25519', publicKeyFingerprint: key.fingerprint, messages: messages.length };
    writeFileSync(jsonFile, JSON.stringify(j, null, 2));
  }
  return { input, key, now, messages, out };
}

/** the second half of writeEvidence: the members, the signed manifest and the tar */
function sealEvidence(prepared: PreparedEvidence): EvidenceResult {
  const { input, key, now, messages, out } = prepared;
  const { reportsDir, profile } = input;
  const data = (name: string, text: string): TarSource & { data: Buffer } => ({ name, data: Buffer.from(text, 'utf8') });
  const members: TarSource[] = [data(PUBLIC_KEY, key.publicKey.export({ format: 'pem', type: 'spki' }).toString())];
  for (const f of ['conformance.md', 'conformance.json', 'conformance.html', 'conformance.pdf']) if (existsSync(join(reportsDir, f))) members.push({ name: f, file: join(reportsDir, f) });
  members.push(data('profile.json', JSON.stringify(redactCredentials(profile), null, 2) + '\n'));
  members.push(data('schemas.json', JSON.stringify(schemaDigests(profile), null, 2) + '\n'));
  if (existsSync(join(reportsDir, REQUIREMENTS_FILE))) members.push({ name: REQUIREMENTS_FILE, file: join(reportsDir, REQUIREMENTS_FILE) });
  if (input.overlayFile && existsSync(input.overlayFile)) members.push({ name: 'overlay.yaml', file: input.overlayFile });
  members.push(data('messages.ndjson', messages.map((m) => JSON.stringify(m)).join('\n') + (messages.length ? '\n' : '')));
  const bodies = new Set<string>();
  for (const m of messages) {
    if (m.file && !bodies.has(m.file) && safeTarName(m.file) && existsSync(join(reportsDir, m.file))) {
      bodies.add(m.file);
      members.push({ name: m.file, file: join(reportsDir, m.file) });
    } else if (m.file && !bodies.has(m.file)) m.file = null;
  }

  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const files = members.map((m) => ({ path: m.name, ...('data' in m ? { bytes: m.data.byteLength, sha256: createHash('sha256').update(m.data).digest('hex') } : sha256OfFile(m.file)) }));
  const manifest = {
    format: BUNDLE_FORMAT,
    suite: { name: 'cim9', version: pkg.version },
    ...(input.runId ? { runId: input.runId } : {}),
    createdAt: now.toISOString(),
    profile: profile.name,
    signer: { algorithm: 'Ed25519', fingerprint: key.fingerprint },
    messages: messages.length,
    files,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  const signature = Buffer.from(sign(null, manifestBytes, key.privateKey).toString('base64') + '\n', 'ascii');
  const tmp = join(reportsDir, `.${BUNDLE_FILE}.tmp`);
  rmSync(tmp, { force: true });
  writeTar(tmp, [{ name: MANIFEST, data: manifestBytes }, { name: SIGNATURE, data: signature }, ...members], now.getTime());
  renameSync(tmp, out);
  return { file: out, fingerprint: key.fingerprint, members: members.length + 2, messages: messages.length };
}

/**
 * writeEvidence at the end of `cim9 run`: a bundle that cannot be written (the lab key's folder not writable, the
 * disk full) is said in one line and leaves the run's verdict as it is
 */
export async function writeRunEvidence(input: { reportsDir: string; profile: Profile; runId?: string; overlayFile?: string }, beforeBundle: () => Promise<void> = async () => {}): Promise<{ ok: boolean; line: string }> {
  try {
    const r = await writeEvidenceAfter(input, beforeBundle);
    return { ok: true, line: `cim9: evidence bundle ${relative(process.cwd(), r.file) || r.file} (${r.messages} message(s), ${r.members} files), signed by ${r.fingerprint}` };
  } catch (e) {
    return { ok: false, line: `cim9: no evidence bundle written: ${(e as Error).message.split('\n')[0]} (the key: evidence.signingKey of the profile, or the lab key under ${labKeyDir()})` };
  }
}

// ------------------------------------------------------------------------------------------------------------------
// verifying

export interface Verification {
  ok: boolean;
  /** the bundle file checked */
  file: string;
  /** one line each, naming the member: "conformance.md: changed (...)" */
  problems: string[];
  /** the one-line summary of an intact bundle */
  summary?: string;
}

interface ManifestShape {
  format: string;
  runId?: string;
  signer: { algorithm: string; fingerprint: string };
  messages: number;
  files: { path: string; bytes: number; sha256: string }[];
}

function isManifest(m: unknown): m is ManifestShape {
  const x = m as ManifestShape;
  return (
    !!x && typeof x === 'object' && x.format === BUNDLE_FORMAT && typeof x.signer?.fingerprint === 'string' && Array.isArray(x.files) &&
    x.files.every((f) => f && typeof f.path === 'string' && typeof f.bytes === 'number' && typeof f.sha256 === 'string')
  );
}

/** the members a manifest lists, in the order they were written (none when it cannot be read) */
function manifestPaths(data: Buffer | undefined): string[] {
  try {
    const m = JSON.parse(data?.toString('utf8') ?? '') as unknown;
    return isManifest(m) ? m.files.map((f) => f.path) : [];
  } catch {
    return [];
  }
}

/** read a public key for --key: a PEM public key (or a private key, whose public half is taken), Ed25519 */
export function readPublicKey(file: string): KeyObject {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (e) {
    throw new EvidenceInputError(`--key ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    throw new EvidenceInputError(`--key ${file}: not a PEM public key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new EvidenceInputError(`--key ${file}: a ${key.asymmetricKeyType} key, not an Ed25519 one`);
  return key;
}

/**
 * Check a bundle (the file, or a run folder holding evidence.tar): its structure, the signature of its manifest
 * (with `keyFile`, else with the key the bundle carries), and every member against the manifest.
 * @throws EvidenceInputError when the bundle or the key cannot be read
 */
export function verifyBundle(bundle: string, keyFile?: string): Verification {
  let file = resolve(bundle);
  let st;
  try {
    st = statSync(file);
    if (st.isDirectory()) {
      file = join(file, BUNDLE_FILE);
      st = statSync(file);
    }
  } catch (e) {
    throw new EvidenceInputError(`${bundle}: cannot read it (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message})`);
  }
  if (!st.isFile()) throw new EvidenceInputError(`${bundle}: not a file`);
  if (st.size === 0) throw new EvidenceInputError(`${bundle}: an empty file, not an evidence bundle`);
  const given = keyFile ? readPublicKey(keyFile) : undefined;
  let read;
  try {
    read = readTar(file, (name, size) => (name === MANIFEST || name === SIGNATURE || name === PUBLIC_KEY) && size < 16 * 1024 * 1024);
  } catch (e) {
    throw new EvidenceInputError(`${bundle}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // a damaged header's name cannot be trusted: the member at that place is the one the manifest lists there
  const order = [MANIFEST, SIGNATURE, ...manifestPaths(read.entries[0]?.name === MANIFEST ? read.entries[0].data : undefined)];
  const problems: string[] = read.problems.map((p) => {
    const expected = p.index !== undefined ? order[p.index] : undefined;
    return expected && expected !== p.file ? `${expected}: ${p.message}${p.file === 'the archive' ? '' : ` (its name reads ${p.file})`}` : `${p.file}: ${p.message}`;
  });
  const done = (): Verification => ({ ok: false, file, problems });
  if (problems.length) return done();
  const byName = new Map<string, (typeof read.entries)[number]>();
  for (const e of read.entries) {
    if (byName.has(e.name)) problems.push(`${e.name}: added (a second member of that name)`);
    byName.set(e.name, e);
  }
  const manifestEntry = byName.get(MANIFEST);
  const sigEntry = byName.get(SIGNATURE);
  if (!manifestEntry) problems.push(`${MANIFEST}: removed (the bundle has no manifest)`);
  if (!sigEntry) problems.push(`${SIGNATURE}: removed (the manifest is not signed)`);
  if (!manifestEntry || !sigEntry || problems.length) return done();
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestEntry.data!.toString('utf8'));
  } catch {
    manifest = undefined;
  }
  if (!isManifest(manifest)) {
    problems.push(`${MANIFEST}: changed (no longer a manifest of format ${BUNDLE_FORMAT})`);
    return done();
  }
  // the key: the one given, else the one the bundle carries
  const carriedPem = byName.get(PUBLIC_KEY)?.data;
  let carried: KeyObject | undefined;
  try {
    carried = carriedPem ? createPublicKey(carriedPem) : undefined;
    if (carried && carried.asymmetricKeyType !== 'ed25519') carried = undefined;
  } catch {
    carried = undefined;
  }
  if (!given && !carried) {
    problems.push(`${PUBLIC_KEY}: ${carriedPem ? 'changed (no longer an Ed25519 public key)' : 'removed'}; give the signer's public key with --key`);
    return done();
  }
  const key = given ?? carried!;
  const fp = fingerprint(key);
  const sigText = sigEntry.data!.toString('latin1');
  const sig = Buffer.from(sigText.trim(), 'base64');
  const canonicalSig = sig.toString('base64') + '\n' === sigText && sig.byteLength === 64;
  let good = false;
  try {
    good = canonicalSig && verify(null, manifestEntry.data!, key, sig);
  } catch {
    good = false;
  }
  if (!good) {
    if (given && carried && fingerprint(carried) !== fp) problems.push(`wrong key: ${SIGNATURE} is by the key of ${PUBLIC_KEY} (${fingerprint(carried)}), --key ${keyFile} is ${fp}; the signature does not verify with it`);
    else if (given && fp !== manifest.signer.fingerprint) problems.push(`wrong key: the bundle names the signer ${manifest.signer.fingerprint}, --key ${keyFile} is ${fp}; the signature does not verify with it`);
    else if (!given && fp !== manifest.signer.fingerprint) problems.push(`${PUBLIC_KEY} (or ${MANIFEST}) changed: the key it holds (${fp}) is not the signer ${MANIFEST} names (${manifest.signer.fingerprint}); the signature does not verify`);
    else if (!canonicalSig) problems.push(`${SIGNATURE}: changed (not the base64 of a 64-byte Ed25519 signature)`);
    else problems.push(`${MANIFEST} or ${SIGNATURE} changed: the signature over ${MANIFEST} does not verify with the key ${fp}`);
    return done();
  }
  // the signed manifest against the members
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const e = byName.get(f.path);
    if (!e) problems.push(`${f.path}: removed (listed in the signed manifest, not in the bundle)`);
    else if (e.sha256 !== f.sha256 || e.bytes !== f.bytes) problems.push(`${f.path}: changed (sha256 ${e.sha256}, ${e.bytes} bytes; the signed manifest says ${f.sha256}, ${f.bytes} bytes)`);
  }
  for (const e of read.entries) if (e.name !== MANIFEST && e.name !== SIGNATURE && !listed.has(e.name)) problems.push(`${e.name}: added (not in the signed manifest)`);
  if (problems.length) return done();
  const keyNote = given ? `the key of --key ${basename(keyFile!)}` : `the key the bundle carries (${PUBLIC_KEY}): compare its fingerprint with the statement's, or give --key`;
  return {
    ok: true,
    file,
    problems,
    summary: `OK ${file}: ${manifest.files.length + 2} files intact, ${manifest.messages} message(s)${manifest.runId ? `, run ${manifest.runId}` : ''}, signed by ${fp} (${keyNote})`,
  };
}
