import express from 'express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors/app-error.js';
import { errorHandler } from '../../../server/http/http-error.js';
import { LabEvents } from '../../../server/observability/lab-events.js';
import { createLogger } from '../../../server/observability/logger.js';
import { Metrics } from '../../../server/observability/metrics.js';
import { metricsRoute } from '../../../server/observability/metrics-route.js';
import { requestLog } from '../../../server/observability/request-log.js';

const TOKEN = 'a-metrics-token-of-32-characters';

function captured() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, logger: createLogger('debug', stream) };
}

describe('request log, errors by reason and /metrics', () => {
  const { lines, logger } = captured();
  const metrics = new Metrics();
  metrics.bind({
    labsByState: () => ({ running: 2, stopped: 1 }),
    terminalsOpen: () => 3,
    socketConnections: () => 4,
    startQueue: () => ({ running: 1, waiting: 5 }),
    pool: () => [
      {
        courseId: 'nginx',
        floor: 1,
        demand: 3,
        demandFrom: { joined: 3, viewing: 1, starting: 0, scheduled: 0 },
        target: 3,
        ready: 2,
        preparing: 1,
        hits: 7,
        misses: 2,
      },
    ],
    autoChecks: () => ({ run: 4, skippedNoInput: 9, skippedInFlight: 1, deferredBusy: 2 }),
  });
  const app = express();
  app.use(requestLog(logger, metrics));
  app.use('/open', metricsRoute(metrics));
  app.use(metricsRoute(metrics, TOKEN));
  app.post('/api/labs/:id/check', (req) => {
    req.user = { id: 'user-1', username: 'alice', role: 'learner' };
    throw new AppError('lab-not-running', 'Le lab est arrêté.');
  });
  app.get('/api/boom', () => {
    throw new Error('kaboom with a secret in the stack? no: only in the error log line');
  });
  app.use(errorHandler);
  let base = '';
  let server: ReturnType<typeof app.listen>;
  beforeAll(async () => {
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('logs one line per request with its id, user and lab, never the query string or cookies', async () => {
    const res = await fetch(`${base}/api/labs/3f2a/check?token=secret-in-query`, {
      method: 'POST',
      headers: { cookie: 'atelier_sid=very-secret', 'x-request-id': 'proxy-id-12345' },
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('x-request-id')).toBe('proxy-id-12345');
    const line = lines.find((l) => l.msg === 'request' && l.path === '/api/labs/3f2a/check');
    expect(line).toMatchObject({
      reqId: 'proxy-id-12345',
      method: 'POST',
      status: 409,
      userId: 'user-1',
      labId: '3f2a',
      reason: 'lab-not-running',
    });
    expect(JSON.stringify(lines)).not.toMatch(/very-secret|secret-in-query/);
  });

  it('gives each request its own id when none (or a strange one) comes in', async () => {
    const a = await fetch(`${base}/api/boom`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(a.status).toBe(500);
    expect(a.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const err = lines.find((l) => l.msg === 'error' && l.path === '/api/boom');
    expect(err).toMatchObject({
      level: 'error',
      reason: 'internal-error',
      reqId: a.headers.get('x-request-id'),
    });
  });

  it('serves /metrics with the bearer token only', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const bad = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
    const text = await ok.text();
    expect(text).toContain('atelier_labs{state="running"} 2');
    expect(text).toContain('atelier_terminals_open 3');
    expect(text).toContain('atelier_socket_connections 4');
    expect(text).toContain('atelier_start_queue{state="waiting"} 5');
    expect(text).toContain('atelier_pool_containers{course="nginx",state="ready"} 2');
    expect(text).toContain('atelier_pool_containers{course="nginx",state="preparing"} 1');
    expect(text).toContain('atelier_pool_target{course="nginx"} 3');
    expect(text).toContain('atelier_pool_demand{course="nginx"} 3');
    expect(text).toContain('# TYPE atelier_pool_claims_total counter');
    expect(text).toContain('atelier_pool_claims_total{course="nginx",result="hit"} 7');
    expect(text).toContain('atelier_pool_claims_total{course="nginx",result="miss"} 2');
    expect(text).toContain('atelier_auto_checks_total{outcome="run"} 4');
    expect(text).toContain('atelier_auto_checks_total{outcome="no-input"} 9');
    expect(text).toContain('atelier_auto_checks_total{outcome="deferred"} 2');
    expect(text).toContain('atelier_errors_total{reason="lab-not-running",source="http"} 1');
    expect(text).toContain('atelier_errors_total{reason="not-authenticated",source="http"} 2');
  });

  it('without a token, answers direct loopback requests only, not proxied ones', async () => {
    expect((await fetch(`${base}/open/metrics`)).status).toBe(200);
    const proxied = await fetch(`${base}/open/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
  });
});

describe('lab events', () => {
  it('times container starts from queued to running, counts pool hand-outs and checks', async () => {
    const { lines, logger } = captured();
    const metrics = new Metrics();
    let now = 0;
    const events = new LabEvents(metrics, logger, () => now);
    events.status('u1', { labId: 'a', state: 'queued' });
    now = 400;
    events.status('u1', { labId: 'a', state: 'starting' });
    now = 1500;
    events.status('u1', { labId: 'a', state: 'running' });
    events.status('u2', { labId: 'b', state: 'running' }); // a warm container handed out
    events.status('u3', { labId: 'c', state: 'starting' });
    events.status('u3', { labId: 'c', state: 'error', message: 'image missing' });
    events.checkResult('u1', { labId: 'a', exerciseId: 'e1', passed: true, durationMs: 120 });
    events.checkResult('u1', { labId: 'a', exerciseId: 'e2', passed: false, durationMs: 80, auto: true });
    const text = await metrics.render();
    expect(text).toContain('atelier_lab_starts_total{result="ok",source="container"} 1');
    expect(text).toContain('atelier_lab_starts_total{result="ok",source="pool"} 1');
    expect(text).toContain('atelier_lab_starts_total{result="error",source="container"} 1');
    expect(text).toContain('atelier_lab_start_duration_seconds_sum{result="ok"} 1.5');
    expect(text).toContain('atelier_checks_total{result="passed",trigger="manual"} 1');
    expect(text).toContain('atelier_checks_total{result="failed",trigger="auto"} 1');
    expect(text).toContain('atelier_check_duration_seconds_count{trigger="auto"} 1');
    expect(lines.find((l) => l.labId === 'a' && l.msg === 'lab running')).toMatchObject({
      ms: 1500,
      userId: 'u1',
    });
    expect(lines.find((l) => l.msg === 'lab start failed')).toMatchObject({ level: 'warn', labId: 'c' });
  });
});

describe('log format', () => {
  const sink = () => {
    let text = '';
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString();
        done();
      },
    });
    return { stream, text: () => text };
  };

  it('writes JSON lines to a file or a pipe, with the level as a word and secrets redacted', () => {
    const out = sink();
    createLogger('info', out.stream).info({ password: 'hunter2', labId: 'l1' }, 'lab running');
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', msg: 'lab running', labId: 'l1', password: '[redacted]' });
  });

  it('writes readable lines with pino-pretty when asked (a terminal gets them by default)', () => {
    const out = sink();
    createLogger('info', out.stream, 'pretty').warn({ labId: 'l1', token: 'abc' }, 'lab stopped');
    const text = out.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: lab stopped\n/);
    expect(text).toContain('labId: "l1"');
    expect(text).toContain('[redacted]');
    expect(() => JSON.parse(text)).toThrow();
  });
});
