export * from './names.ts';
export * from './envelope.ts';
export * from './soap.ts';
export * from './ids.ts';
