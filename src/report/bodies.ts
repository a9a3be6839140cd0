/**
 * Bodies of messages, stored once per run under <run folder>/bodies/<sha256>.<ext>, and bounded excerpts of them for
 * attachments and reports. A 16 MB reply is written to disk once; Cucumber's formatters (HTML, messages, JUnit),
 * each of which keeps its own copy of every attachment, get an excerpt with the length and the digest.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** bodies up to this size are attached whole; larger ones as an excerpt of this many bytes */
export const ATTACH_WHOLE_BYTES = 64 * 1024;

export interface StoredBody {
  bytes: number;
  sha256: string;
  /** relative to the reports folder, e.g. bodies/<sha256>.xml; absent when the run's budget for bodies was spent */
  file?: string;
}

/**
 * The most a process writes under the bodies/ of one run folder (CIM9_BODIES_MAX_MB, default 512 MiB): a SUT that answers every request
 * with 16 MB would otherwise fill the disk; beyond it a body is named by its length and digest only.
 */
export function bodiesBudgetBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env['CIM9_BODIES_MAX_MB'] ?? '512');
  return (Number.isFinite(mb) && mb >= 0 ? mb : 512) * 1024 * 1024;
}

/** bytes written per run folder (a process may run several runs one after another: src/cli/cucumber-here.ts) */
const written = new Map<string, number>();

/** write a body once (named by its digest) under <reportsDir>/bodies/, within the run's budget */
export function storeBody(reportsDir: string, body: Buffer | string, ext = 'xml'): StoredBody {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const file = join('bodies', `${sha256}.${ext}`);
  const abs = join(reportsDir, file);
  const before = written.get(reportsDir) ?? 0;
  if (before + buf.byteLength > bodiesBudgetBytes()) return existsSync(abs) ? { bytes: buf.byteLength, sha256, file } : { bytes: buf.byteLength, sha256 };
  // one system call in the common case: create it ('wx'), or learn that it is there (the same bytes: named by
  // their digest); the folder is made only when it is missing
  if (!createOnce(abs, buf)) return { bytes: buf.byteLength, sha256, file };
  written.set(reportsDir, before + buf.byteLength);
  return { bytes: buf.byteLength, sha256, file };
}

/** write `buf` to a new file `abs` (its folder made when missing); false when the file was already there */
function createOnce(abs: string, buf: Buffer): boolean {
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(abs, buf, { flag: 'wx' });
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'ENOENT' || attempt) throw e;
      mkdirSync(dirname(abs), { recursive: true });
    }
  }
}

/**
 * What to attach for a body: the body itself when it is small, else its first ATTACH_WHOLE_BYTES bytes (cut at a
 * character boundary) preceded by a line with its length, digest and where the whole body is.
 */
export function attachableBody(body: Buffer, stored?: StoredBody): { text: string; excerpt: boolean } {
  if (body.byteLength <= ATTACH_WHOLE_BYTES) return { text: body.toString('utf8'), excerpt: false };
  const sha = stored?.sha256 ?? createHash('sha256').update(body).digest('hex');
  const head = body.subarray(0, ATTACH_WHOLE_BYTES).toString('utf8').replace(/\ufffd$/, '');
  const where = stored?.file ? `, the whole body is ${stored.file} in the reports folder` : stored ? ', not stored: the run reached its limit for stored bodies (CIM9_BODIES_MAX_MB)' : '';
  return {
    text: `[excerpt: the first ${ATTACH_WHOLE_BYTES} of ${body.byteLength} bytes, sha256 ${sha}${where}]\n${head}\n[… ${body.byteLength - ATTACH_WHOLE_BYTES} more bytes]`,
    excerpt: true,
  };
}
