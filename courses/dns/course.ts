import { check, defineCourse } from '../../server/courses/authoring.js';

// `dns` (the first machine) serves the zone jardins.test; `web` runs the site (jardins-app on 8080, started by
// the setup) and `client` is a visitor's machine. The checks only ask DNS questions, so bind9 and unbound (with
// auth-zone or local-data) both pass. Lab networks are /28s: the reverse zone is the /24 that holds it.
const zone = 'jardins.test';

export default defineCourse({
  id: 'dns',
  order: 100,
  title: { fr: 'Un nom pour chaque machine : le DNS', en: 'A name for each machine: DNS' },
  description: {
    fr: 'Installer un serveur DNS faisant autorité pour jardins.test : des enregistrements A, un alias CNAME, une zone inverse, puis faire résoudre les autres machines par lui et changer un enregistrement proprement (numéro de série, rechargement).',
    en: 'Install an authoritative DNS server for jardins.test: A records, a CNAME alias, a reverse zone, then make the other machines resolve through it and change a record properly (serial number, reload).',
  },
  machines: [
    { name: 'dns', image: 'hebergement' },
    { name: 'web', image: 'hebergement' },
    { name: 'client', image: 'hebergement' },
  ],
  setup: { machine: 'web', script: 'setup-web.sh' },
  exercises: [
    {
      id: 'zone',
      title: { fr: 'Une zone pour jardins.test', en: 'A zone for jardins.test' },
      hints: [
        {
          fr: 'Sur **dns** : `apt install bind9`, puis les adresses avec `getent hosts web client` et `ip -4 addr show eth0` (sa propre adresse). La zone se déclare dans `/etc/bind/named.conf.local`.',
          en: 'On **dns**: `apt install bind9`, then the addresses with `getent hosts web client` and `ip -4 addr show eth0` (its own address). The zone is declared in `/etc/bind/named.conf.local`.',
        },
        {
          fr: '`named-checkconf`, `named-checkzone jardins.test /etc/bind/db.jardins.test`, puis `service named start` et `dig @127.0.0.1 web.jardins.test`.',
          en: '`named-checkconf`, `named-checkzone jardins.test /etc/bind/db.jardins.test`, then `service named start` and `dig @127.0.0.1 web.jardins.test`.',
        },
      ],
      checks: [
        check.port(53, {
          id: 'ecoute-53',
          protocol: 'udp',
          fail: {
            fr: "Rien n'écoute sur le port 53/udp de dns : le serveur est-il installé et démarré (service named start) ?",
            en: 'Nothing listens on port 53/udp on dns: is the server installed and started (service named start)?',
          },
        }),
        check.dns(`web.${zone}`, {
          id: 'a-web',
          server: 'dns',
          authoritative: true,
          expect: { addressOf: 'web' },
          fail: {
            fr: "dns ne répond pas (avec autorité) l'adresse de web pour web.jardins.test.",
            en: "dns does not answer (authoritatively) web's address for web.jardins.test.",
          },
        }),
        check.dns(`dns.${zone}`, {
          id: 'a-dns',
          server: 'dns',
          authoritative: true,
          expect: { addressOf: 'dns' },
          fail: {
            fr: "dns.jardins.test ne donne pas l'adresse de la machine dns.",
            en: "dns.jardins.test does not give the dns machine's address.",
          },
        }),
        check.dns(`client.${zone}`, {
          id: 'a-client',
          server: 'dns',
          authoritative: true,
          expect: { addressOf: 'client' },
          fail: {
            fr: "client.jardins.test ne donne pas l'adresse de la machine client.",
            en: "client.jardins.test does not give the client machine's address.",
          },
        }),
        check.dns(zone, {
          id: 'ns',
          type: 'NS',
          server: 'dns',
          expect: `dns.${zone}`,
          fail: {
            fr: 'La zone doit annoncer son serveur : un enregistrement NS vers dns.jardins.test.',
            en: 'The zone must name its server: an NS record for dns.jardins.test.',
          },
        }),
      ],
    },
    {
      id: 'alias-et-inverse',
      title: { fr: 'Un alias et la zone inverse', en: 'An alias and the reverse zone' },
      hints: [
        {
          fr: '`www IN CNAME web` dans la zone (et le numéro de série +1). Le sous-réseau : `ip -4 addr` ; pour 10.213.4.18/28, la zone inverse est `4.213.10.in-addr.arpa`.',
          en: '`www IN CNAME web` in the zone (and the serial +1). The subnet: `ip -4 addr`; for 10.213.4.18/28, the reverse zone is `4.213.10.in-addr.arpa`.',
        },
        {
          fr: 'Dans le fichier de la zone inverse, `18 IN PTR dns.jardins.test.` (le dernier nombre de l’adresse, le nom complet avec son point final). Puis `rndc reload` et `dig @127.0.0.1 -x <adresse>`.',
          en: 'In the reverse zone file, `18 IN PTR dns.jardins.test.` (the last number of the address, the full name with its final dot). Then `rndc reload` and `dig @127.0.0.1 -x <address>`.',
        },
      ],
      checks: [
        check.dns(`www.${zone}`, {
          id: 'cname-www',
          type: 'CNAME',
          server: 'dns',
          authoritative: true,
          expect: `web.${zone}`,
          fail: {
            fr: 'www.jardins.test doit être un alias (CNAME) de web.jardins.test.',
            en: 'www.jardins.test must be an alias (CNAME) of web.jardins.test.',
          },
        }),
        check.dns(
          { addressOf: 'web' },
          {
            id: 'ptr-web',
            type: 'PTR',
            server: 'dns',
            expect: `web.${zone}`,
            fail: {
              fr: "La question inverse pour l'adresse de web (dig -x) ne répond pas web.jardins.test.",
              en: "The reverse question for web's address (dig -x) does not answer web.jardins.test.",
            },
          },
        ),
        check.dns(
          { addressOf: 'client' },
          {
            id: 'ptr-client',
            type: 'PTR',
            server: 'dns',
            expect: `client.${zone}`,
            fail: {
              fr: "La question inverse pour l'adresse de client ne répond pas client.jardins.test.",
              en: "The reverse question for client's address does not answer client.jardins.test.",
            },
          },
        ),
        check.dns(
          { addressOf: 'dns' },
          {
            id: 'ptr-dns',
            type: 'PTR',
            server: 'dns',
            expect: `dns.${zone}`,
            fail: {
              fr: "La question inverse pour l'adresse de dns ne répond pas dns.jardins.test.",
              en: "The reverse question for dns's address does not answer dns.jardins.test.",
            },
          },
        ),
      ],
    },
    {
      id: 'resolveur',
      title: { fr: 'Les machines demandent à dns', en: 'The machines ask dns' },
      hints: [
        {
          fr: 'Sur **client** et **web** : `cat /etc/resolv.conf`, gardez-en une copie, puis réécrivez-le avec `nameserver <adresse de dns>` et `search jardins.test` (nano, ou `cat > /etc/resolv.conf` : `sed -i` échoue sur ce fichier).',
          en: 'On **client** and **web**: `cat /etc/resolv.conf`, keep a copy, then rewrite it with `nameserver <address of dns>` and `search jardins.test` (nano, or `cat > /etc/resolv.conf`: `sed -i` fails on this file).',
        },
        {
          fr: '`getent hosts www.jardins.test` puis `getent hosts web` : le nom court doit devenir web.jardins.test.',
          en: '`getent hosts www.jardins.test` then `getent hosts web`: the short name should become web.jardins.test.',
        },
      ],
      checks: [
        check.dns(`web.${zone}`, {
          id: 'client-resout',
          machine: 'client',
          expect: { addressOf: 'web' },
          fail: {
            fr: 'Le résolveur de client (/etc/resolv.conf) ne trouve pas web.jardins.test : demande-t-il à dns ?',
            en: "client's resolver (/etc/resolv.conf) does not find web.jardins.test: does it ask dns?",
          },
        }),
        check.file('/etc/resolv.conf', {
          id: 'client-search',
          label: {
            fr: 'client cherche les noms courts dans jardins.test (search)',
            en: 'client looks short names up in jardins.test (search)',
          },
          machine: 'client',
          matches: /^search[ \t]+(\S+[ \t]+)*jardins\.test\.?[ \t]*$/m,
          fail: {
            fr: '/etc/resolv.conf de client n’a pas de ligne « search jardins.test » : les noms courts (web, dns) ne marcheraient plus.',
            en: 'client’s /etc/resolv.conf has no "search jardins.test" line: short names (web, dns) would stop working.',
          },
        }),
        check.dns(`client.${zone}`, {
          id: 'web-resout',
          machine: 'web',
          expect: { addressOf: 'client' },
          fail: {
            fr: 'Le résolveur de web ne trouve pas client.jardins.test : modifiez aussi /etc/resolv.conf sur web.',
            en: "web's resolver does not find client.jardins.test: edit /etc/resolv.conf on web too.",
          },
        }),
        check.file('/etc/resolv.conf', {
          id: 'web-search',
          label: {
            fr: 'web cherche les noms courts dans jardins.test (search)',
            en: 'web looks short names up in jardins.test (search)',
          },
          machine: 'web',
          matches: /^search[ \t]+(\S+[ \t]+)*jardins\.test\.?[ \t]*$/m,
          fail: {
            fr: '/etc/resolv.conf de web n’a pas de ligne « search jardins.test ».',
            en: 'web’s /etc/resolv.conf has no "search jardins.test" line.',
          },
        }),
      ],
    },
    {
      id: 'changement',
      title: { fr: 'Changer un enregistrement', en: 'Changing a record' },
      hints: [
        {
          fr: 'Dans `/etc/bind/db.jardins.test` : `wiki IN CNAME web`, et le numéro de série passe à la forme date AAAAMMJJnn (par exemple 2025061501) : il augmente toujours.',
          en: 'In `/etc/bind/db.jardins.test`: `wiki IN CNAME web`, and the serial switches to the date form YYYYMMDDnn (for example 2025061501): it always goes up.',
        },
        {
          fr: '`named-checkzone jardins.test /etc/bind/db.jardins.test`, `rndc reload`, puis sur **client** `getent hosts wiki`.',
          en: '`named-checkzone jardins.test /etc/bind/db.jardins.test`, `rndc reload`, then on **client** `getent hosts wiki`.',
        },
      ],
      checks: [
        check.dns(`wiki.${zone}`, {
          id: 'wiki-vu-du-client',
          machine: 'client',
          expect: { addressOf: 'web' },
          fail: {
            fr: 'Depuis client, wiki.jardins.test ne mène pas encore à web : ajouté à la zone, zone rechargée (rndc reload) ?',
            en: 'From client, wiki.jardins.test does not lead to web yet: added to the zone, zone reloaded (rndc reload)?',
          },
        }),
        // The lesson starts the serial at 1 (2 after exercise 2) and switches to the date form YYYYMMDDnn here: a
        // secondary server copies a zone again only when its serial goes up.
        check.command(`dig +short +norecurse SOA ${zone} @127.0.0.1`, {
          id: 'serie-en-date',
          label: {
            fr: 'Le numéro de série de la zone a la forme date AAAAMMJJnn',
            en: "The zone's serial number has the date form YYYYMMDDnn",
          },
          output: /^\S+ \S+ 2[0-9]{9} /m,
          fail: {
            fr: 'Le numéro de série de la zone (SOA) n’est pas encore de la forme date AAAAMMJJnn : changez-le, puis rechargez (rndc reload).',
            en: "The zone's serial (SOA) is not in the date form YYYYMMDDnn yet: change it, then reload (rndc reload).",
          },
        }),
      ],
    },
  ],
});
