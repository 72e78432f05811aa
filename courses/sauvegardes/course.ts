import { check, defineCourse } from '../../server/courses/authoring.js';

const script = '/usr/local/bin/sauvegarde-site';

export default defineCourse({
  id: 'sauvegardes',
  order: 50,
  title: { fr: 'Sauvegardes', en: 'Backups' },
  description: {
    fr: 'Archiver avec tar, restaurer un fichier abîmé, écrire un script de sauvegarde, le planifier avec cron et ne garder que les archives récentes.',
    en: 'Archive with tar, restore a damaged file, write a backup script, schedule it with cron and keep only the recent archives.',
  },
  image: 'base',
  setup: { script: 'setup.sh' },
  exercises: [
    {
      id: 'archiver',
      title: { fr: 'Archiver avec tar', en: 'Archiving with tar' },
      hints: [
        {
          fr: '`tar -czf ARCHIVE.tar.gz DOSSIER` : c = créer, z = compresser, f = nom du fichier.',
          en: '`tar -czf ARCHIVE.tar.gz FOLDER`: c = create, z = compress, f = file name.',
        },
        {
          fr: '`tar -tzf ARCHIVE.tar.gz` liste le contenu pour vérifier.',
          en: '`tar -tzf ARCHIVE.tar.gz` lists the content to check.',
        },
      ],
      checks: [
        check.file('/root/sauvegardes/site.tar.gz', { id: 'archive' }),
        check.command('tar -tzf /root/sauvegardes/site.tar.gz', {
          id: 'contenu',
          label: {
            fr: 'L’archive contient la page d’accueil du site',
            en: "The archive holds the site's home page",
          },
          output: /^(\.\/|\/)?srv\/site\/index\.html$/m,
          fail: {
            fr: "L'archive ne contient pas srv/site/index.html (ou n'est pas une archive tar.gz).",
            en: 'The archive does not hold srv/site/index.html (or is not a tar.gz archive).',
          },
        }),
      ],
    },
    {
      id: 'restaurer',
      title: { fr: 'Restaurer un fichier', en: 'Restoring a file' },
      hints: [
        {
          fr: "`tar -tzf` d'abord, pour voir le chemin exact du fichier dans l'archive.",
          en: '`tar -tzf` first, to see the exact path of the file in the archive.',
        },
        {
          fr: '`tar -xzf ARCHIVE -C / etc/monapp/monapp.conf` extrait ce seul fichier à sa place.',
          en: '`tar -xzf ARCHIVE -C / etc/monapp/monapp.conf` extracts only that file, in place.',
        },
      ],
      checks: [
        check.file('/etc/monapp/monapp.conf', {
          id: 'configuration-restauree',
          contains: ['port = 8080', 'mode = production'],
          notContains: '###',
          fail: {
            fr: "/etc/monapp/monapp.conf n'a pas retrouvé son contenu d'hier.",
            en: "/etc/monapp/monapp.conf has not got yesterday's content back.",
          },
        }),
        check.file('/etc/monapp/notes.txt', {
          id: 'reste-intact',
          contains: 'modifié ce matin',
          fail: {
            fr: 'notes.txt a été écrasé : ne restaurez que monapp.conf.',
            en: 'notes.txt was overwritten: restore monapp.conf only.',
          },
        }),
      ],
    },
    {
      id: 'script',
      title: { fr: 'Un script de sauvegarde', en: 'A backup script' },
      hints: [
        {
          fr: '`$(date +%F)` donne la date du jour, par exemple 2024-03-01.',
          en: "`$(date +%F)` gives today's date, for example 2024-03-01.",
        },
        {
          fr: 'Première ligne `#!/bin/bash`, puis `chmod 755` pour le rendre exécutable.',
          en: 'First line `#!/bin/bash`, then `chmod 755` to make it executable.',
        },
      ],
      checks: [
        check.file(script, {
          id: 'script-executable',
          label: {
            fr: 'Le script de sauvegarde est exécutable et utilise tar',
            en: 'The backup script is executable and uses tar',
          },
          mode: '755',
          contains: 'tar',
        }),
        check.command(`${script} && tar -tzf /root/sauvegardes/site-$(date +%F).tar.gz`, {
          id: 'archive-du-jour',
          label: {
            fr: 'Le script crée l’archive du jour avec le site dedans',
            en: "The script makes today's archive with the site inside",
          },
          output: /srv\/site\/index\.html/,
          fail: {
            fr: `${script} ne crée pas /root/sauvegardes/site-AAAA-MM-JJ.tar.gz avec le site dedans.`,
            en: `${script} does not create /root/sauvegardes/site-YYYY-MM-DD.tar.gz holding the site.`,
          },
        }),
      ],
    },
    {
      id: 'planifier',
      title: { fr: 'Planifier avec cron', en: 'Scheduling with cron' },
      hints: [
        {
          fr: '`crontab -e` ouvre la crontab de root ; une ligne : minute heure jour mois jour-de-semaine commande.',
          en: "`crontab -e` opens root's crontab; one line: minute hour day month weekday command.",
        },
        { fr: 'Tous les jours à 2 h 30 : `30 2 * * *`.', en: 'Every day at 2:30: `30 2 * * *`.' },
      ],
      checks: [
        check.cron({ id: 'tache', user: 'root', command: 'sauvegarde-site', schedule: '30 2 * * *' }),
        check.process('cron', { id: 'cron-actif' }),
      ],
    },
    {
      id: 'rotation',
      title: { fr: 'Ne garder que les archives récentes', en: 'Keeping only recent archives' },
      hints: [
        {
          fr: "`find /root/sauvegardes -name 'site-*.tar.gz' -mtime +7` liste les archives de plus de 7 jours.",
          en: "`find /root/sauvegardes -name 'site-*.tar.gz' -mtime +7` lists archives older than 7 days.",
        },
        {
          fr: "Essayez la commande sans `-delete` d'abord, puis ajoutez `-delete` à la fin du script.",
          en: 'Try the command without `-delete` first, then add `-delete` at the end of the script.',
        },
      ],
      checks: [
        check.command(
          `${script} >/dev/null 2>&1; find /root/sauvegardes -name 'site-*.tar.gz' -mtime +7 | wc -l`,
          {
            id: 'vieilles-supprimees',
            label: {
              fr: 'Les archives de plus de 7 jours sont supprimées',
              en: 'Archives older than 7 days are deleted',
            },
            output: /^0$/m,
            fail: {
              fr: 'Après le script, il reste des archives de plus de 7 jours.',
              en: 'After the script, archives older than 7 days remain.',
            },
          },
        ),
        check.command(`find /root/sauvegardes -name 'site-*.tar.gz' -mtime -7 | wc -l`, {
          id: 'recentes-gardees',
          label: { fr: 'Les archives récentes sont gardées', en: 'Recent archives are kept' },
          output: /^[4-9]$/m,
          fail: {
            fr: 'Les archives récentes ont disparu : ne supprimez que celles de plus de 7 jours.',
            en: 'The recent archives are gone: delete only those older than 7 days.',
          },
        }),
      ],
    },
  ],
});
