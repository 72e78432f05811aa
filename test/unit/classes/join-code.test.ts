import { describe, expect, it } from 'vitest';
import { usernameBase, usernameCandidates, displayNameSchema } from '../../../server/auth/display-name.js';
import { allocateJoinCode, codeWord, normalizeJoinCode } from '../../../server/classes/join-code.js';

describe('join codes', () => {
  it('takes a readable word from the class name, else from the course', () => {
    expect(codeWord('Formation Nginx — mars')).toBe('NGINX');
    expect(codeWord('Semaine sécurité')).toBe('SECURITE');
    expect(codeWord('Cours 12', 'premiers-pas')).toBe('PREMIERS');
    expect(codeWord('!!', undefined)).toBe('ATELIER');
    expect(codeWord('Administration système')).toBe('ADMINISTRATI');
  });

  it('accepts what learners type: any case, spaces, no dash', () => {
    expect(normalizeJoinCode('nginx 4821 7395')).toBe('NGINX-4821-7395');
    expect(normalizeJoinCode('NGINX48217395')).toBe('NGINX-4821-7395');
    expect(normalizeJoinCode('nginx-4821-739')).toBeUndefined(); // 7 digits: a typo, not a code
    // Codes made before the 8-digit format stay valid as written.
    expect(normalizeJoinCode('nginx-4821')).toBe('NGINX-4821');
    expect(normalizeJoinCode(' Nginx 4821 ')).toBe('NGINX-4821');
    expect(normalizeJoinCode('NGINX4821')).toBe('NGINX-4821');
    expect(normalizeJoinCode('4821')).toBeUndefined();
    expect(normalizeJoinCode("nginx-48'; DROP")).toBeUndefined();
  });

  it('draws eight random digits and retries on collisions', () => {
    const seen: string[] = [];
    const code = allocateJoinCode('NGINX', (c) => seen.push(c) > 3);
    expect(seen).toHaveLength(4);
    expect(code).toMatch(/^NGINX-\d{4}-\d{4}$/);
    expect(normalizeJoinCode(code)).toBe(code);
    expect(new Set(seen).size).toBe(4);
    expect(() => allocateJoinCode('X', () => false)).toThrow(/no free join code/);
  });
});

describe('display names and derived logins', () => {
  it('normalizes display names and refuses odd ones', () => {
    expect(displayNameSchema.parse('  Zoé   Martin ')).toBe('Zoé Martin');
    expect(displayNameSchema.parse("Jean-Luc O'Neil")).toBe("Jean-Luc O'Neil");
    expect(displayNameSchema.safeParse('<script>').success).toBe(false);
    expect(displayNameSchema.safeParse('x').success).toBe(false);
    expect(displayNameSchema.safeParse('a'.repeat(41)).success).toBe(false);
  });

  it('derives an ASCII login and numbered variants', () => {
    expect(usernameBase('Zoé Martin')).toBe('zoe-martin');
    expect(usernameBase("Jean-Luc O'Neil")).toBe('jean-luc-o-neil');
    expect(usernameBase('李')).toBe('apprenant');
    const gen = usernameCandidates('Zoé Martin');
    expect([gen.next().value, gen.next().value, gen.next().value]).toEqual([
      'zoe-martin',
      'zoe-martin-2',
      'zoe-martin-3',
    ]);
    for (const c of ['zoe-martin', 'zoe-martin-2']) expect(c).toMatch(/^[\p{L}\p{N}._-]{2,32}$/u);
  });
});
