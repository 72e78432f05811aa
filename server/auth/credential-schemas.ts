import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from './password.js';

/** Logins: what registration, setup, admin creation and the admin CLI all accept. */
export const USERNAME_PATTERN = /^[\p{L}\p{N}._-]{2,32}$/u;

export const usernameSchema = z
  .string()
  .trim()
  .regex(USERNAME_PATTERN, '2 à 32 lettres, chiffres, « . », « _ » ou « - »');

/** A password being chosen (login accepts any length up to the maximum, to check old accounts). */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN, `au moins ${PASSWORD_MIN} caractères`)
  .max(PASSWORD_MAX);
