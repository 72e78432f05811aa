// UI strings of the layout part (merged into messages.ts). French first; `layoutEn` must have the same keys.

export const layoutFr = {
  'layout.menu': 'Menu',
  'layout.title.course': 'Cours',
  'layout.title.class': 'Classe',
  'layout.title.notFound': 'Page introuvable',
  'layout.notFoundText': 'Cette adresse ne mène à aucune page d’Atelier.',
  'layout.title.forbidden': 'Accès refusé',
  'layout.title.courseNotFound': 'Cours introuvable',
  'layout.signedInAs': 'Connecté en tant que {name}',
} satisfies Record<string, string>;

export const layoutEn: Record<keyof typeof layoutFr, string> = {
  'layout.menu': 'Menu',
  'layout.title.course': 'Course',
  'layout.title.class': 'Class',
  'layout.title.notFound': 'Page not found',
  'layout.notFoundText': 'This address leads to no page of Atelier.',
  'layout.title.forbidden': 'Access denied',
  'layout.title.courseNotFound': 'Course not found',
  'layout.signedInAs': 'Signed in as {name}',
};
