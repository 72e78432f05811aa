// The main pages of a learner, a trainer and an admin at three sizes (desktop, 1000×650, a 390×844 phone):
// a real document title and an h1 on each, no serious or critical axe-core violation and no content
// outside landmarks, and on the phone no page-level sideways scroll, a menu button for the header's links,
// a reachable language switch, the join code on one line and lesson tables that scroll in their own box.
// Screenshots of every page at every size go to test/e2e/artifacts/ (git-ignored).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { axeProblems } from './support/axe.js';
import { launchChromium, screenshot, terminalText } from './support/browser.js';

const COURSE = 'premiers-pas';
const PROMPT = /#\s*$/m;

const SIZES = {
  desktop: { width: 1366, height: 768 },
  small: { width: 1000, height: 650 },
  phone: { width: 390, height: 844 },
} as const;
type Size = keyof typeof SIZES;
type Who = 'anon' | 'learner' | 'trainer' | 'admin';

interface PageSpec {
  name: string;
  who: Who;
  path: () => string;
  /** Resolves when the page shows what it is about. */
  ready(page: Page): Promise<unknown>;
  title?: string;
}

/** Elements that scroll sideways (the page itself included), except the boxes meant to: tables, code, tabs. */
function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const allowed = '.table-wrap, .table-panel, pre, table, .tabs, .xterm-viewport, .xterm-screen, .xterm *';
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${String(el.className).replace(/\s+/g, '.')}`;
    /** Every element under root, through shadow roots. */
    const deep = (root: Element | Document | ShadowRoot): Element[] =>
      [...(root instanceof Element && root.shadowRoot ? [root.shadowRoot] : []), root].flatMap((r) =>
        [...r.querySelectorAll('*')].flatMap((el) => [el, ...(el.shadowRoot ? deep(el.shadowRoot) : [])]),
      );
    /** For the message: the innermost elements under root that stick out past `right`. */
    const culprits = (root: Element | Document, right: number) => {
      const out = deep(root).filter((d) => d.getBoundingClientRect().right > right + 1);
      return out
        .filter((d) => !out.some((o) => o !== d && d.contains(o)))
        .slice(0, 4)
        .map(name)
        .join(', ');
    };
    const found: string[] = [];
    for (const el of deep(document)) {
      const overflow = getComputedStyle(el).overflowX;
      const scrolls = overflow === 'auto' || overflow === 'scroll';
      if (scrolls && el.scrollWidth > el.clientWidth + 1 && !el.matches(allowed))
        found.push(
          `${name(el)} ${el.scrollWidth} > ${el.clientWidth}: ${culprits(el, el.getBoundingClientRect().right)}`,
        );
    }
    const doc = document.documentElement;
    if (doc.scrollWidth > innerWidth)
      found.push(`document ${doc.scrollWidth} > ${innerWidth}: ${culprits(document, innerWidth)}`);
    return found;
  });
}

/** The h1 elements' texts, through shadow roots. */
const headings = (page: Page) => page.locator('h1').allTextContents();

describe('layout and accessibility of the main pages, at three sizes', () => {
  let server: TestServer;
  let browser: Browser;
  let classId = '';
  let workshop = { id: '', joinCode: '' };
  const cookies: Partial<Record<Who, string>> = {};
  const contexts = new Map<string, BrowserContext>();

  beforeAll(async () => {
    server = await startTestServer();
    const { client: trainer } = await userWithRole(server, 'formatrice', 'trainer');
    const { client: admin } = await userWithRole(server, 'admin-e2e', 'admin');
    const cls = await trainer.post('/api/classes', { name: 'Linux', courseIds: [COURSE] });
    classId = cls.body.id;
    const learner = httpClient(server.url);
    const joined = await learner.post('/api/join', {
      code: cls.body.joinCode,
      displayName: 'Zoé Martin',
      password: PASSWORD,
    });
    if (joined.status !== 201) throw new Error(`join: ${joined.status} ${JSON.stringify(joined.body)}`);
    // A workshop of tomorrow: its pages, without warming a pool for it now.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const made = await trainer.post('/api/workshops', {
      ...{ name: 'Fête de la science', courseIds: [COURSE], seats: 5 },
      ...{ date: tomorrow, start: '14:00', end: '16:00', timeZone: 'Europe/Paris' },
    });
    if (made.status !== 201) throw new Error(`workshop: ${made.status} ${JSON.stringify(made.body)}`);
    workshop = made.body;
    const lab = await learner.post('/api/labs', { courseId: COURSE });
    if (lab.status !== 200) throw new Error(`lab: ${lab.status} ${JSON.stringify(lab.body)}`);
    Object.assign(cookies, { learner: learner.cookie, trainer: trainer.cookie, admin: admin.cookie });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page for this user at this size; bypassCSP lets the audit add axe-core's script (tests only). */
  async function open(who: Who, size: Size): Promise<Page> {
    const key = `${who}-${size}`;
    let context = contexts.get(key);
    if (!context) {
      context = await browser.newContext({ viewport: SIZES[size], bypassCSP: true });
      const cookie = cookies[who as Exclude<Who, 'anon'>];
      if (cookie) {
        const [name, value] = cookie.split('=') as [string, string];
        await context.addCookies([{ name, value, domain: new URL(server.url).hostname, path: '/' }]);
      }
      contexts.set(key, context);
    }
    return context.pages()[0] ?? context.newPage();
  }

  const PAGES: PageSpec[] = [
    {
      name: 'login',
      who: 'anon',
      path: () => '/login',
      ready: (p) => p.getByRole('button', { name: 'Se connecter' }).waitFor(),
    },
    {
      name: 'register',
      who: 'anon',
      path: () => '/login',
      ready: async (p) => {
        await p.getByRole('button', { name: /Créer un compte/ }).click();
        await p.locator('input[autocomplete="new-password"]').waitFor();
      },
    },
    {
      name: 'join',
      who: 'anon',
      path: () => '/join',
      ready: (p) => p.getByLabel('Code de la classe').waitFor(),
    },
    {
      name: 'catalogue',
      who: 'learner',
      path: () => '/',
      ready: (p) => p.locator('[data-my-class]').first().waitFor(),
    },
    {
      name: 'course',
      who: 'learner',
      path: () => `/courses/${COURSE}?ex=dossiers`,
      ready: (p) => expect.poll(() => terminalText(p), { timeout: 30_000 }).toMatch(PROMPT),
    },
    {
      name: 'course-tip',
      who: 'learner',
      path: () => `/courses/${COURSE}?ex=se-reperer`,
      ready: (p) => p.locator('.admonition-tip .admonition-title').waitFor(),
    },
    {
      name: 'unknown-course',
      who: 'learner',
      path: () => '/courses/pas-de-cours',
      ready: (p) => p.getByRole('link', { name: 'Retour aux cours' }).waitFor(),
      title: 'Cours introuvable · Atelier',
    },
    {
      name: 'not-found',
      who: 'learner',
      path: () => '/pas-de-page',
      ready: (p) => p.getByRole('link', { name: 'Retour aux cours' }).waitFor(),
      title: 'Page introuvable · Atelier',
    },
    {
      name: 'classes',
      who: 'trainer',
      path: () => '/classes',
      ready: (p) => p.locator('a[href^="/classes/"]').first().waitFor(),
    },
    {
      name: 'grid',
      who: 'trainer',
      path: () => `/classes/${classId}`,
      ready: (p) => p.locator('tr[data-learner]').first().waitFor(),
    },
    {
      name: 'workshop-board',
      who: 'trainer',
      path: () => `/workshops/${workshop.id}`,
      ready: (p) => p.getByRole('img', { name: /QR code du lien/ }).waitFor(),
    },
    {
      name: 'workshop-visitor',
      who: 'anon',
      path: () => `/w/${workshop.joinCode}`,
      ready: (p) => p.getByTestId('workshop-refusal').waitFor(),
    },
    {
      name: 'users',
      who: 'admin',
      path: () => '/admin/users',
      ready: (p) => p.locator('tbody tr').first().waitFor(),
    },
    {
      name: 'sources',
      who: 'admin',
      path: () => '/admin/sources',
      ready: (p) => p.getByRole('heading', { name: 'Nouvelle source' }).waitFor(),
    },
    {
      name: 'lti',
      who: 'admin',
      path: () => '/admin/lti',
      ready: (p) => p.getByRole('heading', { name: 'Nouvelle plateforme' }).waitFor(),
    },
    {
      name: 'engines',
      who: 'admin',
      path: () => '/admin/engines',
      ready: (p) =>
        p
          .getByRole('button', { name: /^Mettre en vidange / })
          .first()
          .waitFor(),
    },
  ];

  describe.each(Object.keys(SIZES) as Size[])('at %s size', (size) => {
    it('every page has a title of its own, an h1, no serious axe violation and no page-level sideways scroll', async () => {
      const problems: string[] = [];
      let current: { page: Page; name: string } | undefined;
      onTestFailed(async () => {
        if (current) await screenshot(current.page, `failed-layout-${size}-${current.name}`);
      });
      for (const spec of PAGES) {
        const page = await open(spec.who, size);
        current = { page, name: spec.name };
        await page.goto(server.url + spec.path());
        await spec.ready(page);
        await screenshot(page, `layout-${size}-${spec.name}`);
        const title = await page.title();
        if (spec.title ? title !== spec.title : !/. · Atelier$/.test(title))
          problems.push(`${spec.name}: title « ${title} »`);
        if ((await headings(page)).length === 0) problems.push(`${spec.name}: no h1`);
        // Content outside landmarks fails the audit too.
        for (const p of await axeProblems(page, { also: ['region'] }))
          problems.push(`${spec.name}: axe ${p}`);
        if (size === 'phone')
          for (const s of await sidewaysScrollers(page))
            problems.push(`${spec.name}: scrolls sideways: ${s}`);
      }
      expect(problems).toEqual([]);
    }, 150_000);
  });

  describe('on a phone (390×844)', () => {
    it('a menu button opens the header’s links, with the mouse and with the keyboard', async () => {
      const page = await open('trainer', 'phone');
      await page.goto(`${server.url}/classes`);
      const menu = page.getByRole('button', { name: 'Menu' });
      const classesLink = page.getByRole('navigation').getByRole('link', { name: 'Classes' });
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await classesLink.isVisible()).toBe(false);
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await classesLink.waitFor();
      await screenshot(page, 'layout-phone-menu-open');
      // Escape closes it and gives the focus back to the button.
      await page.keyboard.press('Escape');
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(
        await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent),
      ).toMatch(/Menu/);
      await page.keyboard.press('Enter');
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Tab');
      const focused = () =>
        page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('href'));
      expect(await focused()).toBe('/');
      // A link followed closes the menu.
      await page.getByRole('navigation').getByRole('link', { name: 'Cours' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/');
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
    });

    it('the language switch is visible and nothing covers it', async () => {
      const page = await open('learner', 'phone');
      await page.goto(`${server.url}/`);
      const en = page.getByRole('button', { name: 'EN', exact: true });
      await en.waitFor();
      const box = (await en.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(SIZES.phone.width);
      const hit = await page.evaluate(
        ([x, y]) => {
          let el = document.elementFromPoint(x!, y!);
          while (el?.shadowRoot) {
            const inner = el.shadowRoot.elementFromPoint(x!, y!);
            if (!inner || inner === el) break;
            el = inner;
          }
          return el?.closest('button')?.textContent?.trim();
        },
        [box.x + box.width / 2, box.y + box.height / 2],
      );
      expect(hit).toBe('EN');
      await en.click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.getByRole('button', { name: 'FR', exact: true }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fr');
    });

    it('the join code stays on one line', async () => {
      const page = await open('trainer', 'phone');
      await page.goto(`${server.url}/classes/${classId}`);
      const code = page.getByTestId('join-code');
      await code.waitFor();
      const { height, lineHeight, right } = await code.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return {
          height: r.height,
          lineHeight: parseFloat(getComputedStyle(el).fontSize) * 1.6,
          right: r.right,
        };
      });
      expect(height).toBeLessThan(lineHeight);
      expect(right).toBeLessThanOrEqual(SIZES.phone.width);
    });

    it('a lesson table keeps `/var/log` whole and scrolls in its own box; lesson above the terminal', async () => {
      const page = await open('learner', 'phone');
      await page.goto(`${server.url}/courses/${COURSE}?ex=dossiers`);
      const code = page.locator('.content td code', { hasText: '/var/log' });
      await code.waitFor();
      expect(await code.evaluate((el) => el.getClientRects().length)).toBe(1);
      const lesson = (await page.locator('at-lesson').boundingBox())!;
      const terminal = (await page.locator('at-terminal').boundingBox())!;
      expect(lesson.x + lesson.width).toBeLessThanOrEqual(SIZES.phone.width);
      expect(terminal.y).toBeGreaterThanOrEqual(lesson.y + lesson.height - 1);
    });
  });

  it('the header shows the display name, with the login as its tooltip', async () => {
    const page = await open('learner', 'desktop');
    await page.goto(`${server.url}/`);
    const who = page.getByTestId('user-name');
    await expect.poll(() => who.textContent()).toContain('Zoé Martin');
    expect(await who.getAttribute('title')).toBe('zoe-martin');
  });
});
