/**
 * The only way libxml2 reads schema files: an input provider that serves `.xsd` files below the
 * folders of loaded schema packs, plus a few in-memory schema documents the loader generates.
 *
 * libxml2 input providers are process-wide. Registering the plain `fsInputProviders` would let any
 * document parsed later (SUT output included) reach every file of the machine through an external
 * reference; this provider refuses everything outside the registered pack folders.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { xmlRegisterInputProvider, type XmlInputProvider } from 'libxml2-wasm';

const roots = new Set<string>();
const virtualFiles = new Map<string, Uint8Array>();
type Handle = { kind: 'fd'; fd: number } | { kind: 'mem'; buf: Uint8Array; pos: number };
const handles = new Map<number, Handle>();
let nextHandle = 1;
let registered = false;

/** A file name or file: URL as libxml2 passes it, as an absolute path; null for other URL schemes. */
export function toLocalPath(filename: string): string | null {
  if (filename.startsWith('file:')) {
    try {
      return path.resolve(fileURLToPath(filename));
    } catch {
      return null;
    }
  }
  try {
    // any other absolute URL (http:, https:, ftp:, …) is never served
    const url = new URL(filename);
    if (url.protocol.length > 2) return null; // a Windows drive letter parses as a one-letter scheme
  } catch {
    // not a URL: a path
  }
  return path.resolve(filename);
}

function inside(p: string, root: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * The last path `match` allowed: libxml2 asks `open` for the same file next, which then needs no second look (a
 * compile of a pack asks for some 90 files; each look resolves the real path, one system call with the native
 * realpath where Node's own walks every folder of the path with lstat).
 */
let lastAllowed: string | undefined;

function allowed(p: string): boolean {
  if (virtualFiles.has(p)) return true;
  if (!p.toLowerCase().endsWith('.xsd')) return false;
  let real: string;
  try {
    real = fs.realpathSync.native(p);
    if (!fs.statSync(real).isFile()) return false;
  } catch {
    return false;
  }
  for (const r of roots) if (inside(p, r) && inside(real, r)) return true;
  return false;
}

const provider: XmlInputProvider = {
  match(filename) {
    const p = toLocalPath(filename);
    const ok = p !== null && allowed(p);
    lastAllowed = ok ? (p ?? undefined) : undefined;
    return ok;
  },
  open(filename) {
    const p = toLocalPath(filename);
    const checked = p !== null && p === lastAllowed;
    lastAllowed = undefined;
    if (p === null || (!checked && !allowed(p))) return undefined;
    const mem = virtualFiles.get(p);
    let h: Handle;
    if (mem) h = { kind: 'mem', buf: mem, pos: 0 };
    else {
      try {
        h = { kind: 'fd', fd: fs.openSync(p, 'r') };
      } catch {
        return undefined;
      }
    }
    const id = nextHandle++;
    handles.set(id, h);
    return id;
  },
  read(id, buf) {
    const h = handles.get(id);
    if (!h) return -1;
    if (h.kind === 'mem') {
      const n = Math.min(buf.byteLength, h.buf.byteLength - h.pos);
      buf.set(h.buf.subarray(h.pos, h.pos + n));
      h.pos += n;
      return n;
    }
    try {
      return fs.readSync(h.fd, buf, 0, buf.byteLength, null);
    } catch {
      return -1;
    }
  },
  close(id) {
    const h = handles.get(id);
    handles.delete(id);
    if (h?.kind === 'fd') {
      try {
        fs.closeSync(h.fd);
      } catch {
        // nothing to do
      }
    }
    return true;
  },
};

function ensureRegistered(): void {
  if (!registered) {
    if (!xmlRegisterInputProvider(provider)) throw new Error('libxml2 refused the schema input provider');
    registered = true;
  }
}

/** Allow libxml2 to read `.xsd` files below this folder (an absolute, real path). */
export function allowSchemaRoot(dir: string): void {
  ensureRegistered();
  roots.add(path.resolve(dir));
}

/** Serve an in-memory schema document under this absolute path (for generated aggregator schemas). */
export function putVirtualSchema(absPath: string, content: Uint8Array): void {
  ensureRegistered();
  virtualFiles.set(path.resolve(absPath), content);
}

export function dropVirtualSchema(absPath: string): void {
  virtualFiles.delete(path.resolve(absPath));
}
