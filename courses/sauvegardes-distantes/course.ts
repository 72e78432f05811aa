import { check, defineCourse } from '../../server/courses/authoring.js';

// `web` (the first machine) holds the site; `backup` receives it as the unprivileged `sauvegarde` user.
const key = '/root/.ssh/sauvegarde';
const mirror = '/srv/sauvegardes/site';
const script = '/usr/local/bin/sauvegarde-distante';
const asBackup = `ssh -i ${key} -o BatchMode=yes -o ConnectTimeout=2 sauvegarde@backup`;

export default defineCourse({
  id: 'sauvegardes-distantes',
  order: 80,
  title: { fr: 'Sauvegardes distantes', en: 'Remote backups' },
  description: {
    fr: "Envoyer les sauvegardes d'un serveur sur une autre machine : un compte dédié, une clé sans mot de passe, rsync par SSH, une tâche cron, puis la restauration d'un fichier supprimé.",
    en: "Send a server's backups to another machine: a dedicated account, a key without a password, rsync over SSH, a cron job, then restoring a deleted file.",
  },
  machines: [
    { name: 'web', image: 'reseau' },
    { name: 'backup', image: 'reseau' },
  ],
  setup: [
    { machine: 'web', script: 'setup-web.sh' },
    { machine: 'backup', script: 'setup-backup.sh' },
  ],
  exercises: [
    {
      id: 'machine-de-sauvegarde',
      title: { fr: 'Préparer la machine de sauvegarde', en: 'Preparing the backup machine' },
      hints: [
        {
          fr: 'Sur **backup** : `apt install openssh-server`, `service ssh start`, puis `useradd -m -s /bin/bash sauvegarde` et `passwd sauvegarde`.',
          en: 'On **backup**: `apt install openssh-server`, `service ssh start`, then `useradd -m -s /bin/bash sauvegarde` and `passwd sauvegarde`.',
        },
        {
          fr: '`mkdir -p /srv/sauvegardes`, `chown sauvegarde: /srv/sauvegardes`, `chmod 700 /srv/sauvegardes`.',
          en: '`mkdir -p /srv/sauvegardes`, `chown sauvegarde: /srv/sauvegardes`, `chmod 700 /srv/sauvegardes`.',
        },
      ],
      checks: [
        check.package('openssh-server', { id: 'paquet', machine: 'backup' }),
        check.process('sshd', { id: 'sshd-actif', machine: 'backup' }),
        check.user('sauvegarde', { id: 'compte', machine: 'backup', homeExists: true }),
        check.file('/etc/shadow', {
          id: 'mot-de-passe-provisoire',
          label: {
            fr: 'sauvegarde a un mot de passe provisoire (sur backup)',
            en: 'sauvegarde has a temporary password (on backup)',
          },
          machine: 'backup',
          matches: /^sauvegarde:\$[^:]+:/m,
          fail: {
            fr: "Le compte sauvegarde n'a pas encore de mot de passe (passwd sauvegarde) : ssh-copy-id en aura besoin une fois.",
            en: 'The sauvegarde account has no password yet (passwd sauvegarde): ssh-copy-id will need it once.',
          },
        }),
        check.file('/srv/sauvegardes', {
          id: 'dossier',
          machine: 'backup',
          type: 'directory',
          owner: 'sauvegarde',
          mode: '700',
        }),
      ],
    },
    {
      id: 'cle-dediee',
      title: { fr: 'Une clé pour les sauvegardes', en: 'A key for the backups' },
      hints: [
        {
          fr: "Sur **web** : `ssh-keygen -t ed25519 -f /root/.ssh/sauvegarde -N ''` (pas de phrase de passe : cron ne saurait pas la taper).",
          en: "On **web**: `ssh-keygen -t ed25519 -f /root/.ssh/sauvegarde -N ''` (no passphrase: cron could not type it).",
        },
        {
          fr: '`ssh-copy-id -i /root/.ssh/sauvegarde.pub sauvegarde@backup`, puis sur **backup** `passwd -l sauvegarde`.',
          en: '`ssh-copy-id -i /root/.ssh/sauvegarde.pub sauvegarde@backup`, then on **backup** `passwd -l sauvegarde`.',
        },
      ],
      checks: [
        check.file(key, { id: 'cle-privee', type: 'file', mode: '600' }),
        check.file('/home/sauvegarde/.ssh/authorized_keys', {
          id: 'authorized-keys',
          machine: 'backup',
          owner: 'sauvegarde',
          mode: '600',
          contains: 'ssh-ed25519',
        }),
        check.command(`${asBackup} whoami`, {
          id: 'connexion-par-cle',
          label: {
            fr: 'web se connecte à backup avec la clé dédiée, sans mot de passe',
            en: 'web logs in to backup with the dedicated key, without a password',
          },
          output: /^sauvegarde$/m,
          fail: {
            fr: `Depuis web, ssh -i ${key} sauvegarde@backup ne se connecte pas sans mot de passe.`,
            en: `From web, ssh -i ${key} sauvegarde@backup does not log in without a password.`,
          },
        }),
        check.file('/etc/shadow', {
          id: 'mot-de-passe-verrouille',
          label: {
            fr: 'Le mot de passe de sauvegarde est verrouillé (sur backup)',
            en: "sauvegarde's password is locked (on backup)",
          },
          machine: 'backup',
          matches: /^sauvegarde:!/m,
          fail: {
            fr: 'Le mot de passe de sauvegarde sert encore : verrouillez-le (passwd -l sauvegarde).',
            en: "sauvegarde's password still works: lock it (passwd -l sauvegarde).",
          },
        }),
      ],
    },
    {
      id: 'envoyer',
      title: { fr: 'Envoyer le site avec rsync', en: 'Sending the site with rsync' },
      hints: [
        {
          fr: "`-e 'ssh -i /root/.ssh/sauvegarde'` dit à rsync quelle clé utiliser.",
          en: "`-e 'ssh -i /root/.ssh/sauvegarde'` tells rsync which key to use.",
        },
        {
          fr: "`rsync -az --delete -e 'ssh -i /root/.ssh/sauvegarde' /srv/site/ sauvegarde@backup:/srv/sauvegardes/site/`",
          en: "`rsync -az --delete -e 'ssh -i /root/.ssh/sauvegarde' /srv/site/ sauvegarde@backup:/srv/sauvegardes/site/`",
        },
      ],
      checks: [
        check.file(`${mirror}/index.html`, {
          id: 'site-copie',
          machine: 'backup',
          owner: 'sauvegarde',
          contains: 'Les Jardins partagés',
          fail: {
            fr: `${mirror}/index.html manque sur backup (attention à la barre finale de /srv/site/).`,
            en: `${mirror}/index.html is missing on backup (mind the trailing slash of /srv/site/).`,
          },
        }),
        check.file(`${mirror}/images/logo.png`, { id: 'sous-dossiers', machine: 'backup' }),
        check.file('/srv/site/brouillon.txt', {
          id: 'brouillon-efface',
          exists: false,
          fail: {
            fr: "/srv/site/brouillon.txt est encore sur web : l'éditrice n'en veut plus, effacez-le.",
            en: '/srv/site/brouillon.txt is still on web: the editor no longer wants it, delete it.',
          },
        }),
        check.file(`${mirror}/brouillon.txt`, {
          id: 'miroir-exact',
          machine: 'backup',
          exists: false,
          fail: {
            fr: 'brouillon.txt, effacé de web, est encore sur backup : rsync --delete fait un miroir exact.',
            en: 'brouillon.txt, deleted from web, is still on backup: rsync --delete makes an exact mirror.',
          },
        }),
      ],
    },
    {
      id: 'planifier',
      title: { fr: 'Un script et une tâche cron', en: 'A script and a cron job' },
      hints: [
        {
          fr: `Le script : \`#!/bin/bash\`, \`set -e\`, puis votre commande rsync ; \`chmod 755 ${script}\`.`,
          en: `The script: \`#!/bin/bash\`, \`set -e\`, then your rsync command; \`chmod 755 ${script}\`.`,
        },
        {
          fr: `\`crontab -e\` : \`15 3 * * * ${script}\`, et \`service cron start\`.`,
          en: `\`crontab -e\`: \`15 3 * * * ${script}\`, and \`service cron start\`.`,
        },
      ],
      checks: [
        check.file(script, {
          id: 'script',
          label: {
            fr: 'Le script de sauvegarde est exécutable et envoie le site vers backup avec rsync',
            en: 'The backup script is executable and sends the site to backup with rsync',
          },
          mode: '755',
          contains: ['rsync', 'backup'],
        }),
        // cron starts jobs with an almost empty environment: the script must work there too.
        check.command(`/usr/bin/env -i HOME=/root LOGNAME=root SHELL=/bin/sh PATH=/usr/bin:/bin ${script}`, {
          id: 'script-sous-cron',
          label: {
            fr: 'Le script de sauvegarde marche aussi lancé par cron',
            en: 'The backup script also works when cron runs it',
          },
          timeoutS: 10,
          fail: {
            fr: `${script} échoue dans l'environnement minimal de cron (chemins complets ? clé -i ?).`,
            en: `${script} fails in cron's minimal environment (full paths? -i key?).`,
          },
        }),
        check.cron({ id: 'tache', user: 'root', command: 'sauvegarde-distante', schedule: '15 3 * * *' }),
        check.process('cron', { id: 'cron-actif' }),
      ],
    },
    {
      id: 'restaurer',
      title: { fr: 'Restaurer un fichier supprimé', en: 'Restoring a deleted file' },
      hints: [
        {
          fr: '`ssh -i /root/.ssh/sauvegarde sauvegarde@backup ls -l /srv/archives` liste les archives ; la plus récente suffit.',
          en: '`ssh -i /root/.ssh/sauvegarde sauvegarde@backup ls -l /srv/archives` lists the archives; the most recent one will do.',
        },
        {
          fr: '`scp -i /root/.ssh/sauvegarde sauvegarde@backup:/srv/archives/site-AAAA-MM-JJ.tar.gz /tmp/`, puis `tar -xzf /tmp/site-….tar.gz -C / srv/site/programme.html`.',
          en: '`scp -i /root/.ssh/sauvegarde sauvegarde@backup:/srv/archives/site-YYYY-MM-DD.tar.gz /tmp/`, then `tar -xzf /tmp/site-….tar.gz -C / srv/site/programme.html`.',
        },
      ],
      checks: [
        check.file('/srv/site/programme.html', {
          id: 'programme-restaure',
          contains: 'Programme de la saison',
          notContains: 'brouillon',
          fail: {
            fr: "/srv/site/programme.html n'est pas revenu dans sa dernière version (celle de l'archive la plus récente).",
            en: '/srv/site/programme.html has not come back in its latest version (the one in the most recent archive).',
          },
        }),
        check.file('/srv/site/programme.html', { id: 'droits', mode: '644' }),
        check.file(`${mirror}/programme.html`, {
          id: 'miroir-a-jour',
          machine: 'backup',
          contains: 'Programme de la saison',
          fail: {
            fr: 'Le miroir de backup ne contient pas encore programme.html : relancez la sauvegarde.',
            en: "backup's mirror does not hold programme.html yet: run the backup again.",
          },
        }),
      ],
    },
  ],
});
