import { css, html } from 'lit';
import { i18n, t, type MessageKey } from '../../lib/i18n.js';
import { clipboardPlatform, shortcutNames } from './clipboard-keys.js';
import type { ClipboardNotice } from './terminal-clipboard.js';

const NOTICE: Record<ClipboardNotice, MessageKey> = {
  copied: 'clipboard.copied',
  'nothing-selected': 'clipboard.nothingSelected',
  'copy-refused': 'clipboard.copyRefused',
  'paste-refused': 'clipboard.pasteRefused',
};

/** This platform's shortcuts, worded in the page's language (« Ctrl+Maj+C ou Ctrl+Inser »). */
function shortcuts(): { copy: string; paste: string } {
  const names = shortcutNames(clipboardPlatform(), i18n.lang);
  const or = i18n.lang === 'fr' ? ' ou ' : ' or ';
  return { copy: names.copy.join(or), paste: names.paste.join(or) };
}

/** The copy and paste shortcuts of this platform, one sentence (keyboard help, the input's description). */
export const clipboardKeysText = (): string => t('clipboard.keys', shortcuts());

export const clipboardNoticeText = (notice: ClipboardNotice): string =>
  t(NOTICE[notice], { paste: shortcuts().paste });

/** What the last copy or paste did (seen a few seconds, announced by screen readers). */
export function renderClipboardNote(notice: ClipboardNotice | undefined) {
  return html`<p class="clip-note ${notice ? 'shown' : ''}" role="status" data-testid="clipboard-note">
    ${notice ? clipboardNoticeText(notice) : ''}
  </p>`;
}

/** Copy and paste buttons for touch screens (shown where a pointer is coarse; keyboards have shortcuts). */
export function renderClipboardBar(copy: () => void, paste: () => void) {
  return html`<div class="clip-bar" role="group" aria-label=${t('clipboard.bar')}>
    <button
      type="button"
      aria-label=${t('clipboard.copy.label')}
      data-testid="terminal-copy"
      @pointerdown=${keepFocus}
      @click=${copy}
    >
      ${t('clipboard.copy')}
    </button>
    <button
      type="button"
      aria-label=${t('clipboard.paste.label')}
      data-testid="terminal-paste"
      @pointerdown=${keepFocus}
      @click=${paste}
    >
      ${t('clipboard.paste')}
    </button>
  </div>`;
}

/** A tap on a button keeps xterm's selection and focus (the on-screen keyboard stays as it was). */
const keepFocus = (e: Event): void => e.preventDefault();

export const clipboardStyles = css`
  .clip-bar {
    display: none;
    gap: 8px;
    justify-content: flex-end;
    padding: 6px 10px;
    border-top: 1px solid #2a3140;
  }
  @media (any-pointer: coarse) {
    .clip-bar {
      display: flex;
    }
  }
  .clip-bar button {
    font: 0.9rem var(--font-ui, system-ui, sans-serif);
    min-height: 40px;
    min-width: 44px;
    padding: 6px 16px;
    border-radius: 6px;
    border: 1px solid #72b4ff;
    background: transparent;
    color: #9fcbff;
    cursor: pointer;
  }
  .clip-bar button:focus-visible {
    outline: 2px solid #72b4ff;
    outline-offset: 2px;
  }
  /* Always in the page (a live region announces what changes in it); seen only while it says something. */
  .clip-note {
    position: absolute;
    right: 12px;
    bottom: 12px;
    z-index: 4;
    max-width: min(40ch, 80%);
    margin: 0;
    font: 0.88rem/1.4 var(--font-ui, system-ui, sans-serif);
    color: #e6ebf2;
  }
  .clip-note.shown {
    padding: 6px 12px;
    border-radius: 8px;
    background: #2a3140;
  }
`;
