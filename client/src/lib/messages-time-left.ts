// UI strings of the time left before an idle lab sleeps (merged into messages.ts). French first;
// `timeLeftEn` must have the same keys.

export const timeLeftFr = {
  'timeLeft.counting': 'Veille dans {minutes} min',
  'timeLeft.kept': 'Gardée jusqu’à {time}',
  'timeLeft.explain':
    'Sans activité dans le terminal pendant {timeout} min, la machine est mise en veille ; votre travail sur le cours est conservé.',
  'timeLeft.warning': 'Sans activité, votre machine sera mise en veille à {time}.',
  'timeLeft.here': 'Je suis là',
  'timeLeft.culled':
    'Votre machine a été mise en veille après {timeout} min sans activité ; votre travail sur le cours est conservé (progression, fichiers).',
  'timeLeft.restart': 'Relancer la machine',
  'timeLeft.restarting': 'Relance de la machine…',
  'timeLeft.extend': 'Prolonger les machines pour la journée',
  'timeLeft.extendHelp':
    'Les machines des apprenants de la classe ne seront pas mises en veille avant minuit (heure de la classe).',
  'timeLeft.extended.none': 'Aucune machine à prolonger pour le moment.',
  'timeLeft.extended.one': '1 machine gardée jusqu’à minuit.',
  'timeLeft.extended.many': '{n} machines gardées jusqu’à minuit.',
} satisfies Record<string, string>;

export const timeLeftEn: Record<keyof typeof timeLeftFr, string> = {
  'timeLeft.counting': 'Sleeps in {minutes} min',
  'timeLeft.kept': 'Kept until {time}',
  'timeLeft.explain':
    'After {timeout} min without activity in the terminal, the machine is put to sleep; your work on the course is kept.',
  'timeLeft.warning': 'Without activity, your machine will be put to sleep at {time}.',
  'timeLeft.here': 'I’m here',
  'timeLeft.culled':
    'Your machine was put to sleep after {timeout} min without activity; your work on the course is kept (progress, files).',
  'timeLeft.restart': 'Restart the machine',
  'timeLeft.restarting': 'Restarting the machine…',
  'timeLeft.extend': 'Extend the machines for the day',
  'timeLeft.extendHelp':
    'The machines of the class’s learners will not be put to sleep before midnight (the class’s time).',
  'timeLeft.extended.none': 'No machine to extend for now.',
  'timeLeft.extended.one': '1 machine kept until midnight.',
  'timeLeft.extended.many': '{n} machines kept until midnight.',
};
