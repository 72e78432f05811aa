import helmet from 'helmet';

/** helmet with a strict CSP: scripts only from the platform itself, no framing of it, HSTS behind https. */
export function securityHeaders(secure: boolean, previewOrigin?: string) {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // lit and xterm.js set inline style attributes.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        // The Browser tab frames the learner's preview: here under /preview/, or on its own origin.
        'frame-src': ["'self'", ...(previewOrigin ? [previewOrigin] : [])],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': secure ? [] : null,
      },
    },
    hsts: secure,
  });
}
