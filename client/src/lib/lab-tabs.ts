// The tabs above a lab's terminal (one per machine, the Editor, the Browser) and the Browser's address:
// pure, unit-tested (test/unit/client/lab-tabs.test.ts).
import type { CourseDetail, PreviewEntry } from './types.js';

export type LabTab =
  | { kind: 'machine'; machine: string; key: string }
  | { kind: 'editor'; key: string }
  | { kind: 'browser'; key: string };

/** The Browser tab's key; machine keys are `m-<name>`, so a machine named `browser` cannot collide. */
export const BROWSER_KEY = 'browser';
/** The Editor tab's key (every course has it). */
export const EDITOR_KEY = 'editor';
const machineKey = (machine: string): string => `m-${machine}`;

/** What a course says about its lab (both fields may be absent from an older server). */
type LabShape = Partial<Pick<CourseDetail, 'machines' | 'preview'>>;

/** The lab's machine names, the default first; a one-machine course has `lab`. */
export function machinesOf(course: LabShape): string[] {
  const names = (course.machines ?? []).map((m) => m.name);
  return names.length > 0 ? names : ['lab'];
}

/** The pages the course offers in the Browser tab. */
export const pagesOf = (course: LabShape): PreviewEntry[] => course.preview ?? [];

/**
 * Machine tabs, the Editor, then the Browser tab when the course has several machines or offers pages.
 * Every course has the Editor, so a running lab always shows the tab bar.
 */
export function labTabs(course: LabShape): LabTab[] {
  const machines = machinesOf(course);
  const tabs: LabTab[] = machines.map((machine) => ({ kind: 'machine', machine, key: machineKey(machine) }));
  tabs.push({ kind: 'editor', key: EDITOR_KEY });
  if (machines.length > 1 || pagesOf(course).length > 0) tabs.push({ kind: 'browser', key: BROWSER_KEY });
  return tabs;
}

/** The tab to show: the wanted one if it still exists, else the first machine. */
export function pickTab(tabs: LabTab[], wanted?: string | null): LabTab {
  return tabs.find((t) => t.key === wanted) ?? (tabs[0] as LabTab);
}

/** The index a key moves the selection to in a tab list (arrows wrap, Home/End), or undefined. */
export function tabIndexAfterKey(key: string, index: number, count: number): number | undefined {
  if (count <= 0) return undefined;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** The Browser's address bar as typed (the port stays text until it is parsed). */
export interface AddressFields {
  machine: string;
  port: string;
  path: string;
}

/** Where the Browser opens first: the course's first page, else port 80 of the default machine. */
export function initialAddress(course: LabShape): AddressFields {
  const first = pagesOf(course)[0];
  if (first) return fieldsOf(first);
  return { machine: machinesOf(course)[0] as string, port: '80', path: '/' };
}

export const fieldsOf = (p: PreviewEntry): AddressFields => ({
  machine: p.machine,
  port: String(p.port),
  path: normalizePath(p.path),
});

/** A path as the proxy expects it: one leading slash, no spaces around. */
export function normalizePath(path: string): string {
  const trimmed = path.trim();
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * The path as the preview API takes it (visible ASCII only): spaces and non-ASCII characters are
 * percent-encoded, what the learner already encoded stays as typed.
 */
export const pathForProxy = (path: string): string =>
  normalizePath(path).replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));

/** A TCP port (1–65535) from the port field, or undefined. */
export function parsePort(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** `http://web:8080/status`, the way the learner would type it inside the lab. */
export function addressText(a: AddressFields): string {
  return `http://${a.machine}:${a.port.trim()}${normalizePath(a.path)}`;
}

/** True when a course page is the address shown (its quick pick is then marked as current). */
export const isSameAddress = (a: AddressFields, b: AddressFields): boolean =>
  a.machine === b.machine &&
  a.port.trim() === b.port.trim() &&
  normalizePath(a.path) === normalizePath(b.path);
