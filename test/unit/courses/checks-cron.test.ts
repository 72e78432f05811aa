import { describe, expect, it } from 'vitest';
import { fieldsOf, scheduleMatches } from '../../../server/courses/checks/cron-schedule.js';
import { check, checkSchema } from '../../../server/courses/checks/index.js';
import { judge } from './checks-world.js';

describe('cron schedules', () => {
  it('compares field by field: macros, names, leading zeros, Sunday as 7', () => {
    expect(fieldsOf('@daily')).toEqual({
      minute: '0',
      hour: '0',
      dayOfMonth: '*',
      month: '*',
      dayOfWeek: '*',
    });
    expect(scheduleMatches('0 0 * * *', '@daily')).toBe(true);
    expect(scheduleMatches('00 02 * JAN-mar Mon-FRI', '0 2 * 1-3 1-5')).toBe(true);
    expect(scheduleMatches('0 0 * * 7', '@weekly')).toBe(true);
    expect(scheduleMatches('@reboot', '@reboot')).toBe(true);
    expect(scheduleMatches('@reboot', { minute: '0' })).toBe(false);
    expect(scheduleMatches('30 2 * * *', '30 3 * * *')).toBe(false);
  });

  it('a partial schedule leaves the other fields free', () => {
    const files = { '/var/spool/cron/crontabs/root': '30 2 * * 1-5 /usr/local/bin/sauvegarde.sh\n' };
    expect(
      judge(check.cron({ user: 'root', command: 'sauvegarde', schedule: { minute: '30', hour: '2' } }), {
        files,
      }).passed,
    ).toBe(true);
    expect(
      judge(check.cron({ user: 'root', command: 'sauvegarde', schedule: { dayOfWeek: 'mon-fri' } }), {
        files,
      }).passed,
    ).toBe(true);
    expect(
      judge(
        check.cron({ user: 'root', command: 'sauvegarde', schedule: { minute: '0', hour: '3' } }),
        { files },
        'fr',
      ).text,
    ).toBe('La tâche est planifiée « 30 2 * * 1-5 » (attendu : « minute 0, heure 3 »).');
    expect(
      judge(check.cron({ user: 'root', command: 'sauvegarde', schedule: { hour: '*/2' } }), { files }).text,
    ).toBe('The job is scheduled "30 2 * * 1-5" (expected "hour */2").');
    expect(
      judge(check.cron({ user: 'root', command: 'sauvegarde', schedule: '30 2 * * mon-fri' }), { files })
        .passed,
    ).toBe(true);
  });

  it('a system crontab line without its user column says so', () => {
    const file = '/etc/cron.d/backup';
    const missing = { files: { [file]: 'SHELL=/bin/sh\n*/5 * * * * /usr/local/bin/backup.sh\n' } };
    expect(judge(check.cron({ file, command: 'backup.sh' }), missing, 'fr').text).toBe(
      "Dans /etc/cron.d/backup, la ligne « */5 * * * * /usr/local/bin/backup.sh » n'a pas de champ utilisateur : dans une crontab système, le nom de l'utilisateur se place entre la planification et la commande.",
    );
    const withArgs = { files: { [file]: '*/5 * * * * /usr/local/bin/backup.sh --full\n' } };
    expect(judge(check.cron({ file, command: 'backup.sh' }), withArgs).text).toBe(
      'In /etc/cron.d/backup, the line "*/5 * * * * /usr/local/bin/backup.sh --full" has no user field: in a system crontab, the user name goes between the schedule and the command.',
    );
    const right = { files: { [file]: '*/5 * * * * root /usr/local/bin/backup.sh\n' } };
    expect(
      judge(check.cron({ file, command: 'backup.sh', runAs: 'root', schedule: { minute: '*/5' } }), right)
        .passed,
    ).toBe(true);
    expect(judge(check.cron({ file, command: 'other.sh' }), right).text).toBe(
      'No expected job in /etc/cron.d/backup.',
    );
  });

  it('refuses bad partial schedules when the course loads', () => {
    for (const bad of [
      check.cron({ user: 'root', command: 'x', schedule: {} }),
      check.cron({ user: 'root', command: 'x', schedule: { minute: '30 2' } }),
      { ...check.cron({ user: 'root', command: 'x' }), schedule: { minutes: '3' } },
    ]) {
      expect(checkSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
