// Wires the code blocks of a (server-sanitized) lesson. The server renders
// `<div class="code-block"><pre data-copy [data-run]><code>…</code></pre><div class="code-actions">
// <button data-action="copy">…</button>[<button data-action="run">…</button>]</div></div>`;
// bare `<pre><code>` blocks get the same structure here. Clicks are handled by delegation.

export interface EnhanceOptions {
  labels: { copy: string; run: string };
  canRun: boolean;
}

/** Gives every code block its buttons (once) and refreshes whether "run" is available. */
export function enhanceCodeBlocks(root: ParentNode, opts: EnhanceOptions): void {
  for (const pre of root.querySelectorAll('pre')) {
    if (!pre.querySelector('code') || pre.parentElement?.classList.contains('code-block')) continue;
    const block = document.createElement('div');
    block.className = 'code-block';
    const bar = document.createElement('div');
    bar.className = 'code-actions';
    bar.append(makeButton('copy', opts.labels.copy));
    if (pre.hasAttribute('data-run')) bar.append(makeButton('run', opts.labels.run));
    pre.replaceWith(block);
    block.append(pre, bar);
  }
  for (const b of root.querySelectorAll<HTMLButtonElement>('.code-block button[data-action="run"]')) {
    b.disabled = !opts.canRun;
  }
}

export type CodeAction = { action: 'copy' | 'run'; code: string; button: HTMLButtonElement };

/** The code-block action a click landed on, if any. */
export function codeActionOf(e: Event): CodeAction | undefined {
  const button = e
    .composedPath()
    .find((n): n is HTMLButtonElement => n instanceof HTMLButtonElement && n.dataset.action !== undefined);
  const action = button?.dataset.action;
  if (!button || (action !== 'copy' && action !== 'run')) return undefined;
  const code = button.closest('.code-block')?.querySelector('pre code')?.textContent ?? '';
  return { action, code, button };
}

function makeButton(action: 'copy' | 'run', label: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `code-${action}`;
  b.dataset.action = action;
  b.textContent = label;
  return b;
}

/** Copies and flashes `done` on the button for a moment. */
export async function copyWithFeedback(code: string, button: HTMLButtonElement, done: string): Promise<void> {
  if (!(await writeClipboard(code.replace(/\n$/, '')))) return;
  if (button.dataset.label === undefined) button.dataset.label = button.textContent ?? '';
  button.textContent = `✓ ${done}`;
  setTimeout(() => {
    button.textContent = button.dataset.label ?? '';
    delete button.dataset.label;
  }, 1500);
}

async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Plain-HTTP deployments have no async clipboard: fall back to a selected textarea.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}
