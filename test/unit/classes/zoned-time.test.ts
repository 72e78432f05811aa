import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalTimeZone,
  endOfDay,
  isCalendarDate,
  offsetAt,
  utcToZoned,
  zonedToUtc,
} from '../../../server/classes/zoned-time.js';

const PARIS = 'Europe/Paris';
const iso = (ms: number) => new Date(ms).toISOString();

describe('wall-clock times in a zone', () => {
  it('reads winter and summer in Paris with their offsets', () => {
    expect(iso(zonedToUtc('2026-01-12', '09:00', PARIS))).toBe('2026-01-12T08:00:00.000Z');
    expect(iso(zonedToUtc('2026-07-13', '09:00', PARIS))).toBe('2026-07-13T07:00:00.000Z');
    expect(offsetAt(Date.UTC(2026, 6, 13), PARIS)).toBe(7_200_000);
    expect(iso(zonedToUtc('2026-07-13', '09:00', 'America/New_York'))).toBe('2026-07-13T13:00:00.000Z');
    expect(iso(zonedToUtc('2026-07-13', '09:00', 'UTC'))).toBe('2026-07-13T09:00:00.000Z');
  });

  it('is right on both sides of the spring-forward day (29 March 2026, 02:00 → 03:00)', () => {
    expect(iso(zonedToUtc('2026-03-29', '01:30', PARIS))).toBe('2026-03-29T00:30:00.000Z');
    expect(iso(zonedToUtc('2026-03-29', '03:00', PARIS))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedToUtc('2026-03-29', '09:00', PARIS))).toBe('2026-03-29T07:00:00.000Z');
    // 02:30 does not exist that night: it moves forward by the gap, to 03:30 CEST.
    expect(iso(zonedToUtc('2026-03-29', '02:30', PARIS))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(zonedToUtc('2026-03-28', '09:00', PARIS))).toBe('2026-03-28T08:00:00.000Z');
  });

  it('is right on the fall-back day (25 October 2026, 03:00 → 02:00): a repeated time is the earlier', () => {
    expect(iso(zonedToUtc('2026-10-25', '02:30', PARIS))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedToUtc('2026-10-25', '03:00', PARIS))).toBe('2026-10-25T02:00:00.000Z');
    expect(iso(zonedToUtc('2026-10-25', '09:00', PARIS))).toBe('2026-10-25T08:00:00.000Z');
    expect(iso(zonedToUtc('2026-10-24', '09:00', PARIS))).toBe('2026-10-24T07:00:00.000Z');
  });

  it('ends a day at its last millisecond, whatever its length', () => {
    expect(iso(endOfDay('2026-07-17', PARIS))).toBe('2026-07-17T21:59:59.999Z');
    expect(iso(endOfDay('2026-03-29', PARIS))).toBe('2026-03-29T21:59:59.999Z'); // a 23-hour day
    expect(iso(endOfDay('2026-10-25', PARIS))).toBe('2026-10-25T22:59:59.999Z'); // a 25-hour day
  });

  it('reads an instant back as the zone’s date and time', () => {
    expect(utcToZoned(Date.UTC(2026, 2, 29, 1, 30), PARIS)).toEqual({ date: '2026-03-29', time: '03:30' });
    expect(utcToZoned(Date.UTC(2026, 11, 31, 23, 30), PARIS)).toEqual({ date: '2027-01-01', time: '00:30' });
  });

  it('checks dates and zones', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
  });
});
