import { css } from 'lit';

/** Typography for the server-rendered lesson HTML. */
export const lessonContentStyles = css`
  /* break-word, not anywhere: a long URL still breaks in a paragraph, but a table cell keeps its words
     whole (anywhere lowers the cell's minimum width: "/var/log" broke into "/var/l" and "og"). */
  .content {
    line-height: 1.65;
    overflow-wrap: break-word;
  }
  .content > :first-child,
  .content > .dup-title + * {
    margin-top: 0;
  }
  .content > .dup-title {
    display: none;
  }
  .content h1,
  .content h2,
  .content h3 {
    line-height: 1.3;
    margin: 1.4em 0 0.5em;
  }
  .content h1 {
    font-size: 1.3rem;
  }
  .content h2 {
    font-size: 1.15rem;
  }
  .content h3 {
    font-size: 1rem;
  }
  .content a {
    color: var(--primary);
  }
  .content code {
    font: 0.88em var(--font-mono);
    background: #eef1f6;
    border: 1px solid #e0e5ed;
    border-radius: 5px;
    padding: 0.05em 0.35em;
  }
  .code-block {
    display: flex;
    flex-direction: column;
    margin: 1em 0;
    background: #1b1f27;
    border-radius: 8px;
    overflow: hidden;
  }
  .content pre {
    margin: 0;
    padding: 12px 14px;
    color: #dbe1ea;
    overflow-x: auto;
    line-height: 1.5;
  }
  .content pre code {
    background: none;
    border: 0;
    padding: 0;
    color: inherit;
    font-size: 0.86rem;
  }
  .content pre[data-lang]::before {
    content: attr(data-lang);
    float: right;
    margin: -4px -4px 0 8px;
    font: 600 0.7rem var(--font-mono);
    color: #7c8596;
  }
  /* The actions are after the code in the DOM (read the code first), shown as a bar above it. */
  .code-actions {
    order: -1;
    display: flex;
    justify-content: flex-end;
    gap: 6px;
    padding: 5px 8px;
    border-bottom: 1px solid #2c323d;
    background: #20252e;
  }
  .code-actions button {
    font: 600 0.75rem var(--font-ui);
    color: #aeb7c6;
    background: transparent;
    border: 1px solid #3a4150;
    border-radius: 6px;
    padding: 3px 9px;
    cursor: pointer;
  }
  .code-actions button:not([disabled]):hover {
    color: #fff;
    border-color: #5b6577;
  }
  .code-actions button:focus-visible {
    outline: 2px solid #72b4ff;
    outline-offset: 1px;
  }
  .code-actions .code-run {
    color: #8fd18c;
    border-color: #3f6b46;
  }
  .code-actions .code-run::before {
    content: '▶ ';
    font-size: 0.65rem;
  }
  .code-actions button[disabled] {
    opacity: 0.45;
    cursor: not-allowed;
  }
  .admonition {
    margin: 1em 0;
    padding: 10px 14px;
    border-left: 4px solid #72a0f0;
    background: var(--primary-soft);
    border-radius: 0 8px 8px 0;
  }
  .admonition > :last-child {
    margin-bottom: 0;
  }
  .admonition-title {
    margin: 0 0 4px;
    font-weight: 700;
    font-size: 0.85rem;
    color: var(--primary);
  }
  .admonition-tip {
    border-color: #4bb276;
    background: var(--success-soft);
  }
  /* Darker than --success: the bold small title needs 4.5:1 on the green background. */
  .admonition-tip .admonition-title {
    color: #14663a;
  }
  .admonition-warning,
  .admonition-important {
    border-color: #e0a530;
    background: var(--warning-soft);
  }
  .admonition-warning .admonition-title,
  .admonition-important .admonition-title {
    color: var(--warning);
  }
  .admonition-caution {
    border-color: var(--danger);
    background: var(--danger-soft);
  }
  .admonition-caution .admonition-title {
    color: var(--danger);
  }
  .content blockquote {
    margin: 1em 0;
    padding: 8px 14px;
    border-left: 4px solid #b5c4e6;
    background: var(--primary-soft);
    border-radius: 0 8px 8px 0;
  }
  .content blockquote > :first-child {
    margin-top: 0;
  }
  .content blockquote > :last-child {
    margin-bottom: 0;
  }
  .content img {
    max-width: 100%;
    height: auto;
    border-radius: 8px;
  }
  /* A wide table scrolls in its own box (display: block) rather than the lesson or the page. */
  .content table {
    display: block;
    max-width: 100%;
    width: max-content;
    overflow-x: auto;
    border-collapse: collapse;
    margin: 1em 0;
    font-size: 0.92rem;
  }
  .content th,
  .content td {
    border: 1px solid var(--border);
    padding: 6px 10px;
    text-align: left;
  }
  .content th {
    background: var(--surface-2);
  }
  .content ul,
  .content ol {
    padding-left: 1.4em;
  }
  .content li + li {
    margin-top: 0.25em;
  }
`;
