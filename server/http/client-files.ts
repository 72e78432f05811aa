import express from 'express';
import fs from 'node:fs';
import path from 'node:path';

/** The built client (index.html + assets); nothing when it is not built (API-only tests). */
export function serveClient(app: express.Express, clientDir?: string): void {
  if (!clientDir || !fs.existsSync(path.join(clientDir, 'index.html'))) return;
  app.use(express.static(clientDir, { index: false, dotfiles: 'deny', maxAge: '1h' }));
  // Single-page app: any other GET shows index.html and the client router takes over.
  app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(clientDir, 'index.html'));
  });
}
