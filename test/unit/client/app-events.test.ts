import { describe, expect, expectTypeOf, it } from 'vitest';
import { loggedInEvent } from '../../../client/src/lib/app-events.js';
import type { User } from '../../../client/src/lib/types.js';

describe('app events', () => {
  it('logged-in carries the user and leaves shadow roots', () => {
    const user: User = { id: 'u1', username: 'zoe', role: 'learner' };
    const e = loggedInEvent(user);
    expect([e.type, e.detail, e.bubbles, e.composed]).toEqual(['logged-in', user, true, true]);
    expectTypeOf<HTMLElementEventMap['logged-in']>().toEqualTypeOf<CustomEvent<User>>();
  });
});
