// The terminal's way out for the keyboard (WCAG 2.1.2): Tab, Shift+Tab and Escape belong to the shell
// (completion, vi), so a key the shell rarely needs moves the focus to what surrounds the terminal.

/** The key that leaves the terminal (with Shift: backwards). Browsers use F6 to move between panes. */
export const EXIT_KEY = 'F6';

/** Whether a key event is the terminal's exit key (no Ctrl, Alt or Meta: those stay with the shell). */
export function isExitKey(e: KeyboardEvent): boolean {
  return e.key === EXIT_KEY && !e.ctrlKey && !e.altKey && !e.metaKey;
}

/**
 * Focuses the next (or previous) element Tab would reach outside `host`, within the page's `main`
 * (through shadow roots), wrapping around at its ends; false when there is none.
 */
export function focusOutside(host: Element, backwards: boolean): boolean {
  const root = composedClosest(host, 'main') ?? document.body;
  const before: HTMLElement[] = [];
  const after: HTMLElement[] = [];
  let passed = false;
  walk(root, (el) => {
    if (el === host) {
      passed = true;
      return false; // the terminal's own elements are not a way out
    }
    if (isTabbable(el)) (passed ? after : before).push(el);
    return true;
  });
  const order = backwards ? [...before.reverse(), ...after.reverse()] : [...after, ...before];
  const target = order[0];
  target?.focus();
  return !!target;
}

/** The nearest ancestor matching `selector`, crossing shadow-root boundaries. */
function composedClosest(el: Element, selector: string): Element | undefined {
  let node: Element | null = el;
  while (node) {
    const found: Element | null = node.closest(selector);
    if (found) return found;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}

/** Visits elements in the order the user sees them (shadow trees and slotted content included). */
function walk(el: Element, visit: (el: Element) => boolean): void {
  if (!visit(el)) return;
  const children =
    el instanceof HTMLSlotElement
      ? el.assignedElements({ flatten: true }).length > 0
        ? el.assignedElements({ flatten: true })
        : [...el.children]
      : [...(el.shadowRoot ?? el).children];
  for (const child of children) walk(child, visit);
}

function isTabbable(el: Element): el is HTMLElement {
  if (!(el instanceof HTMLElement) || el.tabIndex < 0) return false;
  if ((el as HTMLButtonElement).disabled || el.closest('[inert]')) return false;
  return el.getClientRects().length > 0 && el.checkVisibility({ visibilityProperty: true });
}
