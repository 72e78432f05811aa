// UI strings of the forms part (merged into messages.ts). French first; `formsEn` must have the same keys.
// Limits come as placeholders ({min}, {max}) from server/auth/credential-limits.ts, never written here.

export const formsFr = {
  'forms.required': 'Ce champ est obligatoire.',
  'forms.tooShort': 'Au moins {min} caractères.',
  'forms.tooLong': 'Au plus {max} caractères.',
  'forms.format.username': 'Seulement des lettres, des chiffres, « . », « _ » ou « - » (sans espace).',
  'forms.format.displayName':
    'Commencez par une lettre ou un chiffre ; ensuite des lettres, chiffres, espaces, « . », « ’ », « _ » ou « - ».',
  'forms.invalid': 'Valeur refusée : vérifiez ce champ.',
  'forms.datesOrder': 'La date de fin précède la date de début.',
  'forms.hint.username': '{min} à {max} lettres, chiffres, « . », « _ » ou « - ».',
  'forms.hint.password': 'Au moins {min} caractères.',
  'forms.hint.joinPassword': 'Au moins {min} caractères. Pas besoin d’adresse e-mail.',
  'forms.hint.className': '{min} à {max} caractères.',
  'forms.joinLink': 'Rejoindre une classe avec un code',
  'forms.joinLead': 'Votre formateur vous a donné un code ?',
  'forms.roleTitle': 'Changer le rôle ?',
  'forms.roleConfirm': 'Donner le rôle {role} à {name} ?',
  'forms.roleConfirmButton': 'Confirmer',
  'forms.cancel': 'Annuler',
  'forms.roleChanged': '{name} a maintenant le rôle {role}.',
  'forms.roleFailed': 'Le rôle de {name} n’a pas changé : {reason}',
  'forms.userCreated': 'Compte {name} créé avec le rôle {role}.',
  'forms.messages': 'Messages du formateur',
} satisfies Record<string, string>;

export const formsEn: Record<keyof typeof formsFr, string> = {
  'forms.required': 'This field is required.',
  'forms.tooShort': 'At least {min} characters.',
  'forms.tooLong': 'At most {max} characters.',
  'forms.format.username': 'Only letters, digits, “.”, “_” or “-” (no spaces).',
  'forms.format.displayName':
    'Start with a letter or a digit; then letters, digits, spaces, “.”, “’”, “_” or “-”.',
  'forms.invalid': 'Value refused: check this field.',
  'forms.datesOrder': 'The end date is before the start date.',
  'forms.hint.username': '{min} to {max} letters, digits, “.”, “_” or “-”.',
  'forms.hint.password': 'At least {min} characters.',
  'forms.hint.joinPassword': 'At least {min} characters. No e-mail address needed.',
  'forms.hint.className': '{min} to {max} characters.',
  'forms.joinLink': 'Join a class with a code',
  'forms.joinLead': 'Did your trainer give you a code?',
  'forms.roleTitle': 'Change the role?',
  'forms.roleConfirm': 'Give {name} the {role} role?',
  'forms.roleConfirmButton': 'Confirm',
  'forms.cancel': 'Cancel',
  'forms.roleChanged': '{name} now has the {role} role.',
  'forms.roleFailed': '{name}’s role did not change: {reason}',
  'forms.userCreated': 'Account {name} created with the {role} role.',
  'forms.messages': 'Messages from your trainer',
};
