// The page a refused launch shows inside the LMS (no app shell there): the reason in both languages.
const TEXT: Record<string, { fr: string; en: string }> = {
  'lti-expired': {
    fr: 'Ce lancement a expiré ou a déjà servi. Relancez l’activité depuis votre plateforme.',
    en: 'This launch expired or was already used. Launch the activity again from your platform.',
  },
  'lti-unavailable': {
    fr: 'La plateforme ne répond pas pour le moment. Réessayez dans un instant.',
    en: 'The platform does not answer right now. Try again in a moment.',
  },
  'unknown-platform': {
    fr: 'Cette plateforme n’est pas enregistrée ici. Un administrateur doit l’ajouter.',
    en: 'This platform is not registered here. An administrator must add it.',
  },
  'unknown-course': {
    fr: 'Ce cours n’existe pas ici.',
    en: 'This course does not exist here.',
  },
  'rate-limited': {
    fr: 'Trop de lancements depuis votre réseau. Réessayez dans un instant.',
    en: 'Too many launches from your network. Try again in a moment.',
  },
};
const REFUSED = {
  fr: 'Le lancement a été refusé : le message de la plateforme n’a pas passé les vérifications.',
  en: 'The launch was refused: the platform’s message failed the checks.',
};

export function errorPage(lang: 'fr' | 'en', reason: string): string {
  const t = TEXT[reason] ?? REFUSED;
  const [first, second] = lang === 'en' ? [t.en, t.fr] : [t.fr, t.en];
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Atelier</title>
<link rel="stylesheet" href="/api/lti/static/picker.css"></head>
<body><main><h1>Atelier</h1><p data-reason="${reason.replace(/[^a-z-]/g, '')}">${first}</p>
<p lang="${lang === 'en' ? 'fr' : 'en'}">${second}</p></main></body></html>`;
}
