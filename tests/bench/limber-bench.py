#!/usr/bin/python3
"""Limber's benchmark: the figures of DESIGN.md's performance budgets.

It starts a private session bus, a recording notification server, real
headless Mutter and the built limberd (activity backend: mutter), then
prints each figure next to its budget:

  - limberd PSS and RSS (/proc/PID/smaps_rollup) after start and after
    1,000 break cycles (Break then Done over D-Bus, from one connection);
  - `limberctl status` whole-process latency (median of 50 runs);
  - context switches of limberd (voluntary + nonvoluntary, all threads, from
    /proc/PID/task/*/status) over a quiet window, 300 s unless told
    otherwise, that starts once the user has been idle long enough for
    limberd's idle watch to have fired (the cost of that one event is
    printed on its own line);
  - with a database of 1,000,000 events over ten years, written by
    limber-generate-history.py: start to bus name acquired, `limberctl
    history --days 365` as JSON, piped and on a terminal, `limberctl log
    --limit 100 --json` (medians), an export of everything (time and MB/s)
    and its import into an empty database (time); then, for the record,
    the query plan and time of each SELECT limberd's store runs, read
    straight from the file with sqlite3 while limberd has it open;
  - then for each other activity backend (wayland against the test
    compositor, x11 against Xvfb, screensaver against the fake
    org.freedesktop.ScreenSaver) the context switches over the same quiet
    window, and for the two that must ask (x11, screensaver) how many
    queries they made and the delays they announced, which show the
    adaptive rule at work.

It is not a pass/fail test: figures over budget are marked, and the exit
status is non-zero only when something could not be measured.

By hand, after a build in BUILD:
    LIMBER_BUILD_DIR=BUILD /usr/bin/python3 tests/bench/limber-bench.py --quiet-seconds 30
or `meson test -C BUILD --benchmark --verbose`. LIMBER_BENCH_QUIET_SECONDS
overrides the quiet window too. Only the big-database figures:
    LIMBER_BUILD_DIR=BUILD /usr/bin/python3 tests/bench/limber-bench.py --only-big-db
"""

import argparse
import datetime
import os
import pty
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'integration'))
import limbertest as lt  # noqa: E402
import screensaverharness  # noqa: E402
import waylandharness  # noqa: E402
import x11harness  # noqa: E402
from gi.repository import GLib  # noqa: E402

MIB = 1024 * 1024

BENCH_CONFIG = """\
[breaks]
interval=2h
natural-break=1h

[activity]
backend=%s
"""

# The other backends, each with the desktop part it talks to. The query
# backends log one line per query ("... idle X s; next query in Y s").
BACKENDS = ('wayland', 'x11', 'screensaver')
QUERY_LINE = {
    'x11': re.compile(r'X11 idle ([0-9.]+) s; next query in ([0-9.]+) s'),
    'screensaver': re.compile(r'ScreenSaver idle ([0-9.]+) s; next query in ([0-9.]+) s'),
}

BIG_DB_EVENTS = 1_000_000
# Two computers, as after importing one's export into the other: the
# heavier case for the queries of all hosts.
BIG_DB_HOSTS = ('laptop', 'desktop')
BIG_DB_SEED = 1
GENERATOR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         'limber-generate-history.py')


def store_queries(from_ts, to_ts, today_ts, host):
    """The SELECTs of limberd's store (daemon/limber-store-history.c and the
    export in daemon/limber-exchange.c), bound the way `history --days 365`
    binds them: from_ts..to_ts is its range of local days, today_ts the
    start of today. Copied by hand: keep them in step with the store."""
    counted = ('completed', 'snoozed', 'skipped', 'dismissed', 'natural')
    return (
        ('days: spells',
         'SELECT start_ts, end_ts FROM spells '
         'WHERE end_ts > ?1 AND start_ts < ?2', (from_ts, to_ts)),
        ('days: spells, one host',
         'SELECT start_ts, end_ts FROM spells '
         'WHERE host = ?3 AND end_ts > ?1 AND start_ts < ?2',
         (from_ts, to_ts, host)),
        ('days: events',
         'SELECT kind, ts FROM events WHERE kind IN (?3, ?4, ?5, ?6, ?7) '
         'AND ts >= ?1 AND ts < ?2', (from_ts, to_ts) + counted),
        ('days: events, one host',
         'SELECT kind, ts FROM events '
         'WHERE host = ?8 AND kind IN (?3, ?4, ?5, ?6, ?7) '
         'AND ts >= ?1 AND ts < ?2', (from_ts, to_ts) + counted + (host,)),
        ('streaks',
         'SELECT ts FROM events WHERE kind = ?1 AND ts < ?2 ORDER BY ts',
         ('completed', to_ts)),
        ('streaks, one host',
         'SELECT ts FROM events WHERE host = ?3 AND kind = ?1 AND ts < ?2 '
         'ORDER BY ts', ('completed', to_ts, host)),
        ('stretch counts',
         'SELECT stretch, kind, COUNT(*) FROM events '
         'WHERE ts >= ?1 AND ts < ?2 AND stretch IS NOT NULL '
         'GROUP BY stretch, kind', (from_ts, to_ts)),
        ('stretch counts, one host',
         'SELECT stretch, kind, COUNT(*) FROM events '
         'WHERE host = ?3 AND ts >= ?1 AND ts < ?2 AND stretch IS NOT NULL '
         'GROUP BY stretch, kind', (from_ts, to_ts, host)),
        ('log',
         'SELECT ts, kind, stretch, seconds, uuid, host FROM events '
         'WHERE ts >= ?1 ORDER BY ts DESC, id DESC LIMIT ?2', (0, 100)),
        ('log, one host',
         'SELECT ts, kind, stretch, seconds, uuid, host FROM events '
         'WHERE host = ?3 AND ts >= ?1 ORDER BY ts DESC, id DESC LIMIT ?2',
         (0, 100, host)),
        ('hosts',
         'WITH RECURSIVE'
         ' event_hosts (name) AS ('
         '  SELECT MIN(host) FROM events'
         '  UNION ALL'
         '  SELECT (SELECT MIN(host) FROM events WHERE host > name)'
         '  FROM event_hosts WHERE name IS NOT NULL),'
         ' spell_hosts (name) AS ('
         '  SELECT MIN(host) FROM spells'
         '  UNION ALL'
         '  SELECT (SELECT MIN(host) FROM spells WHERE host > name)'
         '  FROM spell_hosts WHERE name IS NOT NULL)'
         ' SELECT name FROM event_hosts WHERE name IS NOT NULL'
         ' UNION'
         ' SELECT name FROM spell_hosts WHERE name IS NOT NULL'
         ' ORDER BY name', ()),
        ('completed today',
         'SELECT COUNT(*) FROM events WHERE kind = ?1 AND ts >= ?2 AND ts < ?3',
         ('completed', today_ts, to_ts)),
        ('latest completed per stretch',
         'SELECT stretch, MAX(ts) FROM events '
         'WHERE kind = ?1 AND stretch IS NOT NULL '
         'AND ts >= (SELECT MAX(ts) FROM events WHERE kind = ?1) - ?2 '
         'GROUP BY stretch',
         ('completed', 90 * 86400)),
        ('latest suggested per stretch',
         'SELECT stretch, MAX(ts) FROM events '
         'WHERE kind = ?1 AND stretch IS NOT NULL '
         'AND ts >= (SELECT MAX(ts) FROM events WHERE kind = ?1) - ?2 '
         'GROUP BY stretch',
         ('due', 90 * 86400)),
        ('last suggested',
         'SELECT stretch FROM events WHERE kind = ?1 '
         'ORDER BY ts DESC, id DESC LIMIT 1', ('due',)),
        ('export: events',
         "SELECT json_object('type', 'event', 'uuid', uuid, 'host', host,"
         " 'ts', ts, 'kind', kind, 'stretch', stretch, 'seconds', seconds)"
         ' FROM events WHERE ts >= ?1 ORDER BY ts, id', (0,)),
        ('export: spells',
         "SELECT json_object('type', 'spell', 'uuid', uuid, 'host', host,"
         " 'start_ts', start_ts, 'end_ts', end_ts)"
         ' FROM spells WHERE start_ts >= ?1 ORDER BY start_ts, id', (0,)),
    )


def memory(pid):
    """(PSS, RSS) in bytes from /proc/PID/smaps_rollup."""
    values = {}
    with open('/proc/%d/smaps_rollup' % pid) as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] in ('Pss:', 'Rss:'):
                values[parts[0][:-1]] = int(parts[1]) * 1024
    return values['Pss'], values['Rss']


def median_memory(pid, samples=5):
    pss, rss = [], []
    for _ in range(samples):
        p, r = memory(pid)
        pss.append(p)
        rss.append(r)
        time.sleep(0.1)
    return statistics.median(pss), statistics.median(rss)


def context_switches(pid):
    """Voluntary + nonvoluntary context switches of every thread of pid,
    and of the main thread alone."""
    total = 0
    main = 0
    for tid in os.listdir('/proc/%d/task' % pid):
        count = 0
        with open('/proc/%d/task/%s/status' % (pid, tid)) as f:
            for line in f:
                if line.startswith(('voluntary_ctxt_switches',
                                    'nonvoluntary_ctxt_switches')):
                    count += int(line.split()[1])
        total += count
        if int(tid) == pid:
            main = count
    return total, main


class Report:
    def __init__(self):
        self.failures = []

    def figure(self, name, value, unit, budget=None, scale=1.0, fmt='%.2f',
               budget_text=None):
        text = (fmt % (value / scale)) + ' ' + unit
        if budget is None:
            verdict = ''
            budget_text = ''
        else:
            verdict = 'ok' if value <= budget else 'OVER BUDGET'
            if budget_text is None:
                budget_text = (fmt % (budget / scale)) + ' ' + unit
            budget_text = 'budget <= ' + budget_text
        print('%-52s %14s   %-24s %s' % (name, text, budget_text, verdict),
              flush=True)

    def failed(self, what, error):
        self.failures.append(what)
        print('%-52s %14s   (%s)' % (what, 'NOT MEASURED', error), flush=True)


class World:
    """Bus, notification server, Mutter and limberd in a temporary home."""

    def __init__(self, backend='mutter'):
        self.tmp = tempfile.mkdtemp(prefix='limber-bench-')
        home = os.path.join(self.tmp, 'home')
        self.config_home = os.path.join(home, '.config')
        self.data_home = os.path.join(home, '.local', 'share')
        runtime = os.path.join(self.tmp, 'runtime')
        os.makedirs(self.config_home)
        os.makedirs(self.data_home)
        os.makedirs(runtime, 0o700)
        os.makedirs(os.path.join(self.config_home, 'limber'))
        with open(os.path.join(self.config_home, 'limber', 'limber.conf'),
                  'w') as f:
            f.write(BENCH_CONFIG % backend)
        self.db_path = os.path.join(self.data_home, 'limber', 'limber.db')
        self.env = {
            'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
            'HOME': home,
            'XDG_CONFIG_HOME': self.config_home,
            'XDG_DATA_HOME': self.data_home,
            'XDG_RUNTIME_DIR': runtime,
            'LIMBER_DATA_DIR': lt.DATA_DIR,
            'LANG': 'C.UTF-8',
        }
        self.runtime = runtime
        self.bus = self.notify = self.mutter = self.daemon = None
        self.desktop = None
        self.log_path = os.path.join(self.tmp, 'limberd.log')
        self.bus = lt.PrivateBus(self.tmp, self.env)
        self.env['DBUS_SESSION_BUS_ADDRESS'] = self.bus.address
        self.notify = lt.NotificationServer(self.bus, self.env, self.tmp)
        if backend == 'mutter':
            self.mutter = lt.Mutter(self.bus, self.env, self.tmp)
        elif backend == 'x11':
            self.desktop = x11harness.Xvfb(self.tmp, self.env)
            self.env.update(DISPLAY=self.desktop.display, XDG_SESSION_TYPE='x11')
        elif backend == 'wayland':
            self.desktop = waylandharness.TestCompositor(
                runtime, self.env, os.path.join(self.tmp, 'compositor.log'))
            self.env['WAYLAND_DISPLAY'] = self.desktop.socket
        elif backend == 'screensaver':
            self.desktop = screensaverharness.FakeScreenSaver(self.bus, self.env, self.tmp)

    def start_daemon(self, verbose=False):
        """Start limberd; return seconds from spawn to its bus name being
        owned, timed on NameOwnerChanged (not by polling)."""
        loop = GLib.MainLoop()
        acquired = {}

        def on_owner_changed(conn, sender, path, iface, signal, params):
            name, old, new = params.unpack()
            if name == lt.BUS_NAME and new:
                acquired['t'] = time.perf_counter()
                loop.quit()

        sub = self.bus.conn.signal_subscribe(
            'org.freedesktop.DBus', 'org.freedesktop.DBus',
            'NameOwnerChanged', '/org/freedesktop/DBus', lt.BUS_NAME,
            0, on_owner_changed)
        timeout = GLib.timeout_add_seconds(30, loop.quit)
        started = time.perf_counter()
        self.daemon = lt.Limberd(self.bus, self.env, self.log_path,
                                  verbose=verbose)
        loop.run()
        self.bus.conn.signal_unsubscribe(sub)
        if 't' not in acquired:
            raise RuntimeError('limberd did not own its name in 30 s')
        GLib.source_remove(timeout)
        self.daemon.wait_ready()
        return acquired['t'] - started

    def stop_daemon(self):
        if self.daemon is not None:
            rc = self.daemon.stop()
            self.daemon = None
            if rc != 0:
                raise RuntimeError('limberd exited %s on SIGTERM' % rc)

    def call(self, method, args=None, reply=None):
        return self.bus.call(lt.BUS_NAME, lt.OBJECT_PATH, lt.INTERFACE,
                             method, args, reply)

    def ctl(self, *args):
        return subprocess.run([lt.LIMBERCTL, *args], env=self.env,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)

    def log(self):
        try:
            with open(self.log_path, errors='replace') as f:
                return f.read()
        except OSError:
            return ''

    def close(self):
        for part in ('daemon', 'mutter', 'desktop', 'notify', 'bus'):
            obj = getattr(self, part)
            if obj is not None:
                try:
                    obj.stop()
                except Exception:   # cleaning up: keep going
                    traceback.print_exc()
        shutil.rmtree(self.tmp, ignore_errors=True)


def timed_runs(world, args, runs, warmup=3):
    for _ in range(warmup):
        world.ctl(*args)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = world.ctl(*args)
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            raise RuntimeError('limberctl %s exited %d: %s'
                               % (' '.join(args), p.returncode, p.stderr))
    return statistics.median(times)


def backend_quiet_window(report, backend, opts):
    """limberd on `backend` with nobody at the keyboard: the context
    switches over the quiet window, and for the query backends the queries
    it made and the delays it announced (the adaptive rule: threshold - X
    while active, then 2, 4, 8, 16, 30, 30 ... s while away)."""
    world = World(backend)
    try:
        world.start_daemon(verbose=backend in QUERY_LINE)
        pid = world.daemon.pid
        chosen = world.bus.call(lt.BUS_NAME, lt.OBJECT_PATH,
                                'org.freedesktop.DBus.Properties', 'Get',
                                GLib.Variant('(ss)', (lt.INTERFACE, 'Backend')),
                                '(v)')[0]
        if chosen != backend:
            report.failed('%s quiet window' % backend, 'backend is %r' % chosen)
            return
        # Past the 60 s threshold, so the one idle event is behind us.
        time.sleep(opts.settle_idle_seconds)
        before, _ = context_switches(pid)
        queries_before = len(query_delays(world, backend))
        time.sleep(opts.quiet_seconds)
        after, _ = context_switches(pid)
        if not world.daemon.alive():
            raise RuntimeError('limberd died during the quiet window')
        if backend in QUERY_LINE:
            delays = query_delays(world, backend)
            report.figure('%s: context switches in %g s quiet'
                          % (backend, opts.quiet_seconds), after - before, '',
                          fmt='%g')
            report.figure('%s: queries in %g s quiet (1 s tick: %d)'
                          % (backend, opts.quiet_seconds, opts.quiet_seconds),
                          len(delays) - queries_before, '', fmt='%g')
            print('  %s: announced delays since start (s): %s'
                  % (backend, ', '.join('%.1f' % d for d in delays)), flush=True)
        else:
            report.figure('%s: context switches in %g s quiet'
                          % (backend, opts.quiet_seconds), after - before, '',
                          5 * opts.quiet_seconds / 300, fmt='%g',
                          budget_text='5 per 300 s')
    except Exception as e:
        traceback.print_exc()
        report.failed('%s quiet window' % backend, e)
        sys.stderr.write('--- limberd log ---\n%s\n' % world.log())
    finally:
        world.close()


def query_delays(world, backend):
    if backend not in QUERY_LINE:
        return []
    return [float(m.group(2)) for m in QUERY_LINE[backend].finditer(world.log())]


def generate_database(path, count):
    """Replaces the database at `path` with `count` events of generated
    history; prints the generator's summary."""
    subprocess.run([sys.executable, GENERATOR, path, '--force',
                    '--events', str(count), '--years', '10',
                    '--hosts', ','.join(BIG_DB_HOSTS),
                    '--seed', str(BIG_DB_SEED), '--limberd', lt.LIMBERD],
                   check=True)
    sys.stdout.flush()


def timed_pty_runs(world, args, runs, warmup=1):
    """Median time of `limberctl ARGS` writing to a terminal (a pty whose
    other end is read as fast as it comes)."""
    times = []
    for i in range(warmup + runs):
        controller, terminal = pty.openpty()
        t0 = time.perf_counter()
        proc = subprocess.Popen([lt.LIMBERCTL, *args], env=world.env,
                                stdin=subprocess.DEVNULL, stdout=terminal,
                                stderr=subprocess.PIPE)
        os.close(terminal)
        try:
            while True:
                try:
                    if not os.read(controller, 65536):
                        break
                except OSError:   # EIO: the last writer has gone
                    break
        finally:
            os.close(controller)
        err = proc.stderr.read().decode(errors='replace')
        proc.stderr.close()
        rc = proc.wait()
        took = time.perf_counter() - t0
        if rc != 0:
            raise RuntimeError('limberctl %s exited %d: %s'
                               % (' '.join(args), rc, err))
        if i >= warmup:
            times.append(took)
    return statistics.median(times)


def timed_to_file(world, args, path, stdin_path=None):
    """Seconds `limberctl ARGS` takes with its output in `path`."""
    with open(path, 'wb') as out:
        stdin = open(stdin_path, 'rb') if stdin_path else subprocess.DEVNULL
        try:
            t0 = time.perf_counter()
            p = subprocess.run([lt.LIMBERCTL, *args], env=world.env,
                               stdin=stdin, stdout=out,
                               stderr=subprocess.PIPE, text=True)
            took = time.perf_counter() - t0
        finally:
            if stdin_path:
                stdin.close()
    if p.returncode != 0:
        raise RuntimeError('limberctl %s exited %d: %s'
                           % (' '.join(args), p.returncode, p.stderr))
    return took


def local_midnight(day):
    return int(datetime.datetime.combine(day, datetime.time()).timestamp())


def print_query_plans(path, host):
    """EXPLAIN QUERY PLAN and the time of each of the store's SELECTs, run
    here with Python's sqlite3 on a read-only connection (every row
    fetched; median of 3)."""
    today = datetime.date.today()
    from_ts = local_midnight(today - datetime.timedelta(days=364))
    to_ts = local_midnight(today + datetime.timedelta(days=1))
    db = sqlite3.connect('file:%s?mode=ro' % path, uri=True)
    try:
        print('store queries on the big database (sqlite %s, read-only '
              'connection beside limberd; history --days 365 range):'
              % sqlite3.sqlite_version, flush=True)
        for label, sql, params in store_queries(from_ts, to_ts,
                                                local_midnight(today), host):
            plan = db.execute('EXPLAIN QUERY PLAN ' + sql, params).fetchall()
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                rows = len(db.execute(sql, params).fetchall())
                times.append(time.perf_counter() - t0)
            print('  %-34s %9.1f ms %9d rows'
                  % (label, statistics.median(times) * 1000, rows))
            for row in plan:
                print('      %s' % row[-1])
        sys.stdout.flush()
    finally:
        db.close()


def count_rows(path):
    db = sqlite3.connect('file:%s?mode=ro' % path, uri=True)
    try:
        return tuple(db.execute('SELECT COUNT(*) FROM %s' % table).fetchone()[0]
                     for table in ('events', 'spells'))
    finally:
        db.close()


def big_database(report, world, opts):
    """The figures on a database of opts.big_db_events events."""
    events = opts.big_db_events
    label = '%gM' % (events / 1e6) if events >= 100_000 else '%d' % events
    world.stop_daemon()
    t0 = time.perf_counter()
    generate_database(world.db_path, events)
    print('(generated %d events in %.1f s)'
          % (events, time.perf_counter() - t0), flush=True)
    n_events, n_spells = count_rows(world.db_path)

    starts = []
    for _ in range(5):
        starts.append(world.start_daemon())
        world.stop_daemon()
    report.figure('limberd start to bus name (%s events), median' % label,
                  statistics.median(starts) * 1000, 'ms', 50, fmt='%.1f')

    world.start_daemon()
    for what, args, budget in (
            ('history --days 365 --json', ['history', '--days', '365', '--json'], 50),
            ('history --days 365, piped', ['history', '--days', '365'], None),
            ('log --limit 100 --json', ['log', '--limit', '100', '--json'], None)):
        try:
            took = timed_runs(world, args, 10, warmup=1)
            report.figure('limberctl %s (%s)' % (what, label), took * 1000,
                          'ms', budget, fmt='%.1f')
        except Exception as e:
            report.failed('limberctl %s (%s)' % (what, label), e)
    try:
        took = timed_pty_runs(world, ['history', '--days', '365'], 10)
        report.figure('limberctl history --days 365, terminal (%s)' % label,
                      took * 1000, 'ms', fmt='%.1f')
    except Exception as e:
        report.failed('limberctl history --days 365, terminal', e)

    export_path = os.path.join(world.tmp, 'export.jsonl')
    exported = False
    try:
        times = [timed_to_file(world, ['export'], export_path)
                 for _ in range(3)]
        size = os.path.getsize(export_path)
        with open(export_path, 'rb') as f:
            lines = sum(1 for _ in f)
        if lines != 1 + n_events + n_spells:
            raise RuntimeError('%d lines for %d events and %d spells'
                               % (lines, n_events, n_spells))
        took = statistics.median(times)
        report.figure('limberctl export, everything (%s), median of 3'
                      % label, took, 's', fmt='%.2f')
        report.figure('  export rate (%.0f MB)' % (size / 1e6),
                      size / 1e6 / took, 'MB/s', fmt='%.1f')
        exported = True
    except Exception as e:
        report.failed('limberctl export (%s)' % label, e)

    try:
        print_query_plans(world.db_path, BIG_DB_HOSTS[-1])
    except Exception as e:
        report.failed('store query plans', e)
    world.stop_daemon()

    if not exported:
        return
    # The same export into a database that has nothing yet, then again
    # (every record known by then).
    try:
        for suffix in ('', '-wal', '-shm'):
            if os.path.exists(world.db_path + suffix):
                os.rename(world.db_path + suffix,
                          world.db_path + '.big' + suffix)
        world.start_daemon()
        devnull = os.path.join(world.tmp, 'import.out')
        took = timed_to_file(world, ['import', export_path], devnull)
        got = count_rows(world.db_path)
        if got != (n_events, n_spells):
            raise RuntimeError('imported %d events and %d spells, not %d and %d'
                               % (got + (n_events, n_spells)))
        report.figure('limberctl import into an empty database (%s)' % label,
                      took, 's', fmt='%.2f')
        took = timed_to_file(world, ['import', export_path], devnull)
        report.figure('  the same import again (all known)', took, 's',
                      fmt='%.2f')
    except Exception as e:
        report.failed('limberctl import (%s)' % label, e)
    finally:
        world.stop_daemon()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--quiet-seconds', type=float,
                        default=float(os.environ.get(
                            'LIMBER_BENCH_QUIET_SECONDS', '300')),
                        help='length of the quiet window (default 300)')
    parser.add_argument('--settle-idle-seconds', type=float, default=75,
                        help='Mutter idle time to reach before the quiet '
                        'window (past limberd\'s 60 s idle watch)')
    parser.add_argument('--cycles', type=int, default=1000)
    parser.add_argument('--status-runs', type=int, default=50)
    parser.add_argument('--skip-big-db', action='store_true',
                        help='leave out the 1,000,000-event database figures')
    parser.add_argument('--only-big-db', action='store_true',
                        help='measure nothing but the big database figures '
                        '(limberd without an activity backend)')
    parser.add_argument('--big-db-events', type=int, default=BIG_DB_EVENTS,
                        help='events in the big database (default %(default)s)')
    parser.add_argument('--backends', default=','.join(BACKENDS),
                        help='the other activity backends whose quiet window '
                        'to measure (default: %(default)s; "" for none)')
    opts = parser.parse_args()

    # Run by hand: the test compositor is in the same build directory.
    os.environ.setdefault('LIMBER_TEST_COMPOSITOR', os.path.join(
        os.path.dirname(os.path.dirname(lt.LIMBERD)), 'tests', 'wayland',
        'limber-test-compositor'))
    for path in (lt.LIMBERD, lt.LIMBERCTL):
        if not os.access(path, os.X_OK):
            print('not built: %s (set LIMBER_BUILD_DIR)' % path,
                  file=sys.stderr)
            return 1

    report = Report()
    world = None
    if opts.only_big_db:
        try:
            world = World('none')
            print('limberd %s, big database only' % lt.LIMBERD, flush=True)
            big_database(report, world, opts)
        except Exception as e:
            traceback.print_exc()
            report.failed('big database figures', e)
            if world is not None:
                sys.stderr.write('--- limberd log ---\n%s\n' % world.log())
        finally:
            if world is not None:
                world.close()
        return finish(report)

    try:
        world = World('mutter')
        print('limberd %s, Mutter pid %s, quiet window %g s, %d cycles'
              % (lt.LIMBERD, world.mutter.proc.pid, opts.quiet_seconds,
                 opts.cycles), flush=True)

        start_seconds = world.start_daemon()
        pid = world.daemon.pid
        backend = world.bus.call(lt.BUS_NAME, lt.OBJECT_PATH,
                                 'org.freedesktop.DBus.Properties', 'Get',
                                 GLib.Variant('(ss)', (lt.INTERFACE, 'Backend')),
                                 '(v)')[0]
        if backend != 'mutter':
            report.failed('activity backend', 'is %r, not mutter' % backend)
        report.figure('limberd start to bus name (empty database)',
                      start_seconds * 1000, 'ms', 50, fmt='%.1f')

        # Memory after start, once it has settled.
        time.sleep(1)
        pss, rss = median_memory(pid)
        report.figure('limberd PSS after start', pss, 'MiB', 4 * MIB, MIB)
        report.figure('limberd RSS after start', rss, 'MiB', 10 * MIB, MIB)

        # Break cycles from one connection.
        try:
            t0 = time.perf_counter()
            for _ in range(opts.cycles):
                world.call('Break', GLib.Variant('(s)', ('',)), '(s)')
                world.call('Done', GLib.Variant('(s)', ('',)), '(s)')
            took = time.perf_counter() - t0
            report.figure('break cycle (Break + Done), mean', took /
                          opts.cycles * 1000, 'ms', fmt='%.2f')
            time.sleep(1)
            pss, rss = median_memory(pid)
            report.figure('limberd PSS after %d break cycles' % opts.cycles,
                          pss, 'MiB', 4 * MIB, MIB)
            report.figure('limberd RSS after %d break cycles' % opts.cycles,
                          rss, 'MiB', 10 * MIB, MIB)
        except Exception as e:
            report.failed('break cycles', e)

        try:
            latency = timed_runs(world, ['status'], opts.status_runs)
            report.figure('limberctl status, median of %d' % opts.status_runs,
                          latency * 1000, 'ms', 5, fmt='%.2f')
        except Exception as e:
            report.failed('limberctl status latency', e)

        # The user touches the mouse once and then leaves it: limberd hears
        # about the idle once (its Mutter idle watch, at min(natural-break,
        # 60 s) of idle). That is an event, so it is settled first and
        # reported on its own line; the quiet window after it is the figure
        # with a budget: nothing happens, nothing should wake limberd.
        world.mutter.move_pointer()
        before, _ = context_switches(pid)
        lt.deadline_wait(lambda: world.mutter.idletime_ms() >=
                         opts.settle_idle_seconds * 1000,
                         opts.settle_idle_seconds + 30, 'Mutter idle time')
        after, _ = context_switches(pid)
        report.figure('context switches while going idle (%g s)'
                      % opts.settle_idle_seconds, after - before, '',
                      fmt='%g')

        before, before_main = context_switches(pid)
        time.sleep(opts.quiet_seconds)
        if not world.daemon.alive():
            raise RuntimeError('limberd died during the quiet window')
        after, after_main = context_switches(pid)
        budget = 5 * opts.quiet_seconds / 300
        report.figure('context switches in %g s quiet (all threads)'
                      % opts.quiet_seconds, after - before, '', budget,
                      fmt='%g', budget_text='5 per 300 s')
        report.figure('  of which the main thread', after_main - before_main,
                      '', fmt='%g')

        if not opts.skip_big_db:
            try:
                big_database(report, world, opts)
            except Exception as e:
                traceback.print_exc()
                report.failed('big database figures', e)
    except Exception as e:
        traceback.print_exc()
        report.failed('benchmark', e)
        if world is not None:
            sys.stderr.write('--- limberd log ---\n%s\n' % world.log())
    finally:
        if world is not None:
            world.close()

    for backend in filter(None, opts.backends.split(',')):
        backend_quiet_window(report, backend, opts)
    return finish(report)


def finish(report):
    if report.failures:
        print('could not measure: %s' % ', '.join(report.failures),
              file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
