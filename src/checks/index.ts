/**
 * The rule layer: the catalogue, findings, and the checks (pure functions over one message, a conversation,
 * or a message and its use case). `checkMessage` is the entry point for one message on its own.
 */
export * from './finding.ts';
export * from './catalogue.ts';
export * from './envelope.ts';
export * from './domain.ts';
export * from './query.ts';
export * from './conversation.ts';
export * from './message.ts';
export * from './generation.ts';
export { parseDateTime, type DateTimeValue } from './time.ts';
export * from './controls.ts';
