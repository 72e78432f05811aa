import express from 'express';
import { createServer } from 'node:http';
import type { Config } from './config.js';
import { learnerView } from './courses/check-runner.js';
import type { CourseRegistry } from './courses/course-registry.js';
import { createClassFeature } from './class-feature.js';
import { createPairFeature } from './pair-feature.js';
import { createEditorFeature } from './editor-feature.js';
import { createWorkshopFeature } from './workshop-feature.js';
import { createSsoFeature } from './sso-feature.js';
import { createSourcesFeature } from './sources-feature.js';
import { createLtiFeature } from './lti-feature.js';
import { authRoutes } from './http/auth-routes.js';
import { courseRoutes, jsonBody } from './http/course-routes.js';
import { healthRoutes, VERSION } from './http/health-routes.js';
import { AppError } from './errors/app-error.js';
import { errorHandler } from './http/http-error.js';
import { labRoutes } from './http/lab-routes.js';
import { labCheckpointRoutes } from './http/lab-checkpoint-routes.js';
import { previewProxy, previewUrls } from './http/preview-proxy.js';
import { LabPreview } from './labs/lab-preview.js';
import type { LabRecord } from './store/labs-repo.js';
import { RateLimiter } from './http/rate-limiter.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { attachUser } from './http/request-user.js';
import { serveClient } from './http/client-files.js';
import { sameOriginGuard } from './http/same-origin.js';
import { securityHeaders } from './http/security-headers.js';
import { LabService } from './labs/lab-service.js';
import { LabKeepAlive } from './labs/lab-keep-alive.js';
import { timeLeftRoutes } from './http/time-left-routes.js';
import { adminRoutes } from './observability/admin-routes.js';
import { engineAdminRoutes } from './http/engine-admin-routes.js';
import { LabEvents } from './observability/lab-events.js';
import { createLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { metricsRoute } from './observability/metrics-route.js';
import { requestLog } from './observability/request-log.js';
import { createSocketServer, sessionRoom, userRoom } from './realtime/socket-server.js';
import { TerminalManager } from './realtime/terminal-manager.js';
import { courseImages } from './labs/lab-images.js';
import type { EngineFleet } from './sandbox/engine-types.js';
import type { ImageStatusSource, LabEvent, SandboxRuntime } from './sandbox/sandbox-runtime.js';
import { closeDatabase, type Db } from './store/database.js';
import { walSyncOf } from './store/wal-sync.js';
import { writeBatchOf } from './store/write-batch.js';
import { LabsRepo } from './store/labs-repo.js';
import { ClassMemberRepo } from './store/class-member-repo.js';
import { ClassRepo } from './store/class-repo.js';
import { ProgressRepo } from './store/progress-repo.js';
import { SessionsRepo } from './store/sessions-repo.js';
import { UsersRepo } from './store/users-repo.js';

export interface AppDeps {
  config: Config;
  db: Db;
  runtime: SandboxRuntime;
  registry: CourseRegistry;
  /** Lab images still building at start (server/main.ts); absent: every course's images are ready. */
  images?: ImageStatusSource;
  /** Built client (index.html + assets); absent in API-only tests. */
  clientDir?: string;
  /**
   * Where course sources' authoring tests run their labs (a runtime of its own instance, main.ts); default
   * `runtime` (tests, where no orphan sweep runs).
   */
  sourceLabs?: SandboxRuntime;
  /** The engines labs are placed on (server/main.ts: the sandbox's); the admin sees and drains them. */
  engines?: EngineFleet;
  /** Defaults: a logger at `warn` (quiet tests) and a registry without process metrics. */
  logger?: Logger;
  metrics?: Metrics;
}

/** Wires the HTTP app and the Socket.IO server; never listens by itself. */
export function createApp(deps: AppDeps) {
  const { config, db, runtime } = deps;
  const logger = deps.logger ?? createLogger('warn');
  // Course libraries from git sources (server/sources-feature.ts): every part reads the live registry.
  const sources = createSourcesFeature({
    ...{ db, config, builtIn: deps.registry, logger, images: deps.images },
    testRuntime: deps.sourceLabs ?? runtime,
  });
  const registry = sources.registry;
  const metrics = deps.metrics ?? new Metrics();
  const labEvents = new LabEvents(metrics, logger);
  const users = new UsersRepo(db);
  const sessions = new SessionsRepo(db);
  const labsRepo = new LabsRepo(db);
  const progress = new ProgressRepo(db);
  const images = courseImages(registry, deps.images);
  const secure = config.publicOrigin?.startsWith('https://') ?? false;
  // Frequent writes are batched and the WAL synced off the event loop (docs/OPERATIONS.md, durability).
  const walSync = walSyncOf(db);
  walSync.onError = (err) => logger.error({ err }, 'syncing the database journal failed');
  writeBatchOf(db).onError = (err) => logger.error({ err }, 'writing batched activity failed');
  const durable = () => walSync.sync().catch(walSync.onError);
  // Time left before the idle cull: views, « Je suis là », a trainer's extension (lab-keep-alive.ts).
  const keepAlive = new LabKeepAlive({
    labs: labsRepo,
    idleMs: config.lifecycle.idleMs,
    notify: (userId, p) => io.to(pairs.audience(p.labId, userId).map(userRoom)).emit('lab:idle', p),
  });
  const sessionDeps = { users, sessions, secure };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const httpServer = createServer(app);

  // Pairs of learners on one lab (server/pair-feature.ts): its hooks go into the lab service below.
  const pairs = createPairFeature({
    ...{ db, users, labsRepo, progress, logger },
    ...{ labs: () => labs, terminals: () => terminals, io: () => io, classes: () => classes },
  });
  // The notifier closes over io and terminals, which exist before any lab operation runs.
  const labs = new LabService({
    defaultLang: config.defaultLang,
    autoCheckQuietMs: config.autoCheckQuietMs,
    labs: labsRepo,
    progress,
    runtime,
    registry,
    imagePrefix: config.imagePrefix,
    images,
    lifecycle: config.lifecycle,
    admission: config.admission,
    recentJoins: (since) => members.learnersJoinedSince(since),
    logger,
    durable,
    checkpoints: config.checkpoints,
    ...pairs.labHooks,
    // A learner catches up by themselves only in a (non-archived) class of theirs that has the course and allows it.
    learnerMayCatchUp: (userId, courseId) =>
      classRepo
        .list({ userId, role: 'learner' })
        .some((c) => !c.archivedAt && c.learnerCatchUp && c.courseIds.includes(courseId)),
    notifier: {
      status: (userId, p) => {
        labEvents.status(userId, p);
        const audience = pairs.audience(p.labId, userId); // a pair's lab: both members
        io.to(audience.map(userRoom)).emit('lab:status', p);
        for (const id of audience) classes.onLabStatus(id, p.labId);
      },
      checkResult: (userId, p) => {
        labEvents.checkResult(userId, p);
        pairs.sharePass(userId, p); // a pass on a pair's lab counts for both
        const audience = pairs.audience(p.labId, userId);
        io.to(audience.map(userRoom)).emit('check:result', {
          labId: p.labId,
          exerciseId: p.exerciseId,
          passed: p.passed,
          checks: learnerView(p).checks,
          auto: p.auto ?? false,
        });
        for (const id of audience) classes.onCheck(id, p.labId, p.exerciseId);
        const courseId = labsRepo.get(p.labId)?.courseId;
        if (courseId) lti.onCheck(userId, courseId, p.exerciseId, p.passed); // grades to the LMS (LTI AGS)
      },
      labClosing: (labId): Promise<void> => {
        classes.demo.labClosed(labId); // a trainer's demo ends with their lab
        classes.keyboard.labClosed(labId); // so does a trainer's hold on its keyboard
        return terminals.closeLab(labId);
      },
    },
  });
  const terminals = new TerminalManager({
    runtime,
    ensureLabRunning: (userId, labId): Promise<unknown> => labs.ensureRunning(userId, labId),
    machineOf: (userId, labId, machine) => labs.machineOf(userId, labId, machine),
    onActivity: (userId, labId) => {
      labs.noteInput(userId, labId);
      keepAlive.noteInput(labId);
      classes.onActivity(userId, labId);
    },
    onOutput: (userId, labId) => labs.noteOutput(userId, labId),
    maxPerUser: config.terminalsPerUser,
    graceMs: config.terminalGraceMs,
    logger,
  });
  const io = createSocketServer(httpServer, {
    ...sessionDeps,
    terminals,
    publicOrigin: config.publicOrigin,
    logger,
  });
  // The learner's site in the browser, reached with the lab's capability token (server/http/preview-proxy.ts).
  const preview = new LabPreview({
    labs: labsRepo,
    runtime,
    machinesOf: (courseId) => registry.machinesOf(courseId)?.map((m) => m.name) ?? [],
    previewsOf: (courseId) => registry.get(courseId, config.defaultLang)?.preview ?? [],
  });
  const urls = previewUrls(config.previewOrigin);
  const previewLink = (lab: LabRecord, ask: { machine?: string; port?: number; path?: string }) => {
    const to = preview.link(lab, ask);
    return { url: urls.urlOf(to.token, to.machine, to.port, to.path) };
  };
  // Roles, classes, live grid, watching, messages, first-admin setup (server/classes/class-feature.ts).
  const classes = createClassFeature({
    previewLink,
    ...sessionDeps,
    db,
    registry,
    labsRepo,
    progress,
    labs,
    terminals,
    io,
    defaultLang: config.defaultLang,
    stuckAfterMs: config.stuckAfterMs,
    localLogin: config.sso.localLogin,
    timeZone: config.timeZone,
    sessionLeadMs: config.sessionLeadMs,
    logger,
    shownFile: (labId) => editor.shownFile(labId),
    onLearnerRemoved: (classId, learnerId) =>
      void pairs.pairs.leave(learnerId, classId).catch((err: unknown) => {
        if ((err as AppError).reason !== 'not-paired')
          logger.warn({ err }, 'ending a removed learner’s pair');
      }),
  });
  io.on('connection', (socket) => classes.bindSocket(socket));
  io.on('connection', (socket) => pairs.bindSocket(socket));
  // Workshops: visitors without accounts, their guard, the end of a workshop (server/workshop-feature.ts).
  const workshops = createWorkshopFeature({
    ...sessionDeps,
    db,
    registry,
    labs,
    io,
    classes,
    defaultLang: config.defaultLang,
    publicOrigin: config.publicOrigin,
    logger,
  });
  io.on('connection', (socket) => classes.demo.bind(socket));
  io.on('connection', (socket) => classes.keyboard.bind(socket));

  metrics.bind({
    labsByState: () => countBy(labsRepo.listAll().map((l) => l.state)),
    terminalsOpen: () => terminals.count(),
    socketConnections: () => io.of('/').sockets.size,
    startQueue: () => labs.lifecycle.queue.stats(),
    pool: () => labs.lifecycle.poolStats(),
    autoChecks: () => labs.autoCheckStats(),
    engines: () => deps.engines?.status() ?? [],
  });
  app.use(requestLog(logger, metrics));
  // A planned restart is under way: no new work, and the page knows to retry in a moment.
  let draining = false;
  app.use('/api', (_req, res, next) => {
    if (!draining) return next();
    res.setHeader('Retry-After', '2');
    next(new AppError('restarting', 'Le serveur redémarre : réessayez dans quelques secondes.'));
  });
  app.use(metricsRoute(metrics, config.metricsToken));
  // Before the platform's headers and parsers: a preview carries the lab's answer with its own headers.
  app.use(previewProxy(preview, config.previewOrigin));
  app.use(securityHeaders(secure, config.previewOrigin));
  app.use('/api', sameOriginGuard(config.publicOrigin));
  app.use('/api', jsonBody, attachUser(sessionDeps));
  app.use('/api', workshops.guard, workshops.router);
  const loginLimiter = new RateLimiter([{ prefix: 'ip:', max: 300 }]);
  // OpenID Connect and LDAP sign-in, and the admin's identity links (server/sso-feature.ts).
  const sso = createSsoFeature({
    ...{ db, users, sessions, secure, sso: config.sso, publicOrigin: config.publicOrigin },
    ...{ join: classes.join, limiter: loginLimiter, logger },
    onAccountChanged: (userId) => io.in(userRoom(userId)).disconnectSockets(true),
    onSessionEnded: (sessionId) => io.in(sessionRoom(sessionId)).disconnectSockets(true),
  });
  app.use(
    '/api',
    healthRoutes(runtime, {
      defaultLang: config.defaultLang,
      registrationOpen: config.registrationOpen && sso.localLogin,
      localLogin: sso.localLogin,
      sso: { providers: sso.providers },
    }),
  );
  app.use('/api', ...sso.routers);
  // LTI 1.3: launches from an LMS, deep linking, grades and rosters (server/lti-feature.ts).
  const lti = createLtiFeature({
    ...{ db, users, sessions, secure, registry, progress, defaultLang: config.defaultLang },
    ...{ publicOrigin: config.publicOrigin, limiter: loginLimiter, logger },
  });
  app.use('/api', ...lti.routers);
  app.use(
    '/api',
    authRoutes({
      ...sessionDeps,
      sso,
      publicOrigin: config.publicOrigin,
      registrationOpen: config.registrationOpen,
      loginLimiter,
      loginThrottle: new LoginThrottle(),
      registerLimiter: new RateLimiter([{ prefix: 'ip:', max: config.accountsPerIpHour }], 3_600_000, {
        reason: 'too-many-accounts',
        message: 'Trop de comptes créés depuis votre réseau',
      }),
      onLogout: (sessionId) => io.in(sessionRoom(sessionId)).disconnectSockets(true),
    }),
  );
  const onCourseView = (userId: string, courseId: string) => labs.lifecycle.noteViewer(userId, courseId);
  app.use('/api', courseRoutes(registry, config.defaultLang, images, onCourseView));
  const checkLimiter = new RateLimiter([{ prefix: 'user:', max: config.checksPerMin }]);
  const members = new ClassMemberRepo(db);
  const classRepo = new ClassRepo(db);
  const inClass = (userId: string) => members.classesOfLearner(userId).length > 0;
  app.use(
    '/api',
    labRoutes(labs, progress, config.defaultLang, checkLimiter, inClass, previewLink, (v) =>
      keepAlive.view(v),
    ),
  );
  app.use('/api', labCheckpointRoutes(labs, inClass));
  // The file editor beside the terminal (server/editor-feature.ts).
  const editor = createEditorFeature({
    ...{ runtime, registry, labs, labsRepo, users, members, logger },
    io: () => io,
    watch: () => classes.watch,
    onActivity: (userId, labId) => {
      keepAlive.noteInput(labId);
      classes.onActivity(userId, labId);
    },
  });
  app.use('/api', editor.router);
  io.on('connection', (socket) => editor.bindSocket(socket));
  app.use(
    '/api',
    adminRoutes({
      db,
      runtime,
      sources: metrics.sources,
      dataDir: config.dataDir,
      backupDir: config.backup.dir,
      labMemoryBytes: config.lab.memoryBytes,
      version: VERSION,
      engines: deps.engines,
    }),
  );
  if (deps.engines) app.use('/api', engineAdminRoutes(deps.engines));
  app.use('/api', sources.router);
  app.use('/api', ...classes.routers);
  app.use('/api', pairs.router);
  app.use(
    '/api',
    timeLeftRoutes({
      keepAlive,
      owned: (userId, labId) => labs.owned(userId, labId),
      classes: classes.service,
      members,
      labs: labsRepo,
      zoneOf: (cls) => classes.timetable.zoneOf(cls),
    }),
  );
  app.use('/api', (_req, _res, next) => next(new AppError('not-found', 'Route inconnue.')));
  serveClient(app, deps.clientDir);
  app.use(errorHandler);

  // Docker events (OOM kill, unexpected death and restart) and the engine's own fate (down, back, came
  // back without the lab) reach the lab's owner as a lab:status message.
  const onLabEvent = (e: LabEvent): void => {
    const owner = labsRepo.get(e.labId)?.userId;
    if (!owner) return; // a pool container, or a lab deleted meanwhile
    logger.warn({ labId: e.labId, userId: owner, event: e.kind, exitCode: e.exitCode }, 'lab event');
    // Lost with its engine: recreated with the course setup at the next start, like a lab lost at boot.
    if (e.kind === 'lost') labsRepo.setState(e.labId, 'missing');
    if (e.kind === 'back') labsRepo.setState(e.labId, e.state === 'running' ? 'running' : 'stopped');
    io.to(pairs.audience(e.labId, owner).map(userRoom)).emit('lab:status', {
      labId: e.labId,
      state: e.state,
      message: e.message,
      ...(e.reason ? { reason: e.reason } : {}),
    });
  };
  const repos = { users, sessions, labs: labsRepo, progress };

  /**
   * A planned shutdown's first half (SIGTERM): refuse new work, tell every page the server restarts (its
   * shells keep running in the labs), and let the checks in flight record their result, within `budgetMs`.
   */
  const drain = async (budgetMs = 5_000): Promise<void> => {
    draining = true;
    io.emit('server:restarting');
    httpServer.close();
    await labs.settle(budgetMs);
  };

  let closing: Promise<void> | undefined;
  /**
   * Stops what the app runs (lab timers and pool refills, shells, sockets, open connections) and closes the
   * database (after committing the batched writes). Labs keep running for the next boot to adopt;
   * `drainPool` also removes the warm pool's containers (tests and benchmarks). Idempotent.
   */
  const close = (opts: { drainPool?: boolean } = {}): Promise<void> =>
    (closing ??= (async () => {
      labs.dispose();
      workshops.stop();
      sources.stop();
      lti.stop();
      if (opts.drainPool) await labs.lifecycle.drain();
      terminals.releaseAll();
      await io.close();
      httpServer.closeAllConnections();
      await closeDatabase(db); // queued writes committed, the journal synced
    })());
  return {
    app,
    io,
    httpServer,
    labs,
    terminals,
    repos,
    onLabEvent,
    logger,
    metrics,
    classes,
    workshops,
    lti,
    sources,
    drain,
    close,
  };
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
