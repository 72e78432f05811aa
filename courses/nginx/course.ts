import { check, defineCourse } from '../../server/courses/authoring.js';

const vhost = '/etc/nginx/sites-available/jardins';

export default defineCourse({
  id: 'nginx',
  order: 40,
  title: { fr: 'Servir un site avec nginx', en: 'Serving a site with nginx' },
  description: {
    fr: "Installer le serveur web nginx, publier le site statique d'une association dans son propre hôte virtuel, tester la configuration, recharger sans coupure et soigner les erreurs.",
    en: "Install the nginx web server, publish an association's static site in its own virtual host, test the configuration, reload without downtime and handle errors.",
  },
  image: 'services',
  exercises: [
    {
      id: 'installer-nginx',
      title: { fr: 'Installer et démarrer nginx', en: 'Installing and starting nginx' },
      hints: [
        {
          fr: '`apt install nginx`, puis `service nginx start`.',
          en: '`apt install nginx`, then `service nginx start`.',
        },
        {
          fr: '`curl http://localhost/` doit afficher « Welcome to nginx! ».',
          en: '`curl http://localhost/` must show "Welcome to nginx!".',
        },
      ],
      checks: [
        check.package('nginx', { id: 'paquet' }),
        check.process('nginx', { id: 'processus', cmdline: /master process/ }),
        check.port(80, { id: 'port-80' }),
        check.http('http://localhost/', { id: 'page-accueil', bodyContains: 'Welcome to nginx' }),
      ],
    },
    {
      id: 'site-statique',
      title: { fr: 'Les fichiers du site', en: 'The site files' },
      files: ['/var/www/jardins/index.html'],
      hints: [
        {
          fr: '`mkdir -p /var/www/jardins` puis `nano /var/www/jardins/index.html`.',
          en: '`mkdir -p /var/www/jardins` then `nano /var/www/jardins/index.html`.',
        },
        {
          fr: '`chown -R webmestre:www-data /var/www/jardins` ; `chmod 750` pour le dossier, `640` pour la page.',
          en: '`chown -R webmestre:www-data /var/www/jardins`; `chmod 750` for the folder, `640` for the page.',
        },
      ],
      checks: [
        check.user('webmestre', { id: 'compte-webmestre', shell: '/bin/bash' }),
        check.file('/var/www/jardins', {
          id: 'dossier',
          type: 'directory',
          owner: 'webmestre',
          group: 'www-data',
          mode: '750',
        }),
        check.file('/var/www/jardins/index.html', {
          id: 'page',
          contains: 'Les Jardins partagés',
          owner: 'webmestre',
          group: 'www-data',
          mode: '640',
        }),
      ],
    },
    {
      id: 'hote-virtuel',
      title: { fr: 'Un hôte virtuel', en: 'A virtual host' },
      files: [vhost],
      hints: [
        {
          fr: 'Partez du modèle de la leçon : `listen 80;`, `server_name jardins.local;`, `root /var/www/jardins;`.',
          en: "Start from the lesson's template: `listen 80;`, `server_name jardins.local;`, `root /var/www/jardins;`.",
        },
        {
          fr: '`ln -s /etc/nginx/sites-available/jardins /etc/nginx/sites-enabled/`, puis `nginx -t` et `service nginx reload`.',
          en: '`ln -s /etc/nginx/sites-available/jardins /etc/nginx/sites-enabled/`, then `nginx -t` and `service nginx reload`.',
        },
      ],
      checks: [
        check.file(vhost, {
          id: 'configuration',
          contains: ['server_name jardins.local', 'root /var/www/jardins'],
        }),
        check.file('/etc/nginx/sites-enabled/jardins', { id: 'site-active', type: 'symlink', target: vhost }),
        check.configTest('nginx -t', { id: 'nginx-t' }),
        check.http('http://localhost/', {
          id: 'site-servi',
          host: 'jardins.local',
          bodyContains: 'Les Jardins partagés',
          fail: {
            fr: 'nginx ne sert pas encore le site pour jardins.local : configuration activée et rechargée ?',
            en: 'nginx does not serve the site for jardins.local yet: is the configuration enabled and reloaded?',
          },
        }),
      ],
    },
    {
      id: 'page-erreur',
      title: { fr: "Une page d'erreur soignée", en: 'A tidy error page' },
      files: ['/var/www/jardins/404.html', vhost],
      hints: [
        {
          fr: 'Dans le bloc `server` : `error_page 404 /404.html;`',
          en: 'In the `server` block: `error_page 404 /404.html;`',
        },
        {
          fr: 'La page 404.html doit être lisible par www-data, comme index.html.',
          en: '404.html must be readable by www-data, like index.html.',
        },
      ],
      checks: [
        check.file('/var/www/jardins/404.html', { id: 'page-404', contains: 'Page introuvable' }),
        check.file(vhost, {
          id: 'directive',
          label: {
            fr: 'Le site jardins renvoie ses erreurs 404 vers /404.html (error_page)',
            en: 'The jardins site sends its 404 errors to /404.html (error_page)',
          },
          matches: /^\s*error_page\s+404\s+\/404\.html\s*;/m,
        }),
        check.configTest('nginx -t', { id: 'nginx-t' }),
        check.http('http://localhost/nexiste-pas', {
          id: 'erreur-servie',
          host: 'jardins.local',
          status: 404,
          bodyContains: 'Page introuvable',
        }),
      ],
    },
    {
      id: 'site-par-defaut',
      title: { fr: 'Le site par défaut et la discrétion', en: 'The default site and discretion' },
      files: ['/etc/nginx/sites-available/default', '/etc/nginx/nginx.conf'],
      hints: [
        {
          fr: '`rm /etc/nginx/sites-enabled/default` désactive le site par défaut sans effacer son modèle.',
          en: '`rm /etc/nginx/sites-enabled/default` disables the default site without deleting its template.',
        },
        {
          fr: '`listen 80 default_server;` dans votre site ; `server_tokens off;` dans le bloc `http` de nginx.conf.',
          en: '`listen 80 default_server;` in your site; `server_tokens off;` in the `http` block of nginx.conf.',
        },
      ],
      checks: [
        check.file('/etc/nginx/sites-enabled/default', { id: 'defaut-desactive', exists: false }),
        check.file('/etc/nginx/sites-available/default', { id: 'modele-garde' }),
        check.configTest('nginx -t', { id: 'nginx-t' }),
        check.http('http://localhost/', { id: 'site-par-defaut', bodyContains: 'Les Jardins partagés' }),
        check.command('curl -sI http://localhost/', {
          id: 'version-cachee',
          label: { fr: 'nginx n’annonce plus sa version', en: 'nginx no longer announces its version' },
          output: /^Server: nginx\s*$/im,
          fail: {
            fr: 'nginx annonce encore sa version (en-tête Server) : server_tokens off ?',
            en: 'nginx still announces its version (Server header): server_tokens off?',
          },
        }),
      ],
    },
  ],
});
