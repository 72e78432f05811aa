// The state of each criterion from the check results: a learner's check says everything, an automatic one
// only brings good news, and no result (a fresh page, a recreated machine) means « not checked yet ».
import { describe, expect, it } from 'vitest';
import { shownCriteria, withResult } from '../../../client/src/lib/criteria-state.js';

const criteria = [
  { id: 'paquet', text: 'Le paquet nginx est installé' },
  { id: 'port-80', text: 'Le port 80 est en écoute' },
];
const states = (marks: Parameters<typeof shownCriteria>[1]) =>
  shownCriteria(criteria, marks).map((c) => (c.hint ? `${c.state}: ${c.hint}` : c.state));

describe('criteria states', () => {
  it('nothing checked yet: every criterion is unknown', () => {
    expect(states(undefined)).toEqual(['unknown', 'unknown']);
  });

  it('a checked result marks each criterion met or not met, with the failure as a hint', () => {
    const marks = withResult(
      undefined,
      [
        { id: 'paquet', passed: true, message: 'ok' },
        { id: 'port-80', passed: false, message: 'Rien n’écoute sur le port 80.' },
      ],
      false,
    );
    expect(states(marks)).toEqual(['met', 'unmet: Rien n’écoute sur le port 80.']);
  });

  it('an automatic failure never shows a ✗ nor leaves a stale ✓; a ✗ already shown stays', () => {
    const asked = withResult(
      undefined,
      [
        { id: 'paquet', passed: true, message: 'ok' },
        { id: 'port-80', passed: false, message: 'fermé' },
      ],
      false,
    );
    const auto = withResult(
      asked,
      [
        { id: 'paquet', passed: false, message: 'parti' },
        { id: 'port-80', passed: false, message: 'toujours fermé' },
      ],
      true,
    );
    expect(states(auto)).toEqual(['unknown', 'unmet: fermé']);
    const fresh = withResult(undefined, [{ id: 'paquet', passed: false, message: 'x' }], true);
    expect(states(fresh)).toEqual(['unknown', 'unknown']);
    const pass = withResult(fresh, [{ id: 'port-80', passed: true, message: 'ok' }], true);
    expect(states(pass)).toEqual(['unknown', 'met']);
  });
});
