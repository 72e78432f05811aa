import { check, defineCourse } from '../../server/courses/authoring.js';

// `web` (the first machine) runs SSH (22), nginx (80) and jardins-app on 0.0.0.0:8080 (setup-web.sh);
// the learner firewalls it with nftables (NET_ADMIN: its own network namespace only). `client` is the
// outside world: every reach check runs from there. The platform's terminal is a `docker exec`, which no
// firewall rule can cut: it plays the part of a VPS's rescue console.
const outside = 'client';
const conf = '/etc/nftables.conf';

const open = (port: number, what: { fr: string; en: string }) =>
  check.reach('web', port, {
    id: `port-${port}-ouvert`,
    machine: outside,
    fail: {
      fr: `Depuis client, le port ${port} de web (${what.fr}) ne répond pas : une règle l'accepte-t-elle ?`,
      en: `From client, web's port ${port} (${what.en}) does not answer: does a rule accept it?`,
    },
  });
const closed = (port: number, fail: { fr: string; en: string }) =>
  check.reach('web', port, { id: `port-${port}-bloque`, machine: outside, open: false, fail });

const appBlocked = closed(8080, {
  fr: 'Depuis client, le port 8080 de web (jardins-app) est joignable : la politique de la chaîne input est-elle « drop » ?',
  en: "From client, web's port 8080 (jardins-app) is reachable: is the input chain's policy drop?",
});

export default defineCourse({
  id: 'pare-feu',
  order: 120,
  title: {
    fr: 'Un pare-feu qui laisse passer le nécessaire',
    en: 'A firewall that lets the necessary through',
  },
  description: {
    fr: "Faire l'inventaire de ce qu'un serveur expose, tout fermer sauf SSH et le web avec nftables, s'enfermer dehors exprès pour apprendre à reprendre la main, rendre les règles permanentes et les modifier sans risque.",
    en: 'List what a server exposes, close everything but SSH and the web with nftables, lock yourself out on purpose to learn how to get back in, make the rules permanent and change them safely.',
  },
  machines: [
    { name: 'web', image: 'hebergement', capabilities: ['NET_ADMIN'] },
    { name: 'client', image: 'hebergement' },
  ],
  setup: [
    { machine: 'web', script: 'setup-web.sh' },
    { machine: 'client', script: 'setup-client.sh' },
  ],
  exercises: [
    {
      id: 'inventaire',
      title: { fr: 'Ce que web expose', en: 'What web exposes' },
      hints: [
        {
          fr: 'Sur **web** : `ss -ltnp` liste les ports qui écoutent et leurs programmes. Sur **client** : `sonde web 22 80 8080`.',
          en: 'On **web**: `ss -ltnp` lists the listening ports and their programs. On **client**: `sonde web 22 80 8080`.',
        },
        {
          fr: '`echo 8080 > /root/port-a-fermer.txt` si c’est bien votre avis, puis `apt install nftables`.',
          en: '`echo 8080 > /root/port-a-fermer.txt` if that is your view, then `apt install nftables`.',
        },
      ],
      checks: [
        check.answer('/root/port-a-fermer.txt', [
          { answer: ['8080', '8080/tcp', 'tcp/8080', ':8080', '0.0.0.0:8080'] },
          {
            answer: ['22', '22/tcp', 'tcp/22'],
            correct: false,
            fail: {
              fr: "22, c'est SSH : votre seul moyen d'administrer le serveur à distance. Il doit rester ouvert.",
              en: '22 is SSH: your only way to run the server remotely. It must stay open.',
            },
          },
          {
            answer: ['80', '80/tcp', 'tcp/80', '443'],
            correct: false,
            fail: {
              fr: "C'est le port du site web, qui doit rester joignable par les visiteurs.",
              en: 'That is the web site’s port, which visitors must still reach.',
            },
          },
        ]),
        check.package('nftables', { id: 'nftables-installe' }),
      ],
    },
    {
      id: 'enferme-dehors',
      title: {
        fr: "L'erreur classique : s'enfermer dehors",
        en: 'The classic mistake: locking yourself out',
      },
      hints: [
        {
          fr: "`nft add table inet filter`, puis `nft add chain inet filter input '{ type filter hook input priority filter; policy drop; }'`.",
          en: "`nft add table inet filter`, then `nft add chain inet filter input '{ type filter hook input priority filter; policy drop; }'`.",
        },
        {
          fr: '`nft add rule inet filter input tcp dport 80 accept`, puis sur **client** : `sonde web 22 80`.',
          en: '`nft add rule inet filter input tcp dport 80 accept`, then on **client**: `sonde web 22 80`.',
        },
      ],
      checks: [
        open(80, { fr: 'le site', en: 'the site' }),
        closed(22, {
          fr: "Depuis client, SSH (port 22) répond encore : appliquez la règle naïve (politique drop, seulement le port 80) pour voir ce qu'elle fait.",
          en: 'From client, SSH (port 22) still answers: apply the naive rule (drop policy, port 80 only) to see what it does.',
        }),
        appBlocked,
      ],
    },
    {
      id: 'regles',
      title: {
        fr: 'Des règles complètes dans /etc/nftables.conf',
        en: 'Complete rules in /etc/nftables.conf',
      },
      hints: [
        {
          fr: 'Dans la chaîne input (policy drop) : `ct state established,related accept`, `iif lo accept`, `tcp dport { 22, 80, 443 } accept`. Le modèle complet est dans la leçon.',
          en: 'In the input chain (policy drop): `ct state established,related accept`, `iif lo accept`, `tcp dport { 22, 80, 443 } accept`. The whole template is in the lesson.',
        },
        {
          fr: '`nft -c -f /etc/nftables.conf` (vérifie sans rien appliquer), puis `service nftables restart`, puis `sonde web 22 80 8080` sur **client**.',
          en: '`nft -c -f /etc/nftables.conf` (checks without applying anything), then `service nftables restart`, then `sonde web 22 80 8080` on **client**.',
        },
      ],
      checks: [
        check.file(conf, {
          id: 'politique-drop',
          label: {
            fr: '/etc/nftables.conf refuse par défaut ce qui entre (policy drop)',
            en: '/etc/nftables.conf drops incoming traffic by default (policy drop)',
          },
          matches: /hook\s+input\s+priority\s+[^;]+;\s*policy\s+drop\s*;/,
          fail: {
            fr: `${conf} n'a pas de chaîne input avec « policy drop; » : ce qui n'est pas permis doit être refusé.`,
            en: `${conf} has no input chain with "policy drop;": what is not allowed must be refused.`,
          },
        }),
        check.file(conf, {
          id: 'connexions-etablies',
          label: {
            fr: '/etc/nftables.conf accepte les réponses aux connexions en cours',
            en: '/etc/nftables.conf accepts replies to ongoing connections',
          },
          matches: /ct\s+state\s+\{?\s*established\s*,\s*related\s*\}?\s+accept/,
          fail: {
            fr: `${conf} n'accepte pas les réponses aux connexions en cours (ct state established,related accept).`,
            en: `${conf} does not accept the replies to ongoing connections (ct state established,related accept).`,
          },
        }),
        check.file(conf, {
          id: 'ssh-dans-le-fichier',
          label: {
            fr: '/etc/nftables.conf accepte SSH (port 22)',
            en: '/etc/nftables.conf accepts SSH (port 22)',
          },
          matches: /tcp\s+dport\s+(22|ssh|\{[^}]*\b(22|ssh)\b[^}]*\})\s+(ct\s+state\s+new\s+)?accept/,
          fail: {
            fr: `${conf} n'a pas de règle qui accepte SSH (tcp dport 22 accept) : au prochain redémarrage, vous seriez dehors.`,
            en: `${conf} has no rule accepting SSH (tcp dport 22 accept): at the next reboot you would be locked out.`,
          },
        }),
        open(22, { fr: 'SSH', en: 'SSH' }),
        open(80, { fr: 'le site', en: 'the site' }),
        appBlocked,
        check.http('http://localhost:8080/sante', {
          id: 'boucle-locale',
          bodyContains: 'ok',
          fail: {
            fr: "Sur web même, http://localhost:8080/ ne répond plus : le trafic local (iif lo accept) est bloqué, et nginx ne pourrait plus parler à l'application.",
            en: 'On web itself, http://localhost:8080/ no longer answers: local traffic (iif lo accept) is blocked, and nginx could no longer talk to the application.',
          },
        }),
      ],
    },
    {
      id: 'ping-sans-risque',
      title: {
        fr: 'Modifier sans risque : laisser passer le ping',
        en: 'Changing safely: letting ping through',
      },
      hints: [
        {
          fr: 'Dans la chaîne input : `meta l4proto { icmp, ipv6-icmp } accept`. Gardez une copie de la version qui marche avant de modifier.',
          en: 'In the input chain: `meta l4proto { icmp, ipv6-icmp } accept`. Keep a copy of the working version before you change it.',
        },
        {
          fr: '`nft -c -f /etc/nftables.conf`, puis `service nftables restart`, et sur **client** : `ping -c 2 web`.',
          en: '`nft -c -f /etc/nftables.conf`, then `service nftables restart`, and on **client**: `ping -c 2 web`.',
        },
      ],
      checks: [
        check.file(conf, {
          id: 'icmp-dans-le-fichier',
          label: {
            fr: '/etc/nftables.conf accepte le ping (ICMP)',
            en: '/etc/nftables.conf accepts ping (ICMP)',
          },
          matches: /\bicmp\b/,
          fail: {
            fr: `${conf} n'a pas encore de règle pour ICMP (meta l4proto { icmp, ipv6-icmp } accept).`,
            en: `${conf} has no rule for ICMP yet (meta l4proto { icmp, ipv6-icmp } accept).`,
          },
        }),
        check.command('ping -c 1 -W 1 web', {
          id: 'ping-repond',
          label: { fr: 'web répond au ping depuis client', en: 'web answers ping from client' },
          machine: outside,
          fail: {
            fr: 'Depuis client, `ping web` reste sans réponse : règle ICMP ajoutée et fichier rechargé ?',
            en: 'From client, `ping web` gets no answer: ICMP rule added and file reloaded?',
          },
        }),
        open(22, { fr: 'SSH', en: 'SSH' }),
        appBlocked,
      ],
    },
  ],
});
