// A lab of several `hebergement` machines for the service checks (tls, dns, reach, sql), and the lab's CA
// made here with the openssl CLI: `web` serves nginx over TLS and PostgreSQL, `ns` runs unbound, `client`
// asks. Shared by the integration and the fakery tests.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../server/config.js';
import { runExerciseChecks, type CheckItemResult } from '../../../server/courses/check-runner.js';
import type { CheckSpec } from '../../../server/courses/checks/index.js';
import { SCRIPT_COMMAND } from '../../../server/courses/lab-setup.js';
import { createSandbox } from '../../../server/sandbox/docker-sandbox.js';

const config = loadConfig();
const image = `${config.imagePrefix}/hebergement`;

export interface ServiceLab {
  labId: string;
  sh(machine: string, script: string): Promise<string>;
  verdicts(specs: CheckSpec[]): Promise<CheckItemResult[]>;
  verdict(spec: CheckSpec): Promise<CheckItemResult>;
  /** PEM files made on the host: the lab CA, web's certificate and key, a self-signed one for `web`. */
  pem: Record<'ca' | 'web' | 'webKey' | 'self' | 'selfKey', string>;
  remove(): Promise<void>;
}

function makePems(): ServiceLab['pem'] {
  const dir = mkdtempSync(path.join(tmpdir(), 'atelier-svc-'));
  const ssl = (...a: string[]) => execFileSync('openssl', a, { cwd: dir, stdio: 'pipe' });
  try {
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '365',
      '-subj',
      '/CN=Atelier Lab CA',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
    );
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=web', '-keyout', 'web.key', '-out', 'web.csr');
    writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:web,DNS:www.atelier.test\n');
    ssl(
      'x509',
      '-req',
      '-in',
      'web.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '90',
      '-extfile',
      'san.ext',
      '-out',
      'web.crt',
    );
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '90',
      '-subj',
      '/CN=web',
      '-addext',
      'subjectAltName=DNS:web,DNS:www.atelier.test',
      '-keyout',
      'self.key',
      '-out',
      'self.crt',
    );
    const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
    return {
      ca: read('ca.crt'),
      web: read('web.crt'),
      webKey: read('web.key'),
      self: read('self.crt'),
      selfKey: read('self.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const NGINX = `server {
  listen 80 default_server;
  add_header X-Frame-Options DENY always;
  return 301 https://web$request_uri;
}
server {
  listen 443 ssl default_server;
  ssl_certificate /etc/ssl/atelier/web.crt;
  ssl_certificate_key /etc/ssl/atelier/web.key;
  add_header Strict-Transport-Security "max-age=31536000" always;
  root /var/www/html;
  index index.nginx-debian.html;
}`;

/** Machines `web`, `client`, `ns` (all hebergement), services started; about a minute and a half. */
export async function startServiceLab(): Promise<ServiceLab> {
  const { runtime } = createSandbox({ ...config, instance: `${config.instance}-it-svc` });
  const labId = `svc-${randomBytes(5).toString('hex')}`;
  const machines = ['web', 'client', 'ns'].map((name) => ({ name, image }));
  await runtime.ensureLab({ labId, userId: 'it-svc', courseId: 'it-svc', image, machines });
  const sh = async (machine: string, script: string) => {
    const r = await runtime.exec(labId, SCRIPT_COMMAND, { stdin: script, timeoutMs: 180_000, machine });
    if (r.exitCode !== 0)
      throw new Error(`${machine}: script failed (${r.exitCode}): ${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const pem = makePems();
  const file = (p: string, content: string) =>
    `mkdir -p ${path.dirname(p)}; cat > ${p} <<'PEM'\n${content}PEM\n`;
  await Promise.all([
    sh(
      'web',
      `set -e
apt-get install -y nginx postgresql >/dev/null 2>&1
${file('/etc/ssl/atelier/web.crt', pem.web)}${file('/etc/ssl/atelier/web.key', pem.webKey)}
cat > /etc/nginx/sites-enabled/default <<'NGX'
${NGINX}
NGX
service nginx restart >/dev/null
c=$(ls -d /etc/postgresql/*/main)
echo "listen_addresses = '*'" >> $c/postgresql.conf
echo 'host shop app samenet scram-sha-256' >> $c/pg_hba.conf
service postgresql start >/dev/null
runuser -u postgres -- psql -q -c "CREATE USER app PASSWORD 's3cret-Pw'" -c 'CREATE DATABASE shop OWNER app' -c 'CREATE USER intrus'
PGPASSWORD=s3cret-Pw psql -q -h 127.0.0.1 -U app shop -c "CREATE TABLE stock (name text, qty int); INSERT INTO stock VALUES ('pommes', 3), ('poires', 5)"`,
    ),
    sh('client', file('/root/ca/ca.crt', pem.ca)),
    sh(
      'ns',
      `set -e
apt-get install -y unbound >/dev/null 2>&1
rm -f /etc/unbound/unbound.conf.d/root-auto-trust-anchor-file.conf
ip=$(getent hosts web | cut -d' ' -f1)
cat > /etc/unbound/unbound.conf.d/atelier.conf <<EOF
server:
  interface: 0.0.0.0
  access-control: 0.0.0.0/0 allow
  username: ""
  local-zone: "atelier.test." static
  local-data: "www.atelier.test. 300 IN A $ip"
  local-data: "atelier.test. 300 IN MX 10 mail.atelier.test."
  local-data-ptr: "$ip web.atelier.test"
EOF
service unbound start >/dev/null 2>&1`,
    ),
  ]);
  const verdicts = async (specs: CheckSpec[]) =>
    (await runExerciseChecks(runtime, labId, specs, 'en')).checks;
  return {
    labId,
    sh,
    verdicts,
    async verdict(spec) {
      const [first] = await verdicts([spec]);
      if (!first) throw new Error('no check result');
      return first;
    },
    pem,
    remove: () => runtime.remove(labId),
  };
}
