// Container healthcheck (Dockerfile HEALTHCHECK, docker-compose.yml): healthy when /api/health answers 200,
// i.e. the server listens and the Docker Engine answers. Plain JavaScript: it must start fast.
const port = process.env.ATELIER_PORT || '3000';
fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(4000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
