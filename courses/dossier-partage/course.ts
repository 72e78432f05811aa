import { check, defineCourse } from '../../server/courses/authoring.js';

// Imported from a Killercoda scenario (docs/examples/killercoda/shared-folder) by `npm run course:import`,
// then completed by hand: French text, solutions (docs/COURSES.md, "Importing a Killercoda scenario").
export default defineCourse({
  id: 'dossier-partage',
  title: { fr: 'Un dossier partagé pour une équipe', en: 'A shared folder for a team' },
  description: {
    fr: "Donner à une équipe un dossier où les fichiers de chacun appartiennent à l'équipe.",
    en: "Give a team a folder where everyone's files belong to the team.",
  },
  image: 'base',
  order: 25,
  imported: { from: 'killercoda', scenario: 'shared-folder' },
  setup: { script: 'setup.sh' },
  exercises: [
    {
      id: 'create-the-team',
      title: { fr: "Créer l'équipe", en: 'Create the team' },
      checks: [
        check.group('projet'),
        check.user('alice', { groups: ['projet'] }),
        check.user('bob', { groups: ['projet'] }),
      ],
    },
    {
      id: 'create-the-shared-folder',
      title: { fr: 'Créer le dossier partagé', en: 'Create the shared folder' },
      checks: [
        check.file('/srv/projet', { type: 'directory' }),
        check.file('/srv/projet', { group: 'projet' }),
        check.file('/srv/projet', { mode: '2770' }),
      ],
    },
    {
      id: 'why-the-s-bit',
      title: { fr: 'Pourquoi le bit s', en: 'Why the s bit' },
      hints: [
        {
          fr: 'Le bit setgid d’un dossier fait hériter aux nouveaux fichiers le groupe du dossier.',
          en: "The setgid bit on a folder makes new files inherit the folder's group.",
        },
      ],
      checks: [check.answer('/root/answer.txt', 'projet')],
    },
  ],
});
