import { z } from 'zod';
import { PASSWORD, shapeOf, USERNAME } from './credential-limits.js';

// Each bound is its own check, so a refusal names the problem (too-long, format…: http-error.ts).
export const usernameSchema = z
  .string()
  .trim()
  .min(USERNAME.min, `au moins ${USERNAME.min} caractères`)
  .max(USERNAME.max, `au plus ${USERNAME.max} caractères`)
  .regex(shapeOf(USERNAME), 'lettres, chiffres, « . », « _ » ou « - » seulement');

/** A password being chosen (login accepts any length up to the maximum, to check old accounts). */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD.min, `au moins ${PASSWORD.min} caractères`)
  .max(PASSWORD.max, `au plus ${PASSWORD.max} caractères`);
