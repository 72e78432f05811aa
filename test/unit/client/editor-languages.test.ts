import { describe, expect, it } from 'vitest';
import { isSystemCrontab, languageOf } from '../../../client/src/lib/editor-languages.js';

describe('editor languages', () => {
  it('knows nginx files by their folder, extension or none', () => {
    expect(languageOf('/etc/nginx/sites-available/default')).toBe('nginx');
    expect(languageOf('/etc/nginx/nginx.conf')).toBe('nginx');
    expect(languageOf('/etc/nginx/snippets/ssl.conf')).toBe('nginx');
    expect(languageOf('/srv/site.nginx')).toBe('nginx');
    expect(languageOf('/etc/nginx/html/index.html')).toBe('text');
  });

  it('reads systemd units, INI files and key=value .conf files as INI', () => {
    expect(languageOf('/etc/systemd/system/app.service')).toBe('ini');
    expect(languageOf('/etc/systemd/journald.conf')).toBe('ini');
    expect(languageOf('/etc/systemd/system/backup.d/override')).toBe('ini');
    expect(languageOf('/srv/app/backup.timer')).toBe('ini');
    expect(languageOf('/etc/php/8.2/fpm/php.ini')).toBe('ini');
    expect(languageOf('/etc/mysql/my.cnf')).toBe('ini');
    expect(languageOf('/etc/sysctl.conf')).toBe('ini');
    expect(languageOf('/etc/apache2/apache2.conf')).toBe('text');
  });

  it('knows shell scripts by extension, well-known names, folders and the first line', () => {
    expect(languageOf('/root/backup.sh')).toBe('shell');
    expect(languageOf('/root/.bashrc')).toBe('shell');
    expect(languageOf('/etc/profile')).toBe('shell');
    expect(languageOf('/etc/init.d/nginx')).toBe('shell');
    expect(languageOf('/etc/default/grub')).toBe('shell');
    expect(languageOf('/usr/local/bin/deploy', '#!/bin/bash')).toBe('shell');
    expect(languageOf('/usr/local/bin/deploy', '#!/usr/bin/env sh')).toBe('shell');
    expect(languageOf('/usr/local/bin/deploy', '#!/usr/bin/python3')).toBe('text');
  });

  it('knows crontabs, and which ones name a user', () => {
    expect(languageOf('/etc/crontab')).toBe('crontab');
    expect(languageOf('/etc/cron.d/backup')).toBe('crontab');
    expect(languageOf('/var/spool/cron/crontabs/root')).toBe('crontab');
    expect(isSystemCrontab('/etc/cron.d/backup')).toBe(true);
    expect(isSystemCrontab('/var/spool/cron/crontabs/root')).toBe(false);
  });

  it('knows YAML, JSON and Markdown by extension, and falls back to plain text', () => {
    expect(languageOf('/etc/netplan/01-net.yaml')).toBe('yaml');
    expect(languageOf('/srv/compose.yml')).toBe('yaml');
    expect(languageOf('/srv/app/package.json')).toBe('json');
    expect(languageOf('/root/README.md')).toBe('markdown');
    expect(languageOf('/etc/hosts')).toBe('text');
    expect(languageOf('/etc/ssh/sshd_config')).toBe('text');
    expect(languageOf('/root/.hidden')).toBe('text');
  });
});
