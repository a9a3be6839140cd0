/** SOAP/HTTP bindings: the client towards the system under test and the callback listener. */
export * from './http.ts';
export * from './listener.ts';
export * from './idle.ts';
