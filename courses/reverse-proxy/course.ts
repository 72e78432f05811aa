import { check, defineCourse } from '../../server/courses/authoring.js';

// The learner configures nginx on `web` (the first machine) in front of jardins-app on `app`
// (shipped in the reseau image: exercises/reseau/jardins-app).
const site = '/etc/nginx/sites-available/jardins';
const appPage = 'Servi par jardins-app';

export default defineCourse({
  id: 'reverse-proxy',
  order: 70,
  title: { fr: 'Un reverse proxy devant une application', en: 'A reverse proxy in front of an application' },
  description: {
    fr: "Démarrer une application web sur une machine, la publier avec nginx depuis une autre, transmettre les bons en-têtes, afficher une page soignée quand l'application tombe et servir les fichiers statiques sans la déranger.",
    en: 'Start a web application on one machine, publish it with nginx from another, pass the right headers on, show a tidy page when the application goes down and serve the static files without bothering it.',
  },
  machines: [
    { name: 'web', image: 'reseau' },
    { name: 'app', image: 'reseau' },
  ],
  setup: { machine: 'web', script: 'setup-web.sh' },
  preview: [
    { machine: 'web', port: 80, title: { fr: 'Le site (web:80)', en: 'The site (web:80)' } },
    {
      machine: 'app',
      port: 8080,
      title: { fr: "L'application en direct (app:8080)", en: 'The application itself (app:8080)' },
    },
  ],
  exercises: [
    {
      id: 'demarrer-app',
      title: { fr: "L'application sur app", en: 'The application on app' },
      hints: [
        {
          fr: "Dans l'onglet **app** : `service jardins-app start`, puis `ss -ltn` : sur quelle adresse écoute-t-elle ?",
          en: 'In the **app** tab: `service jardins-app start`, then `ss -ltn`: which address does it listen on?',
        },
        {
          fr: 'Dans `/etc/default/jardins-app`, `LISTEN=0.0.0.0`, puis `service jardins-app restart`.',
          en: 'In `/etc/default/jardins-app`, `LISTEN=0.0.0.0`, then `service jardins-app restart`.',
        },
      ],
      checks: [
        check.process('jardins-app', { id: 'application-lancee', machine: 'app', user: 'www-data' }),
        check.port(8080, {
          id: 'ecoute-reseau',
          machine: 'app',
          address: '0.0.0.0',
          fail: {
            fr: "jardins-app n'écoute pas sur toutes les interfaces (0.0.0.0:8080) : LISTEN dans /etc/default/jardins-app, puis restart ?",
            en: 'jardins-app does not listen on every interface (0.0.0.0:8080): LISTEN in /etc/default/jardins-app, then restart?',
          },
        }),
        check.http('http://app:8080/', { id: 'joignable-depuis-web', bodyContains: appPage }),
      ],
    },
    {
      id: 'proxy',
      title: { fr: "nginx devant l'application", en: 'nginx in front of the application' },
      hints: [
        {
          fr: 'Sur **web** : `apt install nginx`, puis un site `/etc/nginx/sites-available/jardins` avec `location / { proxy_pass http://app:8080; }`.',
          en: 'On **web**: `apt install nginx`, then a site `/etc/nginx/sites-available/jardins` with `location / { proxy_pass http://app:8080; }`.',
        },
        {
          fr: '`ln -s /etc/nginx/sites-available/jardins /etc/nginx/sites-enabled/`, `rm /etc/nginx/sites-enabled/default`, `nginx -t`, `service nginx reload`.',
          en: '`ln -s /etc/nginx/sites-available/jardins /etc/nginx/sites-enabled/`, `rm /etc/nginx/sites-enabled/default`, `nginx -t`, `service nginx reload`.',
        },
      ],
      checks: [
        check.package('nginx', { id: 'nginx-installe' }),
        check.file(site, {
          id: 'configuration',
          label: {
            fr: 'Le site jardins transmet les requêtes à app:8080 (proxy_pass)',
            en: 'The jardins site passes requests to app:8080 (proxy_pass)',
          },
          matches: /^\s*proxy_pass\s+http:\/\/app:8080\/?\s*;/m,
          fail: {
            fr: `${site} n'a pas encore de ligne « proxy_pass http://app:8080; ».`,
            en: `${site} has no "proxy_pass http://app:8080;" line yet.`,
          },
        }),
        check.file('/etc/nginx/sites-enabled/jardins', { id: 'site-active', type: 'symlink', target: site }),
        check.configTest('nginx -t', { id: 'nginx-t' }),
        check.http('http://localhost/', {
          id: 'proxy-repond',
          bodyContains: appPage,
          fail: {
            fr: 'http://web/ ne montre pas encore la page de jardins-app : site activé, site par défaut retiré, nginx rechargé ?',
            en: "http://web/ does not show jardins-app's page yet: site enabled, default site removed, nginx reloaded?",
          },
        }),
      ],
    },
    {
      id: 'en-tetes',
      title: { fr: 'Transmettre les bons en-têtes', en: 'Passing the right headers on' },
      hints: [
        {
          fr: '`curl -H "Host: jardins.local" http://localhost/echo` montre ce que l\'application reçoit.',
          en: '`curl -H "Host: jardins.local" http://localhost/echo` shows what the application receives.',
        },
        {
          fr: 'Dans le bloc `location /` : `proxy_set_header Host $host;`, `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`, `proxy_set_header X-Forwarded-Proto $scheme;`.',
          en: 'In the `location /` block: `proxy_set_header Host $host;`, `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`, `proxy_set_header X-Forwarded-Proto $scheme;`.',
        },
      ],
      checks: [
        check.configTest('nginx -t', { id: 'nginx-t' }),
        check.http('http://localhost/echo', {
          id: 'host-transmis',
          host: 'jardins.local',
          bodyContains: '"host": "jardins.local"',
          fail: {
            fr: "L'application ne reçoit pas le nom demandé par le visiteur (Host) : proxy_set_header Host $host ?",
            en: 'The application does not get the name the visitor asked for (Host): proxy_set_header Host $host?',
          },
        }),
        check.http('http://localhost/echo', {
          id: 'x-forwarded-for',
          bodyMatches: /"x-forwarded-for": "(127\.0\.0\.1|::1)"/,
          fail: {
            fr: "L'application ne reçoit pas l'adresse du visiteur (X-Forwarded-For).",
            en: "The application does not get the visitor's address (X-Forwarded-For).",
          },
        }),
        check.http('http://localhost/echo', {
          id: 'x-forwarded-proto',
          bodyContains: '"x-forwarded-proto": "http"',
          fail: {
            fr: "L'application ne sait pas par quel protocole le visiteur est venu (X-Forwarded-Proto).",
            en: 'The application does not know which protocol the visitor came by (X-Forwarded-Proto).',
          },
        }),
      ],
    },
    {
      id: 'page-panne',
      title: { fr: "Une page quand l'application tombe", en: 'A page for when the application is down' },
      hints: [
        {
          fr: "Arrêtez l'application sur **app** (`service jardins-app stop`) et regardez ce que web affiche : 502 Bad Gateway.",
          en: 'Stop the application on **app** (`service jardins-app stop`) and see what web shows: 502 Bad Gateway.',
        },
        {
          fr: 'Dans le bloc `server` : `error_page 502 503 504 /panne.html;` et `location = /panne.html { root /var/www/erreurs; internal; }`.',
          en: 'In the `server` block: `error_page 502 503 504 /panne.html;` and `location = /panne.html { root /var/www/erreurs; internal; }`.',
        },
      ],
      checks: [
        check.file('/var/www/erreurs/panne.html', { id: 'page-ecrite', contains: 'Le site revient bientôt' }),
        check.file(site, {
          id: 'directive',
          label: {
            fr: 'Le site jardins montre /panne.html quand app ne répond pas (error_page 502)',
            en: 'The jardins site shows /panne.html when app does not answer (error_page 502)',
          },
          matches: /^\s*error_page\s+(\d+\s+)*502\s+(\d+\s+)*\/panne\.html\s*;/m,
          fail: {
            fr: `${site} n'a pas encore de ligne « error_page 502 503 504 /panne.html; ».`,
            en: `${site} has no "error_page 502 503 504 /panne.html;" line yet.`,
          },
        }),
        check.configTest('nginx -t', { id: 'nginx-t' }),
        check.http('http://localhost/', {
          id: 'page-de-panne',
          status: 502,
          bodyContains: 'Le site revient bientôt',
          fail: {
            fr: "Avec l'application arrêtée, web doit répondre 502 avec votre page : application arrêtée sur app, nginx rechargé ?",
            en: 'With the application stopped, web must answer 502 with your page: application stopped on app, nginx reloaded?',
          },
        }),
      ],
    },
    {
      id: 'statiques',
      title: { fr: 'Servir soi-même les fichiers statiques', en: 'Serving the static files yourself' },
      hints: [
        {
          fr: "Redémarrez d'abord l'application sur **app**. La feuille de style attendue est `/static/jardins.css` ; le fichier est dans `/var/www/jardins/static/` sur web.",
          en: 'First restart the application on **app**. The page asks for `/static/jardins.css`; the file is in `/var/www/jardins/static/` on web.',
        },
        {
          fr: 'Un deuxième bloc dans le `server` : `location /static/ { alias /var/www/jardins/static/; }` (les deux barres finales comptent).',
          en: 'A second block in the `server`: `location /static/ { alias /var/www/jardins/static/; }` (both trailing slashes matter).',
        },
      ],
      checks: [
        check.configTest('nginx -t', { id: 'nginx-t' }),
        check.http('http://localhost/static/jardins.css', {
          id: 'css-servie',
          bodyContains: 'Jardins partagés : feuille de style',
          fail: {
            fr: "http://web/static/jardins.css n'est pas encore servie par nginx depuis /var/www/jardins/static/.",
            en: 'http://web/static/jardins.css is not served by nginx from /var/www/jardins/static/ yet.',
          },
        }),
        check.http('http://localhost/', {
          id: 'application-revenue',
          bodyContains: appPage,
          fail: {
            fr: "La page d'accueil ne vient plus de l'application : redémarrée sur app ?",
            en: 'The home page no longer comes from the application: restarted on app?',
          },
        }),
      ],
    },
  ],
});
