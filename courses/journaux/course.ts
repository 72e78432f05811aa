import { check, defineCourse } from '../../server/courses/authoring.js';

// `logs` (the first machine) collects the others' logs with rsyslog; `web` and `app` send theirs; `monitor` runs
// Prometheus, which scrapes the node exporter on web and raises an alert. Labs have no systemd: rsyslogd is
// started by hand, and Prometheus reloads its configuration on SIGHUP (its init script's `reload` sends USR1,
// and `stop`/`restart` cannot find a daemon running under another user without CAP_SYS_PTRACE).
const remote = '/var/log/remote';
const metrics = 'http://web:9100/metrics';
const api = 'http://localhost:9090/api/v1';

export default defineCourse({
  id: 'journaux',
  order: 140,
  title: { fr: 'Journaux et surveillance', en: 'Logs and monitoring' },
  description: {
    fr: "Rassembler les journaux de plusieurs machines sur un serveur rsyslog, les faire tourner avec logrotate, exposer les métriques d'une machine et écrire une alerte Prometheus qui se déclenche vraiment.",
    en: "Gather several machines' logs on an rsyslog server, rotate them with logrotate, expose a machine's metrics and write a Prometheus alert that really fires.",
  },
  machines: [
    { name: 'logs', image: 'hebergement' },
    { name: 'web', image: 'hebergement' },
    { name: 'app', image: 'hebergement' },
    { name: 'monitor', image: 'hebergement' },
  ],
  preview: [
    {
      machine: 'monitor',
      port: 9090,
      path: '/alerts',
      title: { fr: 'Prometheus (monitor:9090)', en: 'Prometheus (monitor:9090)' },
    },
  ],
  exercises: [
    {
      id: 'collecteur',
      title: { fr: 'Un serveur de journaux', en: 'A log server' },
      hints: [
        {
          fr: 'Sur **logs** : `apt install rsyslog`, puis un fichier `/etc/rsyslog.d/10-distant.conf` qui charge `imtcp` et écoute le port 514.',
          en: 'On **logs**: `apt install rsyslog`, then a file `/etc/rsyslog.d/10-distant.conf` that loads `imtcp` and listens on port 514.',
        },
        {
          fr: '`rsyslogd -N1` vérifie la configuration ; pas de systemd ni de script init.d : lancez `rsyslogd` tout court, puis `ss -ltn`.',
          en: '`rsyslogd -N1` checks the configuration; no systemd nor init.d script: just run `rsyslogd`, then `ss -ltn`.',
        },
      ],
      checks: [
        check.process('rsyslogd', {
          id: 'rsyslogd-actif',
          fail: {
            fr: "rsyslogd ne tourne pas sur logs : installé, puis lancé (la commande rsyslogd, il n'a pas de script init.d) ?",
            en: 'rsyslogd is not running on logs: installed, then started (the rsyslogd command: it has no init.d script)?',
          },
        }),
        check.port(514, {
          id: 'ecoute-514',
          protocol: 'tcp',
          fail: {
            fr: "Rien n'écoute sur le port 514/tcp de logs : le module imtcp est-il chargé, rsyslogd relancé ?",
            en: 'Nothing listens on port 514/tcp on logs: is the imtcp module loaded, rsyslogd restarted?',
          },
        }),
      ],
    },
    {
      id: 'expedier',
      title: { fr: 'Envoyer les journaux à logs', en: 'Sending the logs to logs' },
      hints: [
        {
          fr: 'Sur **web** et **app** : `apt install rsyslog`, une ligne `*.* @@logs:514` dans `/etc/rsyslog.d/90-vers-logs.conf`, puis `rsyslogd`.',
          en: 'On **web** and **app**: `apt install rsyslog`, a line `*.* @@logs:514` in `/etc/rsyslog.d/90-vers-logs.conf`, then `rsyslogd`.',
        },
        {
          fr: 'Sur **web** : `logger -t jardins "Arrosage du potager terminé"`, puis sur **logs** : `ls -R /var/log/remote`.',
          en: 'On **web**: `logger -t jardins "Arrosage du potager terminé"`, then on **logs**: `ls -R /var/log/remote`.',
        },
      ],
      checks: [
        check.file(`${remote}/web/*`, {
          id: 'message-de-web',
          label: {
            fr: 'Le message envoyé depuis web est arrivé dans /var/log/remote/web/ (sur logs)',
            en: 'The message sent from web arrived in /var/log/remote/web/ (on logs)',
          },
          matches: /jardins(\[\d+\])?: /,
          fail: {
            fr: 'Aucun fichier de /var/log/remote/web/ sur logs ne contient encore le message de logger -t jardins envoyé depuis web.',
            en: 'No file of /var/log/remote/web/ on logs holds the message sent by logger -t jardins on web yet.',
          },
        }),
        check.file(`${remote}/app/*`, {
          id: 'journaux-de-app',
          size: { min: 1 },
          fail: {
            fr: "Rien n'est encore arrivé de app dans /var/log/remote/app/ sur logs : rsyslog y transfère-t-il ses messages ?",
            en: 'Nothing from app has reached /var/log/remote/app/ on logs yet: does rsyslog there forward its messages?',
          },
        }),
      ],
    },
    {
      id: 'rotation',
      title: { fr: 'Faire tourner les journaux', en: 'Rotating the logs' },
      hints: [
        {
          fr: 'Sur **logs** : `apt install logrotate`, puis `/etc/logrotate.d/remote` pour `/var/log/remote/*/*.log` (daily, rotate 14, compress, delaycompress), avec un `postrotate` qui envoie HUP à rsyslogd.',
          en: 'On **logs**: `apt install logrotate`, then `/etc/logrotate.d/remote` for `/var/log/remote/*/*.log` (daily, rotate 14, compress, delaycompress), with a `postrotate` that sends HUP to rsyslogd.',
        },
        {
          fr: '`kill -HUP "$(cat /run/rsyslogd.pid)"` dans le postrotate ; `logrotate -f /etc/logrotate.d/remote`, puis `logger -t jardins "Après la rotation"` sur **web**.',
          en: '`kill -HUP "$(cat /run/rsyslogd.pid)"` in the postrotate; `logrotate -f /etc/logrotate.d/remote`, then `logger -t jardins "Après la rotation"` on **web**.',
        },
      ],
      checks: [
        check.file('/etc/logrotate.d/*', {
          id: 'regle-logrotate',
          contains: remote,
          fail: {
            fr: 'Aucun fichier de /etc/logrotate.d/ ne parle encore de /var/log/remote.',
            en: 'No file of /etc/logrotate.d/ mentions /var/log/remote yet.',
          },
        }),
        check.file([`${remote}/web/*.1`, `${remote}/web/*.gz`, `${remote}/web/*-[0-9]*`], {
          id: 'fichier-tourne',
          fail: {
            fr: 'Aucun journal tourné (.1, .gz ou daté) dans /var/log/remote/web/ : lancez logrotate -f /etc/logrotate.d/remote.',
            en: 'No rotated log (.1, .gz or dated) in /var/log/remote/web/: run logrotate -f /etc/logrotate.d/remote.',
          },
        }),
        // The live file: a name ending neither in a digit (.1, -20250615) nor in z (.gz).
        check.file(`${remote}/web/*[!0-9z]`, {
          id: 'nouveau-fichier',
          contains: 'Après la rotation',
          fail: {
            fr: "« Après la rotation » n'est pas dans le nouveau journal de web : rsyslogd écrit encore dans l'ancien fichier s'il n'a pas reçu HUP.",
            en: '"Après la rotation" is not in web\'s new log: rsyslogd keeps writing to the old file unless it got HUP.',
          },
        }),
      ],
    },
    {
      id: 'metriques',
      title: { fr: 'Les métriques de web', en: "web's metrics" },
      hints: [
        {
          fr: 'Sur **web** : `apt install --no-install-recommends prometheus-node-exporter`, puis `service prometheus-node-exporter start`. Depuis **monitor** : `curl -s http://web:9100/metrics | head`.',
          en: 'On **web**: `apt install --no-install-recommends prometheus-node-exporter`, then `service prometheus-node-exporter start`. From **monitor**: `curl -s http://web:9100/metrics | head`.',
        },
        {
          fr: "La métrique de sauvegarde : `echo 'jardins_sauvegarde_ok 1' > /var/lib/prometheus/node-exporter/jardins.prom.tmp`, puis `mv` vers `jardins.prom`.",
          en: "The backup metric: `echo 'jardins_sauvegarde_ok 1' > /var/lib/prometheus/node-exporter/jardins.prom.tmp`, then `mv` it to `jardins.prom`.",
        },
      ],
      checks: [
        check.http(metrics, {
          id: 'exporteur',
          machine: 'monitor',
          bodyContains: 'node_filesystem_avail_bytes',
          fail: {
            fr: "Depuis monitor, http://web:9100/metrics ne donne pas les métriques de web : l'exporteur est-il démarré ?",
            en: "From monitor, http://web:9100/metrics does not give web's metrics: is the exporter started?",
          },
        }),
        check.http(metrics, {
          id: 'metrique-sauvegarde',
          machine: 'monitor',
          bodyMatches: /^jardins_sauvegarde_ok 1$/m,
          fail: {
            fr: 'Les métriques de web ne contiennent pas jardins_sauvegarde_ok 1 : fichier .prom dans /var/lib/prometheus/node-exporter/ ?',
            en: "web's metrics do not hold jardins_sauvegarde_ok 1: a .prom file in /var/lib/prometheus/node-exporter/?",
          },
        }),
      ],
    },
    {
      id: 'alerte',
      title: { fr: 'Une alerte qui se déclenche', en: 'An alert that fires' },
      hints: [
        {
          fr: 'Sur **monitor** : `apt install --no-install-recommends prometheus`, une cible `web:9100` dans `/etc/prometheus/prometheus.yml`, des intervalles de 5s, et une règle `jardins_sauvegarde_ok == 0` dans un fichier listé sous `rule_files`.',
          en: 'On **monitor**: `apt install --no-install-recommends prometheus`, a target `web:9100` in `/etc/prometheus/prometheus.yml`, 5s intervals, and a rule `jardins_sauvegarde_ok == 0` in a file listed under `rule_files`.',
        },
        {
          fr: '`promtool check config /etc/prometheus/prometheus.yml`, `service prometheus start` (ensuite `kill -HUP $(pidof prometheus)` recharge), puis sur **web** la métrique à 0 ; suivez http://localhost:9090/api/v1/alerts.',
          en: '`promtool check config /etc/prometheus/prometheus.yml`, `service prometheus start` (afterwards `kill -HUP $(pidof prometheus)` reloads), then on **web** the metric at 0; watch http://localhost:9090/api/v1/alerts.',
        },
      ],
      checks: [
        check.http(`${api}/targets`, {
          id: 'web-surveille',
          machine: 'monitor',
          bodyMatches: /"scrapeUrl":"http:\/\/(web|[0-9.]+):9100\/metrics"[^}]*"health":"up"/,
          fail: {
            fr: 'Prometheus (monitor:9090) ne récupère pas encore les métriques de web:9100 : cible dans scrape_configs, Prometheus démarré ou rechargé ?',
            en: 'Prometheus (monitor:9090) does not scrape web:9100 yet: a target under scrape_configs, Prometheus started or reloaded?',
          },
        }),
        check.http(`${api}/rules`, {
          id: 'regle-declenchee',
          machine: 'monitor',
          bodyMatches: /"state":"firing","name":"[^"]*","query":"[^"]*jardins_sauvegarde_ok/,
          fail: {
            fr: "Aucune règle d'alerte sur jardins_sauvegarde_ok n'est à l'état firing : règle chargée (rule_files), métrique à 0 sur web, délai for: écoulé ?",
            en: 'No alerting rule on jardins_sauvegarde_ok is firing: rule loaded (rule_files), metric at 0 on web, for: delay over?',
          },
        }),
        check.http(`${api}/alerts`, {
          id: 'alerte-active',
          machine: 'monitor',
          bodyContains: '"state":"firing"',
          fail: {
            fr: "L'API des alertes de Prometheus n'en montre aucune à l'état firing.",
            en: "Prometheus's alerts API shows none in the firing state.",
          },
        }),
      ],
    },
  ],
});
