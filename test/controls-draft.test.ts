/**
 * The control scenarios in the 2011 draft generation: the PAN controls and the price signal the suite sends are built
 * in the draft order of the PAN actions (PAY-08, controlsGenerationOf) and validate against the draft pack, as they
 * validate against the 2013 pack in the final order; the other order is refused by each pack.
 * Run: node --import tsx --test test/controls-draft.test.ts
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { toSoap, type BuildGeneration } from '../src/message/index.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { controlsGenerationOf } from '../src/payloads/endDeviceControls.ts';
import { controlsRequest, panControlValue, PAN_CONTROLS, type PanControlKind } from '../src/usecases/load-control.ts';
import { testHeader } from './peers.ts';

after(() => clearSchemaPackCache());

const errorsOf = (edition: '2013' | 'draft-2011', payloadGen: BuildGeneration, envelopeGen: BuildGeneration, kind: PanControlKind): string[] => {
  const pack = loadSchemaPack(defaultPackDir(edition));
  const msg = controlsRequest(testHeader('create', 'EndDeviceControls'), [panControlValue(kind, 'C-1', 'M-1001', new Date()).control], payloadGen);
  const xml = toSoap({ ...msg, generation: envelopeGen }, '1.1').xml;
  return pack.validate(Buffer.from(xml), { label: kind }).filter((f) => f.severity === 'error').map((f) => f.message);
};

test('controlsGenerationOf: the draft order for the 2011 draft only', () => {
  assert.equal(controlsGenerationOf('draft-2011'), 'draft');
  assert.equal(controlsGenerationOf('2013'), 'final');
  assert.equal(controlsGenerationOf(undefined), 'final');
});

test('each PAN control validates in the order of its generation, and not in the other', () => {
  for (const kind of Object.keys(PAN_CONTROLS) as PanControlKind[]) {
    assert.deepEqual(errorsOf('draft-2011', 'draft-2011', 'draft-2011', kind), [], `${kind} in the draft`);
    assert.deepEqual(errorsOf('2013', '2013', '2013', kind), [], `${kind} in 2013`);
    assert.notDeepEqual(errorsOf('draft-2011', '2013', 'draft-2011', kind), [], `${kind}: the final order is not the draft's`);
  }
});
