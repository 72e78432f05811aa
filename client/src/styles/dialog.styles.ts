import { css } from 'lit';

/** The modal dialogs of the app (reset a lab, trainer forms): one look everywhere. */
export const dialogStyles = css`
  dialog {
    border: 1px solid var(--border);
    border-radius: 14px;
    padding: 24px;
    width: min(460px, 92vw);
    box-shadow: 0 20px 50px rgb(16 24 40 / 0.25);
    color: var(--text);
    font-family: var(--font-ui);
  }
  dialog::backdrop {
    background: rgb(16 24 40 / 0.45);
  }
  dialog h2 {
    margin: 0 0 8px;
    font-size: 1.15rem;
  }
  dialog p {
    margin: 0 0 16px;
    color: var(--muted);
  }
  dialog .actions {
    display: flex;
    justify-content: flex-end;
    gap: 10px;
  }
`;
