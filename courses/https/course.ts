import { check, defineCourse } from '../../server/courses/authoring.js';

// `web` (the first machine) serves www.jardins.test; `acme` runs pebble, Let's Encrypt's ACME test server
// (https://acme:14000/dir); `client` is a visitor. The setups put the site's names in every /etc/hosts.
// Network checks name a machine (Docker's resolver) or use the visitor's /etc/hosts (check.http's curl).
const acmeRoot = { machine: 'acme', path: '/var/lib/pebble/root.pem' };
const visitor = 'client';

export default defineCourse({
  id: 'https',
  order: 110,
  title: { fr: 'HTTPS pour son site', en: 'HTTPS for your site' },
  description: {
    fr: "Obtenir un certificat auprès d'une autorité ACME (comme Let's Encrypt) avec certbot, le servir avec nginx, rediriger HTTP vers HTTPS, ajouter HSTS et s'assurer que le renouvellement se fera tout seul.",
    en: 'Get a certificate from an ACME authority (like Let’s Encrypt) with certbot, serve it with nginx, redirect HTTP to HTTPS, add HSTS and make sure renewal will happen on its own.',
  },
  machines: [
    { name: 'web', image: 'hebergement' },
    { name: 'acme', image: 'hebergement' },
    { name: 'client', image: 'hebergement' },
  ],
  setup: [
    { machine: 'acme', script: 'setup-acme.sh' },
    { machine: 'web', script: 'setup-web.sh' },
    { machine: 'client', script: 'setup-client.sh' },
  ],
  preview: [{ machine: 'web', port: 80, title: { fr: 'Le site (web:80)', en: 'The site (web:80)' } }],
  exercises: [
    {
      id: 'site-http',
      title: { fr: 'Le site, en HTTP pour commencer', en: 'The site, over HTTP to begin with' },
      hints: [
        {
          fr: 'Sur **web** : `apt install nginx`, puis un site `/etc/nginx/sites-available/jardins` avec `server_name www.jardins.test jardins.test;` et `root /var/www/jardins;`.',
          en: 'On **web**: `apt install nginx`, then a site `/etc/nginx/sites-available/jardins` with `server_name www.jardins.test jardins.test;` and `root /var/www/jardins;`.',
        },
        {
          fr: '`ln -s /etc/nginx/sites-available/jardins /etc/nginx/sites-enabled/`, `nginx -t`, `service nginx start` (ou `reload` s’il tourne déjà).',
          en: '`ln -s /etc/nginx/sites-available/jardins /etc/nginx/sites-enabled/`, `nginx -t`, `service nginx start` (or `reload` if it already runs).',
        },
      ],
      checks: [
        check.package('nginx', { id: 'nginx-installe' }),
        check.configTest('nginx -t', { id: 'nginx-t' }),
        check.http('http://www.jardins.test/', {
          id: 'www-en-http',
          machine: visitor,
          bodyContains: 'Les Jardins partagés',
          fail: {
            fr: 'Depuis client, http://www.jardins.test/ ne montre pas encore la page des Jardins : server_name, root /var/www/jardins, site activé, nginx démarré ?',
            en: 'From client, http://www.jardins.test/ does not show the Jardins page yet: server_name, root /var/www/jardins, site enabled, nginx started?',
          },
        }),
        check.http('http://jardins.test/', {
          id: 'nom-court',
          machine: visitor,
          bodyContains: 'Les Jardins partagés',
          fail: {
            fr: 'Depuis client, http://jardins.test/ (sans www) ne montre pas la page des Jardins : les deux noms dans server_name ?',
            en: 'From client, http://jardins.test/ (without www) does not show the Jardins page: both names in server_name?',
          },
        }),
      ],
    },
    {
      id: 'certificat',
      title: { fr: 'Un certificat avec certbot', en: 'A certificate with certbot' },
      hints: [
        {
          fr: '`apt install certbot`, puis `certbot certonly --webroot -w /var/www/jardins -d www.jardins.test -d jardins.test --server https://acme:14000/dir`.',
          en: '`apt install certbot`, then `certbot certonly --webroot -w /var/www/jardins -d www.jardins.test -d jardins.test --server https://acme:14000/dir`.',
        },
        {
          fr: 'Sans questions : ajoutez `--agree-tos -m webmestre@jardins.test --no-eff-email`. Le résultat est dans `/etc/letsencrypt/live/www.jardins.test/`.',
          en: 'Without questions: add `--agree-tos -m webmestre@jardins.test --no-eff-email`. The result lands in `/etc/letsencrypt/live/www.jardins.test/`.',
        },
      ],
      checks: [
        check.package('certbot', { id: 'certbot-installe' }),
        check.file('/etc/letsencrypt/live/*jardins.test/fullchain.pem', {
          id: 'certificat-obtenu',
          followSymlinks: true,
          contains: 'BEGIN CERTIFICATE',
          fail: {
            fr: "Pas encore de certificat dans /etc/letsencrypt/live/ : certbot a-t-il réussi ? Son message d'erreur dit quel nom n'a pas pu être vérifié.",
            en: 'No certificate in /etc/letsencrypt/live/ yet: did certbot succeed? Its error message says which name could not be validated.',
          },
        }),
        check.file('/etc/letsencrypt/live/*jardins.test/privkey.pem', {
          id: 'cle-privee',
          followSymlinks: true,
          contains: 'PRIVATE KEY',
        }),
        check.file('/etc/letsencrypt/renewal/*jardins.test.conf', {
          id: 'autorite-du-lab',
          label: {
            fr: 'Le certificat vient de l’autorité du lab (acme)',
            en: "The certificate comes from the lab's authority (acme)",
          },
          matches: /^server = https:\/\/acme:14000\/dir\s*$/m,
          fail: {
            fr: "Le certificat ne vient pas de l'autorité du lab : --server https://acme:14000/dir ?",
            en: "The certificate does not come from the lab's authority: --server https://acme:14000/dir?",
          },
        }),
      ],
    },
    {
      id: 'servir-https',
      title: { fr: 'nginx sur le port 443', en: 'nginx on port 443' },
      hints: [
        {
          fr: 'Un deuxième bloc `server` avec `listen 443 ssl;`, les mêmes `server_name` et `root`, `ssl_certificate …/fullchain.pem;` et `ssl_certificate_key …/privkey.pem;`.',
          en: 'A second `server` block with `listen 443 ssl;`, the same `server_name` and `root`, `ssl_certificate …/fullchain.pem;` and `ssl_certificate_key …/privkey.pem;`.',
        },
        {
          fr: '`nginx -t`, `service nginx reload`, puis depuis **client** : `curl -v https://www.jardins.test/`.',
          en: '`nginx -t`, `service nginx reload`, then from **client**: `curl -v https://www.jardins.test/`.',
        },
      ],
      checks: [
        check.configTest('nginx -t', { id: 'nginx-t' }),
        check.port(443, {
          id: 'ecoute-443',
          fail: {
            fr: "nginx n'écoute pas encore sur le port 443 : listen 443 ssl; puis service nginx reload ?",
            en: 'nginx does not listen on port 443 yet: listen 443 ssl; then service nginx reload?',
          },
        }),
        check.tls('https://www.jardins.test/', {
          id: 'certificat-valide',
          machine: visitor,
          ca: acmeRoot,
          names: ['www.jardins.test', 'jardins.test'],
          points: 2,
        }),
        check.http('https://www.jardins.test/', {
          id: 'page-en-https',
          machine: visitor,
          bodyContains: 'Les Jardins partagés',
          fail: {
            fr: 'Depuis client, https://www.jardins.test/ ne montre pas la page des Jardins : root /var/www/jardins dans le bloc 443 ?',
            en: 'From client, https://www.jardins.test/ does not show the Jardins page: root /var/www/jardins in the 443 block?',
          },
        }),
      ],
    },
    {
      id: 'redirection-hsts',
      title: { fr: 'Tout le monde en HTTPS', en: 'Everyone on HTTPS' },
      hints: [
        {
          fr: 'Dans le bloc du port 80 : `location / { return 301 https://$host$request_uri; }`, en gardant `location /.well-known/acme-challenge/ { root /var/www/jardins; }` pour les renouvellements.',
          en: 'In the port 80 block: `location / { return 301 https://$host$request_uri; }`, keeping `location /.well-known/acme-challenge/ { root /var/www/jardins; }` for renewals.',
        },
        {
          fr: 'Dans le bloc du port 443 : `add_header Strict-Transport-Security "max-age=300" always;` (on augmentera la durée une fois sûr de soi).',
          en: 'In the port 443 block: `add_header Strict-Transport-Security "max-age=300" always;` (raise the duration once you are sure).',
        },
      ],
      checks: [
        check.configTest('nginx -t', { id: 'nginx-t' }),
        check.http('http://www.jardins.test/agenda.html', {
          id: 'redirection',
          machine: visitor,
          status: 301,
          location: 'https://www.jardins.test/agenda.html',
          fail: {
            fr: 'http://www.jardins.test/agenda.html doit répondre 301 vers https://www.jardins.test/agenda.html (même nom, même chemin).',
            en: 'http://www.jardins.test/agenda.html must answer 301 to https://www.jardins.test/agenda.html (same name, same path).',
          },
          points: 2,
        }),
        check.http('http://jardins.test/', {
          id: 'redirection-nom-court',
          machine: visitor,
          status: 301,
          location: /^https:\/\/(www\.)?jardins\.test\/$/,
          fail: {
            fr: 'http://jardins.test/ doit aussi répondre 301 vers la version HTTPS.',
            en: 'http://jardins.test/ must also answer 301 to the HTTPS version.',
          },
        }),
        check.http('https://www.jardins.test/', {
          id: 'hsts',
          machine: visitor,
          headers: { 'strict-transport-security': /max-age=[1-9][0-9]*/ },
          fail: {
            fr: "https://www.jardins.test/ n'envoie pas d'en-tête Strict-Transport-Security avec un max-age : add_header dans le bloc 443 ?",
            en: 'https://www.jardins.test/ sends no Strict-Transport-Security header with a max-age: add_header in the 443 block?',
          },
        }),
      ],
    },
    {
      id: 'renouvellement',
      title: { fr: 'Un renouvellement qui se fait tout seul', en: 'A renewal that happens on its own' },
      hints: [
        {
          fr: 'Un script exécutable `/etc/letsencrypt/renewal-hooks/deploy/recharger-nginx` qui fait `service nginx reload` ; et `service cron start`.',
          en: 'An executable script `/etc/letsencrypt/renewal-hooks/deploy/recharger-nginx` that runs `service nginx reload`; and `service cron start`.',
        },
        {
          fr: '`certbot renew --dry-run --server https://acme:14000/dir` : il doit finir par « all simulated renewals succeeded ».',
          en: '`certbot renew --dry-run --server https://acme:14000/dir`: it must end with "all simulated renewals succeeded".',
        },
      ],
      checks: [
        check.file('/etc/letsencrypt/renewal-hooks/deploy/*', {
          id: 'hook-nginx',
          contains: 'nginx',
          modeHas: '0100',
          fail: {
            fr: "Pas de script exécutable qui recharge nginx dans /etc/letsencrypt/renewal-hooks/deploy/ (chmod +x ?) : sans lui, nginx garderait l'ancien certificat en mémoire.",
            en: 'No executable script reloading nginx in /etc/letsencrypt/renewal-hooks/deploy/ (chmod +x?): without it, nginx would keep the old certificate in memory.',
          },
        }),
        check.file('/var/log/letsencrypt/letsencrypt.log*', {
          id: 'essai-a-blanc',
          contains: 'all simulated renewals succeeded',
          fail: {
            fr: 'Aucun essai de renouvellement réussi dans /var/log/letsencrypt/ : certbot renew --dry-run --server https://acme:14000/dir ?',
            en: 'No successful renewal test in /var/log/letsencrypt/: certbot renew --dry-run --server https://acme:14000/dir?',
          },
          points: 2,
        }),
        check.cron({
          id: 'tache-cron',
          file: '/etc/cron.d/certbot',
          command: /certbot -q renew/,
          runAs: 'root',
        }),
        check.process('cron', {
          id: 'cron-tourne',
          fail: {
            fr: 'cron ne tourne pas : la tâche de /etc/cron.d/certbot ne se lancerait jamais. service cron start ?',
            en: 'cron is not running: the job in /etc/cron.d/certbot would never run. service cron start?',
          },
        }),
      ],
    },
  ],
});
