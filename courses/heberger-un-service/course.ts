import { check, defineCourse } from '../../server/courses/authoring.js';

// The capstone: MediaWiki on `web` (the first machine), its PostgreSQL database on `db`, a certificate
// from the lab's CA on `acme` (pebble), the dumps on `backup`, and `client`, a visitor's machine.
const dbPassword = 'Feuilles-Mortes-42';
const adminPassword = 'Compost-et-Tomates-2024';
const sentence = 'Les parcelles sont ouvertes tous les samedis matin, de 9 h à 12 h.';
const site = 'https://wiki.jardins.test';
const page = '/index.php/Accueil_des_jardins';
const asWiki = { engine: 'postgres', user: 'wiki', password: dbPassword } as const;
const ca = { machine: 'acme', path: '/var/lib/pebble/root.pem' };
const script = '/usr/local/bin/sauvegarde-wiki';
const remote = '/srv/sauvegardes/wiki';
// The text of the page's latest revision, as MediaWiki 1.39 stores it in PostgreSQL (schema mediawiki).
const pageText = `SELECT t.old_text FROM mediawiki.page p
JOIN mediawiki.slots s ON s.slot_revision_id = p.page_latest
JOIN mediawiki.content c ON c.content_id = s.slot_content_id
JOIN mediawiki.text t ON c.content_address = 'tt:' || t.old_id
WHERE p.page_namespace = 0 AND p.page_title = 'Accueil_des_jardins'`;

const readme = `Les Jardins partagés : le wiki de l'association
================================================

Adresse publique : ${site}/
Base de données  : PostgreSQL sur db, base « wiki », rôle « wiki », mot de passe ${dbPassword}
Administrateur   : compte « admin » du wiki, mot de passe ${adminPassword}
Autorité (ACME)  : https://acme:14000/dir (sa racine : /var/lib/pebble/root.pem sur acme)
Sauvegardes      : sur backup, dans ${remote}
`;
const readmeFile = { path: '/root/LISEZMOI.txt', content: readme, mode: '600' };

export default defineCourse({
  id: 'heberger-un-service',
  order: 150,
  title: { fr: 'Héberger un service pour son association', en: 'Host a service for your association' },
  description: {
    fr: "Le projet de fin de semaine : un wiki MediaWiki pour les Jardins partagés, avec sa base PostgreSQL sur une autre machine, publié en HTTPS sous son nom, derrière un pare-feu, et sauvegardé ailleurs. Chaque pièce vient d'un cours précédent ; ici, on les assemble.",
    en: "The week's final project: a MediaWiki wiki for the Jardins partagés, its PostgreSQL database on another machine, published over HTTPS under its name, behind a firewall, and backed up elsewhere. Each piece comes from an earlier course; here, you put them together.",
  },
  machines: [
    { name: 'web', image: 'hebergement', capabilities: ['NET_ADMIN'] },
    { name: 'db', image: 'hebergement' },
    { name: 'acme', image: 'hebergement' },
    { name: 'backup', image: 'hebergement' },
    { name: 'client', image: 'hebergement' },
  ],
  setup: [
    { machine: 'web', script: 'setup-hosts.sh', files: [readmeFile] },
    { machine: 'db', script: 'setup-hosts.sh', files: [readmeFile] },
    { machine: 'acme', script: 'setup-hosts.sh' },
    { machine: 'backup', script: 'setup-hosts.sh' },
    { machine: 'client', script: 'setup-hosts.sh' },
    { machine: 'web', script: 'setup-web.sh' },
    { machine: 'acme', script: 'setup-acme.sh' },
  ],
  exercises: [
    {
      id: 'base',
      title: { fr: 'La base du wiki, sur db', en: "The wiki's database, on db" },
      hints: [
        {
          fr: "Sur **db** : `apt install postgresql`, `service postgresql start`, `listen_addresses = '*'` dans `conf.d/`, puis `service postgresql restart`.",
          en: "On **db**: `apt install postgresql`, `service postgresql start`, `listen_addresses = '*'` in `conf.d/`, then `service postgresql restart`.",
        },
        {
          fr: "`CREATE ROLE wiki LOGIN PASSWORD '…'; CREATE DATABASE wiki OWNER wiki;` puis dans pg_hba.conf : `host wiki wiki <adresse de web>/32 scram-sha-256` et `service postgresql reload`.",
          en: "`CREATE ROLE wiki LOGIN PASSWORD '…'; CREATE DATABASE wiki OWNER wiki;` then in pg_hba.conf: `host wiki wiki <web's address>/32 scram-sha-256` and `service postgresql reload`.",
        },
      ],
      checks: [
        check.sql('SELECT current_user', {
          ...asWiki,
          id: 'web-entre',
          label: {
            fr: 'Le rôle wiki se connecte à la base wiki sur db',
            en: 'Role wiki logs in to the wiki database on db',
          },
          host: 'db',
          database: 'wiki',
          expect: 'wiki',
          fail: {
            fr: 'Depuis web, wiki ne se connecte pas à la base wiki de db (PostgreSQL démarré ? listen_addresses ? rôle, mot de passe, pg_hba.conf ?).',
            en: 'From web, wiki cannot log in to the wiki database on db (PostgreSQL started? listen_addresses? role, password, pg_hba.conf?).',
          },
        }),
        check.sql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'wiki'", {
          ...asWiki,
          id: 'proprietaire',
          label: { fr: 'La base wiki appartient au rôle wiki', en: 'The wiki database belongs to role wiki' },
          host: 'db',
          database: 'wiki',
          expect: 'wiki',
          fail: {
            fr: "La base wiki n'appartient pas au rôle wiki (CREATE DATABASE wiki OWNER wiki).",
            en: 'The wiki database is not owned by the wiki role (CREATE DATABASE wiki OWNER wiki).',
          },
        }),
        check.sql('SELECT current_user', {
          ...asWiki,
          id: 'visiteur-refuse',
          machine: 'client',
          host: 'db',
          database: 'wiki',
          denied: true,
          fail: {
            fr: "Depuis client, la base wiki s'ouvre aussi : pg_hba.conf ne doit laisser entrer que web.",
            en: 'From client, the wiki database opens too: pg_hba.conf must let in web only.',
          },
        }),
      ],
    },
    {
      id: 'mediawiki',
      title: { fr: 'MediaWiki sur web', en: 'MediaWiki on web' },
      hints: [
        {
          fr: 'Sur **web** : `apt install nginx php-fpm php-pgsql`, puis `apt install --no-install-recommends mediawiki` ; `service php8.2-fpm start`. Puis `php /usr/share/mediawiki/maintenance/install.php` (voir la leçon) avec `--confpath /etc/mediawiki`.',
          en: 'On **web**: `apt install nginx php-fpm php-pgsql`, then `apt install --no-install-recommends mediawiki`; `service php8.2-fpm start`. Then `php /usr/share/mediawiki/maintenance/install.php` (see the lesson) with `--confpath /etc/mediawiki`.',
        },
        {
          fr: 'Le site nginx : `server_name wiki.jardins.test; root /var/lib/mediawiki;` et `fastcgi_pass unix:/run/php/php8.2-fpm.sock;` pour les `.php`. Puis `chown root:www-data` et `chmod 640` sur LocalSettings.php.',
          en: 'The nginx site: `server_name wiki.jardins.test; root /var/lib/mediawiki;` and `fastcgi_pass unix:/run/php/php8.2-fpm.sock;` for `.php` files. Then `chown root:www-data` and `chmod 640` on LocalSettings.php.',
        },
      ],
      checks: [
        check.package('mediawiki', { id: 'paquet' }),
        check.process('php-fpm8.2', {
          id: 'php-fpm',
          fail: {
            fr: 'PHP-FPM ne tourne pas sur web : service php8.2-fpm start.',
            en: 'PHP-FPM is not running on web: service php8.2-fpm start.',
          },
        }),
        check.sql("SELECT count(*) FROM mediawiki.page WHERE page_title = 'Accueil'", {
          ...asWiki,
          id: 'tables-creees',
          label: {
            fr: 'Les tables du wiki sont créées dans la base wiki',
            en: "The wiki's tables are created in the wiki database",
          },
          machine: 'db',
          database: 'wiki',
          expect: '1',
          fail: {
            fr: "La base wiki n'a pas les tables de MediaWiki : lancez maintenance/install.php (--dbtype postgres --dbserver db --lang fr).",
            en: "The wiki database lacks MediaWiki's tables: run maintenance/install.php (--dbtype postgres --dbserver db --lang fr).",
          },
        }),
        check.file('/etc/mediawiki/LocalSettings.php', {
          id: 'secrets-proteges',
          group: 'www-data',
          modeLacks: '0007',
          contains: 'wiki.jardins.test',
          fail: {
            fr: '/etc/mediawiki/LocalSettings.php (avec le mot de passe de la base) doit être au groupe www-data et fermé aux autres (chmod 640).',
            en: '/etc/mediawiki/LocalSettings.php (with the database password) must belong to group www-data and be closed to others (chmod 640).',
          },
        }),
        check.http('http://web/index.php/Accueil', {
          id: 'wiki-servi',
          machine: 'client',
          host: 'wiki.jardins.test',
          bodyContains: 'Les Jardins',
          fail: {
            fr: 'nginx ne sert pas le wiki « Les Jardins » pour wiki.jardins.test (site activé ? nginx -t, reload ? PHP-FPM ?).',
            en: 'nginx does not serve the "Les Jardins" wiki for wiki.jardins.test (site enabled? nginx -t, reload? PHP-FPM?).',
          },
        }),
      ],
    },
    {
      id: 'premiere-page',
      title: { fr: 'La page d’accueil des jardins', en: "The gardens' welcome page" },
      hints: [
        {
          fr: 'Les scripts de maintenance tournent en www-data : `cd /usr/share/mediawiki` puis `runuser -u www-data -- php maintenance/edit.php --user admin "Accueil des jardins"`, le texte sur l’entrée standard.',
          en: 'Maintenance scripts run as www-data: `cd /usr/share/mediawiki` then `runuser -u www-data -- php maintenance/edit.php --user admin "Accueil des jardins"`, the text on standard input.',
        },
        {
          fr: `La phrase exacte : « ${sentence} »`,
          en: `The exact sentence: "${sentence}"`,
        },
      ],
      checks: [
        check.http(`http://web${page}`, {
          id: 'page-servie',
          machine: 'client',
          host: 'wiki.jardins.test',
          bodyContains: sentence,
          fail: {
            fr: `La page « Accueil des jardins » ne contient pas encore la phrase « ${sentence} ».`,
            en: `The "Accueil des jardins" page does not contain the sentence "${sentence}" yet.`,
          },
        }),
      ],
    },
    {
      id: 'https',
      title: { fr: 'HTTPS avec l’autorité du lab', en: "HTTPS with the lab's authority" },
      hints: [
        {
          fr: 'Sur **web** : `apt install python3-certbot-nginx`, puis `certbot --nginx --server https://acme:14000/dir -d wiki.jardins.test` (acceptez la redirection).',
          en: 'On **web**: `apt install python3-certbot-nginx`, then `certbot --nginx --server https://acme:14000/dir -d wiki.jardins.test` (accept the redirect).',
        },
        {
          fr: 'Depuis **client**, avec la racine d’acme copiée dans `/root/racine-acme.pem` : `curl --cacert /root/racine-acme.pem https://wiki.jardins.test/`.',
          en: "From **client**, with acme's root copied into `/root/racine-acme.pem`: `curl --cacert /root/racine-acme.pem https://wiki.jardins.test/`.",
        },
      ],
      checks: [
        check.tls('https://wiki.jardins.test/', {
          id: 'certificat',
          machine: 'client',
          ca,
          names: ['wiki.jardins.test'],
          fail: {
            fr: "web ne présente pas en HTTPS un certificat pour wiki.jardins.test signé par l'autorité du lab (certbot --nginx --server https://acme:14000/dir).",
            en: "web does not present over HTTPS a certificate for wiki.jardins.test signed by the lab's authority (certbot --nginx --server https://acme:14000/dir).",
          },
        }),
        check.http(`${site}${page}`, {
          id: 'page-en-https',
          machine: 'client',
          bodyContains: sentence,
          fail: {
            fr: `${site}${page} ne sert pas la page des jardins.`,
            en: `${site}${page} does not serve the gardens' page.`,
          },
        }),
        check.http('http://wiki.jardins.test/', {
          id: 'redirection',
          machine: 'client',
          status: 301,
          location: /^https:\/\/wiki\.jardins\.test\//,
          fail: {
            fr: "http://wiki.jardins.test/ ne redirige pas (301) vers https:// : l'option « redirect » de certbot.",
            en: 'http://wiki.jardins.test/ does not redirect (301) to https://: certbot\'s "redirect" option.',
          },
        }),
      ],
    },
    {
      id: 'pare-feu',
      title: { fr: 'Un pare-feu devant web', en: 'A firewall in front of web' },
      hints: [
        {
          fr: '`apt install nftables` sur **web**, puis dans `/etc/nftables.conf` une chaîne input en `policy drop` qui accepte `ct state established,related`, `iif lo`, l’ICMP et `tcp dport { 22, 80, 443 }`.',
          en: '`apt install nftables` on **web**, then in `/etc/nftables.conf` an input chain with `policy drop` that accepts `ct state established,related`, `iif lo`, ICMP and `tcp dport { 22, 80, 443 }`.',
        },
        {
          fr: '`nft -c -f /etc/nftables.conf` vérifie sans appliquer ; `service nftables reload` applique. Depuis **client** : `curl -m 3 http://web:8080/` ne doit plus répondre.',
          en: '`nft -c -f /etc/nftables.conf` checks without applying; `service nftables reload` applies. From **client**: `curl -m 3 http://web:8080/` must no longer answer.',
        },
      ],
      checks: [
        check.reach('web', 8080, {
          id: '8080-ferme',
          machine: 'client',
          open: false,
          fail: {
            fr: 'Depuis client, web:8080 (la vieille application de test) répond encore : la chaîne input doit tout refuser sauf 22, 80 et 443.',
            en: 'From client, web:8080 (the old test application) still answers: the input chain must refuse everything but 22, 80 and 443.',
          },
        }),
        check.reach('web', 443, {
          id: '443-ouvert',
          machine: 'client',
          fail: {
            fr: 'Depuis client, web:443 ne répond plus : le pare-feu doit laisser passer HTTPS.',
            en: 'From client, web:443 no longer answers: the firewall must let HTTPS through.',
          },
        }),
        check.reach('web', 80, {
          id: '80-ouvert',
          machine: 'client',
          fail: {
            fr: 'Depuis client, web:80 ne répond plus : il faut le garder pour la redirection et les renouvellements ACME.',
            en: 'From client, web:80 no longer answers: keep it for the redirect and the ACME renewals.',
          },
        }),
        check.file('/etc/nftables.conf', {
          id: 'regles-gardees',
          label: {
            fr: '/etc/nftables.conf garde les règles (policy drop) pour le prochain démarrage',
            en: '/etc/nftables.conf keeps the rules (policy drop) for the next start',
          },
          matches: /policy\s+drop/,
          fail: {
            fr: "/etc/nftables.conf n'a pas de politique drop : les règles doivent y être, pour survivre à un redémarrage.",
            en: '/etc/nftables.conf has no drop policy: the rules must live there, to survive a reboot.',
          },
        }),
        check.http(`${site}${page}`, {
          id: 'wiki-toujours-la',
          machine: 'client',
          bodyContains: sentence,
          fail: {
            fr: 'Le wiki ne répond plus derrière le pare-feu : web joint-il encore db (ct state established,related, /etc/hosts) ?',
            en: 'The wiki no longer answers behind the firewall: does web still reach db (ct state established,related, /etc/hosts)?',
          },
        }),
      ],
    },
    {
      id: 'sauvegarde',
      title: { fr: 'Sauvegarder le wiki, et le restaurer', en: 'Backing the wiki up, and restoring it' },
      hints: [
        {
          fr: `Sur **db** : un script \`${script}\` qui fait \`pg_dump -Fc wiki\` dans /var/backups/postgresql puis l'envoie avec rsync à \`sauvegarde@backup:${remote}/\` (clé dédiée) ; une ligne dans la crontab de root.`,
          en: `On **db**: a script \`${script}\` that runs \`pg_dump -Fc wiki\` into /var/backups/postgresql then sends it with rsync to \`sauvegarde@backup:${remote}/\` (a dedicated key); a line in root's crontab.`,
        },
        {
          fr: 'Pour la preuve : rapportez le dump de backup, `createdb -O wiki wiki_restauree`, puis `pg_restore --no-owner --role=wiki -d wiki_restauree`.',
          en: 'For the proof: bring the dump back from backup, `createdb -O wiki wiki_restauree`, then `pg_restore --no-owner --role=wiki -d wiki_restauree`.',
        },
      ],
      checks: [
        check.file(`${remote}/wiki-*.dump`, {
          id: 'dump-sur-backup',
          machine: 'backup',
          contains: 'PGDMP',
          fail: {
            fr: `Aucun dump au format custom (wiki-….dump) dans ${remote} sur backup.`,
            en: `No custom-format dump (wiki-….dump) in ${remote} on backup.`,
          },
        }),
        check.cron({
          id: 'chaque-nuit',
          machine: 'db',
          user: 'root',
          command: 'sauvegarde-wiki',
          fail: {
            fr: `La crontab de root sur db ne lance pas ${script}.`,
            en: `root's crontab on db does not run ${script}.`,
          },
        }),
        check.process('cron', { id: 'cron-actif', machine: 'db' }),
        check.sql(pageText, {
          ...asWiki,
          id: 'page-restauree',
          label: {
            fr: 'La base wiki_restauree a la page écrite avant la sauvegarde',
            en: 'The wiki_restauree database has the page written before the backup',
          },
          machine: 'db',
          database: 'wiki_restauree',
          contains: sentence,
          fail: {
            fr: "La base wiki_restauree sur db n'existe pas, ou n'a pas la page « Accueil des jardins » : restaurez-y le dump rapporté de backup.",
            en: 'The wiki_restauree database on db does not exist, or lacks the "Accueil des jardins" page: restore the dump brought back from backup into it.',
          },
        }),
      ],
    },
  ],
});
