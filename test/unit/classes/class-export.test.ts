import { describe, expect, it } from 'vitest';
import {
  csvField,
  exportFileName,
  spreadsheetDate,
  toCsv,
  type ExportRow,
} from '../../../server/classes/class-export.js';

const row = (over: Partial<ExportRow> = {}): ExportRow => ({
  learner: 'Zoé Martin',
  username: 'zoe-martin',
  courseId: 'premiers-pas',
  course: 'Premiers pas',
  exerciseId: 'se-reperer',
  exercise: 'Se repérer',
  status: 'done',
  statusText: 'terminé',
  completedAt: '2025-03-04T13:05:09.000Z',
  attempts: 2,
  timeSpentSeconds: 90,
  ...over,
});

describe('CSV export', () => {
  it('writes UTF-8 with a BOM, CRLF lines and French headers with ;', () => {
    const csv = toCsv([row()], { separator: ';', lang: 'fr', timeZone: 'Europe/Paris' });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'Apprenant;Identifiant;Cours;Exercice;Statut;Terminé le;Tentatives;Temps passé (min)',
    );
    expect(lines[1]).toBe('Zoé Martin;zoe-martin;Premiers pas;Se repérer;terminé;2025-03-04 14:05:09;2;1,5');
    expect(lines[2]).toBe('');
  });

  it('uses a decimal point with , and English headers', () => {
    const csv = toCsv([row({ completedAt: null })], { separator: ',', lang: 'en' });
    expect(csv.slice(1).split('\r\n')[1]).toBe('Zoé Martin,zoe-martin,Premiers pas,Se repérer,done,,2,1.5');
  });

  it('quotes separators, quotes and newlines, and defuses formulas', () => {
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a,b', ';')).toBe('a,b');
    expect(csvField('say "hi"', ',')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")', ',')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1', ',')).toBe("'-1");
    expect(csvField('two\nlines', ',')).toBe('"two\nlines"');
  });

  it('formats dates for spreadsheets and file names in ASCII', () => {
    expect(spreadsheetDate('2025-03-04T23:30:00Z', 'UTC')).toBe('2025-03-04 23:30:00');
    expect(spreadsheetDate('2025-03-04T23:30:00Z', 'Europe/Paris')).toBe('2025-03-05 00:30:00');
    expect(exportFileName('Sécurité — mars !', 'csv', new Date('2025-03-04T10:00:00Z'))).toBe(
      'securite-mars-20250304.csv',
    );
  });
});
