import express from 'express';
import helmet from 'helmet';
import { createServer } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import type { CourseRegistry } from './courses/course-registry.js';
import { authRoutes } from './http/auth-routes.js';
import { courseRoutes, jsonBody } from './http/course-routes.js';
import { healthRoutes } from './http/health-routes.js';
import { errorHandler, HttpError } from './http/http-error.js';
import { labRoutes } from './http/lab-routes.js';
import { RateLimiter } from './http/rate-limiter.js';
import { attachUser } from './http/request-user.js';
import { LabService } from './labs/lab-service.js';
import { createSocketServer, sessionRoom, userRoom } from './realtime/socket-server.js';
import { TerminalManager } from './realtime/terminal-manager.js';
import type { SandboxRuntime } from './sandbox/sandbox-runtime.js';
import type { Db } from './store/database.js';
import { LabsRepo } from './store/labs-repo.js';
import { ProgressRepo } from './store/progress-repo.js';
import { SessionsRepo } from './store/sessions-repo.js';
import { UsersRepo } from './store/users-repo.js';

export interface AppDeps {
  config: Config;
  db: Db;
  runtime: SandboxRuntime;
  registry: CourseRegistry;
  /** Built client (index.html + assets); absent in API-only tests. */
  clientDir?: string;
}

/** Wires the HTTP app and the Socket.IO server; never listens by itself. */
export function createApp(deps: AppDeps) {
  const { config, db, runtime, registry } = deps;
  const users = new UsersRepo(db);
  const sessions = new SessionsRepo(db);
  const labsRepo = new LabsRepo(db);
  const progress = new ProgressRepo(db);
  const secure = config.publicOrigin?.startsWith('https://') ?? false;
  const sessionDeps = { users, sessions, secure };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const httpServer = createServer(app);

  // The notifier closes over io and terminals, which exist before any lab operation runs.
  const labs = new LabService({
    defaultLang: config.defaultLang,
    autoCheckQuietMs: config.autoCheckQuietMs,
    labs: labsRepo,
    progress,
    runtime,
    registry,
    imagePrefix: config.imagePrefix,
    notifier: {
      status: (userId, p) => io.to(userRoom(userId)).emit('lab:status', p),
      checkResult: (userId, p) =>
        io.to(userRoom(userId)).emit('check:result', {
          labId: p.labId,
          exerciseId: p.exerciseId,
          passed: p.passed,
          checks: p.checks,
          auto: p.auto ?? false,
        }),
      labClosing: (labId): Promise<void> => terminals.closeLab(labId),
    },
  });
  const terminals = new TerminalManager({
    runtime,
    ensureLabRunning: (userId, labId): Promise<unknown> => labs.ensureRunning(userId, labId),
    onActivity: (userId, labId) => labs.noteInput(userId, labId),
    onOutput: (userId, labId) => labs.noteOutput(userId, labId),
    maxPerUser: config.terminalsPerUser,
    graceMs: config.terminalGraceMs,
  });
  const io = createSocketServer(httpServer, { ...sessionDeps, terminals, publicOrigin: config.publicOrigin });

  app.use(
    helmet({
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
    }),
  );
  app.use('/api', jsonBody, attachUser(sessionDeps));
  app.use(
    '/api',
    healthRoutes(runtime, { defaultLang: config.defaultLang, registrationOpen: config.registrationOpen }),
  );
  app.use(
    '/api',
    authRoutes({
      ...sessionDeps,
      registrationOpen: config.registrationOpen,
      loginLimiter: new RateLimiter([
        { prefix: 'ip:', max: 300 },
        { prefix: 'user:', max: 10 },
      ]),
      onLogout: (sessionId) => io.in(sessionRoom(sessionId)).disconnectSockets(true),
    }),
  );
  app.use('/api', courseRoutes(registry, config.defaultLang));
  app.use('/api', labRoutes(labs, progress, config.defaultLang));
  app.use('/api', (_req, _res, next) => next(new HttpError(404, 'not-found', 'Route inconnue.')));
  serveClient(app, deps.clientDir);
  app.use(errorHandler);

  return { app, io, httpServer, labs, terminals, repos: { users, sessions, labs: labsRepo, progress } };
}

function serveClient(app: express.Express, clientDir?: string): void {
  if (!clientDir || !fs.existsSync(path.join(clientDir, 'index.html'))) return;
  app.use(express.static(clientDir, { index: false, dotfiles: 'deny', maxAge: '1h' }));
  // Single-page app: any other GET shows index.html and the client router takes over.
  app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(clientDir, 'index.html'));
  });
}
