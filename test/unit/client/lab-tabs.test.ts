import { describe, expect, it } from 'vitest';
import {
  addressText,
  BROWSER_KEY,
  EDITOR_KEY,
  initialAddress,
  isSameAddress,
  labTabs,
  machinesOf,
  normalizePath,
  parsePort,
  pathForProxy,
  pickTab,
  tabIndexAfterKey,
} from '../../../client/src/lib/lab-tabs.js';

const twoMachines = {
  machines: [{ name: 'web' }, { name: 'db' }],
  preview: [{ machine: 'web', port: 8080, path: 'status', title: 'Le site' }],
};

describe('lab tabs', () => {
  it('gives a one-machine course without pages its shell and the Editor', () => {
    expect(machinesOf({ machines: [{ name: 'lab' }], preview: [] })).toEqual(['lab']);
    expect(labTabs({ machines: [{ name: 'lab' }], preview: [] })).toEqual([
      { kind: 'machine', machine: 'lab', key: 'm-lab' },
      { kind: 'editor', key: EDITOR_KEY },
    ]);
    // An older server that does not say: the one machine named lab.
    expect(labTabs({})).toEqual([
      { kind: 'machine', machine: 'lab', key: 'm-lab' },
      { kind: 'editor', key: EDITOR_KEY },
    ]);
  });

  it('gives one tab per machine, default first, then the Editor and the Browser', () => {
    expect(labTabs(twoMachines).map((t) => t.key)).toEqual(['m-web', 'm-db', EDITOR_KEY, BROWSER_KEY]);
    // A one-machine course offering pages gets the Browser too.
    const oneWithPage = {
      machines: [{ name: 'lab' }],
      preview: [{ ...twoMachines.preview[0]!, machine: 'lab' }],
    };
    expect(labTabs(oneWithPage).map((t) => t.kind)).toEqual(['machine', 'editor', 'browser']);
  });

  it('does not confuse machines named browser or editor with those tabs', () => {
    const keys = labTabs({ machines: [{ name: 'browser' }, { name: 'editor' }] }).map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('comes back to the tab shown last when it still exists, else the first machine', () => {
    const tabs = labTabs(twoMachines);
    expect(pickTab(tabs, 'm-db').key).toBe('m-db');
    expect(pickTab(tabs, BROWSER_KEY).key).toBe(BROWSER_KEY);
    expect(pickTab(tabs, EDITOR_KEY).key).toBe(EDITOR_KEY);
    expect(pickTab(tabs, 'm-gone').key).toBe('m-web');
    expect(pickTab(tabs, null).key).toBe('m-web');
  });

  it('moves between tabs with the arrows (wrapping), Home and End', () => {
    expect(tabIndexAfterKey('ArrowRight', 0, 3)).toBe(1);
    expect(tabIndexAfterKey('ArrowRight', 2, 3)).toBe(0);
    expect(tabIndexAfterKey('ArrowLeft', 0, 3)).toBe(2);
    expect(tabIndexAfterKey('ArrowDown', 1, 3)).toBe(2);
    expect(tabIndexAfterKey('ArrowUp', 1, 3)).toBe(0);
    expect(tabIndexAfterKey('Home', 2, 3)).toBe(0);
    expect(tabIndexAfterKey('End', 0, 3)).toBe(2);
    expect(tabIndexAfterKey('Enter', 0, 3)).toBeUndefined();
    expect(tabIndexAfterKey('ArrowRight', 0, 0)).toBeUndefined();
  });
});

describe('browser address', () => {
  it('opens the course’s first page, else port 80 of the default machine', () => {
    expect(initialAddress(twoMachines)).toEqual({ machine: 'web', port: '8080', path: '/status' });
    expect(initialAddress({ machines: [{ name: 'app' }, { name: 'db' }], preview: [] })).toEqual({
      machine: 'app',
      port: '80',
      path: '/',
    });
  });

  it('accepts ports 1–65535 only', () => {
    expect(parsePort('80')).toBe(80);
    expect(parsePort(' 8080 ')).toBe(8080);
    expect(parsePort('65535')).toBe(65535);
    for (const bad of ['', '0', '65536', '80a', '-1', '8.0', '999999'])
      expect(parsePort(bad)).toBeUndefined();
  });

  it('percent-encodes what the proxy API refuses, and only that', () => {
    expect(pathForProxy('/mon dossier/été.html')).toBe('/mon%20dossier/%C3%A9t%C3%A9.html');
    expect(pathForProxy('/a%20b?x=1&y=2#top')).toBe('/a%20b?x=1&y=2#top');
    expect(pathForProxy('/😀')).toBe('/%F0%9F%98%80');
  });

  it('writes the address as the learner would type it in the lab', () => {
    expect(normalizePath(' index.html ')).toBe('/index.html');
    expect(normalizePath('')).toBe('/');
    expect(addressText({ machine: 'web', port: '80', path: 'a/b' })).toBe('http://web:80/a/b');
    expect(
      isSameAddress({ machine: 'web', port: '80', path: '' }, { machine: 'web', port: ' 80', path: '/' }),
    ).toBe(true);
    expect(
      isSameAddress({ machine: 'web', port: '80', path: '/' }, { machine: 'db', port: '80', path: '/' }),
    ).toBe(false);
  });
});
