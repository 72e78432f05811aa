import { z } from 'zod';
import { localizedSchema } from '../localized.js';

/** Fields every check accepts (see CheckMeta). */
export const metaShape = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a check id is kebab-case (a-z, 0-9, -)')
    .optional(),
  pass: localizedSchema.optional(),
  fail: localizedSchema.optional(),
  label: localizedSchema.optional(),
  points: z.number().positive().max(100).optional(),
  machine: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, 'a machine name: a-z, 0-9 and -, starting with a letter')
    .optional(),
};

/** An absolute path inside the lab, without `..` segments nor NUL. */
export const labPath = z
  .string()
  .startsWith('/', 'a lab path is absolute (starts with /)')
  .max(1024)
  .refine((p) => !p.includes('\0'), 'a lab path has no NUL byte')
  .refine((p) => !p.split('/').includes('..'), 'a lab path has no .. segment');

/** A user or group name (or numeric id). */
export const accountName = z
  .string()
  .regex(/^[a-z_][a-z0-9_.-]{0,31}\$?$|^[0-9]{1,10}$/, 'not a valid user/group name');

/** Escapes a value for bash inside single quotes. */
export function shq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Short excerpt for messages (one line, bounded). */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
