// UI strings of the keyboard hand-over (the learner's consent, the trainer's watch), merged into
// messages.ts. French first; `keyboardEn` must have the same keys.

export const keyboardFr = {
  'keyboard.request.title': 'Demande de clavier',
  'keyboard.request.text': '{name}, votre formateur, demande à prendre le clavier.',
  'keyboard.request.detail':
    'Il pourra taper dans votre terminal, et vous aussi. Vous reprenez le clavier en un clic quand vous voulez.',
  'keyboard.accept': 'Accepter',
  'keyboard.decline': 'Refuser',
  'keyboard.learner.banner': 'Votre formateur a le clavier ({name})',
  'keyboard.takeBack': 'Reprendre le clavier',
  'keyboard.learner.takenBack': 'Vous avez repris le clavier.',
  'keyboard.learner.given': '{name} vous a rendu le clavier.',
  'keyboard.learner.ended': 'Le clavier est de nouveau à vous seul.',
  'keyboard.take': 'Prendre le clavier',
  'keyboard.pending': 'Demande envoyée à {name}… en attente de sa réponse.',
  'keyboard.trainer.banner': 'Vous avez le clavier de {name}',
  'keyboard.trainer.hint': 'Tapez dans le terminal ; F6 revient au bouton « Rendre le clavier ».',
  'keyboard.giveBack': 'Rendre le clavier',
  'keyboard.trainer.granted': '{name} a accepté : vous avez le clavier.',
  'keyboard.trainer.declined': '{name} a refusé de vous confier le clavier.',
  'keyboard.trainer.expired': 'Pas de réponse de {name} : la demande a expiré.',
  'keyboard.trainer.revoked': '{name} a repris le clavier.',
  'keyboard.trainer.released': 'Vous avez rendu le clavier.',
  'keyboard.trainer.lost': 'Le clavier est rendu à {name} (lab réinitialisé ou arrêté, ou accès retiré).',
};

export const keyboardEn: Record<keyof typeof keyboardFr, string> = {
  'keyboard.request.title': 'Keyboard request',
  'keyboard.request.text': '{name}, your trainer, asks to take the keyboard.',
  'keyboard.request.detail':
    'They will be able to type in your terminal, and so will you. Take the keyboard back in one click whenever you want.',
  'keyboard.accept': 'Accept',
  'keyboard.decline': 'Decline',
  'keyboard.learner.banner': 'Your trainer has the keyboard ({name})',
  'keyboard.takeBack': 'Take the keyboard back',
  'keyboard.learner.takenBack': 'You took the keyboard back.',
  'keyboard.learner.given': '{name} gave the keyboard back to you.',
  'keyboard.learner.ended': 'The keyboard is yours alone again.',
  'keyboard.take': 'Take the keyboard',
  'keyboard.pending': 'Request sent to {name}… waiting for their answer.',
  'keyboard.trainer.banner': 'You have {name}’s keyboard',
  'keyboard.trainer.hint': 'Type in the terminal; F6 goes back to the “Give the keyboard back” button.',
  'keyboard.giveBack': 'Give the keyboard back',
  'keyboard.trainer.granted': '{name} accepted: you have the keyboard.',
  'keyboard.trainer.declined': '{name} declined to hand you the keyboard.',
  'keyboard.trainer.expired': 'No answer from {name}: the request expired.',
  'keyboard.trainer.revoked': '{name} took the keyboard back.',
  'keyboard.trainer.released': 'You gave the keyboard back.',
  'keyboard.trainer.lost': 'The keyboard went back to {name} (lab reset or stopped, or access removed).',
};
