// What each check verifies, in the learner's words (« nginx est installé »), shown before any check runs.
// A check's `label` says it; otherwise each built-in kind words a default from its arguments. Those words
// never show a command or a script: a check whose default would (a command check, a script's path) must
// carry its own label, and the course is refused at load without one.
import { checkIdOf, type CheckSpec } from './checks/index.js';
import { asList } from './checks/check-meta.js';
import { CONFIG_TEST_SUFFIX } from './checks/command-check.js';
import type { FileCheckSpec } from './checks/file-check.js';
import type { HttpCheckSpec } from './checks/http-check.js';
import type { UserCheckSpec } from './checks/user-check.js';
import type { DnsCheckSpec } from './checks/dns-check.js';
import { cat, listOf, looksLikeImplementation, plain, quoted, sentence } from './criterion-text.js';
import { l, same, type Localized } from './localized.js';

/** The criterion shown to learners: the author's label, else the default wording (undefined: none fits). */
export function criterionOf(spec: CheckSpec): Localized | undefined {
  return spec.label ?? defaultCriterion(spec);
}

/** Why a check needs an author-written label, or undefined when its default wording will do. */
export function labelNeeded(spec: CheckSpec): string | undefined {
  if (spec.label) return undefined;
  const text = defaultCriterion(spec);
  if (!text)
    return 'a command check says nothing the learner can read: write its criterion in label: { fr, en }';
  if (looksLikeImplementation(text.fr) || looksLikeImplementation(text.en))
    return `its default criterion would show an implementation detail ("${text.en}"): write one in label: { fr, en }`;
  return undefined;
}

/** The wording generated from a built-in check's arguments; undefined for a raw command (no words fit). */
export function defaultCriterion(spec: CheckSpec): Localized | undefined {
  const text = wording(spec);
  return text && sentence(cat(text, where(spec)));
}

function wording(spec: CheckSpec): Localized | undefined {
  switch (spec.kind) {
    case 'file':
      return fileWording(spec);
    case 'user':
      return userWording(spec);
    case 'group': {
      if (spec.exists === false)
        return l(`le groupe ${spec.name} n’existe pas`, `group ${spec.name} does not exist`);
      const parts: Localized[] = [];
      if (spec.members)
        parts.push(
          l(`a pour membres ${names(spec.members, 'et')}`, `has members ${names(spec.members, 'and')}`),
        );
      if (spec.gid !== undefined) parts.push(l(`a le GID ${spec.gid}`, `has GID ${spec.gid}`));
      return cat(l(`le groupe ${spec.name} `, `group ${spec.name} `), clauses(parts));
    }
    case 'package':
      if (spec.installed === false)
        return l(`le paquet ${spec.name} n’est pas installé`, `package ${spec.name} is not installed`);
      return spec.version
        ? l(
            `le paquet ${spec.name} est installé en version ${spec.version}`,
            `package ${spec.name} is installed at version ${spec.version}`,
          )
        : l(`le paquet ${spec.name} est installé`, `package ${spec.name} is installed`);
    case 'process': {
      const as = spec.user ? l(` sous l’utilisateur ${spec.user}`, ` as user ${spec.user}`) : '';
      return spec.running === false
        ? cat(l(`aucun processus ${spec.name} ne tourne`, `no ${spec.name} process is running`), as)
        : cat(l(`le processus ${spec.name} tourne`, `the ${spec.name} process is running`), as);
    }
    case 'port': {
      const udp = spec.protocol === 'udp';
      const port = udp
        ? l(`le port UDP ${spec.port}`, `UDP port ${spec.port}`)
        : l(`le port ${spec.port}`, `port ${spec.port}`);
      const on = spec.address ? l(` sur ${spec.address}`, ` on ${spec.address}`) : '';
      if (spec.listening === false) return cat(port, l(' n’est pas ouvert', ' is not open'), on);
      return cat(port, udp ? l(' est ouvert', ' is open') : l(' est en écoute', ' is listening'), on);
    }
    case 'http':
      return httpWording(spec);
    case 'command': {
      if (!spec.command.endsWith(CONFIG_TEST_SUFFIX)) return undefined;
      const program = (spec.command.trim().split(/\s+/)[0] ?? '').split('/').pop() ?? '';
      const service = program === 'visudo' ? 'sudo' : program;
      return plain(service, 30) && /^[a-z][a-z0-9_.-]*$/.test(service)
        ? l(`la configuration de ${service} est valide`, `the ${service} configuration is valid`)
        : l('la configuration est valide', 'the configuration is valid');
    }
    case 'cron': {
      const tab = spec.user
        ? l(`une tâche planifiée de ${spec.user}`, `a scheduled task of ${spec.user}`)
        : l(`une tâche planifiée dans ${spec.file}`, `a scheduled task in ${spec.file}`);
      const runs =
        typeof spec.command === 'string' && plain(spec.command)
          ? cat(l(' lance ', ' runs '), quoted(spec.command))
          : l(' lance la commande attendue', ' runs the expected command');
      const as = spec.runAs ? l(` en tant que ${spec.runAs}`, ` as ${spec.runAs}`) : '';
      const when =
        typeof spec.schedule === 'string'
          ? l(` (horaire ${spec.schedule})`, ` (schedule ${spec.schedule})`)
          : spec.schedule
            ? l(' à l’horaire demandé', ' on the schedule asked for')
            : '';
      return cat(tab, runs, as, when);
    }
    case 'answer':
      return l(
        `la réponse écrite dans ${spec.path} est juste`,
        `the answer written in ${spec.path} is right`,
      );
    case 'json':
    case 'yaml': {
      const what = spec.kind === 'json' ? 'JSON' : 'YAML';
      const base = l(`${spec.path} est un ${what} valide`, `${spec.path} is valid ${what}`);
      const entries = Object.entries(spec.values ?? {});
      if (!entries.length) return base;
      const shown = entries.every(([k, v]) => isScalar(v) && plain(`${k} = ${String(v)}`, 50));
      return shown
        ? cat(base, l(' avec ', ' with '), listOf(entries.map(([k, v]) => same(`${k} = ${String(v)}`))))
        : cat(base, l(' avec les valeurs attendues', ' with the expected values'));
    }
    case 'tls': {
      const parts: Localized[] = [
        l(`${spec.url} présente un certificat valide`, `${spec.url} presents a valid certificate`),
      ];
      if (spec.names) parts.push(l(` pour ${names(spec.names, 'et')}`, ` for ${names(spec.names, 'and')}`));
      if (typeof spec.issuer === 'string' && plain(spec.issuer))
        parts.push(l(` émis par ${spec.issuer}`, ` issued by ${spec.issuer}`));
      return cat(...parts);
    }
    case 'dns':
      return dnsWording(spec);
    case 'reach':
      return spec.open === false
        ? l(`le port ${spec.port} de ${spec.host} est fermé`, `port ${spec.port} of ${spec.host} is closed`)
        : l(`le port ${spec.port} de ${spec.host} répond`, `port ${spec.port} of ${spec.host} answers`);
    case 'sql': {
      const engine = spec.engine === 'postgres' ? 'PostgreSQL' : 'MariaDB';
      const db = spec.database
        ? l(`la base ${spec.database}`, `the ${spec.database} database`)
        : l('la base', 'the database');
      const at = spec.host ? l(` sur ${spec.host}`, ` on ${spec.host}`) : '';
      return spec.denied
        ? cat(
            l(`l’utilisateur ${spec.user} n’a pas accès à `, `user ${spec.user} has no access to `),
            db,
            ` (${engine})`,
            at,
          )
        : cat(
            db,
            ` (${engine})`,
            at,
            l(` répond à ${spec.user} comme attendu`, ` answers ${spec.user} as expected`),
          );
    }
  }
}

/** Which machine, in a lab of several: where a file is, or where a network check asks from. */
function where(spec: CheckSpec): Localized | string {
  if (!spec.machine) return '';
  const network = ['reach', 'sql', 'dns', 'tls', 'http'].includes(spec.kind);
  return network
    ? l(` (depuis ${spec.machine})`, ` (from ${spec.machine})`)
    : l(` (sur ${spec.machine})`, ` (on ${spec.machine})`);
}

const names = (list: readonly string[], and: string) =>
  list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} ${and} ${list[list.length - 1]}`;

const isScalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);

/** « existe » alone, or the conditions joined (« appartient à x et a les droits 750 »). */
function clauses(parts: Localized[]): Localized {
  return parts.length ? listOf(parts) : l('existe', 'exists');
}

function fileWording(s: FileCheckSpec): Localized {
  const paths = asList(s.path);
  const one = paths[0] ?? '';
  const glob = paths.length === 1 && /[*?[]/.test(one);
  if (s.exists === false) {
    if (glob) return l(`aucun fichier ne correspond à ${one}`, `no file matches ${one}`);
    if (paths.length > 1)
      return l(`aucun de ${names(paths, 'ni')} n’existe`, `none of ${names(paths, 'or')} exists`);
    return l(`${one} n’existe pas`, `${one} does not exist`);
  }
  const noun = {
    file: l('le fichier', 'the file'),
    directory: l('le dossier', 'the folder'),
    symlink: l('le lien', 'the link'),
  };
  const subject = glob
    ? l(`un fichier correspondant à ${one}`, `a file matching ${one}`)
    : paths.length > 1
      ? l(`l’un de ${names(paths, 'ou')}`, `one of ${names(paths, 'or')}`)
      : s.type
        ? cat(noun[s.type], ` ${one}`)
        : same(one);
  const parts: Localized[] = [];
  const contains = asList(s.contains);
  if (contains.length && contains.every((c) => plain(c, 50)))
    parts.push(cat(l('contient ', 'contains '), listOf(contains.map(quoted))));
  else if (contains.length || s.matches) parts.push(l('a le contenu attendu', 'has the expected content'));
  if (contains.length && contains.every((c) => plain(c, 50)) && s.matches)
    parts.push(l('a le contenu attendu', 'has the expected content'));
  const absent = asList(s.notContains);
  if (absent.length)
    parts.push(
      absent.every((c) => plain(c, 50))
        ? cat(l('ne contient pas ', 'does not contain '), listOf(absent.map(quoted)))
        : l('ne contient plus ce qui devait partir', 'no longer holds what had to go'),
    );
  if (s.owner && s.group)
    parts.push(
      l(`appartient à ${s.owner} et au groupe ${s.group}`, `belongs to ${s.owner} and group ${s.group}`),
    );
  else if (s.owner) parts.push(l(`appartient à ${s.owner}`, `belongs to ${s.owner}`));
  else if (s.group) parts.push(l(`appartient au groupe ${s.group}`, `belongs to group ${s.group}`));
  if (s.mode) parts.push(l(`a les droits ${s.mode}`, `has mode ${s.mode}`));
  if (s.modeHas) parts.push(bitsHad(parseInt(s.modeHas, 8)));
  if (s.modeLacks) parts.push(bitsLacked(parseInt(s.modeLacks, 8), s.modeLacks));
  if (typeof s.size === 'number') parts.push(l(`fait ${s.size} octets`, `is ${s.size} bytes`));
  else if (s.size?.min === 1 && s.size.max === undefined) parts.push(l('n’est pas vide', 'is not empty'));
  else if (s.size) {
    if (s.size.min !== undefined)
      parts.push(l(`fait au moins ${s.size.min} octets`, `is at least ${s.size.min} bytes`));
    if (s.size.max !== undefined)
      parts.push(l(`fait au plus ${s.size.max} octets`, `is at most ${s.size.max} bytes`));
  }
  if (s.links !== undefined) parts.push(l(`a ${s.links} liens physiques`, `has ${s.links} hard links`));
  if (s.target) parts.push(l(`pointe vers ${s.target}`, `points to ${s.target}`));
  return cat(subject, ' ', clauses(parts));
}

function bitsHad(bits: number): Localized {
  const named: Localized[] = [];
  if (bits & 0o4000) named.push(l('le bit setuid', 'the setuid bit'));
  if (bits & 0o2000) named.push(l('le bit setgid', 'the setgid bit'));
  if (bits & 0o1000) named.push(l('le bit sticky', 'the sticky bit'));
  const rest = bits & 0o777;
  const parts: Localized[] = named.length ? [cat(l('a ', 'has '), listOf(named))] : [];
  if (rest && (rest & 0o111) === rest) parts.push(l('est exécutable', 'is executable'));
  else if (rest)
    parts.push(
      l(
        `a les droits ${rest.toString(8).padStart(3, '0')} activés`,
        `has mode bits ${rest.toString(8).padStart(3, '0')} set`,
      ),
    );
  return listOf(parts);
}

function bitsLacked(bits: number, given: string): Localized {
  if (bits === 0o002) return l('n’est pas modifiable par les autres', 'is not writable by others');
  if (bits === 0o022) return l('n’est modifiable que par son propriétaire', 'is writable by its owner only');
  if ((bits & 0o007) === 0o007 && !(bits & ~0o077))
    return l('n’est pas accessible aux autres', 'is not open to others');
  return l(`n’a pas les droits ${given}`, `lacks mode bits ${given}`);
}

function userWording(s: UserCheckSpec): Localized {
  if (s.exists === false) return l(`le compte ${s.name} n’existe pas`, `account ${s.name} does not exist`);
  const parts: Localized[] = [];
  if (s.shell && /\/(nologin|false)$/.test(s.shell))
    parts.push(l('ne peut pas ouvrir de session', 'cannot log in'));
  else if (s.shell) parts.push(l(`a le shell ${s.shell}`, `has shell ${s.shell}`));
  if (s.home) parts.push(l(`a pour dossier personnel ${s.home}`, `has home ${s.home}`));
  if (s.homeExists) parts.push(l('a son dossier personnel', 'has its home folder'));
  if (s.group) parts.push(l(`a pour groupe principal ${s.group}`, `has primary group ${s.group}`));
  if (s.groups)
    parts.push(l(`est membre de ${names(s.groups, 'et')}`, `is a member of ${names(s.groups, 'and')}`));
  if (typeof s.comment === 'string' && plain(s.comment))
    parts.push(cat(l('a pour nom complet ', 'has full name '), quoted(s.comment)));
  else if (s.comment !== undefined) parts.push(l('a le nom complet attendu', 'has the expected full name'));
  if (s.uid !== undefined) parts.push(l(`a l’UID ${s.uid}`, `has UID ${s.uid}`));
  if (s.chage)
    parts.push(l('suit la politique de mot de passe demandée', 'follows the password policy asked for'));
  if (s.locked !== undefined)
    parts.push(s.locked ? l('est verrouillé', 'is locked') : l('n’est pas verrouillé', 'is not locked'));
  if (s.expired !== undefined)
    parts.push(
      s.expired
        ? l('a un mot de passe expiré', 'has an expired password')
        : l('n’a pas de mot de passe expiré', 'has no expired password'),
    );
  return cat(l(`le compte ${s.name} `, `account ${s.name} `), clauses(parts));
}

function httpWording(s: HttpCheckSpec): Localized {
  let shown = s.url;
  if (s.host) {
    const u = new URL(s.url);
    u.hostname = s.host;
    shown = u.toString();
  }
  const extras: Localized[] = [];
  const body = asList(s.bodyContains);
  if (body.length && body.every((b) => plain(b, 50)))
    extras.push(cat(l('une page contenant ', 'a page containing '), listOf(body.map(quoted))));
  else if (body.length || s.bodyMatches) extras.push(l('la page attendue', 'the expected page'));
  for (const name of Object.keys(s.headers ?? {}))
    extras.push(l(`l’en-tête ${name} attendu`, `the expected ${name} header`));
  if (typeof s.location === 'string' && plain(s.location, 80))
    extras.push(l(`une redirection vers ${s.location}`, `a redirect to ${s.location}`));
  else if (s.location) extras.push(l('la redirection attendue', 'the expected redirect'));
  const status = s.status ? l(` (statut ${s.status})`, ` (status ${s.status})`) : '';
  const with_ = extras.length ? cat(l(' avec ', ' with '), listOf(extras)) : '';
  return cat(`${shown}`, l(' répond', ' answers'), status, with_);
}

function dnsWording(s: DnsCheckSpec): Localized {
  const type = s.type ?? (typeof s.name === 'string' ? 'A' : 'PTR');
  const name =
    typeof s.name === 'string'
      ? l(`le nom ${s.name}`, `the name ${s.name}`)
      : l(`l’adresse de ${s.name.addressOf}`, `the address of ${s.name.addressOf}`);
  const server = s.server ? l(` (serveur ${s.server})`, ` (server ${s.server})`) : '';
  if (s.absent) return cat(name, l(' n’existe pas dans le DNS', ' does not exist in the DNS'), server);
  const kind = type === 'A' || type === 'PTR' ? '' : l(` (enregistrement ${type})`, ` (${type} record)`);
  const expect = s.expect;
  const to =
    expect === undefined
      ? ''
      : typeof expect === 'object' && !Array.isArray(expect)
        ? l(` vers l’adresse de ${expect.addressOf}`, ` to the address of ${expect.addressOf}`)
        : asList(expect).every((e) => plain(e, 60))
          ? l(` en ${names(asList(expect), 'et')}`, ` to ${names(asList(expect), 'and')}`)
          : l(' comme attendu', ' as expected');
  const aa = s.authoritative ? l(', avec autorité', ', authoritatively') : '';
  return cat(
    name,
    l(typeof s.name === 'string' ? ' est résolu' : ' est résolue', ' resolves'),
    kind,
    to,
    server,
    aa,
  );
}

/**
 * The checks of a course that need a label and have none, each with its zod path and a message naming the
 * course, the exercise and the check (the registry's load errors show them next to the file).
 */
export function missingLabels(course: {
  id: string;
  exercises: readonly { id: string; checks: readonly CheckSpec[] }[];
}): { path: (string | number)[]; message: string }[] {
  return course.exercises.flatMap((ex, i) =>
    ex.checks.flatMap((c, j) => {
      const why = labelNeeded(c);
      const id = checkIdOf(c, j);
      return why
        ? [
            {
              path: ['exercises', i, 'checks', j, 'label'],
              message: `course "${course.id}", exercise "${ex.id}", check "${id}": ${why}`,
            },
          ]
        : [];
    }),
  );
}

/** An exercise's criteria in one language, with their checks' ids (a check without words is left out). */
export function criteriaOf(checks: readonly CheckSpec[], lang: 'fr' | 'en'): { id: string; text: string }[] {
  return checks.flatMap((c, i) => {
    const text = criterionOf(c);
    return text ? [{ id: checkIdOf(c, i), text: text[lang] }] : [];
  });
}
