// UI strings of the lab part (merged into messages.ts). French first; `labEn` must have the same keys.

export const labFr = {
  'lab.phase.asked': 'Demande envoyée au serveur…',
  'lab.phase.queued': 'En file d’attente : n° {position}',
  'lab.phase.creating': 'Création de la machine…',
  'lab.phase.creatingMany': 'Création des machines…',
  'lab.phase.preparing': 'Préparation du cours (script d’installation)…',
  'lab.phase.elapsed': '{elapsed} écoulées',
  'lab.startFailed': 'Le lab n’a pas pu démarrer.',
  'lab.retry': 'Réessayer',
  'lab.result.show': 'Afficher le détail',
  'lab.result.auto': 'vérifié automatiquement',
  'lab.keys.check': 'Alt+Maj+V',
  'lab.keys.next': 'Alt+Maj+N',
  'lab.keys.hint': 'Alt+Maj+H',
  'lab.keys.help':
    'Raccourcis, même dans le terminal : Alt+Maj+V vérifier · Alt+Maj+N exercice suivant · Alt+Maj+H indice',
  'lab.state.unavailable': 'indisponible',
  'lab.unavailable.title': 'Machine indisponible',
  'lab.unavailable.default':
    'Le serveur de labs qui l’héberge ne répond plus. Vos fichiers y restent ; la machine reviendra quand il répondra.',
  'lab.unavailable.terminal': 'Terminal déconnecté : ce qui s’y affiche date d’avant la coupure.',
  'lab.unavailable.check': 'Machine indisponible : la vérification reviendra avec elle.',
} satisfies Record<string, string>;

export const labEn: Record<keyof typeof labFr, string> = {
  'lab.phase.asked': 'Request sent to the server…',
  'lab.phase.queued': 'In the queue: number {position}',
  'lab.phase.creating': 'Creating the machine…',
  'lab.phase.creatingMany': 'Creating the machines…',
  'lab.phase.preparing': 'Preparing the course (setup script)…',
  'lab.phase.elapsed': '{elapsed} elapsed',
  'lab.startFailed': 'The lab could not start.',
  'lab.retry': 'Try again',
  'lab.result.show': 'Show the details',
  'lab.result.auto': 'checked automatically',
  'lab.keys.check': 'Alt+Shift+V',
  'lab.keys.next': 'Alt+Shift+N',
  'lab.keys.hint': 'Alt+Shift+H',
  'lab.keys.help':
    'Shortcuts, also in the terminal: Alt+Shift+V check · Alt+Shift+N next exercise · Alt+Shift+H hint',
  'lab.state.unavailable': 'unavailable',
  'lab.unavailable.title': 'Machine unavailable',
  'lab.unavailable.default':
    'The lab server holding it is not answering. Your files stay there; the machine comes back when it answers.',
  'lab.unavailable.terminal': 'Terminal disconnected: what it shows dates from before the outage.',
  'lab.unavailable.check': 'Machine unavailable: checking comes back with it.',
};
