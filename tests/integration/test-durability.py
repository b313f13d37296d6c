#!/usr/bin/python3
"""The history survives crashes, a full disk, readers and schema upgrades.

- SIGKILL at random moments during bursts of writes: every write whose
  D-Bus call returned is in the database, and the file is never damaged.
- Writes that fail (the file may not grow: RLIMIT_FSIZE) leave limberd
  running and reminding; the records wait in memory and are written, once
  and in order, when writing works again.
- A reader with an open transaction never holds limberd up.
- A database written by the first schema is upgraded in place.

The crash loop prints its random seed; LIMBER_CRASH_SEED=<seed> runs it
again with the same kill moments and call arguments (the threads'
interleaving is the scheduler's). LIMBER_CRASH_ITERATIONS (default 200) and
LIMBER_CRASH_SECONDS (the time it may take, default 100) size it.
"""

import collections
import glob
import os
import random
import re
import resource
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import gi
gi.require_version('GLib', '2.0')
from gi.repository import GLib  # noqa: E402

import limbertest as lt  # noqa: E402

HOST = 'laptop'
UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
FIXTURE_V1 = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          'fixtures', 'limber-v1.db')
RETRY_FIRST_SECONDS = 15   # limberd's first retry of a failed write

CONFIG = """\
[breaks]
interval=45m
snooze=10m

[activity]
backend=none

[history]
host=%s
""" % HOST


def query(path, sql, params=()):
    """One query on its own connection (which also recovers a WAL a killed
    writer left behind, as any later reader would)."""
    db = sqlite3.connect(path, timeout=10)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


class PipedLimberd(lt.Limberd):
    """limberd whose output reaches its log through a pipe. A file size
    limit set on the process (RLIMIT_FSIZE) then stops writes to the
    database only: writing the log file would fail as well, and the
    warning it should print would be lost."""

    def __init__(self, bus, env, log_path, args=()):
        self.bus = bus
        self.log_path = log_path
        self._log = open(log_path, 'a')
        self._log.write('=== limberd (output through a pipe) %s\n' % ' '.join(args))
        self._log.flush()
        self.start_offset = os.path.getsize(log_path)
        wrapper = shlex.split(os.environ.get('LIMBERD_WRAPPER', ''))
        self.proc = subprocess.Popen(wrapper + [lt.LIMBERD, '--verbose', *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=env)
        self.pid = self.proc.pid
        self._copier = threading.Thread(target=self._copy, daemon=True)
        self._copier.start()

    def _copy(self):
        with open(self.log_path, 'ab') as out:
            while True:
                chunk = self.proc.stdout.read1(65536)
                if not chunk:
                    break
                out.write(chunk)
                out.flush()

    def stop(self, sig=signal.SIGTERM):
        rc = super().stop(sig)
        self._copier.join(timeout=10)
        self.proc.stdout.close()
        return rc


class DurabilityTestCase(lt.LimberTestCase):
    config = CONFIG

    def count_kinds(self):
        return dict(query(self.db_path, 'SELECT kind, COUNT(*) FROM events GROUP BY kind'))

    def integrity(self):
        return query(self.db_path, 'PRAGMA integrity_check')[0][0]


class CrashConsistency(DurabilityTestCase):
    """SIGKILL during a burst of writes, again and again."""

    # No notification server: the reminders of Break go to the log, and a
    # round trip less per call lets more iterations into the time.
    notifications = False

    # Method -> the event kind it writes, and its arguments.
    CALLS = {
        'Break': ('due', lambda rng: GLib.Variant('(s)', (rng.choice(lt.CATALOGUE_IDS),))),
        'Done': ('completed', lambda rng: GLib.Variant('(s)', ('',))),
        'Snooze': ('snoozed', lambda rng: GLib.Variant('(x)', (rng.randint(60, 3600),))),
    }

    def burst(self, daemon, rng, issued, returned, unexpected):
        """Calls in flight from three threads until limberd is killed at a
        random moment. issued/returned count per method; calls that failed
        while limberd was still alive go to `unexpected`."""
        stop = threading.Event()
        killed = threading.Event()
        lock = threading.Lock()
        # Each thread its own generator, seeded from the main one, so the
        # arguments replay from the seed whatever the interleaving.
        seeds = {method: rng.randrange(2 ** 32) for method in self.CALLS}

        def worker(method):
            wrng = random.Random(seeds[method])
            make_args = self.CALLS[method][1]
            while not stop.is_set():
                args = make_args(wrng)
                with lock:
                    issued[method] += 1
                try:
                    self.call(method, args, timeout_ms=int(10000 * lt.TIME_SCALE))
                except GLib.Error as e:
                    if not killed.is_set():
                        unexpected.append('%s: %s' % (method, e.message))
                    return
                with lock:
                    returned[method] += 1

        threads = [threading.Thread(target=worker, args=(m,)) for m in self.CALLS]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.0, 0.12))
        killed.set()
        rc = daemon.stop(sig=signal.SIGKILL)
        stop.set()
        for t in threads:
            t.join(timeout=30 * lt.TIME_SCALE)
            self.assertFalse(t.is_alive(), 'a call to a killed limberd never came back')
        self.assertEqual(rc, -signal.SIGKILL, 'limberd was killed, not exited')

    def test_sigkill_during_writes(self):
        seed = int(os.environ.get('LIMBER_CRASH_SEED') or random.randrange(2 ** 32))
        iterations = int(os.environ.get('LIMBER_CRASH_ITERATIONS', '200'))
        budget = float(os.environ.get('LIMBER_CRASH_SECONDS', '100'))
        sys.stderr.write('\ncrash loop: LIMBER_CRASH_SEED=%d, up to %d iterations in %.0f s\n'
                         % (seed, iterations, budget))
        rng = random.Random(seed)
        issued = collections.Counter()
        returned = collections.Counter()
        started = time.monotonic()
        done = 0

        for i in range(iterations):
            if time.monotonic() - started > budget:
                break
            # Only the last iteration's log is of interest when one fails.
            open(self.daemon_log, 'w').close()
            daemon = self.start_daemon()
            unexpected = []
            self.burst(daemon, rng, issued, returned, unexpected)
            done += 1
            where = 'iteration %d (LIMBER_CRASH_SEED=%d)' % (i, seed)
            self.assertEqual(unexpected, [], '%s: calls failed before the kill' % where)

            self.assertEqual(self.integrity(), 'ok', where)
            counts = self.count_kinds()
            for method, (kind, _) in self.CALLS.items():
                upper = issued[method]
                if method == 'Break':
                    # A Break while one is due may re-prompt without a new
                    # `due`, so no lower bound; and a limberd restarted in
                    # state due reminds (and logs `due`) once more.
                    upper += done
                else:
                    self.assertGreaterEqual(
                        counts.get(kind, 0), returned[method],
                        '%s: %d %s calls returned but only %d %r events are in the '
                        'database' % (where, returned[method], method, counts.get(kind, 0), kind))
                self.assertLessEqual(
                    counts.get(kind, 0), upper,
                    '%s: more %r events than %s calls made (%d)' % (where, kind, method, upper))
            self.assertEqual(query(self.db_path, 'SELECT COUNT(*) - COUNT(DISTINCT uuid) '
                                   'FROM events')[0][0], 0, where)

        elapsed = time.monotonic() - started
        sys.stderr.write('crash loop: %d iterations in %.1f s; calls returned %s of issued %s\n'
                         % (done, elapsed, dict(returned), dict(issued)))
        self.assertGreaterEqual(done, min(iterations, 20), 'too few iterations to mean much')
        self.assertGreater(returned['Done'] + returned['Snooze'], done,
                           'the bursts should have written something')

        # limberd itself takes the file as it is: no "corrupt" copy, no
        # warning, and the events it reports are the ones in the file.
        self.start_daemon()
        self.assertEqual(glob.glob(self.db_path + '.corrupt-*'), [])
        self.assertEqual(self.status()['warnings'], [])
        counts = self.count_kinds()
        logged = collections.Counter(
            e['kind'] for e in self.ctl_json('log', '--json', '--limit', '100000'))
        self.assertEqual(dict(logged), counts)
        self.ctl_ok('done', 'cat-cow')
        self.assertEqual(self.count_kinds()['completed'], counts['completed'] + 1)


class FullDisk(DurabilityTestCase):
    """Writes fail because the database may not grow (RLIMIT_FSIZE just
    above the write-ahead log's size: the next frame appended fails with
    EFBIG; limberd ignores SIGXFSZ). As root a read-only folder would not
    stop anything, and the effect is that of a full disk."""

    # What the user does while writing fails, and the events it makes.
    ACTIONS = [
        (('break', 'cat-cow'), ('due', 'cat-cow')),
        (('snooze', '5m'), ('snoozed', 'cat-cow')),
        (('done',), ('completed', 'cat-cow')),
        (('break', 'doorway-stretch'), ('due', 'doorway-stretch')),
        (('skip',), ('skipped', 'doorway-stretch')),
        (('done', 'chest-expansion'), ('completed', 'chest-expansion')),
    ]

    def start_piped(self):
        daemon = PipedLimberd(self.bus, self.env, self.daemon_log)
        self.addCleanup(self._stop_daemon_cleanly, daemon)
        self.daemon = daemon
        daemon.wait_ready()
        return daemon

    def set_fsize(self, limit):
        resource.prlimit(self.daemon.pid, resource.RLIMIT_FSIZE,
                         (limit, resource.RLIM_INFINITY))

    def last_id(self):
        return query(self.db_path, 'SELECT COALESCE(MAX(id), 0) FROM events')[0][0]

    def rows_after(self, last_id):
        return query(self.db_path, 'SELECT id, ts, kind, stretch, uuid, host FROM events '
                     'WHERE id > ? ORDER BY id', (last_id,))

    def fail_writes(self):
        """Limit the file size and do ACTIONS while writes fail. Returns the
        last event id from before."""
        self.start_piped()
        self.ctl_ok('done', 'seated-twist')   # the log has content to grow from
        before = self.last_id()
        self.assertGreater(before, 0)
        wal = os.path.getsize(self.db_path + '-wal')
        self.assertGreater(wal, 0, 'limberd writes ahead')
        self.set_fsize(wal + 512)
        log_at = os.path.getsize(self.daemon_log)
        completed_before = self.status()['completed_today']

        notes = len(self.notify.notifications())
        for args, _ in self.ACTIONS:
            self.ctl_ok(*args)
            if args[0] == 'break':
                # Still reminding.
                notes += 1
                note = self.notify.wait_for_notifications(notes)[-1]
                self.assertEqual(self.stretch_in(note['body']), args[1])
        self.assertTrue(self.daemon.alive())
        self.assertEqual(self.rows_after(before), [],
                         'the file size limit should have stopped the writes')

        # Said loudly in the log...
        def warned():
            with open(self.daemon_log, errors='replace') as f:
                f.seek(log_at)
                return re.search(r'^.*warning.*(write|database).*$', f.read(), re.M | re.I)
        lt.deadline_wait(warned, 10, 'a warning about the failed write in the log')
        # ...and in `limberctl status`, which still counts the stretches done.
        st = self.status()
        waiting = [w for w in st['warnings'] if 'record' in w and 'database' in w]
        self.assertEqual(len(waiting), 1, st['warnings'])
        self.assertEqual(st['completed_today'], completed_before + 2, st)
        self.assertIn('Warning:', self.ctl_ok('status').stdout)
        self.assertEqual(st['state'], 'sitting', st)
        return before

    def check_all_written(self, before, extra=()):
        rows = self.rows_after(before)
        self.assertEqual([(kind, stretch) for _, _, kind, stretch, _, _ in rows],
                         [event for _, event in self.ACTIONS] + list(extra),
                         'every event once, in order')
        self.assertEqual([r[1] for r in rows], sorted(r[1] for r in rows))
        self.assertEqual(len({r[4] for r in rows}), len(rows))
        for r in rows:
            self.assertRegex(r[4], UUID_RE)
            self.assertEqual(r[5], HOST)
        self.assertEqual(self.integrity(), 'ok')
        self.assertEqual(self.status()['warnings'], [])

    def test_written_by_the_next_write(self):
        before = self.fail_writes()
        self.set_fsize(resource.RLIM_INFINITY)
        # The next write writes what waits first, in the same transaction.
        self.ctl_ok('done', 'shoulder-blade-squeeze')
        self.check_all_written(before, [('completed', 'shoulder-blade-squeeze')])
        self.assertEqual(self.ctl_json('history', '--json', '--days', '1')[-1]['completed'],
                         self.status()['completed_today'])
        # And after a restart nothing is lost or doubled.
        rows = self.rows_after(before)
        self.restart_daemon()
        self.assertEqual(self.rows_after(before), rows)

    def test_written_by_the_retry(self):
        before = self.fail_writes()
        self.set_fsize(resource.RLIM_INFINITY)
        # Nothing more asked of limberd: its own retry writes them. If this
        # machine was slow enough for the first retry to come before the
        # limit was raised, the second comes 30 s after that.
        lt.deadline_wait(lambda: len(self.rows_after(before)) >= len(self.ACTIONS),
                         RETRY_FIRST_SECONDS + 2 * RETRY_FIRST_SECONDS + 15,
                         'the retry to write the waiting events', interval=0.5)
        self.check_all_written(before)
        lt.deadline_wait(lambda: re.search(r'written again',
                                           self.daemon.log(since_start=True)),
                         10, 'a note in the log that writing works again')


class ConcurrentReader(DurabilityTestCase):
    """Another process in a read transaction (as `sqlite3` would be)."""

    def timed(self, *args):
        start = time.monotonic()
        p = self.ctl_ok(*args)
        took = time.monotonic() - start
        self.assertLess(took, 1.0 * lt.TIME_SCALE,
                        'limberctl %s took %.2f s with a reader open' % (' '.join(args), took))
        return p

    def check_with_reader(self, begin, select):
        """`begin()` opens the read transaction; `select()` counts events
        in it; returns the connection's closer."""
        self.start_daemon()
        self.ctl_ok('done', 'cat-cow')
        before = len(self.events())
        end = begin()
        try:
            self.assertEqual(select(), before)
            self.timed('done', 'seated-twist')
            self.timed('break', 'doorway-stretch')
            self.timed('snooze', '5m')
            self.timed('skip')
            self.timed('pause', '1h')
            self.timed('resume')
            st = self.timed('status', '--json')
            self.assertIn('"state"', st.stdout)
            self.timed('status')
            self.timed('history', '--json', '--days', '30')
            self.timed('log', '--json')
            # The reader's snapshot is where it began.
            self.assertEqual(select(), before)
        finally:
            end()
        # The writes were there all along, for whoever looks now.
        kinds = [e['kind'] for e in self.events()][before:]
        self.assertEqual(kinds, ['completed', 'due', 'snoozed', 'skipped', 'paused', 'resumed'])
        self.assertEqual(self.integrity(), 'ok')
        self.assertEqual(self.status()['warnings'], [])

    def test_python_reader(self):
        state = {}

        def begin():
            db = sqlite3.connect(self.db_path, isolation_level=None)
            db.execute('BEGIN')
            state['db'] = db
            return lambda: (db.execute('COMMIT'), db.close())

        def select():
            return state['db'].execute('SELECT COUNT(*) FROM events').fetchone()[0]

        self.check_with_reader(begin, select)

    def test_sqlite3_shell_reader(self):
        """The sqlite3 program itself, its transaction open all along."""
        if shutil.which('sqlite3') is None:
            self.skipTest('no sqlite3 program')
        state = {}

        def select():
            proc = state['proc']
            # A marker line after each answer: the shell's output is read
            # up to it, whatever the shell buffers.
            proc.stdin.write('SELECT COUNT(*) FROM events;\nSELECT \'--end--\';\n')
            proc.stdin.flush()
            lines = []
            while True:
                line = proc.stdout.readline()
                self.assertTrue(line, 'the sqlite3 shell ended')
                if line.strip() == '--end--':
                    return int(lines[-1])
                lines.append(line.strip())

        def begin():
            proc = subprocess.Popen(['sqlite3', '-batch', self.db_path], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True, bufsize=1)
            state['proc'] = proc
            proc.stdin.write('BEGIN;\n')

            def end():
                proc.stdin.write('COMMIT;\n.quit\n')
                proc.stdin.close()
                proc.wait(timeout=10)
                proc.stdout.close()
            return end

        self.check_with_reader(begin, select)


class SchemaUpgrade(DurabilityTestCase):
    """A database written by the schema-1 limberd (tests/fixtures)."""

    def test_v1_database_is_upgraded(self):
        self.env['TZ'] = 'UTC'
        old_events = query(FIXTURE_V1, 'SELECT ts, kind, stretch, seconds FROM events ORDER BY id')
        old_spells = query(FIXTURE_V1, 'SELECT start_ts, end_ts FROM spells')
        self.assertEqual(len(old_events), 9)
        self.assertEqual(query(FIXTURE_V1, 'PRAGMA user_version'), [(1,)])
        os.makedirs(os.path.dirname(self.db_path), mode=0o700)
        shutil.copyfile(FIXTURE_V1, self.db_path)
        os.chmod(self.db_path, 0o600)

        self.start_daemon()
        self.assertEqual(self.status()['warnings'], [])
        self.assertEqual(glob.glob(self.db_path + '.corrupt-*'), [])
        self.assertEqual(query(self.db_path, 'PRAGMA user_version'), [(2,)])
        self.assertEqual(self.integrity(), 'ok')

        # The old rows keep their ids; limberd may have added its own after
        # them (a natural break for the time it was not running).
        migrated = query(self.db_path, 'SELECT uuid FROM events WHERE id <= 9 ORDER BY id')
        by_uuid = {e['uuid']: e for e in self.ctl_json('log', '--json', '--limit', '100000')}
        self.assertEqual(len(by_uuid), len(query(self.db_path, 'SELECT id FROM events')),
                         'one uuid per event')
        self.assertEqual(len(migrated), 9)
        for (u,), (ts, kind, stretch, seconds) in zip(migrated, old_events):
            self.assertRegex(u, UUID_RE)
            e = by_uuid[u]
            self.assertEqual((e['ts'], e['kind'], e['stretch'], e['seconds'], e['host']),
                             (ts, kind, stretch, seconds, HOST), 'an old event as it was')

        # Spells too; no row without a uuid or host; uuids unique by index.
        spells = query(self.db_path, 'SELECT start_ts, end_ts, uuid, host FROM spells')
        self.assertTrue({(s, e) for s, e in old_spells} <= {(s, e) for s, e, _, _ in spells})
        for _, _, u, h in spells:
            self.assertRegex(u, UUID_RE)
            self.assertEqual(h, HOST)
        for table in ('events', 'spells'):
            self.assertEqual(query(self.db_path, 'SELECT COUNT(*) FROM %s WHERE uuid IS NULL '
                                   'OR host IS NULL' % table), [(0,)])
        indexes = {name: unique for _, name, unique, _, _ in
                   query(self.db_path, 'PRAGMA index_list(events)') +
                   query(self.db_path, 'PRAGMA index_list(spells)')}
        self.assertEqual(indexes.get('events_uuid'), 1, indexes)
        self.assertEqual(indexes.get('spells_uuid'), 1, indexes)

        # The old day reads as before: two done, a snooze, a skip.
        old_day = time.strftime('%Y-%m-%d', time.gmtime(old_events[0][0]))
        day = self.ctl_json('history', '--json', '--from', old_day, '--to', old_day)[0]
        self.assertEqual((day['completed'], day['snoozed'], day['skipped']), (2, 1, 1), day)
        self.assertEqual(self.call('GetHosts', None, '(ass)'), ([HOST], HOST))

        # New records go in beside them; a restart changes no uuid.
        self.ctl_ok('done', 'cat-cow')
        uuids = query(self.db_path, 'SELECT id, uuid, host FROM events ORDER BY id')
        self.restart_daemon()
        self.assertEqual(query(self.db_path, 'SELECT id, uuid, host FROM events ORDER BY id'),
                         uuids)
        self.assertEqual(query(self.db_path, 'PRAGMA user_version'), [(2,)])


if __name__ == '__main__':
    lt.main()
