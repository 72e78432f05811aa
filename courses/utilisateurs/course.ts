import { check, defineCourse } from '../../server/courses/authoring.js';

export default defineCourse({
  id: 'utilisateurs',
  order: 20,
  title: { fr: 'Utilisateurs, groupes et sudo', en: 'Users, groups and sudo' },
  description: {
    fr: "Créer les comptes d'une association, les réunir en groupes, partager un dossier, déléguer l'administration avec sudo et fermer proprement un compte.",
    en: "Create an association's accounts, gather them in groups, share a folder, delegate administration with sudo and close an account properly.",
  },
  image: 'base',
  setup: { script: 'setup.sh' },
  exercises: [
    {
      id: 'creer-compte',
      title: { fr: 'Créer un compte', en: 'Creating an account' },
      hints: [
        {
          fr: '`useradd -m -s /bin/bash alice` crée le compte, son dossier personnel et choisit son shell.',
          en: '`useradd -m -s /bin/bash alice` creates the account, its home folder and sets its shell.',
        },
        {
          fr: '`passwd alice` demande le nouveau mot de passe deux fois.',
          en: '`passwd alice` asks for the new password twice.',
        },
      ],
      checks: [
        check.user('alice', { id: 'compte', shell: '/bin/bash', home: '/home/alice' }),
        check.file('/home/alice', { id: 'dossier-personnel', type: 'directory', owner: 'alice' }),
        check.file('/etc/shadow', {
          id: 'mot-de-passe',
          label: { fr: 'alice a un mot de passe', en: 'alice has a password' },
          matches: /^alice:\$[^:]+:/m,
          pass: { fr: 'alice a un mot de passe.', en: 'alice has a password.' },
          fail: {
            fr: "alice n'a pas encore de mot de passe (passwd alice).",
            en: 'alice has no password yet (passwd alice).',
          },
        }),
      ],
    },
    {
      id: 'groupes',
      title: { fr: 'Les groupes', en: 'Groups' },
      hints: [
        {
          fr: '`groupadd benevoles` crée le groupe ; `usermod -aG benevoles alice` y ajoute alice.',
          en: '`groupadd benevoles` creates the group; `usermod -aG benevoles alice` adds alice to it.',
        },
        {
          fr: "Sans le `-a`, `usermod -G` remplace tous les groupes secondaires de l'utilisateur !",
          en: "Without `-a`, `usermod -G` replaces all of the user's supplementary groups!",
        },
      ],
      checks: [
        check.user('bob', { id: 'compte-bob', shell: '/bin/bash', homeExists: true }),
        check.group('benevoles', { id: 'groupe', members: ['alice', 'bob'] }),
        check.user('alice', { id: 'groupes-alice-conserves', groups: ['benevoles', 'compta'] }),
      ],
    },
    {
      id: 'dossier-partage',
      title: { fr: 'Un dossier partagé', en: 'A shared folder' },
      hints: [
        {
          fr: '`chown root:benevoles /srv/partage` change le propriétaire et le groupe.',
          en: '`chown root:benevoles /srv/partage` changes owner and group.',
        },
        {
          fr: 'Le 2 de `chmod 2775` est le bit setgid : les nouveaux fichiers héritent du groupe du dossier.',
          en: 'The 2 in `chmod 2775` is the setgid bit: new files inherit the folder group.',
        },
      ],
      checks: [
        check.file('/srv/partage', {
          id: 'dossier',
          type: 'directory',
          owner: 'root',
          group: 'benevoles',
          mode: '2775',
        }),
        check.file('/srv/partage/planning.txt', { id: 'fichier-de-bob', owner: 'bob', group: 'benevoles' }),
      ],
    },
    {
      id: 'sudo',
      title: { fr: "Déléguer l'administration avec sudo", en: 'Delegating administration with sudo' },
      hints: [
        {
          fr: 'Membre du groupe `sudo`, un utilisateur peut tout faire avec `sudo`.',
          en: 'A member of the `sudo` group may do anything through `sudo`.',
        },
        {
          fr: "`visudo -f /etc/sudoers.d/bob` vérifie la syntaxe avant d'enregistrer.",
          en: '`visudo -f /etc/sudoers.d/bob` checks the syntax before saving.',
        },
      ],
      checks: [
        check.user('alice', { id: 'alice-sudo', groups: ['sudo'] }),
        check.file('/etc/sudoers.d/bob', {
          id: 'regle-bob',
          label: {
            fr: 'La règle sudo de bob (/etc/sudoers.d/bob) lui permet service, appartient à root et a les droits 440',
            en: "bob's sudo rule (/etc/sudoers.d/bob) allows service, belongs to root and has mode 440",
          },
          mode: '440',
          owner: 'root',
          contains: '/usr/sbin/service',
        }),
        check.configTest('visudo -c', { id: 'syntaxe-sudoers' }),
        check.command('sudo -l -U bob', {
          id: 'bob-limite',
          label: {
            fr: 'bob peut lancer service en root, et rien de plus',
            en: 'bob may run service as root, and nothing more',
          },
          output: /\(root\) (NOPASSWD: )?\/usr\/sbin\/service/,
          notOutput: '(ALL : ALL) ALL',
          fail: {
            fr: 'bob doit pouvoir lancer /usr/sbin/service en root, et rien de plus.',
            en: 'bob must be able to run /usr/sbin/service as root, and nothing more.',
          },
        }),
      ],
    },
    {
      id: 'fermer-compte',
      title: { fr: 'Fermer un compte', en: 'Closing an account' },
      hints: [
        {
          fr: '`usermod -L -s /usr/sbin/nologin ancien` verrouille le mot de passe et retire le shell.',
          en: '`usermod -L -s /usr/sbin/nologin ancien` locks the password and removes the shell.',
        },
        {
          fr: '`userdel -r stagiaire` supprime le compte et son dossier personnel.',
          en: '`userdel -r stagiaire` deletes the account and its home folder.',
        },
      ],
      checks: [
        check.file('/etc/shadow', {
          id: 'ancien-verrouille',
          label: { fr: 'Le mot de passe de ancien est verrouillé', en: "ancien's password is locked" },
          matches: /^ancien:!/m,
          pass: { fr: 'Le mot de passe de ancien est verrouillé.', en: "ancien's password is locked." },
          fail: {
            fr: "Le mot de passe de ancien n'est pas verrouillé.",
            en: "ancien's password is not locked.",
          },
        }),
        check.user('ancien', { id: 'ancien-sans-shell', shell: '/usr/sbin/nologin' }),
        check.file('/home/ancien/archives.txt', { id: 'fichiers-conserves', contains: 'comptes 2023' }),
        check.user('stagiaire', { id: 'stagiaire-supprime', exists: false }),
        check.file('/home/stagiaire', { id: 'dossier-stagiaire-supprime', exists: false }),
      ],
    },
  ],
});
