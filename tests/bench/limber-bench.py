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
  - with a database of 1,000,000 events: start to bus name acquired, and
    `limberctl history --days 365 --json` (medians);
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
overrides the quiet window too.
"""

import argparse
import os
import random
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


def fill_database(path, count, days=365):
    """`count` events spread over `days` days, with the sitting spells
    between them, written straight into limberd's schema."""
    now = int(time.time())
    start = now - days * 86400
    step = (now - start) / count
    kinds = ['due', 'completed', 'due', 'snoozed', 'due', 'skipped',
             'natural', 'dismissed', 'paused', 'resumed']
    stretches = list(lt.CATALOGUE_IDS)
    rng = random.Random(1)

    def events():
        for i in range(count):
            kind = kinds[i % len(kinds)]
            stretch = (rng.choice(stretches)
                       if kind in ('due', 'completed', 'skipped', 'dismissed')
                       else None)
            seconds = 600 if kind == 'snoozed' else 0
            yield (int(start + i * step), kind, stretch, seconds)

    def spells():
        t = start
        while t < now - 3600:
            yield (t, t + 2700)
            t += 3600

    db = sqlite3.connect(path)
    try:
        with db:
            db.executemany('INSERT INTO events (ts, kind, stretch, seconds) '
                           'VALUES (?, ?, ?, ?)', events())
            db.executemany('INSERT INTO spells (start_ts, end_ts) '
                           'VALUES (?, ?)', spells())
        db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    finally:
        db.close()


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
                world.stop_daemon()
                t0 = time.perf_counter()
                fill_database(world.db_path, BIG_DB_EVENTS)
                print('(filled the database with %d events in %.1f s)'
                      % (BIG_DB_EVENTS, time.perf_counter() - t0), flush=True)
                starts = []
                for _ in range(5):
                    starts.append(world.start_daemon())
                    world.stop_daemon()
                report.figure('limberd start to bus name (1M events), median',
                              statistics.median(starts) * 1000, 'ms', 50,
                              fmt='%.1f')
                world.start_daemon()
                history = timed_runs(world, ['history', '--days', '365',
                                             '--json'], 10, warmup=1)
                report.figure('limberctl history --days 365 --json (1M)',
                              history * 1000, 'ms', 50, fmt='%.1f')
            except Exception as e:
                report.failed('1M-event database figures', e)
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

    if report.failures:
        print('could not measure: %s' % ', '.join(report.failures),
              file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
