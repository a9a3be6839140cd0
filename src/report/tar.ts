/**
 * A minimal POSIX ustar archive (the format `tar` reads everywhere), written and read here so that every byte of an
 * evidence bundle is accounted for: a header carries a checksum over its 512 bytes, the space after a file's content
 * up to the next 512-byte block must be zero, and after the end marker (two zero blocks) nothing but zeros may
 * follow. Regular files only, names up to 100 bytes of ASCII, no folders entries (a name with '/' is enough for tar).
 * Contents are copied from and to disk in chunks: a large body never sits whole in memory.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';

const BLOCK = 512;
const CHUNK = 1024 * 1024;

/** one member to write: its content from a file on disk or from memory */
export type TarSource = { name: string; file: string } | { name: string; data: Buffer };

export class TarNameError extends Error {}

/** the names a bundle may hold: relative, no "..", printable ASCII, at most 100 bytes */
export function safeTarName(name: string): boolean {
  return name.length > 0 && name.length <= 100 && /^[\x21-\x7e]+$/.test(name) && !name.startsWith('/') && !name.split('/').some((s) => s === '' || s === '.' || s === '..');
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: number): Buffer {
  if (!safeTarName(name)) throw new TarNameError(`not a name a bundle can hold: ${JSON.stringify(name)}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 'ascii');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime / 1000), 12), 136, 'ascii');
  h.fill(0x20, 148, 156);
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('cim9', 265, 'ascii');
  h.write('cim9', 297, 'ascii');
  h.write(checksumField(h), 148, 'ascii');
  return h;
}

function checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum;
}

function checksumField(h: Buffer): string {
  return checksum(h).toString(8).padStart(6, '0') + '\0 ';
}

/** write `members` in order as a ustar archive to `out` (created or truncated); returns its size in bytes */
export function writeTar(out: string, members: readonly TarSource[], mtime = Date.now()): number {
  const fd = openSync(out, 'w', 0o644);
  let total = 0;
  const put = (b: Buffer) => {
    writeSync(fd, b);
    total += b.byteLength;
  };
  try {
    const buf = Buffer.alloc(CHUNK);
    for (const m of members) {
      if ('data' in m) {
        put(header(m.name, m.data.byteLength, mtime));
        put(m.data);
        pad(m.data.byteLength, put);
        continue;
      }
      const src = openSync(m.file, 'r');
      try {
        const size = fstatSync(src).size;
        put(header(m.name, size, mtime));
        let done = 0;
        while (done < size) {
          const n = readSync(src, buf, 0, Math.min(CHUNK, size - done), done);
          if (n <= 0) throw new Error(`${m.file} became shorter while it was archived`);
          put(buf.subarray(0, n));
          done += n;
        }
        pad(size, put);
      } finally {
        closeSync(src);
      }
    }
    put(Buffer.alloc(2 * BLOCK));
  } finally {
    closeSync(fd);
  }
  return total;
}

function pad(size: number, put: (b: Buffer) => void): void {
  const rest = size % BLOCK;
  if (rest) put(Buffer.alloc(BLOCK - rest));
}

/** a member as read: its name, size and sha256 (the content is hashed as it is read, not kept) */
export interface TarEntry {
  name: string;
  bytes: number;
  sha256: string;
  /** the content itself, for the members the reader was asked to keep (small ones: the manifest, the key) */
  data?: Buffer;
}

/** a damage of the archive's structure, naming the member it is in (or near) */
export interface TarProblem {
  /** the member's name, or the archive itself */
  file: string;
  message: string;
  /** a damaged header: the position of its member (0 = the first), whose name the header can no longer be trusted for */
  index?: number;
}

/**
 * Read an archive written by writeTar, strictly: every header's checksum, zero padding, the end marker and zeros
 * after it. `keep(name, size)` says which members' contents to return whole. Problems are returned, not thrown;
 * an unreadable file throws (the caller's exit 2).
 */
export function readTar(file: string, keep: (name: string, size: number) => boolean): { entries: TarEntry[]; problems: TarProblem[] } {
  const fd = openSync(file, 'r');
  const entries: TarEntry[] = [];
  const problems: TarProblem[] = [];
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(CHUNK);
    const block = Buffer.alloc(BLOCK);
    let at = 0;
    let previous = '(the start of the archive)';
    const readAt = (b: Buffer, len: number, pos: number): number => readSync(fd, b, 0, len, pos);
    for (;;) {
      if (at + BLOCK > size) {
        problems.push({ file: 'the archive', message: `ends without its end marker after ${previous} (cut short at byte ${size})` });
        break;
      }
      readAt(block, BLOCK, at);
      if (block.every((b) => b === 0)) {
        // the end marker: two zero blocks, then nothing but zeros (tar pads to its record size)
        let tail = at + BLOCK;
        let nonZeroAt = -1;
        while (tail < size && nonZeroAt < 0) {
          const n = readAt(buf, Math.min(CHUNK, size - tail), tail);
          const i = buf.subarray(0, n).findIndex((b) => b !== 0);
          if (i >= 0) nonZeroAt = tail + i;
          tail += n;
        }
        if (nonZeroAt >= 0) problems.push({ file: 'the archive', message: `data after its end marker at byte ${nonZeroAt} (after ${previous}): a member added or a byte changed` });
        else if (size - at < 2 * BLOCK) problems.push({ file: 'the archive', message: `its end marker is cut short (after ${previous})` });
        break;
      }
      const name = cString(block, 0, 100);
      const shown = safeTarName(name) ? name : JSON.stringify(name);
      const stored = cString(block, 148, 8).trim();
      if (!/^[0-7]+$/.test(stored) || parseInt(stored, 8) !== checksum(block) || block.subarray(257, 263).toString('latin1') !== 'ustar\0') {
        problems.push(
          safeTarName(name)
            ? { file: name, message: `its tar header (byte ${at}, after ${previous}) is damaged: a byte of it was changed`, index: entries.length }
            : { file: 'the archive', message: `a damaged block at byte ${at}, after ${previous}: a byte of a tar header or of the end marker was changed`, index: entries.length },
        );
        break;
      }
      const sizeField = cString(block, 124, 12).trim();
      if (!/^[0-7]+$/.test(sizeField) || (block[156] !== 0x30 && block[156] !== 0)) {
        problems.push({ file: shown, message: `its tar header (byte ${at}) is not that of a regular file` });
        break;
      }
      const bytes = parseInt(sizeField, 8);
      const start = at + BLOCK;
      const padded = Math.ceil(bytes / BLOCK) * BLOCK;
      if (start + padded > size) {
        problems.push({ file: shown, message: `cut short: the archive ends within it` });
        break;
      }
      const hash = createHash('sha256');
      const kept = keep(name, bytes) ? Buffer.alloc(bytes) : undefined;
      let done = 0;
      while (done < bytes) {
        const n = readAt(buf, Math.min(CHUNK, bytes - done), start + done);
        hash.update(buf.subarray(0, n));
        kept && buf.copy(kept, done, 0, n);
        done += n;
      }
      if (padded > bytes) {
        const n = readAt(buf, padded - bytes, start + bytes);
        const i = buf.subarray(0, n).findIndex((b) => b !== 0);
        if (i >= 0) problems.push({ file: shown, message: `a byte after its content (the archive's padding, byte ${start + bytes + i}) was changed` });
      }
      entries.push({ name: shown, bytes, sha256: hash.digest('hex'), ...(kept ? { data: kept } : {}) });
      previous = shown;
      at = start + padded;
    }
  } finally {
    closeSync(fd);
  }
  return { entries, problems };
}

function cString(b: Buffer, start: number, len: number): string {
  const s = b.subarray(start, start + len);
  const end = s.indexOf(0);
  return s.subarray(0, end < 0 ? len : end).toString('latin1');
}
