import helmet from 'helmet';

/** helmet with a strict CSP: scripts only from the platform itself, no framing, HSTS behind https. */
export function securityHeaders(secure: boolean) {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // lit and xterm.js set inline style attributes.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': secure ? [] : null,
      },
    },
    hsts: secure,
  });
}
