#!/usr/bin/python3
"""What `limberctl history` and `limberctl log` show for a known history.

The history is written straight into the database while limberd is
stopped (schema 2: events and spells with uuid and host), so weeks of
records take no time. Days are local calendar days in the zone limberd
and limberctl run in (TZ), so each test sets one and works out what it
expects from the timestamps with zoneinfo.
"""

import csv
import datetime
import io
import os
import pty
import re
import select
import sqlite3
import subprocess
import time
import uuid
from zoneinfo import ZoneInfo

import limbertest as lt

HOST = 'laptop'
OTHER_HOST = 'desktop'
GOAL = 2
BERLIN = 'Europe/Berlin'
NEW_YORK = 'America/New_York'
ANSI_ESCAPE = '\x1b['
JSON_KEYS = ['date', 'sitting_seconds', 'longest_sitting_seconds', 'completed',
             'snoozed', 'skipped', 'natural']
CSV_HEADER = ('date,sitting_seconds,longest_sitting_seconds,completed,snoozed,'
              'skipped,natural,goal_met')
UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')


def local_ts(day, hour=0, minute=0, tz=BERLIN):
    """Unix time of a wall-clock time on `day` in zone `tz`."""
    return int(datetime.datetime(day.year, day.month, day.day, hour, minute,
                                 tzinfo=ZoneInfo(tz)).timestamp())


def local_date(ts, tz):
    return datetime.datetime.fromtimestamp(ts, ZoneInfo(tz)).date()


def expected_days(spells, events, tz, first, last, host=None):
    """The days first..last as limberd should report them, worked out here
    independently: each local midnight asked of zoneinfo (so 23- and
    25-hour days come out right), each spell cut at the midnights it
    crosses, each counted event put on the local date of its timestamp."""
    days = []
    day = first
    while day <= last:
        start = local_ts(day, tz=tz)
        end = local_ts(day + datetime.timedelta(days=1), tz=tz)
        parts = [min(e, end) - max(s, start) for s, e, h in spells
                 if (host is None or h == host) and s < end and e > start]
        counts = {'completed': 0, 'snoozed': 0, 'skipped': 0, 'natural': 0}
        for ts, kind, _stretch, _seconds, h in events:
            if host is not None and h != host:
                continue
            if start <= ts < end:
                key = 'skipped' if kind == 'dismissed' else kind
                if key in counts:
                    counts[key] += 1
        days.append(dict(date=day.isoformat(), sitting_seconds=sum(parts),
                         longest_sitting_seconds=max(parts, default=0),
                         **counts))
        day += datetime.timedelta(days=1)
    return days


def run_on_tty(argv, env, timeout=30):
    """Run argv with its stdout on a pseudo-terminal; returns (exit code,
    what it printed there, stderr)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=subprocess.PIPE, env=env)
    os.close(slave)
    out = bytearray()
    end = time.monotonic() + timeout * lt.TIME_SCALE
    try:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                proc.kill()
                raise AssertionError('%s did not finish on the terminal' % argv)
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:   # EIO: the last writer has closed the terminal
                break
            if not data:
                break
            out += data
        rc = proc.wait(timeout=timeout * lt.TIME_SCALE)
        err = proc.stderr.read().decode('utf-8', 'replace')
    finally:
        proc.stderr.close()
        os.close(master)
    # The terminal turns every "\n" into "\r\n".
    return rc, out.decode('utf-8', 'replace').replace('\r\n', '\n'), err


def wait_past_midnight(tz):
    """Tests put records on "yesterday" and "the day before" as limberctl
    will see them: not across a midnight that passes during the test."""
    now = datetime.datetime.now(ZoneInfo(tz))
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1),
                                         datetime.time(), ZoneInfo(tz))
    left = (midnight - now).total_seconds()
    if left < 60:
        time.sleep(left + 1)


class HistoryTestCase(lt.LimberTestCase):
    """limberd recording as HOST with a daily goal of GOAL, in zone tz."""

    tz = BERLIN

    config = """\
[breaks]
interval=45m
daily-goal=%d

[activity]
backend=none

[history]
host=%s
""" % (GOAL, HOST)

    def setUp(self):
        super().setUp()
        self.use_zone(self.tz)

    def use_zone(self, tz):
        """limberd and limberctl both run in tz from their next start."""
        self.env['TZ'] = tz
        self.tz = tz

    def today(self):
        return datetime.datetime.now(ZoneInfo(self.tz)).date()

    def seed(self, events=(), spells=()):
        """Write records straight into the database with limberd stopped,
        then start it. events: (ts, kind, stretch, seconds, host);
        spells: (start_ts, end_ts, host)."""
        if self.daemon is None or not self.daemon.alive():
            # Let limberd create the file with its own schema first.
            self.start_daemon()
        self.assertEqual(self.daemon.stop(), 0, 'limberd exit code on SIGTERM')
        db = sqlite3.connect(self.db_path, timeout=10)
        try:
            self.assertEqual(db.execute('PRAGMA user_version').fetchone()[0], 2)
            with db:
                db.executemany(
                    'INSERT INTO events (ts, kind, stretch, seconds, uuid, host) '
                    'VALUES (?, ?, ?, ?, ?, ?)',
                    [(ts, kind, stretch, seconds, str(uuid.uuid4()), host)
                     for ts, kind, stretch, seconds, host in events])
                db.executemany(
                    'INSERT INTO spells (start_ts, end_ts, uuid, host) '
                    'VALUES (?, ?, ?, ?)',
                    [(s, e, str(uuid.uuid4()), host) for s, e, host in spells])
        finally:
            db.close()
        self.start_daemon()

    def history_json(self, *args):
        days = self.ctl_json('history', '--json', *args)
        self.assertIsInstance(days, list)
        for day in days:
            for key in JSON_KEYS + ['goal', 'goal_met']:
                self.assertIn(key, day, day)
        return days

    def assert_days(self, days, expected, what=''):
        """The fixed keys of `days` are `expected` (dicts of those keys)."""
        got = [{k: d[k] for k in JSON_KEYS} for d in days]
        self.assertEqual(got, expected, what)

    def ctl_no_colour_env(self):
        env = dict(self.env)
        env.pop('NO_COLOR', None)
        env['TERM'] = 'xterm'
        return env


class KnownHistory(HistoryTestCase):
    """Three recent days with known records, and an older streak.

    Local days relative to today (D): D-3, D-2 and D-1 each meet the goal
    of 2 stretches, today has none yet, so the current streak is 3 (it
    ends yesterday while today's goal is not met). D-12..D-8 each meet it
    too: the best streak is 5. D-7..D-4 have nothing.
    """

    def setUp(self):
        super().setUp()
        wait_past_midnight(self.tz)
        today = self.today()
        self.d = {n: today - datetime.timedelta(days=n) for n in range(0, 31)}
        d3, d2, d1 = self.d[3], self.d[2], self.d[1]
        at = local_ts
        self.spells = [
            # D-3: 1h30m and 45m: 8100 s, longest 5400.
            (at(d3, 9, 0), at(d3, 10, 30), HOST),
            (at(d3, 11, 0), at(d3, 11, 45), HOST),
            # 23:00 on D-2 to 01:30 on D-1: 3600 s to D-2, 5400 s to D-1.
            (at(d2, 23, 0), at(d1, 1, 30), HOST),
            # D-1 also 08:00-08:20: 5400 + 1200 = 6600, longest 5400.
            (at(d1, 8, 0), at(d1, 8, 20), HOST),
        ]
        self.events = [
            (at(d3, 9, 0), 'due', 'cat-cow', 0, HOST),
            (at(d3, 9, 1), 'snoozed', 'cat-cow', 600, HOST),
            (at(d3, 10, 30), 'completed', 'cat-cow', 0, HOST),
            (at(d3, 10, 50), 'natural', None, 1200, HOST),
            (at(d3, 11, 45), 'due', 'seated-twist', 0, HOST),
            (at(d3, 11, 46), 'completed', 'seated-twist', 0, HOST),
            (at(d3, 14, 0), 'due', 'doorway-stretch', 0, HOST),
            (at(d3, 14, 1), 'skipped', 'doorway-stretch', 0, HOST),
            (at(d3, 15, 0), 'due', 'chest-expansion', 0, HOST),
            (at(d3, 15, 1), 'dismissed', 'chest-expansion', 0, HOST),
            (at(d3, 16, 0), 'abandoned', 'cat-cow', 20, HOST),
            (at(d3, 17, 0), 'paused', None, 3600, HOST),
            (at(d3, 18, 0), 'resumed', None, 0, HOST),
            (at(d2, 10, 0), 'completed', 'cat-cow', 0, HOST),
            (at(d2, 23, 59), 'completed', 'cat-cow', 0, HOST),
            (at(d1, 0, 1), 'completed', 'shoulder-blade-squeeze', 0, HOST),
            (at(d1, 8, 20), 'completed', 'cat-cow', 0, HOST),
            (at(d1, 9, 0), 'natural', None, 400, HOST),
            (at(d1, 12, 0), 'natural', None, 900, HOST),
            (at(d1, 13, 0), 'snoozed', 'seated-twist', 300, HOST),
        ]
        # The older streak: two stretches a day, D-12..D-8.
        for n in range(8, 13):
            self.events += [(at(self.d[n], 10, 0), 'completed', 'chest-expansion', 0, HOST),
                            (at(self.d[n], 15, 0), 'completed', 'doorway-stretch', 0, HOST)]
        self.seed(self.events, self.spells)
        # Today counts as a day at the computer once limberd's running
        # spell has lasted a second: the averages below rely on it.
        lt.deadline_wait(lambda: self.history_json('--days', '1')[0]['sitting_seconds'] >= 1,
                         10, "today's running spell in the history")

    def expected_recent(self):
        d3, d2, d1 = self.d[3], self.d[2], self.d[1]
        return [
            dict(date=d3.isoformat(), sitting_seconds=8100, longest_sitting_seconds=5400,
                 completed=2, snoozed=1, skipped=2, natural=1),
            dict(date=d2.isoformat(), sitting_seconds=3600, longest_sitting_seconds=3600,
                 completed=2, snoozed=0, skipped=0, natural=0),
            dict(date=d1.isoformat(), sitting_seconds=6600, longest_sitting_seconds=5400,
                 completed=2, snoozed=1, skipped=0, natural=2),
        ]

    def test_json_days(self):
        days = self.history_json('--days', '4')
        self.assertEqual([d['date'] for d in days],
                         [self.d[n].isoformat() for n in (3, 2, 1, 0)])
        self.assert_days(days[:3], self.expected_recent())
        # The same figures from the reference computation.
        self.assertEqual(self.expected_recent(),
                         expected_days(self.spells, self.events, self.tz,
                                       self.d[3], self.d[1]))
        for day in days[:3]:
            self.assertEqual(day['goal'], GOAL, day)
            self.assertIs(day['goal_met'], True, day)
        today = days[3]
        self.assertEqual((today['completed'], today['snoozed'], today['skipped'],
                          today['natural']), (0, 0, 0, 0), today)
        self.assertIs(today['goal_met'], False, today)
        # Today's running spell counts, and it is seconds old.
        self.assertLess(today['sitting_seconds'], 120 * lt.TIME_SCALE, today)

        # The default is a week; --days 1 is today alone.
        self.assertEqual(len(self.history_json()), 7)
        one = self.history_json('--days', '1')
        self.assertEqual([d['date'] for d in one], [self.d[0].isoformat()])

        # The old streak shows with --days 13, the empty days between as 0.
        days = self.history_json('--days', '13')
        self.assertEqual(days[0]['date'], self.d[12].isoformat())
        self.assertEqual([d['completed'] for d in days],
                         [2, 2, 2, 2, 2, 0, 0, 0, 0, 2, 2, 2, 0])
        self.assertEqual([d['goal_met'] for d in days],
                         [True] * 5 + [False] * 4 + [True] * 3 + [False])

    def test_csv(self):
        p = self.ctl_ok('history', '--days', '4', '--csv')
        lines = p.stdout.splitlines()
        self.assertEqual(lines[0], CSV_HEADER)
        self.assertEqual(len(lines), 5, p.stdout)
        rows = list(csv.DictReader(io.StringIO(p.stdout)))
        for row, want in zip(rows, self.expected_recent()):
            self.assertEqual(row, {**{k: str(v) for k, v in want.items()},
                                   'goal_met': 'true'})
        self.assertEqual(rows[3]['date'], self.d[0].isoformat())
        self.assertEqual(rows[3]['goal_met'], 'false')
        self.assertNotIn(ANSI_ESCAPE, p.stdout)

    def test_from_to(self):
        d3, d1 = self.d[3].isoformat(), self.d[1].isoformat()
        days = self.history_json('--from', d3, '--to', d1)
        self.assert_days(days, self.expected_recent())
        # One day; and a range of days with nothing in it.
        days = self.history_json('--from', self.d[2].isoformat(), '--to', self.d[2].isoformat())
        self.assert_days(days, self.expected_recent()[1:2])
        days = self.history_json('--from', self.d[7].isoformat(), '--to', self.d[4].isoformat())
        self.assertEqual(len(days), 4)
        self.assertTrue(all(d[k] == 0 for d in days for k in JSON_KEYS[1:]), days)
        # today/yesterday are dates too.
        days = self.history_json('--from', 'yesterday', '--to', 'today')
        self.assertEqual([d['date'] for d in days], [d1, self.d[0].isoformat()])
        self.assert_days(days[:1], self.expected_recent()[2:])
        # CSV over the same range.
        lines = self.ctl_ok('history', '--csv', '--from', d3, '--to', d1).stdout.splitlines()
        self.assertEqual(lines[0], CSV_HEADER)
        self.assertEqual([l.split(',')[0] for l in lines[1:]],
                         [self.d[n].isoformat() for n in (3, 2, 1)])

        # Ranges that make no sense are usage errors.
        for args in (['--from', d1, '--to', d3], ['--from', d3],
                     ['--to', d1], ['--days', '3', '--from', d3, '--to', d1],
                     ['--from', '2026-02-30', '--to', d1], ['--from', 'last week', '--to', d1]):
            p = self.ctl('history', '--json', *args)
            self.assertEqual(p.returncode, 2, '%s: %s %s' % (args, p.stdout, p.stderr))
            self.assertEqual(p.stdout, '', args)
            self.assertTrue(p.stderr.strip(), args)

    def check_table(self, text):
        """A row per day D-3..D (weekday and date) with the figures, then
        the summary: streaks and the 7- and 30-day averages."""
        lines = text.splitlines()
        for n, want in zip((3, 2, 1), self.expected_recent()):
            day = self.d[n]
            label = '%s %s' % (day.strftime('%a'), day.isoformat())
            row = [l for l in lines if l.startswith(label)]
            self.assertEqual(len(row), 1, 'one row for %s in:\n%s' % (label, text))
            self.assertIn('%d/%d' % (want['completed'], GOAL), row[0])
        self.assertEqual(len([l for l in lines if re.match(r'^\w{3} \d{4}-\d\d-\d\d', l)]),
                         4, text)
        # D-3: 8100 s sitting is 2h 15m, its longest spell 1h 30m.
        row = [l for l in lines if self.d[3].isoformat() in l][0]
        self.assertIn('2h 15m', row)
        self.assertIn('1h 30m', row)

        streak = [l for l in lines if l.startswith('Streak:')]
        self.assertEqual(len(streak), 1, text)
        self.assertIn('3 days', streak[0])
        self.assertIn('best: 5 days', streak[0])
        week = [l for l in lines if l.startswith('Last 7 days:')]
        month = [l for l in lines if l.startswith('Last 30 days:')]
        self.assertEqual((len(week), len(month)), (1, 1), text)
        # Averages over the days with any record. Last 7 days: D-3..D-1 and
        # today (its running spell), 6 stretches over 4 days.
        self.assertIn('1.5 stretches', week[0])
        self.assertIn('4 days', week[0])
        # Last 30 days: the same 4 and D-12..D-8: 16 stretches over 9 days.
        self.assertIn('1.8 stretches', month[0])
        self.assertIn('9 days', month[0])

    def test_human_output_piped(self):
        p = self.ctl_ok('history', '--days', '4')
        self.check_table(p.stdout)
        self.assertNotIn(ANSI_ESCAPE, p.stdout, 'no colour in a pipe')
        self.assertNotIn('\x1b', p.stdout)
        # The same without NO_COLOR: a pipe is reason enough.
        p = self.ctl('history', '--days', '4', env=self.ctl_no_colour_env())
        self.assertEqual(p.returncode, 0, p.stderr)
        self.check_table(p.stdout)
        self.assertNotIn('\x1b', p.stdout)

    def test_human_output_on_a_terminal(self):
        env = self.ctl_no_colour_env()
        rc, out, err = run_on_tty([lt.LIMBERCTL, 'history', '--days', '4'], env)
        self.assertEqual(rc, 0, err)
        self.check_table(re.sub(r'\x1b\[[0-9;]*m', '', out))
        self.assertIn(ANSI_ESCAPE, out, 'colour on a terminal:\n%r' % out)
        self.assertIn('█', out, 'a bar chart of blocks:\n' + out)

        env['NO_COLOR'] = '1'
        rc, out, err = run_on_tty([lt.LIMBERCTL, 'history', '--days', '4'], env)
        self.assertEqual(rc, 0, err)
        self.check_table(out)
        self.assertNotIn('\x1b', out, 'NO_COLOR on a terminal:\n%r' % out)
        self.assertIn('█', out)

    def test_stretch_counts(self):
        d3, d1 = self.d[3].isoformat(), self.d[1].isoformat()
        counts = self.ctl_json('history', '--stretches', '--json', '--from', d3, '--to', d1)
        by_id = {c['id']: c for c in counts}
        # D-3..D-1: cat-cow completed 4 (one each on D-3 and D-1, two on
        # D-2), snoozed once, abandoned once; seated-twist completed 1,
        # snoozed 1; doorway skipped 1; chest-expansion dismissed 1;
        # shoulder-blade-squeeze completed 1 (00:01 on D-1).
        self.assertEqual(set(by_id), set(lt.CATALOGUE_IDS), counts)
        want = {
            'cat-cow': (4, 1, 0, 1),
            'seated-twist': (1, 1, 0, 0),
            'shoulder-blade-squeeze': (1, 0, 0, 0),
            'doorway-stretch': (0, 0, 1, 0),
            'chest-expansion': (0, 0, 1, 0),
        }
        for sid, (completed, snoozed, skipped, abandoned) in want.items():
            c = by_id[sid]
            self.assertEqual((c['completed'], c['snoozed'], c['skipped'], c['abandoned']),
                             (completed, snoozed, skipped, abandoned), c)
        self.assertEqual(counts[0]['id'], 'cat-cow', 'most completed first')
        self.assertEqual([c['completed'] for c in counts],
                         sorted((c['completed'] for c in counts), reverse=True))
        self.assertEqual(by_id['cat-cow']['name'], self.catalogue()['cat-cow'])

        # --days 13 takes in the older streak: 5 of each of those two more.
        counts = {c['id']: c for c in
                  self.ctl_json('history', '--stretches', '--json', '--days', '13')}
        self.assertEqual(counts['chest-expansion']['completed'], 5)
        self.assertEqual(counts['doorway-stretch']['completed'], 5)

        # The table: a row per stretch with its name and count.
        out = self.ctl_ok('history', '--stretches', '--from', d3, '--to', d1).stdout
        self.assertNotIn('\x1b', out)
        for sid, (completed, _s, _k, _a) in want.items():
            row = [l for l in out.splitlines() if sid in l.split()]
            self.assertEqual(len(row), 1, 'one row for %s in:\n%s' % (sid, out))
            self.assertIn(self.catalogue()[sid], row[0])
            self.assertEqual(row[0].split()[-4], str(completed), row[0])

        # A period with no stretches says so.
        empty = self.d[5].isoformat()
        self.assertEqual(self.ctl_json('history', '--stretches', '--json',
                                       '--from', empty, '--to', empty), [])
        out = self.ctl_ok('history', '--stretches', '--from', empty, '--to', empty).stdout
        self.assertTrue(out.strip(), 'says there is nothing')

    def test_log_since_and_limit(self):
        since = self.d[2]
        events = self.ctl_json('log', '--since', since.isoformat(), '--json', '--limit', '1000')
        start = local_ts(since, tz=self.tz)
        want = sorted((e for e in self.events if e[0] >= start),
                      key=lambda e: e[0], reverse=True)
        # Records limberd itself made since it started (none are expected,
        # but a natural break would be one) come first; the seeded ones all.
        seeded = [e for e in events if e['ts'] < int(time.time()) - 3600]
        self.assertEqual([(e['ts'], e['kind'], e['stretch'], e['seconds'], e['host'])
                          for e in seeded], want)
        for e in events:
            self.assertRegex(e['uuid'], UUID_RE)
            self.assertEqual(e['host'], HOST)
            self.assertGreaterEqual(e['ts'], start)
        self.assertEqual(len({e['uuid'] for e in events}), len(events))
        self.assertEqual(events, sorted(events, key=lambda e: e['ts'], reverse=True),
                         'newest first')

        # --limit: the newest N of the same.
        limited = self.ctl_json('log', '--since', since.isoformat(), '--json', '--limit', '3')
        self.assertEqual(limited, events[:3])
        self.assertEqual(len(self.ctl_json('log', '--json', '--limit', '5')), 5)
        every = self.ctl_json('log', '--json', '--limit', '100000')
        self.assertEqual(len(every), len(self.events))

        # The plain form: a line per event, the stretch named.
        out = self.ctl_ok('log', '--since', since.isoformat(), '--limit', '3').stdout
        self.assertEqual(len(out.splitlines()), 3, out)
        self.assertIn('natural', out)

        p = self.ctl('log', '--since', 'someday')
        self.assertEqual(p.returncode, 2, p.stderr)


class Hosts(HistoryTestCase):
    """Records of two hosts: this one (laptop) and an imported desktop."""

    def setUp(self):
        super().setUp()
        wait_past_midnight(self.tz)
        self.day = self.today() - datetime.timedelta(days=1)
        at = lambda h, m=0: local_ts(self.day, h, m)  # noqa: E731
        self.spells = [(at(9), at(10), HOST), (at(13), at(15), OTHER_HOST)]
        self.events = [
            (at(10), 'completed', 'cat-cow', 0, HOST),
            (at(10, 5), 'snoozed', 'seated-twist', 600, HOST),
            (at(14), 'completed', 'seated-twist', 0, OTHER_HOST),
            (at(14, 30), 'completed', 'seated-twist', 0, OTHER_HOST),
            (at(15), 'skipped', 'doorway-stretch', 0, OTHER_HOST),
        ]
        self.seed(self.events, self.spells)

    def test_host_filter(self):
        date = self.day.isoformat()
        both = self.history_json('--from', date, '--to', date)
        self.assert_days(both, expected_days(self.spells, self.events, self.tz,
                                             self.day, self.day))
        self.assertEqual((both[0]['sitting_seconds'], both[0]['completed']), (3 * 3600, 3))

        for host, sitting, completed in ((HOST, 3600, 1), (OTHER_HOST, 7200, 2)):
            days = self.history_json('--from', date, '--to', date, '--host', host)
            self.assert_days(days, expected_days(self.spells, self.events, self.tz,
                                                 self.day, self.day, host))
            self.assertEqual((days[0]['sitting_seconds'], days[0]['completed']),
                             (sitting, completed), host)
            log = self.ctl_json('log', '--json', '--host', host)
            self.assertEqual({e['host'] for e in log}, {host})
            counts = self.ctl_json('history', '--stretches', '--json', '--from', date,
                                   '--to', date, '--host', host)
            self.assertEqual(sum(c['completed'] for c in counts), completed, counts)

        # Both hosts in the plain log, each line naming its host.
        out = self.ctl_ok('log').stdout
        self.assertTrue(any(OTHER_HOST in l for l in out.splitlines()), out)
        self.assertTrue(any(HOST in l for l in out.splitlines()), out)
        self.assertEqual(self.call('GetHosts', None, '(ass)'),
                         ([OTHER_HOST, HOST], HOST))

        # A human table and CSV take --host too.
        csv_out = self.ctl_ok('history', '--csv', '--from', date, '--to', date,
                              '--host', OTHER_HOST).stdout
        self.assertEqual(csv_out.splitlines()[1].split(',')[:4],
                         [date, '7200', '7200', '2'])
        self.ctl_ok('history', '--days', '2', '--host', OTHER_HOST)

    def test_unknown_host(self):
        for args in (['history', '--json'], ['history', '--stretches'], ['history', '--csv'],
                     ['log', '--json'], ['log']):
            p = self.ctl(*args, '--host', 'nosuch')
            self.assertEqual(p.returncode, 1, '%s: %s %s' % (args, p.stdout, p.stderr))
            self.assertEqual(p.stdout, '', args)
            self.assertIn('nosuch', p.stderr)
            # It names the hosts there are.
            self.assertIn(OTHER_HOST, p.stderr)
            self.assertIn(HOST, p.stderr)
        p = self.ctl('history', '--host', '')
        self.assertEqual(p.returncode, 2, p.stderr)


class TimeZones(HistoryTestCase):
    """Days are local days of the zone limberd runs in when asked."""

    def test_dst_days_have_their_real_length(self):
        spring, autumn = datetime.date(2026, 3, 29), datetime.date(2026, 10, 25)
        one = datetime.timedelta(days=1)
        # One spell from local midnight to local midnight over each
        # changeover day. Berlin moves its clocks at 02:00 -> 03:00 on
        # 2026-03-29 (a 23-hour day) and 03:00 -> 02:00 on 2026-10-25 (25).
        spells = [(local_ts(d), local_ts(d + one), HOST) for d in (spring, autumn)]
        self.assertEqual([e - s for s, e, _ in spells], [23 * 3600, 25 * 3600])
        events = [(local_ts(spring, 23, 59), 'completed', 'cat-cow', 0, HOST),
                  (local_ts(autumn, 0, 0), 'completed', 'cat-cow', 0, HOST),
                  # 02:30 on the autumn day happens twice: both count.
                  (local_ts(autumn, 0, 0) + 2 * 3600 + 1800, 'natural', None, 300, HOST),
                  (local_ts(autumn, 0, 0) + 3 * 3600 + 1800, 'natural', None, 300, HOST)]
        self.seed(events, spells)

        days = self.history_json('--from', '2026-03-28', '--to', '2026-03-30')
        self.assertEqual([d['sitting_seconds'] for d in days], [0, 82800, 0])
        self.assertEqual([d['longest_sitting_seconds'] for d in days], [0, 82800, 0])
        self.assertEqual([d['completed'] for d in days], [0, 1, 0])
        days = self.history_json('--from', '2026-10-24', '--to', '2026-10-26')
        self.assertEqual([d['sitting_seconds'] for d in days], [0, 90000, 0])
        self.assertEqual([d['completed'] for d in days], [0, 1, 0])
        self.assertEqual([d['natural'] for d in days], [0, 2, 0])
        for first, last in (('2026-03-28', '2026-03-30'), ('2026-10-24', '2026-10-26')):
            f, l = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
            self.assert_days(self.history_json('--from', first, '--to', last),
                             expected_days(spells, events, self.tz, f, l))

        # The whole year at once: the two days are still right, and
        # --days counts local days across both changes.
        year = self.history_json('--from', '2026-01-01', '--to', '2026-12-31')
        self.assertEqual(len(year), 365)
        by_date = {d['date']: d['sitting_seconds'] for d in year}
        self.assertEqual(by_date.pop('2026-03-29'), 82800)
        self.assertEqual(by_date.pop('2026-10-25'), 90000)
        # Today (in 2026 when this was written) has limberd's running spell.
        by_date.pop(self.today().isoformat(), None)
        self.assertEqual(set(by_date.values()), {0})

    def test_spell_across_midnight_is_split(self):
        day = datetime.date(2026, 6, 10)
        nxt = day + datetime.timedelta(days=1)
        # 22:15 to 01:45 the next day: 1h45m before midnight, 1h45m after.
        spells = [(local_ts(day, 22, 15), local_ts(nxt, 1, 45), HOST),
                  (local_ts(nxt, 9, 0), local_ts(nxt, 9, 30), HOST)]
        self.seed((), spells)
        days = self.history_json('--from', day.isoformat(), '--to', nxt.isoformat())
        self.assertEqual([d['sitting_seconds'] for d in days], [6300, 6300 + 1800])
        self.assertEqual([d['longest_sitting_seconds'] for d in days], [6300, 6300])

    def test_zone_change_between_recording_and_reading(self):
        # Recorded in Berlin (UTC+2 in June), read in New York (UTC-4): the
        # same instants fall six hours earlier on the local clock.
        day = datetime.date(2026, 6, 10)
        nxt = day + datetime.timedelta(days=1)
        spells = [
            # Berlin 22:30 on the 10th to 01:00 on the 11th (crosses
            # Berlin's midnight; all of it is the afternoon of the 10th in
            # New York).
            (local_ts(day, 22, 30), local_ts(nxt, 1, 0), HOST),
            # Berlin 05:00-07:00 on the 11th: 23:00 on the 10th to 01:00 on
            # the 11th in New York (crosses New York's midnight).
            (local_ts(nxt, 5, 0), local_ts(nxt, 7, 0), HOST),
        ]
        events = [
            (local_ts(nxt, 0, 30), 'completed', 'cat-cow', 0, HOST),
            (local_ts(nxt, 5, 30), 'completed', 'cat-cow', 0, HOST),
            (local_ts(nxt, 7, 0), 'completed', 'cat-cow', 0, HOST),
            (local_ts(day, 12, 0), 'snoozed', 'cat-cow', 600, HOST),
        ]
        self.seed(events, spells)
        first, last = day - datetime.timedelta(days=1), nxt + datetime.timedelta(days=1)
        args = ('--from', first.isoformat(), '--to', last.isoformat())

        berlin = self.history_json(*args)
        want_berlin = expected_days(spells, events, BERLIN, first, last)
        self.assert_days(berlin, want_berlin, 'read in Berlin')
        # Spelled out: Berlin's 10th has 5400 s of sitting (22:30 to
        # midnight) and the snooze, its 11th 3600 + 7200 s and the three
        # stretches.
        self.assertEqual([(d['sitting_seconds'], d['completed'], d['snoozed'])
                          for d in berlin[1:3]], [(5400, 0, 1), (10800, 3, 0)])

        self.use_zone(NEW_YORK)
        self.restart_daemon()
        new_york = self.history_json(*args)
        want_new_york = expected_days(spells, events, NEW_YORK, first, last)
        self.assert_days(new_york, want_new_york, 'read in New York')
        # New York's 10th: 9000 s of the first spell plus 3600 s (23:00 to
        # midnight) of the second; the 11th the second's last hour. The
        # stretches at Berlin 00:30 and 05:30 were 18:30 and 23:30 on the
        # 10th there; the one at Berlin 07:00 was 01:00 on the 11th.
        self.assertEqual([(d['sitting_seconds'], d['longest_sitting_seconds'], d['completed'])
                          for d in new_york[1:3]], [(12600, 9000, 2), (3600, 3600, 1)])
        self.assertNotEqual(berlin, new_york)
        # The snooze at Berlin noon is 06:00 the same day in New York.
        self.assertEqual([d['snoozed'] for d in new_york], [0, 1, 0, 0])

        # The log shows the same instants, whichever the zone.
        self.assertEqual(sorted(e['ts'] for e in self.ctl_json('log', '--json')),
                         sorted(e[0] for e in events))
        # And --since is midnight in limberctl's zone: New York's 11th
        # begins after every event but the last stretch.
        since = self.ctl_json('log', '--json', '--since', nxt.isoformat())
        self.assertEqual([e['ts'] for e in since], [local_ts(nxt, 7, 0)])


if __name__ == '__main__':
    lt.main()
