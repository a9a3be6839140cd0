/**
 * Faults of the Verb of a synchronous reply (ENV-07: a ResponseMessage has Verb reply; envelope.md §4.4 lists what
 * real implementations send instead). Both are uncertain points, warnings by default: the mutation run detects them
 * with ENV-07=fail (`detectWith`). Merged into FAULTS by simulator/faults/catalogue.ts; the Verb is chosen by
 * `replyVerb`, which simulator/context.ts calls for every response.
 */
import type { FaultDef } from './catalogue.ts';
import { pastTense } from '../../src/message/names.ts';
import { EVERY_MESSAGE_SAMPLE } from './scopes.ts';

export const REPLY_HEADER_FAULTS: FaultDef[] = [
  {
    id: 'verb-not-reply',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'envelope',
    violates: 'ENV-REPLY-VERB (a ResponseMessage has Verb reply, ENV-07)',
    roles: ['MDM', 'HES'],
    description: 'responses carry the past tense of the request verb instead of reply (created for a create, as vendor config responses do; created where the request verb has none)',
    detectWith: { 'ENV-07': 'fail' },
  },
  {
    id: 'echo-request-verb',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'envelope',
    violates: 'ENV-REPLY-VERB (a ResponseMessage has Verb reply, ENV-07)',
    roles: ['MDM', 'HES'],
    description: 'responses echo the request verb instead of reply (get for a get, create for a create), as a 2011 harness server does',
    detectWith: { 'ENV-07': 'fail' },
  },
];

/** the Verb of a response to a request with verb `requestVerb`, after the reply-header faults */
export function replyVerb(requestVerb: string, has: (id: string) => boolean): string {
  if (has('echo-request-verb')) return requestVerb || 'create';
  if (has('verb-not-reply')) return pastTense(requestVerb) ?? 'created';
  return 'reply';
}
