import { check, defineCourse } from '../../server/courses/authoring.js';

export default defineCourse({
  id: 'paquets',
  order: 30,
  title: { fr: 'Paquets et services', en: 'Packages and services' },
  description: {
    fr: 'Installer et retirer des logiciels avec apt, surveiller et arrêter des processus, démarrer des services et lire les journaux.',
    en: 'Install and remove software with apt, watch and stop processes, start services and read logs.',
  },
  image: 'services',
  setup: { script: 'setup.sh' },
  exercises: [
    {
      id: 'installer',
      title: { fr: 'Installer un logiciel avec apt', en: 'Installing software with apt' },
      hints: [
        {
          fr: "`apt show htop` décrit le paquet ; `apt install htop` l'installe.",
          en: '`apt show htop` describes the package; `apt install htop` installs it.',
        },
      ],
      checks: [check.package('htop', { id: 'htop' })],
    },
    {
      id: 'processus',
      title: { fr: 'Surveiller et arrêter des processus', en: 'Watching and stopping processes' },
      hints: [
        {
          fr: '`ps aux` liste tout ; `ps aux | grep calcul` filtre ; `kill PID` arrête le processus.',
          en: '`ps aux` lists everything; `ps aux | grep calcul` filters; `kill PID` stops the process.',
        },
        {
          fr: '`service cron start` démarre le service cron.',
          en: '`service cron start` starts the cron service.',
        },
      ],
      checks: [
        check.process('calcul-infini', {
          id: 'processus-arrete',
          running: false,
          fail: {
            fr: 'Le processus calcul-infini tourne toujours.',
            en: 'The calcul-infini process is still running.',
          },
        }),
        check.process('cron', { id: 'cron-demarre', user: 'root' }),
      ],
    },
    {
      id: 'journal-systeme',
      title: { fr: 'Un service de journalisation', en: 'A logging service' },
      hints: [
        {
          fr: 'Installez le paquet `rsyslog`, puis lancez le démon : `rsyslogd`.',
          en: 'Install the `rsyslog` package, then start the daemon: `rsyslogd`.',
        },
      ],
      checks: [
        check.package('rsyslog', { id: 'rsyslog-installe' }),
        check.process('rsyslogd', { id: 'rsyslog-demarre' }),
      ],
    },
    {
      id: 'journaux',
      title: { fr: 'Lire et écrire les journaux', en: 'Reading and writing logs' },
      hints: [
        {
          fr: '`logger -t sauvegarde "Sauvegarde terminée"` écrit dans le journal système.',
          en: '`logger -t sauvegarde "Sauvegarde terminée"` writes to the system log.',
        },
        {
          fr: '`grep "install htop" /var/log/dpkg.log` montre la ligne de l\'installation ; la date est au début.',
          en: '`grep "install htop" /var/log/dpkg.log` shows the install line; the date comes first.',
        },
      ],
      checks: [
        check.file('/var/log/syslog', {
          id: 'message-journalise',
          label: {
            fr: 'Le message « Sauvegarde terminée » (étiquette sauvegarde) est dans /var/log/syslog',
            en: 'The message "Sauvegarde terminée" (tag sauvegarde) is in /var/log/syslog',
          },
          matches: /sauvegarde(\[\d+\])?: Sauvegarde terminée/,
          fail: {
            fr: "Le message « Sauvegarde terminée » (étiquette sauvegarde) n'est pas dans /var/log/syslog.",
            en: 'The message "Sauvegarde terminée" (tag sauvegarde) is not in /var/log/syslog.',
          },
        }),
        check.command(
          `d=$(awk '$3 == "install" && $4 ~ /^htop:/ {print $1; exit}' /var/log/dpkg.log); [ -n "$d" ] && grep -qF "$d" /root/installation-htop.txt`,
          {
            id: 'date-installation',
            label: {
              fr: 'La date d’installation de htop est notée dans /root/installation-htop.txt',
              en: 'The install date of htop is written in /root/installation-htop.txt',
            },
            pass: {
              fr: "La date d'installation de htop est la bonne.",
              en: 'The install date of htop is right.',
            },
            fail: {
              fr: "/root/installation-htop.txt doit contenir la date d'installation de htop (AAAA-MM-JJ), lue dans /var/log/dpkg.log.",
              en: '/root/installation-htop.txt must hold the install date of htop (YYYY-MM-DD), read from /var/log/dpkg.log.',
            },
          },
        ),
      ],
    },
    {
      id: 'nettoyer',
      title: { fr: 'Retirer un logiciel', en: 'Removing software' },
      hints: [
        {
          fr: '`apt remove ncdu` retire le paquet ; `apt purge` efface aussi sa configuration.',
          en: '`apt remove ncdu` removes the package; `apt purge` also deletes its configuration.',
        },
      ],
      checks: [
        check.package('ncdu', { id: 'ncdu-retire', installed: false }),
        check.package('htop', {
          id: 'htop-garde',
          fail: { fr: 'htop a disparu : ne retirez que ncdu.', en: 'htop is gone: remove ncdu only.' },
        }),
      ],
    },
  ],
});
