import { check, defineCourse } from '../../server/courses/authoring.js';

export default defineCourse({
  id: 'premiers-pas',
  order: 10,
  title: { fr: 'Premiers pas sur un serveur', en: 'First steps on a server' },
  description: {
    fr: 'Le terminal, les fichiers et les dossiers, modifier une configuration, chercher dans les journaux et régler les droits : les gestes de base de toute administration.',
    en: 'The terminal, files and folders, editing a configuration, searching logs and setting permissions: the basic moves of any administration.',
  },
  image: 'base',
  setup: { script: 'setup.sh' },
  exercises: [
    {
      id: 'se-reperer',
      title: { fr: 'Se repérer dans le terminal', en: 'Finding your way in the terminal' },
      hints: [
        {
          fr: 'Affichez le contenu du fichier avec `cat /root/bienvenue.txt`.',
          en: 'Show the file with `cat /root/bienvenue.txt`.',
        },
        {
          fr: '`echo mot > /root/reponse.txt` écrit « mot » dans le fichier.',
          en: '`echo word > /root/reponse.txt` writes "word" into the file.',
        },
      ],
      checks: [
        check.file('/root/reponse.txt', {
          id: 'reponse-existe',
          pass: { fr: 'Le fichier /root/reponse.txt existe.', en: 'The file /root/reponse.txt exists.' },
          fail: {
            fr: "Le fichier /root/reponse.txt n'existe pas encore.",
            en: 'The file /root/reponse.txt does not exist yet.',
          },
        }),
        check.file('/root/reponse.txt', {
          id: 'mot-secret',
          contains: 'tournesol',
          pass: { fr: 'Le mot secret est le bon.', en: 'The secret word is right.' },
          fail: {
            fr: 'Le fichier ne contient pas le mot secret de bienvenue.txt.',
            en: 'The file does not contain the secret word from bienvenue.txt.',
          },
        }),
      ],
    },
    {
      id: 'dossiers',
      title: { fr: 'Créer des dossiers', en: 'Creating folders' },
      hints: [
        {
          fr: '`mkdir -p` crée aussi les dossiers parents manquants.',
          en: '`mkdir -p` also creates the missing parent folders.',
        },
        {
          fr: '`mkdir -p /root/projet/docs /root/projet/scripts /root/projet/archives`',
          en: '`mkdir -p /root/projet/docs /root/projet/scripts /root/projet/archives`',
        },
      ],
      checks: [
        check.file('/root/projet', { id: 'projet', type: 'directory' }),
        check.file('/root/projet/docs', { id: 'docs', type: 'directory' }),
        check.file('/root/projet/scripts', { id: 'scripts', type: 'directory' }),
        check.file('/root/projet/archives', { id: 'archives', type: 'directory' }),
      ],
    },
    {
      id: 'fichiers',
      title: { fr: 'Copier, déplacer, supprimer', en: 'Copy, move, delete' },
      hints: [
        {
          fr: '`cp SOURCE DESTINATION` copie, `mv SOURCE DESTINATION` déplace ou renomme.',
          en: '`cp SOURCE DESTINATION` copies, `mv SOURCE DESTINATION` moves or renames.',
        },
        {
          fr: '`rm /root/depot/vieux.log` supprime le fichier (sans corbeille !).',
          en: '`rm /root/depot/vieux.log` deletes the file (no trash bin!).',
        },
      ],
      checks: [
        check.file('/root/projet/docs/notes.txt', { id: 'notes-copiees', contains: 'Réunion' }),
        check.file('/root/depot/notes.txt', {
          id: 'notes-gardees',
          fail: {
            fr: "L'original /root/depot/notes.txt a disparu : il fallait le copier, pas le déplacer.",
            en: 'The original /root/depot/notes.txt is gone: it had to be copied, not moved.',
          },
        }),
        check.file('/root/projet/docs/rapport.txt', { id: 'rapport', contains: 'Rapport' }),
        check.file('/root/depot/brouillon.txt', { id: 'brouillon-deplace', exists: false }),
        check.file('/root/depot/vieux.log', { id: 'vieux-log-supprime', exists: false }),
      ],
    },
    {
      id: 'editer',
      title: { fr: 'Modifier un fichier de configuration', en: 'Editing a configuration file' },
      hints: [
        {
          fr: "Faites d'abord la copie : `cp /etc/monapp/monapp.conf /etc/monapp/monapp.conf.orig`.",
          en: 'Make the copy first: `cp /etc/monapp/monapp.conf /etc/monapp/monapp.conf.orig`.',
        },
        {
          fr: '`nano /etc/monapp/monapp.conf`, puis Ctrl+O, Entrée pour enregistrer et Ctrl+X pour quitter.',
          en: '`nano /etc/monapp/monapp.conf`, then Ctrl+O, Enter to save and Ctrl+X to quit.',
        },
      ],
      checks: [
        check.file('/etc/monapp/monapp.conf.orig', {
          id: 'copie-de-securite',
          contains: 'mode = test',
          fail: {
            fr: "Il manque la copie de sécurité /etc/monapp/monapp.conf.orig (avec le contenu d'origine).",
            en: 'The backup copy /etc/monapp/monapp.conf.orig (with the original content) is missing.',
          },
        }),
        check.file('/etc/monapp/monapp.conf', {
          id: 'mode-production',
          label: {
            fr: 'Le réglage mode vaut production dans /etc/monapp/monapp.conf',
            en: 'The mode setting is production in /etc/monapp/monapp.conf',
          },
          matches: /^mode\s*=\s*production\s*$/m,
          notContains: 'mode = test',
          fail: {
            fr: 'Le réglage « mode » ne vaut pas encore production.',
            en: 'The "mode" setting is not production yet.',
          },
        }),
        check.file('/etc/monapp/monapp.conf', {
          id: 'port-9090',
          label: {
            fr: 'Le réglage port vaut 9090 dans /etc/monapp/monapp.conf',
            en: 'The port setting is 9090 in /etc/monapp/monapp.conf',
          },
          matches: /^port\s*=\s*9090\s*$/m,
          fail: {
            fr: 'Le réglage « port » ne vaut pas encore 9090.',
            en: 'The "port" setting is not 9090 yet.',
          },
        }),
        check.file('/etc/monapp/monapp.conf', {
          id: 'admin',
          label: {
            fr: '/etc/monapp/monapp.conf a une ligne admin avec une adresse',
            en: '/etc/monapp/monapp.conf has an admin line with an address',
          },
          matches: /^admin\s*=\s*\S+@\S+\s*$/m,
          fail: {
            fr: 'Il manque une ligne « admin = adresse@exemple.org ».',
            en: 'A line "admin = address@example.org" is missing.',
          },
        }),
      ],
    },
    {
      id: 'chercher',
      title: { fr: 'Chercher dans les fichiers', en: 'Searching files' },
      hints: [
        {
          fr: '`grep ERROR /var/log/monapp/monapp.log` affiche les lignes qui contiennent ERROR ; `>` envoie le résultat dans un fichier.',
          en: '`grep ERROR /var/log/monapp/monapp.log` shows the lines containing ERROR; `>` sends the result to a file.',
        },
        {
          fr: '`find /srv -name cle-perdue.txt` cherche un fichier par son nom.',
          en: '`find /srv -name cle-perdue.txt` looks for a file by its name.',
        },
      ],
      checks: [
        check.file('/root/projet/docs/erreurs.txt', {
          id: 'erreurs',
          contains: ['disque plein', 'connexion refusée', 'délai dépassé'],
          notContains: ['INFO', 'WARN'],
          fail: {
            fr: '/root/projet/docs/erreurs.txt doit contenir toutes les lignes ERROR du journal, et elles seules.',
            en: '/root/projet/docs/erreurs.txt must hold every ERROR line of the log, and only those.',
          },
        }),
        check.file('/root/projet/docs/cle-perdue.txt', { id: 'cle-retrouvee', contains: 'CLE-7F3A-92' }),
      ],
    },
    {
      id: 'permissions',
      title: { fr: "Les droits d'accès", en: 'Access permissions' },
      hints: [
        {
          fr: '`ls -l` montre les droits ; `chmod 755 FICHIER` donne rwxr-xr-x.',
          en: '`ls -l` shows permissions; `chmod 755 FILE` gives rwxr-xr-x.',
        },
        {
          fr: 'r = 4, w = 2, x = 1 : 6 = rw-, 7 = rwx, 5 = r-x, 0 = ---.',
          en: 'r = 4, w = 2, x = 1: 6 = rw-, 7 = rwx, 5 = r-x, 0 = ---.',
        },
      ],
      checks: [
        check.file('/root/projet/scripts/sauvegarde.sh', {
          id: 'script-deplace',
          label: {
            fr: 'Le script de sauvegarde est dans /root/projet/scripts avec les droits 755',
            en: 'The backup script is in /root/projet/scripts with mode 755',
          },
          type: 'file',
          mode: '755',
        }),
        check.command('/root/projet/scripts/sauvegarde.sh', {
          id: 'script-executable',
          label: {
            fr: 'Le script de sauvegarde s’exécute et affiche « Sauvegarde OK »',
            en: 'The backup script runs and prints "Sauvegarde OK"',
          },
          output: 'Sauvegarde OK',
          fail: {
            fr: "Le script /root/projet/scripts/sauvegarde.sh ne s'exécute pas encore.",
            en: 'The script /root/projet/scripts/sauvegarde.sh does not run yet.',
          },
        }),
        check.file('/root/depot/secret.txt', { id: 'secret-prive', mode: '600' }),
        check.file('/root/projet/archives', { id: 'archives-protegees', type: 'directory', mode: '750' }),
      ],
    },
  ],
});
