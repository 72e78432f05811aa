// UI strings of an exercise's criteria (what will be checked, and each one's state), merged into
// messages.ts. French first; `criteriaEn` must have the same keys.

export const criteriaFr = {
  'criteria.title': 'Ce qui sera vérifié',
  'criteria.unknown': 'pas encore vérifié',
  'criteria.met': 'validé',
  'criteria.unmet': 'pas encore validé',
  'criteria.summary': '{met} sur {total} validé(s)',
  'criteria.seeAbove': 'Le détail de chaque critère est dans « Ce qui sera vérifié », plus haut.',
};

export const criteriaEn: Record<keyof typeof criteriaFr, string> = {
  'criteria.title': 'What will be checked',
  'criteria.unknown': 'not checked yet',
  'criteria.met': 'met',
  'criteria.unmet': 'not met yet',
  'criteria.summary': '{met} of {total} met',
  'criteria.seeAbove': 'Each criterion’s state is in « What will be checked », above.',
};
