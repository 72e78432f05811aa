// The deployment files stay in step with the configuration: a new knob must reach the container
// (docker-compose.yml) and the hoster's table (docs/OPERATIONS.md).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../../../server/config.js';

/** Fixed by the image (Dockerfile ENV) or by the compose file itself (the socket, the data volume). */
const SET_BY_IMAGE = [
  'ATELIER_HOST',
  'ATELIER_PORT',
  'ATELIER_DATA_DIR',
  'ATELIER_COURSES_DIR',
  'ATELIER_EXERCISES_DIR',
  'ATELIER_BACKUP_DIR',
  'DOCKER_HOST',
];

describe('deployment files', () => {
  const compose = fs.readFileSync('docker-compose.yml', 'utf8');
  const operations = fs.readFileSync('docs/OPERATIONS.md', 'utf8');
  const dockerfile = fs.readFileSync('Dockerfile', 'utf8');

  it('docker-compose.yml passes every setting through, an empty value meaning the default', () => {
    const missing = CONFIG_KEYS.filter((k) => !SET_BY_IMAGE.includes(k)).filter(
      (k) => !compose.includes(`${k}: \${${k}:-`) && !compose.includes(`${k}: \${${k}-`),
    );
    expect(missing, 'add `KEY: ${KEY:-}` under environment: in docker-compose.yml').toEqual([]);
  });

  it('docs/OPERATIONS.md documents every setting', () => {
    const missing = CONFIG_KEYS.filter((k) => !operations.includes(`| \`${k}\``));
    expect(missing, 'add a row to the configuration table of docs/OPERATIONS.md').toEqual([]);
  });

  it('the image fixes what compose does not pass', () => {
    for (const k of SET_BY_IMAGE.slice(0, 5)) expect(dockerfile).toContain(`${k}=`);
  });
});
