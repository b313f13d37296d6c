#!/usr/bin/python3
"""Write years of made-up but plausible Limber history into a database file.

    limber-generate-history.py DB [--events 1000000] [--years 10]
        [--hosts laptop,desktop] [--seed N] [--end YYYY-MM-DD]

The file gets limberd's own schema: the built limberd is started once
with `--db DB` on a private session bus and stopped again, so the tables,
indexes and user_version are exactly what limberd creates (no CREATE
statement is repeated here). The rows it wrote during that short run are
removed and the history is filled in with Python's sqlite3. An existing DB
is left alone unless --force is given; then it is deleted first.

The history has the shape of a desk worker's: working days (Monday to
Friday, the odd weekend), working hours between 08:00 and 18:30 local time
with a lunch break, a few weeks of holidays a year, sitting spells ended by
a reminder (done, guided, snoozed, skipped, dismissed, abandoned) or by a
natural break, and now and then a pause. Every row has a uuid and a host.

Exactly --events events are written, spread over the working time of the
period in proportion, so any year is as dense as any other. A person makes
about 20 events on a working day, some 45,000 in ten years; asking for
more packs more spells into the same working hours (the spells get
shorter, the days keep their shape), and the summary says so.

Run by hand, after a build in BUILD:
    LIMBER_BUILD_DIR=BUILD tests/bench/limber-generate-history.py /tmp/big.db
"""

import argparse
import datetime
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

BUS_NAME = 'io.github.limber.Limber1'
STRETCHES = ('doorway-stretch', 'seated-twist', 'shoulder-blade-squeeze',
             'chest-expansion', 'cat-cow')
KINDS = ('due', 'completed', 'snoozed', 'skipped', 'dismissed', 'natural',
         'paused', 'resumed', 'abandoned')

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# How often limberd suggests each stretch (it rotates, the places allowed
# tilt it a little) and how much more or less than average each one is
# declined: the floor one and the doorway one are turned down more often,
# which gives "which stretch do I skip most" a real answer.
SUGGESTED = (0.19, 0.22, 0.22, 0.20, 0.17)
DECLINE_FACTOR = (1.3, 0.7, 0.6, 0.9, 2.0)
# What follows a `due` on average; the decline kinds are scaled per stretch.
OUTCOMES = (('completed', 0.55), ('snoozed', 0.17), ('skipped', 0.13),
            ('dismissed', 0.11), ('abandoned', 0.04))
GUIDED_SHARE = 0.30          # of completed stretches, done with the guide
NATURAL_SHARE = 0.18         # of spells inside a work block, ended by leaving
SNOOZE_COUNTS = ((1, 0.55), (2, 0.30), (3, 0.15))
SNOOZE_LENGTHS = ((600, 0.70), (300, 0.15), (900, 0.10), (1800, 0.05))
AFTER_SNOOZE_COMPLETED = 0.65  # else skipped
PAUSE_DAY_SHARE = 0.04
WEEKEND_WORK_SHARE = 0.05
SICK_DAY_SHARE = 0.02
INSERT_CHUNK = 50_000


def fail(message):
    print('limber-generate-history: %s' % message, file=sys.stderr)
    sys.exit(1)


def cumulative(pairs):
    """(values, cumulative weights), for pick()."""
    values, weights, total = [], [], 0.0
    for value, weight in pairs:
        total += weight
        values.append(value)
        weights.append(total)
    return values, weights


def pick(rng, table):
    values, cum_weights = table
    return rng.choices(values, cum_weights=cum_weights)[0]


def outcome_table(decline):
    """The outcomes after a `due` for a stretch declined `decline` times as
    often as the average one."""
    scaled = [(kind, p * decline if kind in ('skipped', 'dismissed') else p)
              for kind, p in OUTCOMES]
    declined = sum(p for kind, p in scaled if kind in ('skipped', 'dismissed'))
    others = sum(p for kind, p in OUTCOMES if kind not in ('skipped', 'dismissed'))
    rest = (1.0 - declined) / others
    return cumulative([(kind, p if kind in ('skipped', 'dismissed') else p * rest)
                       for kind, p in scaled])


# ---------------------------------------------------------------- the calendar

def local_ts(day, minutes):
    """Unix time of `minutes` after local midnight of `day` (the process's
    time zone, so TZ decides, DST included)."""
    return int((datetime.datetime.combine(day, datetime.time())
                + datetime.timedelta(minutes=minutes)).timestamp())


def holidays(rng, first_year, last_year):
    """Days off besides weekends: a summer fortnight or three, the turn of
    the year, a spring week and a handful of single public holidays."""
    off = set()

    def span(start, days):
        for i in range(days):
            off.add(start + datetime.timedelta(days=i))

    for year in range(first_year - 1, last_year + 1):
        span(datetime.date(year, 7, 1)
             + datetime.timedelta(days=rng.randrange(50)), rng.randint(14, 21))
        span(datetime.date(year, 12, 21)
             + datetime.timedelta(days=rng.randrange(4)), rng.randint(10, 15))
        span(datetime.date(year, 3, 1)
             + datetime.timedelta(days=rng.randrange(80)), rng.randint(5, 9))
        for _ in range(8):
            off.add(datetime.date(year, 1, 1)
                    + datetime.timedelta(days=rng.randrange(365)))
    return off


class Window:
    """A block of work at the computer: from start to end, on one host,
    maybe right after a pause and maybe ending with one."""
    __slots__ = ('start', 'end', 'host', 'after_pause', 'pause_seconds',
                 'next_start')

    def __init__(self, start, end, host):
        self.start, self.end, self.host = start, end, host
        self.after_pause = False
        self.pause_seconds = None   # None: the block ends with the user leaving
        self.next_start = None


def plan_days(rng, first, last, cap, hosts):
    """The working days from `first` to `last`, each a list of Windows,
    cut off at `cap` (Unix time)."""
    off = holidays(rng, first.year, last.year)
    days = []
    day = first
    while day <= last:
        weekday = day.weekday()
        windows = []
        if weekday < 5:
            if day not in off and rng.random() >= SICK_DAY_SHARE:
                start = 8 * 60 + rng.uniform(0, 80)
                lunch = 12 * 60 + rng.uniform(0, 60)
                lunch_end = lunch + rng.uniform(30, 65)
                end = (15.5 if weekday == 4 else 16.5) * 60 + rng.uniform(0, 120)
                end = min(end, 18.5 * 60)
                windows = [(start, lunch), (lunch_end, end)]
        elif rng.random() < WEEKEND_WORK_SHARE:
            start = 10 * 60 + rng.uniform(0, 180)
            windows = [(start, start + rng.uniform(60, 240))]

        if windows:
            # A host per day; now and then the afternoon is on another one.
            host = rng.choice(hosts)
            day_windows = []
            for i, (a, b) in enumerate(windows):
                if i > 0 and len(hosts) > 1 and rng.random() < 0.15:
                    host = rng.choice(hosts)
                day_windows.append(Window(local_ts(day, a), local_ts(day, b), host))
            if rng.random() < PAUSE_DAY_SHARE:
                split_for_pause(rng, day_windows)
            day_windows = [w for w in day_windows if w.start < cap]
            for w in day_windows:
                w.end = min(w.end, cap)
            day_windows = [w for w in day_windows if w.end - w.start >= 60]
            if day_windows:
                days.append((day, day_windows))
        day += datetime.timedelta(days=1)

    following = None
    for _, windows in reversed(days):
        for w in reversed(windows):
            w.next_start = following
            following = w.start
    return days


def split_for_pause(rng, windows):
    """Pause somewhere in one block: it becomes two, the first ending with
    `paused`, the second starting with `resumed`."""
    i = rng.randrange(len(windows))
    w = windows[i]
    length = rng.uniform(15, 120) * 60
    at = w.start + (w.end - w.start) * rng.uniform(0.3, 0.7)
    if at - w.start < 600 or w.end - (at + length) < 600:
        return
    second = Window(int(at + length), w.end, w.host)
    second.after_pause = True
    second.pause_seconds = w.pause_seconds
    w.end = int(at)
    # Half the pauses are "until I resume", logged with 0 seconds; the
    # others ran for the time asked and ended on their own.
    w.pause_seconds = 0 if rng.random() < 0.5 else int(round(length / 60)) * 60
    windows.insert(i + 1, second)


# ----------------------------------------------------------------- the spells

class Writer:
    """Rows on their way to the database, with the tallies for the summary."""

    def __init__(self, db, rng):
        self.db = db
        self.rng = rng
        self.events = []
        self.spells = []
        self.kinds = dict.fromkeys(KINDS, 0)
        self.hosts = {}
        self.days = set()
        self.spell_count = 0
        self.spell_seconds = 0
        self.first_ts = None
        self.last_ts = None

    def uuid(self):
        # A version 4 uuid from the seeded generator, so that a given
        # --seed gives the same file every time.
        h = '%032x' % self.rng.getrandbits(128)
        return '%s-%s-4%s-%s%s-%s' % (h[:8], h[8:12], h[13:16],
                                      '89ab'[int(h[16], 16) & 3], h[17:20],
                                      h[20:])

    def event(self, ts, kind, stretch, seconds, host):
        self.events.append((ts, kind, stretch, seconds, self.uuid(), host))
        self.kinds[kind] += 1
        self.hosts[host] = self.hosts.get(host, 0) + 1
        if self.first_ts is None:
            self.first_ts = ts
        self.last_ts = ts
        if len(self.events) >= INSERT_CHUNK:
            self.flush()

    def spell(self, start, end, host):
        end = max(start, end)
        self.spells.append((start, end, self.uuid(), host))
        self.spell_count += 1
        self.spell_seconds += end - start

    def flush(self):
        if self.events:
            self.db.executemany('INSERT INTO events (ts, kind, stretch, seconds, '
                                'uuid, host) VALUES (?, ?, ?, ?, ?, ?)',
                                self.events)
            self.events.clear()
        if self.spells:
            self.db.executemany('INSERT INTO spells (start_ts, end_ts, uuid, '
                                'host) VALUES (?, ?, ?, ?)', self.spells)
            self.spells.clear()


class Person:
    """Decides what happens in each spell; the random choices live here."""

    def __init__(self, rng):
        self.rng = rng
        self.outcomes = [outcome_table(f) for f in DECLINE_FACTOR]
        self.snooze_counts = cumulative(SNOOZE_COUNTS)
        self.snooze_lengths = cumulative(SNOOZE_LENGTHS)
        self.suggested = cumulative(zip(range(len(STRETCHES)), SUGGESTED))

    def plan(self, room):
        """One spell ended some way, using at most `room` (>= 1) events:
        (events it logs, plan) where plan is ('natural', away seconds) or
        ('due', stretch, snooze lengths, final kind, guided seconds)."""
        rng = self.rng
        if room == 1 or rng.random() < NATURAL_SHARE:
            return 1, ('natural', int(rng.uniform(5, 25) * 60))
        which = pick(rng, self.suggested)
        stretch = STRETCHES[which]
        final = pick(rng, self.outcomes[which])
        snoozes = []
        if final == 'snoozed':
            count = pick(rng, self.snooze_counts)
            if 2 * count + 2 > room:
                count = (room - 2) // 2
            snoozes = [pick(rng, self.snooze_lengths) for _ in range(count)]
            final = ('completed' if rng.random() < AFTER_SNOOZE_COMPLETED
                     else 'skipped')
        guided = 0
        if final == 'completed' and rng.random() < GUIDED_SHARE:
            guided = rng.randint(40, 150)
        elif final == 'abandoned':
            guided = rng.randint(5, 40)
        return 2 + 2 * len(snoozes), ('due', stretch, snoozes, final, guided)


def fill_window(writer, rng, window, plans, day_end_gap):
    """Lays the spells of one block end to end over its length: each gets a
    sitting time of 20 to 90 minutes and the breaks it implies, then all of
    it is shrunk to fit the block when there is too much. The block ends
    with the user leaving (a `natural` event) or with a pause."""
    host = window.host
    items = []
    content = 0.0
    for plan in plans:
        sit = rng.uniform(20, 90) * 60
        if plan[0] == 'natural':
            gap = plan[1]
        else:
            _, _, snoozes, _, guided = plan
            responses = [rng.uniform(3, 60) for _ in range(len(snoozes) + 1)]
            tail = sum(responses) + sum(snoozes)
            sit = max(sit, tail + 120)
            gap = guided
            plan = plan + (responses,)
        items.append((sit, gap, plan))
        content += sit + gap
    last_sit = rng.uniform(20, 90) * 60
    content += last_sit
    length = window.end - window.start
    scale = length / content if content > length else 1.0

    t = float(window.start)
    if window.after_pause:
        writer.event(window.start, 'resumed', None, 0, host)
    for sit, gap, plan in items:
        start = t
        if plan[0] == 'natural':
            t += sit * scale
            writer.spell(int(start), int(t), host)
            writer.event(int(t), 'natural', None, plan[1], host)
            t += gap * scale
            continue
        _, stretch, snoozes, final, guided, responses = plan
        t = start + (sit - sum(responses) - sum(snoozes)) * scale
        for length_asked, response in zip(snoozes, responses):
            writer.event(int(t), 'due', stretch, 0, host)
            t += response * scale
            writer.event(int(t), 'snoozed', stretch, length_asked, host)
            t += length_asked * scale
        writer.event(int(t), 'due', stretch, 0, host)
        t += responses[-1] * scale
        # A guided stretch ends the spell when it starts and is logged when
        # it is over; a plain answer ends the spell and is logged at once.
        writer.spell(int(start), int(t), host)
        t += guided * scale
        writer.event(int(t), final, stretch, guided, host)

    start = t
    end = window.end if scale < 1.0 else min(window.end, int(t + last_sit))
    end = max(end, int(start))
    writer.spell(int(start), end, host)
    if window.pause_seconds is not None:
        writer.event(end, 'paused', None, window.pause_seconds, host)
    else:
        away = (window.next_start - end if window.next_start is not None
                else day_end_gap)
        writer.event(end, 'natural', None, max(int(away), 0), host)


def fill_day(writer, person, rng, windows, budget):
    """Exactly `budget` events for one working day."""
    fixed = len(windows) + sum(1 for w in windows if w.after_pause)
    if budget < fixed:
        # Too few events for the day's shape: one block, no pause.
        merged = Window(windows[0].start, windows[-1].end, windows[0].host)
        merged.next_start = windows[-1].next_start
        windows = [merged]
        fixed = 1
    room = budget - fixed
    plans = []
    while room > 0:
        size, plan = person.plan(room)
        plans.append(plan)
        room -= size

    # Hand the spells to the blocks in proportion to their length.
    total = sum(w.end - w.start for w in windows)
    counts = [len(plans) * (w.end - w.start) // total for w in windows]
    counts[-1] += len(plans) - sum(counts)
    at = 0
    for w, count in zip(windows, counts):
        fill_window(writer, rng, w, plans[at:at + count], 14 * 3600)
        at += count


# ------------------------------------------------------------- the database

def find_limberd(given):
    if given:
        return given
    if os.environ.get('LIMBERD'):
        return os.environ['LIMBERD']
    build = os.environ.get('LIMBER_BUILD_DIR')
    if build:
        return os.path.join(build, 'daemon', 'limberd')
    return shutil.which('limberd')


def create_with_limberd(path, limberd):
    """Has limberd create and migrate `path`: it opens its database before
    it owns its bus name, so once the name is owned the schema is there."""
    if not limberd or not os.access(limberd, os.X_OK):
        fail('no limberd to create %s with (give --limberd, or set LIMBERD '
             'or LIMBER_BUILD_DIR)' % path)
    tmp = tempfile.mkdtemp(prefix='limber-generate-')
    bus = daemon = None
    log_path = os.path.join(tmp, 'limberd.log')
    try:
        home = os.path.join(tmp, 'home')
        runtime = os.path.join(tmp, 'runtime')
        os.makedirs(home)
        os.makedirs(runtime, 0o700)
        config = os.path.join(tmp, 'limber.conf')
        with open(config, 'w') as f:
            f.write('[activity]\nbackend=none\n')
        # A bus of our own with no service folder: nothing on it can be
        # activated, so no desktop service of the real session is started.
        bus_config = os.path.join(tmp, 'bus.conf')
        with open(bus_config, 'w') as f:
            f.write('<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus '
                    'Configuration 1.0//EN" "http://www.freedesktop.org/'
                    'standards/dbus/1.0/busconfig.dtd">\n<busconfig>'
                    '<type>session</type><listen>unix:path=%s</listen>'
                    '<auth>EXTERNAL</auth><policy context="default">'
                    '<allow send_destination="*" eavesdrop="true"/>'
                    '<allow eavesdrop="true"/><allow own="*"/></policy>'
                    '</busconfig>\n' % os.path.join(tmp, 'bus.socket'))
        bus = subprocess.Popen(['dbus-daemon', '--nofork',
                                '--config-file=' + bus_config,
                                '--print-address=1'],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
        address = bus.stdout.readline().strip()
        if not address:
            fail('dbus-daemon did not start')
        env = {
            'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
            'HOME': home,
            'XDG_CONFIG_HOME': os.path.join(home, '.config'),
            'XDG_DATA_HOME': os.path.join(home, '.local', 'share'),
            'XDG_RUNTIME_DIR': runtime,
            'DBUS_SESSION_BUS_ADDRESS': address,
            'LANG': 'C.UTF-8',
        }
        data_dir = os.environ.get('LIMBER_DATA_DIR') or os.path.join(REPO, 'data')
        if os.path.isdir(data_dir):
            env['LIMBER_DATA_DIR'] = data_dir
        if os.environ.get('TZ'):
            env['TZ'] = os.environ['TZ']
        with open(log_path, 'w') as log:
            daemon = subprocess.Popen([limberd, '--config', config, '--db', path],
                                      stdout=log, stderr=subprocess.STDOUT,
                                      env=env)
        deadline = time.monotonic() + 20
        while True:
            if daemon.poll() is not None:
                raise RuntimeError('limberd exited with %d' % daemon.returncode)
            owned = subprocess.run(
                ['gdbus', 'call', '--session', '--dest', 'org.freedesktop.DBus',
                 '--object-path', '/org/freedesktop/DBus', '--method',
                 'org.freedesktop.DBus.NameHasOwner', BUS_NAME],
                env=env, capture_output=True, text=True)
            if owned.stdout.startswith('(true'):
                break
            if time.monotonic() > deadline:
                raise RuntimeError('limberd did not own %s in 20 s' % BUS_NAME)
            time.sleep(0.02)
        daemon.send_signal(signal.SIGTERM)
        rc = daemon.wait(timeout=20)
        daemon = None
        if rc != 0:
            raise RuntimeError('limberd exited with %d on SIGTERM' % rc)
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        try:
            with open(log_path, errors='replace') as f:
                sys.stderr.write(f.read())
        except OSError:
            pass
        fail('could not have %s create %s: %s' % (limberd, path, e))
    finally:
        for proc in (daemon, bus):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
        if bus is not None:
            bus.stdout.close()
        shutil.rmtree(tmp, ignore_errors=True)


def check_schema(db, path):
    version = db.execute('PRAGMA user_version').fetchone()[0]
    columns = {}
    for table in ('events', 'spells'):
        columns[table] = {row[1] for row in
                          db.execute('PRAGMA table_info(%s)' % table)}
    for table, wanted in (('events', ('ts', 'kind', 'stretch', 'seconds',
                                      'uuid', 'host')),
                          ('spells', ('start_ts', 'end_ts', 'uuid', 'host'))):
        missing = [c for c in wanted if c not in columns[table]]
        if missing:
            fail('%s (user_version %d) has no %s in %s: it needs a limberd '
                 'that keeps uuids and hosts (schema 2 or later)'
                 % (path, version, ', '.join(missing), table))
    return version


def parse_hosts(text):
    hosts = text.split(',')
    for h in hosts:
        if (not h.strip() or len(h) > 64
                or any(ord(c) < 32 or ord(c) == 127 for c in h)):
            raise argparse.ArgumentTypeError('“%s” is not a host name' % h)
    return hosts


def parse_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError('“%s” is not a date (YYYY-MM-DD)' % text)


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError('“%s” is not a positive whole number'
                                         % text)
    return value


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split('\n\n', 2)[2])
    parser.add_argument('db', metavar='DB')
    parser.add_argument('--events', type=positive_int, default=1_000_000,
                        help='how many events (default 1000000)')
    parser.add_argument('--years', type=float, default=10,
                        help='length of the history (default 10)')
    parser.add_argument('--hosts', type=parse_hosts, default=None,
                        help='comma-separated hosts the days are shared '
                        'between (default: this machine\'s name)')
    parser.add_argument('--seed', type=int, default=None,
                        help='seed, for the same rows every time with the '
                        'same --end (default: random, printed)')
    parser.add_argument('--end', type=parse_date, default=None,
                        help='last day, local (default today; today stops '
                        'at the current time)')
    parser.add_argument('--limberd', default=None,
                        help='the limberd that creates DB (default $LIMBERD, '
                        '$LIMBER_BUILD_DIR/daemon/limberd, or limberd on PATH)')
    parser.add_argument('--force', action='store_true',
                        help='delete DB first when it exists')
    opts = parser.parse_args()

    hosts = opts.hosts or [os.uname().nodename[:64] or 'localhost']
    seed = opts.seed if opts.seed is not None else random.SystemRandom().randrange(2**31)
    today = datetime.date.today()
    end = opts.end or today
    days_back = round(opts.years * 365.2425)
    if days_back < 1:
        parser.error('--years is too short')
    first = end - datetime.timedelta(days=days_back - 1)
    cap = (int(time.time()) if end == today
           else local_ts(end + datetime.timedelta(days=1), 0))

    began = time.perf_counter()
    if os.path.exists(opts.db):
        if not opts.force:
            fail('%s exists (use --force to replace it)' % opts.db)
        for suffix in ('', '-wal', '-shm', '-journal'):
            if os.path.exists(opts.db + suffix):
                os.unlink(opts.db + suffix)
    create_with_limberd(opts.db, find_limberd(opts.limberd))
    created = time.perf_counter()

    db = sqlite3.connect(opts.db, isolation_level=None)
    version = check_schema(db, opts.db)
    # Nobody else uses the file while it is filled, and a crash only means
    # running the generator again: skip the syncs.
    db.execute('PRAGMA synchronous = OFF')
    db.execute('PRAGMA cache_size = -262144')
    rng = random.Random(seed)

    db.execute('BEGIN')
    # What limberd logged and saved in its few milliseconds of life.
    db.execute('DELETE FROM events')
    db.execute('DELETE FROM spells')
    db.execute('DELETE FROM state')
    # Filling tables and then building their indexes in one go is several
    # times faster than updating the indexes row by row. The indexes are
    # rebuilt from limberd's own statements, so the schema stays its.
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = "
                         "'index' AND tbl_name IN ('events', 'spells') AND "
                         "sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        db.execute('DROP INDEX "%s"' % name)

    days = plan_days(rng, first, end, cap, hosts)
    if not days:
        fail('no working day between %s and %s' % (first, end))
    work = sum(w.end - w.start for _, ws in days for w in ws)
    writer = Writer(db, rng)
    person = Person(rng)
    done_work = 0
    for day, windows in days:
        done_work += sum(w.end - w.start for w in windows)
        budget = (opts.events * done_work) // work - sum(writer.kinds.values())
        if budget > 0:
            fill_day(writer, person, rng, windows, budget)
            writer.days.add(day)
    writer.flush()
    generated = time.perf_counter()

    for _, sql in indexes:
        db.execute(sql)
    db.execute('COMMIT')
    db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    count = db.execute('SELECT count(*) FROM events').fetchone()[0]
    db.close()
    finished = time.perf_counter()
    if count != opts.events:
        fail('wrote %d events, not %d' % (count, opts.events))

    size = sum(os.path.getsize(opts.db + suffix)
               for suffix in ('', '-wal') if os.path.exists(opts.db + suffix))
    total = sum(writer.kinds.values())
    print('%s: schema %d, seed %d, %.1f s (limberd %.1f s, rows %.1f s, '
          'indexes %.1f s), %.1f MB'
          % (opts.db, version, seed, finished - began, created - began,
             generated - created, finished - generated, size / 1e6))
    print('  events  %d' % total)
    for kind in KINDS:
        print('    %-10s %8d  %5.1f %%' % (kind, writer.kinds[kind],
                                         100.0 * writer.kinds[kind] / total))
    mean_spell = writer.spell_seconds / max(writer.spell_count, 1)
    print('  spells  %d, %.1f min on average, %.0f h sitting in all'
          % (writer.spell_count, mean_spell / 60, writer.spell_seconds / 3600))
    print('  hosts   %s' % ', '.join('%s %d events' % item
                                     for item in sorted(writer.hosts.items())))
    print('  days    %s to %s: %d days, %d with events'
          % (first, end, (end - first).days + 1, len(writer.days)))
    if writer.first_ts is not None:
        print('  events  from %s to %s local'
              % (time.strftime('%Y-%m-%d %H:%M', time.localtime(writer.first_ts)),
                 time.strftime('%Y-%m-%d %H:%M', time.localtime(writer.last_ts))))
    if mean_spell < 20 * 60:
        print('  note    %d events a working day is more than a person makes '
              '(about 20): spells were shortened to fit'
              % (total // max(len(writer.days), 1)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
