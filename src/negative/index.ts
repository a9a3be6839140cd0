/**
 * Schema-driven negative generation: invalid variants of valid messages, derived from the schema pack's
 * XSDs (see ./mutations.ts), as fast-check arbitraries (./arbitrary.ts), and the valid base messages of
 * every profile (./samples.ts).
 */
export * from './mutations.ts';
export * from './arbitrary.ts';
export * from './samples.ts';
