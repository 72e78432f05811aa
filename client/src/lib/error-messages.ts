// The client words every failure reason in the learner's language: the server's messages are French
// and for logs, its `reason` is the contract. Both catalogs are typed over ErrorReason, so a reason the
// server adds does not compile until it is worded here in French and in English.
import type { ErrorParams, ErrorReason } from '../../../server/errors/app-error.js';
import { format } from './i18n.js';
import { en as enUi, fr as frUi } from './messages.js';
import type { Lang } from './types.js';

/** Reasons only the client gives: no answer, a refused live socket, an HTTP error without the envelope. */
export type ClientReason = 'network-error' | 'socket-refused' | `http-${number}`;
export type Reason = ErrorReason | ClientReason;

/** `text` takes `{name}` placeholders from the error's params; `bare` serves when one is missing. */
export type Wording = string | { text: string; bare: string };
type Entry = ErrorReason | Exclude<ClientReason, `http-${number}`> | 'http-error' | 'unexpected';
export type ErrorCatalog = Record<Entry, Wording> & { unexpected: string };

export const errorsFr: ErrorCatalog = {
  'invalid-request': 'Requête invalide : vérifiez les champs saisis.',
  'invalid-payload': 'Données invalides envoyées au serveur.',
  'malformed-json': 'Le corps de la requête n’est pas du JSON valide.',
  'body-too-large': 'Requête trop volumineuse.',
  'not-found': 'Route inconnue.',
  'bad-origin': 'Requête refusée : elle vient d’un autre site.',
  'rate-limited': {
    text: 'Trop de tentatives, réessayez dans {wait} s.',
    bare: 'Trop de requêtes : ralentissez.',
  },
  'not-authenticated': 'Connectez-vous d’abord.',
  forbidden: 'Vous n’avez pas accès à cette page.',
  'too-many-accounts': {
    text: 'Trop de comptes créés depuis votre réseau : réessayez dans {wait} s.',
    bare: 'Trop de comptes créés depuis votre réseau : réessayez plus tard.',
  },
  'bad-credentials': 'Nom d’utilisateur ou mot de passe incorrect.',
  'registration-closed': 'Les inscriptions sont fermées.',
  'username-taken': 'Ce nom d’utilisateur est déjà pris.',
  'setup-done': 'L’administrateur existe déjà.',
  'bad-setup-token': 'Lien d’installation invalide.',
  'unknown-user': 'Utilisateur introuvable.',
  'cannot-change-self': 'Vous ne pouvez pas modifier ou supprimer votre propre compte ici.',
  'last-admin': 'Il doit rester au moins un administrateur.',
  'sso-unavailable': {
    text: 'Le fournisseur {name} ne répond pas. Réessayez plus tard ou utilisez un autre moyen de connexion.',
    bare: 'Le fournisseur d’identité ne répond pas. Réessayez plus tard ou utilisez un autre moyen de connexion.',
  },
  'sso-expired': 'La connexion a expiré ou a déjà servi : recommencez.',
  'unknown-platform': 'Plateforme LTI introuvable.',
  'platform-taken': 'Cette plateforme (émetteur et identifiant client) est déjà enregistrée.',
  'lti-refused': 'Le lancement depuis la plateforme a été refusé.',
  'lti-expired': 'Ce lancement a expiré ou a déjà servi : relancez l’activité depuis la plateforme.',
  'lti-unavailable': 'La plateforme LTI ne répond pas. Réessayez plus tard.',
  'lti-no-service': 'La plateforme n’offre pas ce service pour cette classe.',
  'unknown-score': 'Note introuvable ou déjà envoyée.',
  'sso-failed': {
    text: '{name} a renvoyé une réponse invalide : connexion refusée.',
    bare: 'Le fournisseur d’identité a renvoyé une réponse invalide : connexion refusée.',
  },
  'sso-denied': {
    text: 'La connexion avec {name} a été refusée ou annulée.',
    bare: 'Le fournisseur d’identité a refusé ou annulé la connexion.',
  },
  'unknown-provider': 'Ce moyen de connexion n’existe pas sur cette instance.',
  'local-login-off':
    'Les comptes locaux sont réservés aux administrateurs : connectez-vous avec votre compte d’établissement.',
  'unknown-identity': 'Compte de fournisseur d’identité introuvable.',
  'unknown-course': { text: 'Cours inconnu : {id}', bare: 'Cours inconnu.' },
  'unknown-asset': 'Fichier introuvable.',
  'unknown-exercise': { text: 'Exercice inconnu : {id}', bare: 'Exercice inconnu.' },
  'invalid-source':
    'Source refusée : une URL https://, ssh:// ou file://, ou un chemin absolu sur le serveur (et une branche ou une étiquette valide).',
  'source-exists': 'Cette source est déjà enregistrée.',
  'unknown-source': 'Source de cours inconnue (supprimée entre-temps ?).',
  'source-busy': 'Une mise à jour de cette source est déjà en cours.',
  'unknown-lab': 'Lab introuvable.',
  'host-disk-full':
    'Le serveur manque d’espace disque : aucune nouvelle machine ne peut démarrer pour le moment. Prévenez votre formateur.',
  restarting: 'Le serveur redémarre : réessayez dans quelques secondes.',
  'host-full': {
    text: 'Le serveur est plein ({max} machines de lab allumées) : réessayez dans quelques minutes.',
    bare: 'Le serveur est plein : réessayez dans quelques minutes.',
  },
  'too-many-labs': {
    text: 'Vous avez déjà {max} labs allumés : arrêtez-en un (réinitialisez ou supprimez-le) avant d’en démarrer un autre.',
    bare: 'Vous avez déjà trop de labs allumés : arrêtez-en un.',
  },
  'too-many-labs-ip': {
    text: 'Trop de labs allumés depuis votre réseau ({max}) : attendez qu’un autre s’arrête.',
    bare: 'Trop de labs allumés depuis votre réseau : attendez qu’un autre s’arrête.',
  },
  'check-running': 'Une vérification est déjà en cours sur ce lab : attendez son résultat.',
  'host-busy':
    'Le serveur est très occupé : votre lab n’a pas pu démarrer à temps. Réessayez dans une minute.',
  'setup-failed':
    'La préparation du cours a échoué sur la machine (script d’installation du cours). Réessayez ; si cela recommence, prévenez votre formateur.',
  'image-building': {
    text: 'L’environnement de ce cours est en préparation (étape {step}/{steps}) : réessayez dans un moment.',
    bare: 'L’environnement de ce cours est en préparation : réessayez dans un moment.',
  },
  'image-failed':
    'L’environnement de ce cours n’a pas pu être préparé. Prévenez votre formateur : il sera reconstruit au prochain démarrage du serveur.',
  'unknown-class': 'Classe introuvable.',
  'unknown-learner': 'Apprenant introuvable dans cette classe.',
  'unknown-code': 'Ce code ne correspond à aucune classe.',
  'joining-closed': 'Cette classe n’accepte plus d’inscriptions.',
  'class-full': 'Cette classe est complète.',
  'too-many-terminals': {
    text: 'Au plus {max} terminaux ouverts à la fois : fermez-en un.',
    bare: 'Trop de terminaux ouverts à la fois : fermez-en un.',
  },
  'unknown-terminal': 'Terminal inconnu ou fermé.',
  'unknown-watch': 'Observation inconnue.',
  'lab-not-running': 'Le lab n’est pas démarré.',
  'lab-exists': 'Ce lab a déjà une machine.',
  'image-not-allowed': 'L’environnement de ce cours n’est pas autorisé sur ce serveur.',
  'docker-unavailable': 'Le moteur des labs (Docker) ne répond pas.',
  timeout: 'Le serveur n’a pas répondu à temps. Réessayez.',
  'sandbox-error': 'Le lab a rencontré une erreur.',
  'unknown-machine': 'Ce lab n’a pas cette machine.',
  'no-subnet': 'Plus aucun réseau de lab libre sur ce serveur : prévenez l’administrateur.',
  'unknown-engine': 'Moteur de labs inconnu.',
  'engine-down': {
    text: 'Machine indisponible : {reason}',
    bare: 'Machine indisponible : le moteur qui héberge ce lab ne répond pas.',
  },
  'no-engine': 'Aucun moteur de labs ne peut accueillir ce lab pour le moment : réessayez dans un instant.',
  'port-closed': 'Rien n’écoute sur ce port de la machine.',
  'unknown-checkpoint': 'Aucune sauvegarde de la machine pour cet exercice.',
  'no-such-file': 'Ce fichier n’existe pas sur la machine.',
  'no-such-directory': 'Le dossier de ce fichier n’existe pas sur la machine.',
  'is-a-directory': 'Ce chemin est un dossier, pas un fichier.',
  'not-a-directory': 'Ce chemin n’est pas un dossier.',
  'not-a-regular-file':
    'Ce chemin n’est pas un fichier ordinaire (périphérique, tube ou socket) : l’éditeur ne l’ouvre pas.',
  'file-too-big': {
    text: 'Fichier trop gros pour l’éditeur (plus de {max}) : utilisez le terminal.',
    bare: 'Fichier trop gros pour l’éditeur : utilisez le terminal.',
  },
  'binary-file': 'Fichier binaire : l’éditeur n’ouvre que du texte.',
  'file-changed': 'Le fichier a changé sur la machine depuis son ouverture.',
  'file-exists': 'Un fichier porte déjà ce nom.',
  'lab-too-old':
    'Ce lab date d’avant l’éditeur : réinitialisez-le pour s’en servir (ses fichiers repartent à neuf), ou continuez dans le terminal.',
  'file-write-failed': {
    text: 'Enregistrement impossible : {detail}',
    bare: 'Enregistrement impossible sur la machine.',
  },
  'catch-up-not-allowed':
    'Le rattrapage n’est pas ouvert aux apprenants dans cette classe : demandez au formateur.',
  'catch-up-failed': {
    text: 'Le rattrapage s’est arrêté à l’exercice « {exercise} » : sa solution de référence a échoué sur la machine.',
    bare: 'Le rattrapage n’a pas abouti : une solution de référence a échoué sur la machine.',
  },
  'lab-busy': 'La machine est déjà en cours de remise en état : patientez quelques secondes.',
  'unknown-session': 'Séance introuvable.',
  'not-a-trainer': 'Ce compte n’est pas formateur : un administrateur peut lui donner ce rôle.',
  'last-trainer': 'Une classe garde au moins un formateur.',
  'workshop-not-open': 'L’atelier n’a pas encore commencé.',
  'workshop-ended': 'L’atelier est terminé.',
  'workshop-full': 'Toutes les places de l’atelier sont prises.',
  'workshop-too-big': 'Le serveur ne peut pas accueillir autant de places.',
  'pairing-not-allowed': 'Les binômes se forment avec le formateur dans cette classe.',
  'unknown-pair-code': 'Code de binôme inconnu.',
  'already-paired': 'Vous êtes déjà en binôme.',
  'not-paired': 'Vous n’êtes pas en binôme.',
  'no-keyboard': 'Le clavier ne vous a pas été confié.',
  'unknown-request': 'Demande inconnue ou expirée.',
  'no-demo': 'Aucune démo en cours.',
  'internal-error': 'Erreur interne du serveur.',
  'network-error': frUi['app.network'],
  'socket-refused': 'Le serveur a refusé la connexion en direct : rechargez la page.',
  'http-error': {
    text: 'Le serveur a répondu par une erreur (HTTP {status}).',
    bare: 'Le serveur a répondu par une erreur.',
  },
  unexpected: 'Une erreur inattendue est survenue.',
};

export const errorsEn: ErrorCatalog = {
  'invalid-request': 'Invalid request: check the fields you filled in.',
  'invalid-payload': 'Invalid data was sent to the server.',
  'malformed-json': 'The request body is not valid JSON.',
  'body-too-large': 'The request is too large.',
  'not-found': 'Unknown route.',
  'bad-origin': 'Request refused: it comes from another site.',
  'rate-limited': {
    text: 'Too many attempts, try again in {wait} s.',
    bare: 'Too many requests: slow down.',
  },
  'not-authenticated': 'Log in first.',
  forbidden: 'You do not have access to this page.',
  'too-many-accounts': {
    text: 'Too many accounts created from your network: try again in {wait} s.',
    bare: 'Too many accounts created from your network: try again later.',
  },
  'bad-credentials': 'Wrong username or password.',
  'registration-closed': 'Registration is closed.',
  'username-taken': 'This username is already taken.',
  'setup-done': 'The administrator already exists.',
  'bad-setup-token': 'Invalid setup link.',
  'unknown-user': 'User not found.',
  'cannot-change-self': 'You cannot change or delete your own account here.',
  'last-admin': 'At least one administrator must remain.',
  'sso-unavailable': {
    text: 'The provider {name} is not answering. Try again later or use another way to log in.',
    bare: 'The identity provider is not answering. Try again later or use another way to log in.',
  },
  'sso-expired': 'The login expired or was already used: start again.',
  'unknown-platform': 'LTI platform not found.',
  'platform-taken': 'This platform (issuer and client id) is already registered.',
  'lti-refused': 'The launch from the platform was refused.',
  'lti-expired': 'This launch expired or was already used: launch the activity again from the platform.',
  'lti-unavailable': 'The LTI platform is not answering. Try again later.',
  'lti-no-service': 'The platform does not offer this service for this class.',
  'unknown-score': 'Grade not found or already sent.',
  'sso-failed': {
    text: '{name} sent back an invalid answer: login refused.',
    bare: 'The identity provider sent back an invalid answer: login refused.',
  },
  'sso-denied': {
    text: 'The login with {name} was refused or cancelled.',
    bare: 'The identity provider refused or cancelled the login.',
  },
  'unknown-provider': 'This way to log in does not exist on this instance.',
  'local-login-off': 'Local accounts are for administrators only: log in with your organisation’s account.',
  'unknown-identity': 'Identity provider account not found.',
  'unknown-course': { text: 'Unknown course: {id}', bare: 'Unknown course.' },
  'unknown-asset': 'File not found.',
  'unknown-exercise': { text: 'Unknown exercise: {id}', bare: 'Unknown exercise.' },
  'invalid-source':
    'Source refused: an https://, ssh:// or file:// URL, or an absolute path on the server (and a valid branch or tag).',
  'source-exists': 'This source is already registered.',
  'unknown-source': 'Unknown course source (removed meanwhile?).',
  'source-busy': 'An update of this source is already running.',
  'unknown-lab': 'Lab not found.',
  'host-disk-full': 'The server is short of disk space: no new machine can start for now. Tell your trainer.',
  restarting: 'The server is restarting: try again in a few seconds.',
  'host-full': {
    text: 'The server is full ({max} lab machines running): try again in a few minutes.',
    bare: 'The server is full: try again in a few minutes.',
  },
  'too-many-labs': {
    text: 'You already have {max} labs running: stop one (reset or delete it) before starting another.',
    bare: 'You already have too many labs running: stop one.',
  },
  'too-many-labs-ip': {
    text: 'Too many labs running from your network ({max}): wait for another to stop.',
    bare: 'Too many labs running from your network: wait for another to stop.',
  },
  'check-running': 'A check is already running on this lab: wait for its result.',
  'host-busy': 'The server is very busy: your lab could not start in time. Try again in a minute.',
  'setup-failed':
    'Preparing the course failed on the machine (the course’s setup script). Try again; if it happens again, tell your trainer.',
  'image-building': {
    text: 'This course’s environment is being prepared (step {step}/{steps}): try again in a moment.',
    bare: 'This course’s environment is being prepared: try again in a moment.',
  },
  'image-failed':
    'This course’s environment could not be prepared. Tell your trainer: it is built again at the next server start.',
  'unknown-class': 'Class not found.',
  'unknown-learner': 'No such learner in this class.',
  'unknown-code': 'This code does not match any class.',
  'joining-closed': 'This class no longer accepts new learners.',
  'class-full': 'This class is full.',
  'too-many-terminals': {
    text: 'At most {max} terminals can be open at once: close one.',
    bare: 'Too many terminals open at once: close one.',
  },
  'unknown-terminal': 'Unknown or closed terminal.',
  'unknown-watch': 'Unknown watch session.',
  'lab-not-running': 'The lab is not running.',
  'lab-exists': 'This lab already has a machine.',
  'image-not-allowed': 'This course’s environment is not allowed on this server.',
  'docker-unavailable': 'The lab engine (Docker) is not answering.',
  timeout: 'The server did not answer in time. Try again.',
  'sandbox-error': 'The lab ran into an error.',
  'unknown-machine': 'This lab has no such machine.',
  'no-subnet': 'No lab network left on this server: tell the administrator.',
  'unknown-engine': 'Unknown lab engine.',
  'engine-down': {
    text: 'Machine unavailable: {reason}',
    bare: 'Machine unavailable: the engine holding this lab is not answering.',
  },
  'no-engine': 'No lab engine can take this lab right now: try again in a moment.',
  'port-closed': 'Nothing listens on that port of the machine.',
  'unknown-checkpoint': 'No saved machine for that exercise.',
  'no-such-file': 'This file does not exist on the machine.',
  'no-such-directory': 'The folder of this file does not exist on the machine.',
  'is-a-directory': 'This path is a folder, not a file.',
  'not-a-directory': 'This path is not a folder.',
  'not-a-regular-file':
    'This path is not a regular file (a device, pipe or socket): the editor does not open it.',
  'file-too-big': {
    text: 'File too big for the editor (over {max}): use the terminal.',
    bare: 'File too big for the editor: use the terminal.',
  },
  'binary-file': 'Binary file: the editor only opens text.',
  'file-changed': 'The file changed on the machine since it was opened.',
  'file-exists': 'A file with this name already exists.',
  'lab-too-old':
    'This lab predates the editor: reset it to use the editor (its files start afresh), or carry on in the terminal.',
  'file-write-failed': {
    text: 'Could not save: {detail}',
    bare: 'Could not save on the machine.',
  },
  'catch-up-not-allowed': 'Catching up is not open to learners in this class: ask the trainer.',
  'catch-up-failed': {
    text: 'The catch-up stopped at exercise “{exercise}”: its reference solution failed on the machine.',
    bare: 'The catch-up did not complete: a reference solution failed on the machine.',
  },
  'lab-busy': 'The machine is already being brought back: wait a few seconds.',
  'unknown-session': 'Session not found.',
  'not-a-trainer': 'This account is not a trainer: an administrator can give it that role.',
  'last-trainer': 'A class keeps at least one trainer.',
  'workshop-not-open': 'The workshop has not started yet.',
  'workshop-ended': 'The workshop is over.',
  'workshop-full': 'Every seat of the workshop is taken.',
  'workshop-too-big': 'The server cannot hold that many seats.',
  'pairing-not-allowed': 'In this class, pairs are formed by the trainer.',
  'unknown-pair-code': 'Unknown pair code.',
  'already-paired': 'You are already in a pair.',
  'not-paired': 'You are not in a pair.',
  'no-keyboard': 'The keyboard was not handed to you.',
  'unknown-request': 'Unknown or expired request.',
  'no-demo': 'No demo is running.',
  'internal-error': 'Internal server error.',
  'network-error': enUi['app.network'],
  'socket-refused': 'The server refused the live connection: reload the page.',
  'http-error': {
    text: 'The server answered with an error (HTTP {status}).',
    bare: 'The server answered with an error.',
  },
  unexpected: 'Something unexpected went wrong.',
};

const catalogs: Record<Lang, ErrorCatalog> = { fr: errorsFr, en: errorsEn };
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');

/**
 * A failure in words: the reason's wording (with its params) → the server's message, for a reason this
 * client does not know (a newer server) → a generic sentence.
 */
export function errorMessage(
  lang: Lang,
  reason: string,
  params: ErrorParams = {},
  serverMessage = '',
): string {
  const status = /^http-(\d+)$/.exec(reason)?.[1];
  const entry = status ? 'http-error' : reason;
  const catalog = catalogs[lang];
  if (!Object.hasOwn(catalog, entry)) return serverMessage || catalog.unexpected;
  const wording = catalog[entry as Entry];
  if (typeof wording === 'string') return wording;
  const values = status ? { status, ...params } : params;
  return placeholders(wording.text).every((k) => k in values) ? format(wording.text, values) : wording.bare;
}
