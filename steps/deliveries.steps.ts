/**
 * Scenario isolation for what the SUT delivers on its own: after a scenario that caused publications, let
 * late or repeated ones arrive before the next scenario starts (src/usecases/deliveries.ts), so that no
 * scenario takes another's event for its own.
 */
import { After } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { quietSecondsOf } from '../src/profile/index.ts';
import { settleDeliveries } from '../src/usecases/deliveries.ts';

After(async function (this: Cim9World) {
  if (!this.run) return;
  await settleDeliveries(this, this.run.listener, quietSecondsOf(this.profile) * 1000, (ms) => this.sutIdle(ms));
});
