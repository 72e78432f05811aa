import { check, defineCourse } from '../../server/courses/authoring.js';

// `db` (the first machine) holds PostgreSQL; `app` runs the association's application, which connects to
// it with the settings of /etc/jardins/base.conf; `backup` receives the nightly dumps.
const password = 'Radis-Bleu-2024'; // /etc/jardins/base.conf on app (setup-app.sh)
const asJardins = { engine: 'postgres', user: 'jardins', password } as const;
const fromApp = { ...asJardins, machine: 'app', host: 'db', database: 'jardins' } as const;
const dumps = '/var/backups/postgresql';
const script = '/usr/local/bin/sauvegarde-base';
const remote = '/srv/sauvegardes/postgresql';

export default defineCourse({
  id: 'base-de-donnees',
  order: 130,
  title: { fr: 'Une base de données et ses sauvegardes', en: 'A database and its backups' },
  description: {
    fr: "Installer PostgreSQL pour l'application de l'association, ne l'ouvrir qu'à elle, sauvegarder la base chaque nuit sur une autre machine, puis prouver que la sauvegarde se restaure.",
    en: "Install PostgreSQL for the association's application, open it to that application only, back the database up every night to another machine, then prove that the backup restores.",
  },
  machines: [
    { name: 'db', image: 'hebergement' },
    { name: 'app', image: 'hebergement' },
    { name: 'backup', image: 'hebergement' },
  ],
  setup: [
    { machine: 'app', script: 'setup-app.sh' },
    { machine: 'db', script: 'setup-db.sh' },
  ],
  exercises: [
    {
      id: 'installer',
      title: { fr: 'Installer PostgreSQL sur db', en: 'Installing PostgreSQL on db' },
      hints: [
        {
          fr: 'Sur **db** : `apt install postgresql`, puis `service postgresql start` (les labs n’ont pas systemd).',
          en: 'On **db**: `apt install postgresql`, then `service postgresql start` (labs have no systemd).',
        },
        {
          fr: "Dans `/etc/postgresql/15/main/conf.d/reseau.conf` : `listen_addresses = '*'`, puis `service postgresql restart` (ce réglage demande un redémarrage).",
          en: "In `/etc/postgresql/15/main/conf.d/reseau.conf`: `listen_addresses = '*'`, then `service postgresql restart` (this setting needs a restart).",
        },
      ],
      checks: [
        check.package('postgresql', { id: 'paquet' }),
        check.process('postgres', {
          id: 'serveur-actif',
          fail: {
            fr: 'PostgreSQL ne tourne pas sur db : service postgresql start.',
            en: 'PostgreSQL is not running on db: service postgresql start.',
          },
        }),
        check.reach('db', 5432, {
          id: 'ecoute-reseau',
          machine: 'app',
          fail: {
            fr: "Depuis app, db:5432 ne répond pas : PostgreSQL n'écoute que sur localhost (listen_addresses, puis restart).",
            en: 'From app, db:5432 does not answer: PostgreSQL listens on localhost only (listen_addresses, then restart).',
          },
        }),
      ],
    },
    {
      id: 'role-et-base',
      title: {
        fr: 'Un rôle et une base pour l’application',
        en: 'A role and a database for the application',
      },
      hints: [
        {
          fr: 'Le mot de passe attendu est dans `/etc/jardins/base.conf` sur **app**. Sur **db**, devenez postgres : `su - postgres -c psql`.',
          en: 'The expected password is in `/etc/jardins/base.conf` on **app**. On **db**, become postgres: `su - postgres -c psql`.',
        },
        {
          fr: "`CREATE ROLE jardins LOGIN PASSWORD '…';` puis `CREATE DATABASE jardins OWNER jardins;`",
          en: "`CREATE ROLE jardins LOGIN PASSWORD '…';` then `CREATE DATABASE jardins OWNER jardins;`",
        },
      ],
      checks: [
        check.sql('SELECT current_user', {
          ...asJardins,
          id: 'role',
          label: {
            fr: 'Le rôle jardins se connecte à la base jardins avec son mot de passe',
            en: 'Role jardins logs in to the jardins database with its password',
          },
          database: 'jardins',
          expect: 'jardins',
          fail: {
            fr: 'Sur db, jardins ne se connecte pas à la base jardins avec le mot de passe de /etc/jardins/base.conf (rôle, LOGIN, mot de passe, base ?).',
            en: 'On db, jardins cannot log in to the jardins database with the password of /etc/jardins/base.conf (role, LOGIN, password, database?).',
          },
        }),
        check.sql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'jardins'", {
          ...asJardins,
          id: 'proprietaire',
          label: {
            fr: 'La base jardins appartient au rôle jardins',
            en: 'The jardins database belongs to role jardins',
          },
          database: 'jardins',
          expect: 'jardins',
          fail: {
            fr: "La base jardins n'appartient pas au rôle jardins (CREATE DATABASE … OWNER jardins, ou ALTER DATABASE jardins OWNER TO jardins).",
            en: 'The jardins database is not owned by the jardins role (CREATE DATABASE … OWNER jardins, or ALTER DATABASE jardins OWNER TO jardins).',
          },
        }),
      ],
    },
    {
      id: 'acces-app',
      title: { fr: 'Laisser entrer app, et personne d’autre', en: 'Letting app in, and nobody else' },
      hints: [
        {
          fr: "Sur **db**, `getent hosts app` donne l'adresse d'app. Une ligne de `/etc/postgresql/15/main/pg_hba.conf` : `host  jardins  jardins  <adresse>/32  scram-sha-256`.",
          en: "On **db**, `getent hosts app` gives app's address. One line in `/etc/postgresql/15/main/pg_hba.conf`: `host  jardins  jardins  <address>/32  scram-sha-256`.",
        },
        {
          fr: '`service postgresql reload` relit pg_hba.conf. Essayez depuis **app** : `psql -h db -U jardins jardins`, puis depuis **backup** : refusé.',
          en: '`service postgresql reload` rereads pg_hba.conf. Try from **app**: `psql -h db -U jardins jardins`, then from **backup**: refused.',
        },
      ],
      checks: [
        check.sql('SELECT current_database()', {
          ...fromApp,
          id: 'app-entre',
          label: {
            fr: 'Depuis app, le rôle jardins se connecte à la base jardins sur db',
            en: 'From app, role jardins logs in to the jardins database on db',
          },
          expect: 'jardins',
          fail: {
            fr: "Depuis app, psql -h db -U jardins jardins est refusé : une ligne host pour l'adresse d'app dans pg_hba.conf, puis reload.",
            en: "From app, psql -h db -U jardins jardins is refused: a host line for app's address in pg_hba.conf, then reload.",
          },
        }),
        check.sql('SELECT current_database()', {
          ...fromApp,
          id: 'backup-refuse',
          machine: 'backup',
          denied: true,
          fail: {
            fr: "Depuis backup, jardins peut aussi se connecter : pg_hba.conf ne doit laisser entrer que l'adresse d'app (/32, pas tout le réseau).",
            en: "From backup, jardins can log in too: pg_hba.conf must let in app's address only (/32, not the whole network).",
          },
        }),
      ],
    },
    {
      id: 'donnees',
      title: { fr: 'Les données de l’application', en: "The application's data" },
      hints: [
        {
          fr: "Sur **app** : `set -a; . /etc/jardins/base.conf; set +a` donne à psql l'hôte, la base, l'utilisateur et le mot de passe ; puis `psql -f /srv/jardins/schema.sql`.",
          en: 'On **app**: `set -a; . /etc/jardins/base.conf; set +a` gives psql the host, database, user and password; then `psql -f /srv/jardins/schema.sql`.',
        },
        {
          fr: "`INSERT INTO parcelles (numero, jardinier, surface_m2) VALUES (12, 'Karim Benali', 15);`",
          en: "`INSERT INTO parcelles (numero, jardinier, surface_m2) VALUES (12, 'Karim Benali', 15);`",
        },
      ],
      checks: [
        check.sql('SELECT jardinier FROM parcelles WHERE numero = 7', {
          ...fromApp,
          id: 'schema-charge',
          label: {
            fr: 'Le schéma est chargé : la table parcelles a la parcelle 7',
            en: 'The schema is loaded: table parcelles has plot 7',
          },
          expect: 'Rose Lambert',
          fail: {
            fr: "La table parcelles n'a pas la parcelle 7 : chargez /srv/jardins/schema.sql depuis app (psql -f).",
            en: 'The parcelles table lacks plot 7: load /srv/jardins/schema.sql from app (psql -f).',
          },
        }),
        check.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'parcelles'", {
          ...fromApp,
          id: 'table-a-jardins',
          label: { fr: 'La table parcelles appartient à jardins', en: 'Table parcelles belongs to jardins' },
          expect: 'jardins',
          fail: {
            fr: "La table parcelles n'appartient pas à jardins : chargez le schéma en tant que jardins, pas postgres.",
            en: 'The parcelles table is not owned by jardins: load the schema as jardins, not postgres.',
          },
        }),
        check.sql('SELECT jardinier, surface_m2 FROM parcelles WHERE numero = 12', {
          ...fromApp,
          id: 'parcelle-12',
          label: {
            fr: 'La parcelle 12 (Karim Benali, 15 m²) est dans la table',
            en: 'Plot 12 (Karim Benali, 15 m²) is in the table',
          },
          expect: 'Karim Benali\t15',
          fail: {
            fr: "La parcelle 12 (Karim Benali, 15 m²) n'est pas encore dans la table.",
            en: 'Plot 12 (Karim Benali, 15 m²) is not in the table yet.',
          },
        }),
      ],
    },
    {
      id: 'sauvegarde-nocturne',
      title: { fr: 'Un pg_dump chaque nuit', en: 'A pg_dump every night' },
      hints: [
        {
          fr: `Le script : \`umask 077\`, puis \`runuser -u postgres -- pg_dump -Fc jardins > ${dumps}/jardins-$(date +%F).dump\`, puis \`find ${dumps} -name 'jardins-*' -mtime +14 -delete\`.`,
          en: `The script: \`umask 077\`, then \`runuser -u postgres -- pg_dump -Fc jardins > ${dumps}/jardins-$(date +%F).dump\`, then \`find ${dumps} -name 'jardins-*' -mtime +14 -delete\`.`,
        },
        {
          fr: `\`chmod 755 ${script}\`, lancez-le une fois, puis \`crontab -e\` : \`30 2 * * * ${script}\` et \`service cron start\`.`,
          en: `\`chmod 755 ${script}\`, run it once, then \`crontab -e\`: \`30 2 * * * ${script}\` and \`service cron start\`.`,
        },
      ],
      checks: [
        check.file(script, {
          id: 'script',
          label: {
            fr: 'Le script de sauvegarde de la base est exécutable et lance pg_dump',
            en: 'The database backup script is executable and runs pg_dump',
          },
          mode: '755',
          contains: 'pg_dump',
        }),
        check.file(`${dumps}/jardins-????-??-??.dump`, {
          id: 'dump-custom',
          contains: 'PGDMP',
          modeLacks: '0007',
          fail: {
            fr: `Aucun dump au format custom (-Fc) nommé jardins-AAAA-MM-JJ.dump dans ${dumps}, fermé aux autres utilisateurs : lancez le script (umask 077).`,
            en: `No custom-format dump (-Fc) named jardins-YYYY-MM-DD.dump in ${dumps}, closed to other users: run the script (umask 077).`,
          },
        }),
        check.file(`${dumps}/jardins-2024-*`, {
          id: 'retention',
          exists: false,
          fail: {
            fr: `Les vieux dumps de 2024 sont encore dans ${dumps} : la rétention (find … -mtime +14 -delete) doit effacer tout dump de plus de 14 jours, .sql compris.`,
            en: `The old 2024 dumps are still in ${dumps}: the retention (find … -mtime +14 -delete) must delete every dump older than 14 days, .sql included.`,
          },
        }),
        check.cron({ id: 'tache', user: 'root', command: 'sauvegarde-base', schedule: '30 2 * * *' }),
        check.process('cron', { id: 'cron-actif' }),
      ],
    },
    {
      id: 'hors-de-la-machine',
      title: { fr: 'Envoyer les dumps sur backup', en: 'Sending the dumps to backup' },
      hints: [
        {
          fr: "Sur **backup** : `apt install openssh-server`, `service ssh start`, un compte `sauvegarde` avec un mot de passe provisoire et `/srv/sauvegardes/postgresql` à lui. Sur **db** : `ssh-keygen -t ed25519 -f /root/.ssh/sauvegarde -N ''` puis `ssh-copy-id -i /root/.ssh/sauvegarde.pub sauvegarde@backup`.",
          en: "On **backup**: `apt install openssh-server`, `service ssh start`, a `sauvegarde` account with a temporary password and `/srv/sauvegardes/postgresql` owned by it. On **db**: `ssh-keygen -t ed25519 -f /root/.ssh/sauvegarde -N ''` then `ssh-copy-id -i /root/.ssh/sauvegarde.pub sauvegarde@backup`.",
        },
        {
          fr: `À la fin du script : \`rsync -a -e '/usr/bin/ssh -i /root/.ssh/sauvegarde -o BatchMode=yes' ${dumps}/ sauvegarde@backup:${remote}/\`.`,
          en: `At the end of the script: \`rsync -a -e '/usr/bin/ssh -i /root/.ssh/sauvegarde -o BatchMode=yes' ${dumps}/ sauvegarde@backup:${remote}/\`.`,
        },
      ],
      checks: [
        check.file(script, {
          id: 'script-envoie',
          label: {
            fr: 'Le script de sauvegarde envoie les dumps vers backup',
            en: 'The backup script sends the dumps to backup',
          },
          contains: 'backup',
          fail: {
            fr: `${script} n'envoie encore rien sur backup (rsync ou scp vers sauvegarde@backup).`,
            en: `${script} sends nothing to backup yet (rsync or scp to sauvegarde@backup).`,
          },
        }),
        // cron starts jobs with an almost empty environment: the script must work there too.
        check.command(`/usr/bin/env -i HOME=/root LOGNAME=root SHELL=/bin/sh PATH=/usr/bin:/bin ${script}`, {
          id: 'script-sous-cron',
          label: {
            fr: 'Le script de sauvegarde marche aussi lancé par cron',
            en: 'The backup script also works when cron runs it',
          },
          timeoutS: 15,
          fail: {
            fr: `${script} échoue dans l'environnement minimal de cron (chemins complets ? clé -i ? BatchMode ?).`,
            en: `${script} fails in cron's minimal environment (full paths? -i key? BatchMode?).`,
          },
        }),
        check.file(`${remote}/jardins-*.dump`, {
          id: 'dump-sur-backup',
          machine: 'backup',
          owner: 'sauvegarde',
          contains: 'PGDMP',
          fail: {
            fr: `Aucun dump au format custom dans ${remote} sur backup.`,
            en: `No custom-format dump in ${remote} on backup.`,
          },
        }),
        check.file(remote, {
          id: 'dossier-prive',
          machine: 'backup',
          owner: 'sauvegarde',
          modeLacks: '0007',
        }),
      ],
    },
    {
      id: 'restaurer',
      title: { fr: 'Prouver que la sauvegarde se restaure', en: 'Proving that the backup restores' },
      hints: [
        {
          fr: `Sur **db** : \`scp -i /root/.ssh/sauvegarde sauvegarde@backup:${remote}/jardins-$(date +%F).dump /tmp/\`, puis \`pg_restore -l /tmp/jardins-….dump\` pour voir ce qu'il contient.`,
          en: `On **db**: \`scp -i /root/.ssh/sauvegarde sauvegarde@backup:${remote}/jardins-$(date +%F).dump /tmp/\`, then \`pg_restore -l /tmp/jardins-….dump\` to see what it holds.`,
        },
        {
          fr: 'En tant que postgres : `createdb -O jardins jardins_restauree`, puis `pg_restore --no-owner --role=jardins -d jardins_restauree /tmp/jardins-….dump`.',
          en: 'As postgres: `createdb -O jardins jardins_restauree`, then `pg_restore --no-owner --role=jardins -d jardins_restauree /tmp/jardins-….dump`.',
        },
      ],
      checks: [
        check.sql('SELECT jardinier FROM parcelles WHERE numero = 12', {
          ...asJardins,
          id: 'donnees-restaurees',
          label: {
            fr: 'La base jardins_restauree a la parcelle 12',
            en: 'The jardins_restauree database has plot 12',
          },
          database: 'jardins_restauree',
          expect: 'Karim Benali',
          fail: {
            fr: "La base jardins_restauree n'existe pas, ou n'a pas la parcelle 12 : restaurez-y le dernier dump rapporté de backup.",
            en: 'The jardins_restauree database does not exist, or lacks plot 12: restore the latest dump brought back from backup into it.',
          },
        }),
        check.sql('SELECT count(*) FROM parcelles', {
          ...asJardins,
          id: 'toutes-les-lignes',
          label: {
            fr: 'La base jardins_restauree a les 6 parcelles',
            en: 'The jardins_restauree database has all 6 plots',
          },
          database: 'jardins_restauree',
          expect: '6',
          fail: {
            fr: "jardins_restauree n'a pas les 6 parcelles de la base jardins.",
            en: 'jardins_restauree does not have the 6 plots of the jardins database.',
          },
        }),
        check.sql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'jardins_restauree'", {
          ...asJardins,
          id: 'proprietaire',
          label: {
            fr: 'La base jardins appartient toujours au rôle jardins',
            en: 'The jardins database still belongs to role jardins',
          },
          database: 'jardins',
          expect: 'jardins',
          fail: {
            fr: "jardins_restauree n'appartient pas à jardins (createdb -O jardins).",
            en: 'jardins_restauree is not owned by jardins (createdb -O jardins).',
          },
        }),
      ],
    },
  ],
});
