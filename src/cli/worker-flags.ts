/**
 * Loaded first in each Cucumber worker of `cim9 run --workers N` (through NODE_OPTIONS --import, src/cli/cucumber-here.ts),
 * before libxml2-wasm compiles its WebAssembly module: the worker runs that module's code as V8's baseline compiler
 * (Liftoff) makes it, and V8 does not compile its hot functions again with its optimising compiler (TurboFan) in
 * background threads.
 *
 * Measured on Node 20 (docs/performance.md, "A Cucumber worker's start-up"): the first compile of a schema pack took
 * 0.17-0.24 s of CPU with the re-compilation, 0.05 s without; the next validations of small messages cost the same
 * either way (300 validations + reads: 35-41 ms against 40-41 ms), an 8 MiB message 51 ms instead of 29 ms. A worker
 * is short-lived and its messages small, so the re-compilation cost more than it saved. The CLI's own process (the
 * reference SUTs, `cim9 load`, the benches) keeps V8's default. CIM9_WORKER_LIFTOFF=0 gives the workers the default.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
