// The deep-linking picker and the page that posts its answer to the LMS: plain server-rendered HTML (no
// session needed, it may live in the LMS's frame), in the launch's language, French by default.
import type { CourseSummary } from '../courses/course-registry.js';

const WORDS = {
  fr: {
    title: 'Choisir une activité Atelier',
    intro: 'Choisissez un cours entier (noté sur ses exercices) ou un seul exercice.',
    course: 'Tout le cours',
    submit: 'Ajouter à l’espace de cours',
    sending: 'Retour vers la plateforme…',
    send: 'Continuer',
  },
  en: {
    title: 'Pick an Atelier activity',
    intro: 'Pick a whole course (graded on its exercises) or a single exercise.',
    course: 'Whole course',
    submit: 'Add to the course space',
    sending: 'Going back to the platform…',
    send: 'Continue',
  },
} as const;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (lang: 'fr' | 'en', title: string, body: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><link rel="stylesheet" href="/api/lti/static/picker.css"></head>
<body>${body}</body></html>`;

/** The value of a radio button: `course` or `course/exercise`. */
export const pickValue = (courseId: string, exerciseId?: string) =>
  exerciseId ? `${courseId}/${exerciseId}` : courseId;

export function pickerPage(lang: 'fr' | 'en', action: string, courses: CourseSummary[]): string {
  const w = WORDS[lang];
  const items = courses
    .map(
      (c) => `<fieldset><legend>${esc(c.title)}</legend>
<label><input type="radio" name="item" value="${esc(pickValue(c.id))}" required> <strong>${esc(w.course)}</strong></label>
${c.exercises
  .map(
    (e) =>
      `<label><input type="radio" name="item" value="${esc(pickValue(c.id, e.id))}"> ${esc(e.title)}</label>`,
  )
  .join('\n')}
</fieldset>`,
    )
    .join('\n');
  return page(
    lang,
    w.title,
    `<main><h1>${esc(w.title)}</h1><p>${esc(w.intro)}</p>
<form method="post" action="${esc(action)}">${items}
<button type="submit">${esc(w.submit)}</button></form></main>`,
  );
}

/** Posts the signed answer to the LMS (by the script we serve; a button when scripts are off). */
export function returnPage(lang: 'fr' | 'en', returnUrl: string, jwt: string): string {
  const w = WORDS[lang];
  return page(
    lang,
    w.sending,
    `<main><p>${esc(w.sending)}</p><form id="lti-return" method="post" action="${esc(returnUrl)}">
<input type="hidden" name="JWT" value="${esc(jwt)}"><button type="submit">${esc(w.send)}</button></form>
<script src="/api/lti/static/auto-submit.js"></script></main>`,
  );
}

export const AUTO_SUBMIT_JS = "document.getElementById('lti-return').submit();\n";
export const PICKER_CSS = `body{font-family:system-ui,sans-serif;margin:0;padding:1rem 1.5rem;color:#1b1f24;max-width:48rem}
fieldset{border:1px solid #c8ccd2;border-radius:6px;margin:0 0 1rem;padding:.5rem 1rem}
legend{font-weight:600;padding:0 .25rem}label{display:block;padding:.25rem 0}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:0;background:#1f5fbf;color:#fff;cursor:pointer}
`;
