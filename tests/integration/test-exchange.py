#!/usr/bin/python3
"""Merging the histories of two computers with export and import.

Two machines, a laptop and a desktop, are two limberd runs one after the
other on the same bus, each with its own config ([history] host=) and its
own database (XDG_CONFIG_HOME and XDG_DATA_HOME), as on two computers.
"""

import collections
import datetime
import json
import os
import pty
import re
import select
import sqlite3
import subprocess
import time
import uuid

import limbertest as lt

UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
HEADER_KEYS = ['limber', 'version', 'host', 'exported_at']
EVENT_KEYS = ['type', 'uuid', 'host', 'ts', 'kind', 'stretch', 'seconds']
SPELL_KEYS = ['type', 'uuid', 'host', 'start_ts', 'end_ts']
ADDED_RE = re.compile(r'Added (\d+) records?, (\d+) (?:was|were) already there')

MACHINE_CONFIG = """\
[breaks]
interval=45m
daily-goal=4

[activity]
backend=none

[history]
host=%s
"""


def run_on_tty(argv, env, cwd=None, timeout=30):
    """Run argv with stdout on a pseudo-terminal: (exit code, output, stderr)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=subprocess.PIPE, env=env, cwd=cwd)
    os.close(slave)
    out = bytearray()
    end = time.monotonic() + timeout * lt.TIME_SCALE
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], max(0, end - time.monotonic()))
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:   # EIO: the terminal's last writer is gone
                break
            if not data:
                break
            out += data
        rc = proc.wait(timeout=timeout * lt.TIME_SCALE)
        err = proc.stderr.read().decode('utf-8', 'replace')
    finally:
        proc.stderr.close()
        os.close(master)
    return rc, out.decode('utf-8', 'replace'), err


def ordered_keys(line):
    """The keys of a JSON object line, in the order they were written."""
    return [k for k, _ in json.loads(line, object_pairs_hook=list)]


def event_line(**fields):
    record = collections.OrderedDict(type='event', uuid=str(uuid.uuid4()), host='tablet',
                                     ts=int(time.time()) - 3 * 86400, kind='completed',
                                     stretch='cat-cow', seconds=0)
    record.update(fields)
    return json.dumps(record)


class Exchange(lt.LimberTestCase):

    config = None

    def setUp(self):
        super().setUp()
        self.env['TZ'] = 'UTC'
        self.work = os.path.join(self.tmp, 'files')
        os.mkdir(self.work)
        # The records made today must stay on today while the test runs.
        now = datetime.datetime.now(datetime.timezone.utc)
        left = 86400 - (now.hour * 3600 + now.minute * 60 + now.second)
        if left < 90:
            time.sleep(left + 1)

    # ---- machines ------------------------------------------------------

    def machine_paths(self, name):
        root = os.path.join(self.tmp, 'machines', name)
        return os.path.join(root, 'config'), os.path.join(root, 'data')

    def machine_db(self, name):
        return os.path.join(self.machine_paths(name)[1], 'limber', 'limber.db')

    def use_machine(self, name):
        """Stop the running limberd, if any, and start `name`'s."""
        if self.daemon is not None and self.daemon.alive():
            self.assertEqual(self.daemon.stop(), 0, 'limberd exit code on SIGTERM')
        config_home, data_home = self.machine_paths(name)
        os.makedirs(config_home, exist_ok=True)
        os.makedirs(data_home, exist_ok=True)
        self.write_config(MACHINE_CONFIG % name,
                          os.path.join(config_home, 'limber', 'limber.conf'))
        self.env['XDG_CONFIG_HOME'] = config_home
        self.env['XDG_DATA_HOME'] = data_home
        self.start_daemon()
        self.assertEqual(self.call('GetHosts', None, '(ass)')[1], name)

    def db_rows(self, name):
        """(events, spells) of a machine's database as export lines would
        carry them: lists of dicts keyed like the export."""
        db = sqlite3.connect(self.machine_db(name), timeout=10)
        try:
            db.row_factory = sqlite3.Row
            events = [dict(r, type='event') for r in db.execute(
                'SELECT uuid, host, ts, kind, stretch, seconds FROM events ORDER BY id')]
            spells = [dict(r, type='spell') for r in db.execute(
                'SELECT uuid, host, start_ts, end_ts FROM spells ORDER BY id')]
            return events, spells
        finally:
            db.close()

    # ---- limberctl -----------------------------------------------------

    def export(self, path, *args):
        with open(path, 'w') as out:
            p = subprocess.run([lt.LIMBERCTL, 'export', *args], env=self.env,
                               stdout=out, stderr=subprocess.PIPE, text=True,
                               timeout=30 * lt.TIME_SCALE)
        self.assertEqual(p.returncode, 0, 'export: %s' % p.stderr)
        with open(path) as f:
            lines = f.read().splitlines()
        m = re.search(r'Exported (\d+) events? and (\d+) sitting spells?', p.stderr)
        self.assertTrue(m, p.stderr)
        return lines, int(m.group(1)), int(m.group(2))

    def import_file(self, path, expect_rc=0, stdin=None, cwd=None):
        p = subprocess.run([lt.LIMBERCTL, 'import', path], env=self.env, cwd=cwd,
                           input=stdin, capture_output=True, text=True,
                           timeout=30 * lt.TIME_SCALE)
        self.assertEqual(p.returncode, expect_rc,
                         'import %s: %s %s' % (path, p.stdout, p.stderr))
        m = ADDED_RE.search(p.stdout)
        self.assertTrue(m, p.stdout)
        return int(m.group(1)), int(m.group(2)), p.stderr

    def log(self, *args):
        return self.ctl_json('log', '--json', '--limit', '100000', *args)

    def today(self, *args):
        days = self.ctl_json('history', '--json', '--days', '1', *args)
        self.assertEqual(len(days), 1, days)
        return days[0]

    def check_export(self, lines, host, events, spells):
        """Header first; then exactly the database's records, each with the
        documented keys in order, oldest first."""
        self.assertTrue(lines, 'an export has at least its header')
        self.assertEqual(ordered_keys(lines[0]), HEADER_KEYS, lines[0])
        header = json.loads(lines[0])
        self.assertEqual(header['limber'], 'history')
        self.assertEqual(header['version'], 1)
        self.assertEqual(header['host'], host)
        self.assertLessEqual(abs(header['exported_at'] - time.time()), 60, header)
        got_events, got_spells = [], []
        for line in lines[1:]:
            record = json.loads(line)
            if record['type'] == 'event':
                self.assertEqual(ordered_keys(line), EVENT_KEYS, line)
                self.assertRegex(record['uuid'], UUID_RE)
                got_events.append(record)
            else:
                self.assertEqual(record['type'], 'spell', line)
                self.assertEqual(ordered_keys(line), SPELL_KEYS, line)
                self.assertRegex(record['uuid'], UUID_RE)
                self.assertLessEqual(record['start_ts'], record['end_ts'], line)
                got_spells.append(record)
        self.assertEqual([e['ts'] for e in got_events], sorted(e['ts'] for e in got_events),
                         'events oldest first')
        self.assertEqual([s['start_ts'] for s in got_spells],
                         sorted(s['start_ts'] for s in got_spells), 'spells oldest first')
        key = lambda r: r['uuid']  # noqa: E731
        self.assertEqual(sorted(got_events, key=key), sorted(events, key=key))
        self.assertEqual(sorted(got_spells, key=key), sorted(spells, key=key))
        return got_events, got_spells

    # ---- the tests -----------------------------------------------------

    def record_laptop(self):
        self.ctl_ok('break', 'cat-cow')
        self.ctl_ok('done')
        self.ctl_ok('break', 'seated-twist')
        self.ctl_ok('snooze', '5m')
        time.sleep(1.1)   # a spell of a second at least
        self.ctl_ok('done')

    def record_desktop(self):
        self.ctl_ok('break', 'doorway-stretch')
        self.ctl_ok('skip')
        time.sleep(1.1)
        self.ctl_ok('done', 'chest-expansion')

    def test_merge_two_machines(self):
        a = os.path.join(self.work, 'a.jsonl')
        b = os.path.join(self.work, 'b.jsonl')

        # ---- the laptop records and exports
        self.use_machine('laptop')
        self.record_laptop()
        laptop_events, laptop_spells = self.db_rows('laptop')
        self.assertEqual(collections.Counter(e['kind'] for e in laptop_events),
                         {'due': 2, 'completed': 2, 'snoozed': 1}, laptop_events)
        self.assertTrue(laptop_spells, 'done ends a sitting spell')
        laptop_today = self.today()
        self.assertEqual((laptop_today['completed'], laptop_today['snoozed']), (2, 1))

        # Never onto a terminal: a usage error, and nothing asked of limberd.
        rc, out, err = run_on_tty([lt.LIMBERCTL, 'export'], self.env)
        self.assertEqual(rc, 2, out + err)
        self.assertIn('terminal', err)
        self.assertNotIn('"limber"', out)

        lines, n_events, n_spells = self.export(a)
        self.assertEqual((n_events, n_spells), (len(laptop_events), len(laptop_spells)))
        self.assertEqual(len(lines), 1 + n_events + n_spells)
        self.check_export(lines, 'laptop', laptop_events, laptop_spells)
        for record in map(json.loads, lines[1:]):
            self.assertEqual(record['host'], 'laptop')
        laptop_records = len(lines) - 1
        laptop_sitting = sum(s['end_ts'] - s['start_ts'] for s in laptop_spells)

        # ---- the desktop records, then imports the laptop's file
        self.use_machine('desktop')
        self.record_desktop()
        added, known, err = self.import_file(a)
        self.assertEqual((added, known), (laptop_records, 0))
        self.assertEqual(err, '')

        both = self.today()
        self.assertEqual((both['completed'], both['snoozed'], both['skipped']), (3, 1, 1), both)
        only_laptop = self.today('--host', 'laptop')
        self.assertEqual((only_laptop['completed'], only_laptop['snoozed'],
                          only_laptop['skipped']), (2, 1, 0), only_laptop)
        self.assertEqual(only_laptop['sitting_seconds'], laptop_sitting, only_laptop)
        only_desktop = self.today('--host', 'desktop')
        self.assertEqual((only_desktop['completed'], only_desktop['skipped']), (1, 1))
        self.assertEqual(self.call('GetHosts', None, '(ass)'), (['desktop', 'laptop'], 'desktop'))

        log = self.log()
        self.assertEqual({e['host'] for e in log}, {'laptop', 'desktop'})
        # The laptop's events kept their ids and everything else.
        self.assertEqual(sorted((e['uuid'], e['ts'], e['kind'], e['stretch'], e['seconds'])
                                for e in log if e['host'] == 'laptop'),
                         sorted((e['uuid'], e['ts'], e['kind'], e['stretch'], e['seconds'])
                                for e in laptop_events))
        self.assertEqual(self.log('--host', 'laptop'), [e for e in log if e['host'] == 'laptop'])
        plain = self.ctl_ok('log').stdout
        self.assertIn('laptop', plain)
        self.assertIn('desktop', plain)

        # Again: nothing new.
        added, known, _ = self.import_file(a)
        self.assertEqual((added, known), (0, laptop_records))
        self.assertEqual(len(self.log()), len(log))

        # ---- the desktop exports everything it has now
        desktop_events, desktop_spells = self.db_rows('desktop')
        lines, n_events, n_spells = self.export(b)
        self.check_export(lines, 'desktop', desktop_events, desktop_spells)
        self.assertEqual({json.loads(l)['host'] for l in lines[1:]}, {'laptop', 'desktop'})
        desktop_own = sum(1 for l in lines[1:] if json.loads(l)['host'] == 'desktop')

        # ---- back on the laptop: both files at once, through stdin
        self.use_machine('laptop')
        with open(a) as fa, open(b) as fb:
            both_files = fa.read() + fb.read()
        added, known, err = self.import_file('-', stdin=both_files)
        self.assertEqual(err, '', 'a header in the middle is no problem')
        # a.jsonl is all known, and so are the laptop's records in b.jsonl.
        self.assertEqual((added, known), (desktop_own, 2 * laptop_records))

        key = lambda e: e['uuid']  # noqa: E731
        self.assertEqual(sorted(self.log(), key=key), sorted(log, key=key),
                         'both machines now hold the same events')
        self.assertEqual(self.call('GetHosts', None, '(ass)'), (['desktop', 'laptop'], 'laptop'))
        self.assertEqual(self.today('--host', 'desktop')['completed'], 1)
        self.assertEqual(self.today()['completed'], 3)

        # ---- and it all survives a restart
        merged = self.log()
        self.restart_daemon()
        self.assertEqual(sorted(self.log(), key=key), sorted(merged, key=key))
        self.assertEqual(self.today('--host', 'laptop')['completed'], 2)
        self.assertEqual(self.today('--host', 'desktop')['completed'], 1)
        db = sqlite3.connect(self.machine_db('laptop'))
        try:
            self.assertEqual(db.execute('PRAGMA integrity_check').fetchone()[0], 'ok')
            self.assertEqual(db.execute('SELECT COUNT(*) FROM events WHERE uuid IS NULL '
                                        'OR host IS NULL').fetchone()[0], 0)
            self.assertEqual(db.execute('SELECT COUNT(*) - COUNT(DISTINCT uuid) FROM events')
                             .fetchone()[0], 0)
        finally:
            db.close()

    def test_bad_lines_are_reported_and_the_rest_imported(self):
        self.use_machine('desktop')
        good_event = event_line(kind='completed', stretch='seated-twist')
        good_spell = json.dumps(collections.OrderedDict(
            type='spell', uuid=str(uuid.uuid4()), host='tablet',
            start_ts=int(time.time()) - 7200, end_ts=int(time.time()) - 3600))
        lines = [
            '{"limber":"history","version":1,"host":"tablet","exported_at":%d}'
            % int(time.time()),                                  # 1
            good_event,                                          # 2
            'this is not JSON',                                  # 3
            event_line(kind='jumped'),                           # 4
            '',                                                  # 5 (empty: skipped)
            good_spell,                                          # 6
            json.dumps({'type': 'event', 'host': 'tablet', 'ts': 1, 'kind': 'due',
                        'stretch': None, 'seconds': 0}),         # 7 (no uuid)
            event_line(seconds=-5),                              # 8
            event_line(type='dance'),                            # 9
        ]
        with open(os.path.join(self.work, 'bad.jsonl'), 'w') as f:
            f.write('\n'.join(lines) + '\n')

        added, known, err = self.import_file('bad.jsonl', expect_rc=1, cwd=self.work)
        self.assertEqual((added, known), (2, 0))
        problems = err.splitlines()
        self.assertEqual([p.split(': ')[0] for p in problems],
                         ['bad.jsonl:line %d' % n for n in (3, 4, 7, 8, 9)], err)
        by_line = dict(p.split(': ', 1) for p in problems)
        self.assertIn('JSON', by_line['bad.jsonl:line 3'])
        self.assertIn('kind', by_line['bad.jsonl:line 4'])
        self.assertIn('uuid', by_line['bad.jsonl:line 7'])
        self.assertIn('seconds', by_line['bad.jsonl:line 8'])
        self.assertIn('type', by_line['bad.jsonl:line 9'])

        # The good lines are in.
        log = self.log('--host', 'tablet')
        self.assertEqual([e['uuid'] for e in log], [json.loads(good_event)['uuid']])
        self.assertEqual(log[0]['stretch'], 'seated-twist')
        _, spells = self.db_rows('desktop')
        self.assertIn(json.loads(good_spell)['uuid'], [s['uuid'] for s in spells])

        # Again: the good lines are known now, the bad ones still bad.
        added, known, err = self.import_file('bad.jsonl', expect_rc=1, cwd=self.work)
        self.assertEqual((added, known), (0, 2))
        self.assertEqual(len(err.splitlines()), 5, err)

        # A file that is not there is a usage error naming it.
        p = self.ctl('import', os.path.join(self.work, 'missing.jsonl'))
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn('missing.jsonl', p.stderr)

    def test_export_since(self):
        self.use_machine('laptop')
        # Three days ago, on the tablet: before "yesterday".
        old = [event_line(kind='completed'), event_line(kind='snoozed', seconds=600)]
        old_spell = json.dumps(collections.OrderedDict(
            type='spell', uuid=str(uuid.uuid4()), host='tablet',
            start_ts=int(time.time()) - 3 * 86400, end_ts=int(time.time()) - 3 * 86400 + 600))
        path = os.path.join(self.work, 'old.jsonl')
        with open(path, 'w') as f:
            f.write('\n'.join(old + [old_spell]) + '\n')
        self.assertEqual(self.import_file(path), (3, 0, ''))
        self.record_laptop()

        full, n_events, n_spells = self.export(os.path.join(self.work, 'all.jsonl'))
        events, spells = self.db_rows('laptop')
        self.check_export(full, 'laptop', events, spells)
        self.assertEqual({json.loads(l)['host'] for l in full[1:]}, {'laptop', 'tablet'})

        recent, r_events, r_spells = self.export(os.path.join(self.work, 'recent.jsonl'),
                                                 '--since', 'yesterday')
        midnight = int(datetime.datetime.combine(
            datetime.date.today() - datetime.timedelta(days=1), datetime.time(),
            datetime.timezone.utc).timestamp())
        self.check_export(recent, 'laptop', [e for e in events if e['ts'] >= midnight],
                          [s for s in spells if s['start_ts'] >= midnight])
        self.assertEqual((r_events, r_spells), (n_events - 2, n_spells - 1))
        self.assertEqual({json.loads(l)['host'] for l in recent[1:]}, {'laptop'})

        # Since today: the same, the laptop's records are all from today.
        _, t_events, _ = self.export(os.path.join(self.work, 'today.jsonl'), '--since', 'today')
        self.assertEqual(t_events, n_events - 2)
        p = self.ctl('export', '--since', 'tomorrow')
        self.assertEqual(p.returncode, 2, p.stderr)
        p = self.ctl('export', 'file.jsonl')
        self.assertEqual(p.returncode, 2, p.stderr)


if __name__ == '__main__':
    lt.main()
