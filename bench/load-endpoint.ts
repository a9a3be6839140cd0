/**
 * The minimal endpoint of bench/load.bench.ts: fastify answering every POST with one constant, schema-valid
 * EndDeviceEventsResponseMessage (Result OK), built once with the suite's message builder. It reads nothing of the
 * request, so the generator's envelope check names its CorrelationID (ENV-CORRELATION): the bench measures how fast
 * the generator sends and checks, not what the endpoint does. Prints "port N" when it listens; stops on SIGTERM.
 */
import Fastify from 'fastify';
import { toSoap } from '../src/message/index.ts';

const reply = toSoap(
  { kind: 'response', header: { verb: 'reply', noun: 'EndDeviceEvents', timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), source: 'bench', messageId: 'bench-reply', correlationId: 'bench' }, reply: { result: 'OK' } },
  '1.1',
).xml;

const app = Fastify({ logger: false });
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post('/*', async (_req, rep) => {
  rep.type('text/xml; charset=utf-8');
  return reply;
});
await app.listen({ host: '127.0.0.1', port: Number(process.argv[2] ?? 0) });
const addr = app.server.address();
console.log(`port ${typeof addr === 'object' && addr ? addr.port : 0}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
