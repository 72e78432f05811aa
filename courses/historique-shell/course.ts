import { check, defineCourse } from '../../server/courses/authoring.js';

// Imported from a Killercoda scenario (docs/examples/killercoda/shell-history) by `npm run course:import`,
// then completed by hand: French text, solutions (docs/COURSES.md, "Importing a Killercoda scenario").
export default defineCourse({
  id: 'historique-shell',
  title: { fr: 'Votre shell se souvient', en: 'Your shell remembers' },
  description: {
    fr: "Se servir de l'historique du shell et se donner un raccourci.",
    en: "Use the shell's history and give yourself a shortcut.",
  },
  order: 15,
  image: 'base',
  imported: { from: 'killercoda', scenario: 'shell-history' },
  shellInit: `# write each command to the history file as soon as it runs
PROMPT_COMMAND='history -a'`,
  exercises: [
    {
      id: 'ask-the-kernel-its-version',
      title: { fr: 'Demander sa version au noyau', en: 'Ask the kernel its version' },
      checks: [check.file('/root/.bash_history', { contains: 'uname -r' })],
    },
    {
      id: 'a-shortcut-for-ls-ltr',
      title: { fr: 'Un raccourci pour ls -ltr', en: 'A shortcut for ls -ltr' },
      checks: [check.file('/root/.bashrc', { contains: 'alias lt=' })],
    },
  ],
});
