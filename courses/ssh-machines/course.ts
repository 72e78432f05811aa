import { check, defineCourse } from '../../server/courses/authoring.js';

// The learner works on `poste` (the first machine) and administers `serveur` from there.
const adminHome = '/home/admin';
// A password login attempt that must be refused: BatchMode never prompts, so the answer is immediate.
const passwordTry = 'ssh -o BatchMode=yes -o PubkeyAuthentication=no -o ConnectTimeout=2 admin@serveur true';
const keyLogin = 'ssh -o BatchMode=yes -o ConnectTimeout=2 admin@serveur whoami';

export default defineCourse({
  id: 'ssh-machines',
  order: 60,
  title: { fr: 'SSH entre deux machines', en: 'SSH between two machines' },
  description: {
    fr: "Installer un serveur SSH, se connecter avec une clé plutôt qu'un mot de passe, durcir sshd_config, se faire un raccourci et copier des fichiers avec scp et rsync.",
    en: 'Install an SSH server, log in with a key instead of a password, harden sshd_config, make a shortcut and copy files with scp and rsync.',
  },
  machines: [
    { name: 'poste', image: 'reseau' },
    { name: 'serveur', image: 'reseau' },
  ],
  setup: [
    { machine: 'serveur', script: 'setup-serveur.sh' },
    { machine: 'poste', script: 'setup-poste.sh' },
  ],
  exercises: [
    {
      id: 'serveur-ssh',
      title: { fr: 'Un serveur SSH', en: 'An SSH server' },
      hints: [
        {
          fr: "Dans l'onglet **serveur** : `apt install openssh-server`, puis `service ssh start`.",
          en: 'In the **serveur** tab: `apt install openssh-server`, then `service ssh start`.',
        },
        {
          fr: "Dans l'onglet **poste** : `ssh admin@serveur`, répondez `yes` à la question sur l'empreinte, puis le mot de passe `jardin-2024`.",
          en: 'In the **poste** tab: `ssh admin@serveur`, answer `yes` to the fingerprint question, then the password `jardin-2024`.',
        },
      ],
      checks: [
        check.package('openssh-server', { id: 'paquet', machine: 'serveur' }),
        check.process('sshd', {
          id: 'sshd-actif',
          machine: 'serveur',
          fail: {
            fr: 'sshd ne tourne pas sur serveur : service ssh start ?',
            en: 'sshd is not running on serveur: service ssh start?',
          },
        }),
        check.port(22, { id: 'port-22', machine: 'serveur' }),
        check.file('/root/.ssh/known_hosts', {
          id: 'empreinte-acceptee',
          contains: 'ssh-ed25519',
          fail: {
            fr: "poste ne connaît pas encore l'empreinte de serveur : connectez-vous une fois avec ssh admin@serveur.",
            en: "poste does not know serveur's fingerprint yet: log in once with ssh admin@serveur.",
          },
        }),
      ],
    },
    {
      id: 'cles',
      title: { fr: 'Se connecter avec une clé', en: 'Logging in with a key' },
      hints: [
        {
          fr: "Sur poste : `ssh-keygen -t ed25519` (Entrée pour l'emplacement proposé).",
          en: 'On poste: `ssh-keygen -t ed25519` (Enter for the proposed location).',
        },
        {
          fr: '`ssh-copy-id admin@serveur` copie la clé publique dans `~admin/.ssh/authorized_keys` avec les bons droits.',
          en: '`ssh-copy-id admin@serveur` copies the public key into `~admin/.ssh/authorized_keys` with the right modes.',
        },
        {
          fr: 'À la main sur serveur : `chmod 700 /home/admin/.ssh`, `chmod 600 /home/admin/.ssh/authorized_keys`, propriétaire `admin`.',
          en: 'By hand on serveur: `chmod 700 /home/admin/.ssh`, `chmod 600 /home/admin/.ssh/authorized_keys`, owner `admin`.',
        },
      ],
      checks: [
        check.file('/root/.ssh/id_ed25519', { id: 'cle-privee', type: 'file', mode: '600' }),
        check.file('/root/.ssh/id_ed25519.pub', { id: 'cle-publique', contains: 'ssh-ed25519' }),
        check.file(`${adminHome}/.ssh`, {
          id: 'dossier-ssh',
          machine: 'serveur',
          type: 'directory',
          owner: 'admin',
          mode: '700',
        }),
        check.file(`${adminHome}/.ssh/authorized_keys`, {
          id: 'authorized-keys',
          machine: 'serveur',
          owner: 'admin',
          mode: '600',
          contains: 'ssh-ed25519',
        }),
        check.command(keyLogin, {
          id: 'connexion-par-cle',
          label: {
            fr: 'poste se connecte à serveur en admin avec sa clé, sans mot de passe',
            en: 'poste logs in to serveur as admin with its key, without a password',
          },
          output: /^admin$/m,
          fail: {
            fr: 'ssh admin@serveur demande encore un mot de passe depuis poste : la clé publique est-elle dans authorized_keys ?',
            en: 'ssh admin@serveur still asks for a password from poste: is the public key in authorized_keys?',
          },
        }),
      ],
    },
    {
      id: 'durcir',
      title: { fr: 'Fermer la porte aux mots de passe', en: 'Closing the door to passwords' },
      hints: [
        {
          fr: 'Sur serveur, un fichier `/etc/ssh/sshd_config.d/durcissement.conf` avec `PasswordAuthentication no` et `PermitRootLogin no`.',
          en: 'On serveur, a file `/etc/ssh/sshd_config.d/durcissement.conf` with `PasswordAuthentication no` and `PermitRootLogin no`.',
        },
        {
          fr: '`sshd -t` pour tester, `sshd -T | grep -i password` pour voir la valeur retenue, puis `service ssh reload`.',
          en: '`sshd -t` to test, `sshd -T | grep -i password` to see the value in effect, then `service ssh reload`.',
        },
      ],
      checks: [
        check.configTest('sshd -t', { id: 'sshd-t', machine: 'serveur' }),
        check.command('sshd -T', {
          id: 'mots-de-passe-desactives',
          label: { fr: 'sshd n’accepte plus les mots de passe', en: 'sshd no longer accepts passwords' },
          machine: 'serveur',
          output: /^passwordauthentication no$/m,
          fail: {
            fr: 'La configuration de sshd autorise encore les mots de passe (PasswordAuthentication).',
            en: "sshd's configuration still allows passwords (PasswordAuthentication).",
          },
        }),
        check.command('sshd -T', {
          id: 'root-interdit',
          label: { fr: 'root ne peut plus se connecter par ssh', en: 'root can no longer log in over ssh' },
          machine: 'serveur',
          output: /^permitrootlogin no$/m,
          fail: {
            fr: 'La configuration de sshd laisse encore root se connecter (PermitRootLogin).',
            en: "sshd's configuration still lets root log in (PermitRootLogin).",
          },
        }),
        check.command(passwordTry, {
          id: 'mot-de-passe-refuse',
          label: { fr: 'Une connexion par mot de passe est refusée', en: 'A password login is refused' },
          exitCode: 255,
          output: /Permission denied \(publickey\)/,
          fail: {
            fr: 'Le sshd qui tourne propose encore les mots de passe : configuration rechargée (service ssh reload) ?',
            en: 'The running sshd still offers passwords: configuration reloaded (service ssh reload)?',
          },
        }),
        check.command(keyLogin, {
          id: 'cle-toujours-acceptee',
          label: { fr: 'La connexion par clé marche toujours', en: 'Key login still works' },
          output: /^admin$/m,
          fail: {
            fr: 'La connexion par clé ne marche plus depuis poste : vérifiez sshd -t et les journaux.',
            en: 'Key login no longer works from poste: check sshd -t and the logs.',
          },
        }),
      ],
    },
    {
      id: 'raccourci',
      title: { fr: 'Un raccourci dans ~/.ssh/config', en: 'A shortcut in ~/.ssh/config' },
      hints: [
        {
          fr: 'Un bloc `Host srv` dans `/root/.ssh/config`, avec `HostName serveur` et `User admin` en dessous.',
          en: 'A `Host srv` block in `/root/.ssh/config`, with `HostName serveur` and `User admin` below it.',
        },
        {
          fr: '`ssh -G srv | grep -E "^(hostname|user) "` montre ce que ssh en a compris.',
          en: '`ssh -G srv | grep -E "^(hostname|user) "` shows what ssh made of it.',
        },
      ],
      checks: [
        check.file('/root/.ssh/config', {
          id: 'configuration-client',
          label: { fr: '/root/.ssh/config a un bloc Host srv', en: '/root/.ssh/config has a Host srv block' },
          matches: /^\s*Host\s+(.*\s)?srv(\s|$)/m,
          fail: {
            fr: "/root/.ssh/config n'a pas encore de bloc « Host srv ».",
            en: '/root/.ssh/config has no "Host srv" block yet.',
          },
        }),
        check.command('ssh -o BatchMode=yes -o ConnectTimeout=2 srv whoami', {
          id: 'ssh-srv',
          label: { fr: 'ssh srv connecte admin sur serveur', en: 'ssh srv logs admin in on serveur' },
          output: /^admin$/m,
          fail: {
            fr: '`ssh srv` ne connecte pas encore admin sur serveur.',
            en: '`ssh srv` does not log admin in on serveur yet.',
          },
        }),
      ],
    },
    {
      id: 'copier',
      title: { fr: 'Copier des fichiers : scp et rsync', en: 'Copying files: scp and rsync' },
      hints: [
        {
          fr: '`scp /root/compte-rendu.txt srv:` copie le fichier dans le dossier personnel de admin.',
          en: "`scp /root/compte-rendu.txt srv:` copies the file into admin's home folder.",
        },
        {
          fr: '`rsync -av /root/photos/ srv:photos/` : la barre finale de la source copie son contenu.',
          en: '`rsync -av /root/photos/ srv:photos/`: the trailing slash of the source copies its content.',
        },
      ],
      checks: [
        check.file(`${adminHome}/compte-rendu.txt`, {
          id: 'compte-rendu-copie',
          machine: 'serveur',
          owner: 'admin',
          contains: 'Assemblée générale',
        }),
        check.file(`${adminHome}/photos`, {
          id: 'dossier-photos',
          machine: 'serveur',
          type: 'directory',
          owner: 'admin',
        }),
        check.file(`${adminHome}/photos/potager.txt`, {
          id: 'photos-synchronisees',
          machine: 'serveur',
          contains: 'potager',
          fail: {
            fr: '~admin/photos/potager.txt manque sur serveur : rsync -av /root/photos/ srv:photos/ (avec la barre finale).',
            en: '~admin/photos/potager.txt is missing on serveur: rsync -av /root/photos/ srv:photos/ (with the trailing slash).',
          },
        }),
        check.file(`${adminHome}/photos/recolte.txt`, {
          id: 'nouvelle-photo',
          machine: 'serveur',
          contains: 'récolte',
          fail: {
            fr: 'La photo ajoutée (recolte.txt) n’est pas sur serveur : relancez rsync après l’avoir créée.',
            en: 'The added photo (recolte.txt) is not on serveur: run rsync again after creating it.',
          },
        }),
      ],
    },
  ],
});
