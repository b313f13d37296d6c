"""Shared pieces of Limber's integration tests.

Every test gets its own world: a private session bus (dbus-daemon from a
generated config), a temporary HOME with XDG_CONFIG_HOME and XDG_DATA_HOME
inside, a notification server that records what it is sent (python-dbusmock's
notification_daemon template) and, when asked for, real Mutter. Then the
built limberd and limberctl run in that world exactly as a user would run
them.

Paths come from the environment that tests/integration/meson.build sets:
LIMBERD, LIMBERCTL, LIMBER_DATA_DIR (the source tree's data/) and
LIMBER_SERVICE_DIR (the build folder holding the generated D-Bus activation
file). Run by hand, LIMBER_BUILD_DIR (default: <repo>/build) fills the gaps:

    LIMBER_BUILD_DIR=/tmp/b /usr/bin/python3 tests/integration/test_prompt.py

Waiting is done on conditions with a deadline, never on fixed sleeps.
"""

import html
import json
import os
import re
import shutil
import shlex
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

import gi
gi.require_version('Gio', '2.0')
gi.require_version('GLib', '2.0')
from gi.repository import Gio, GLib  # noqa: E402

BUS_NAME = 'io.github.limber.Limber1'
OBJECT_PATH = '/io/github/limber/Limber1'
INTERFACE = 'io.github.limber.Limber1'
ERROR_PREFIX = 'io.github.limber.Limber1.Error.'
DESKTOP_ENTRY = 'io.github.limber.Limber'
CATALOGUE_IDS = ('doorway-stretch', 'seated-twist', 'shoulder-blade-squeeze',
                 'chest-expansion', 'cat-cow')

NOTIFICATIONS_NAME = 'org.freedesktop.Notifications'
NOTIFICATIONS_PATH = '/org/freedesktop/Notifications'
MOCK_IFACE = 'org.freedesktop.DBus.Mock'
MUTTER_IDLE_NAME = 'org.gnome.Mutter.IdleMonitor'
MUTTER_IDLE_PATH = '/org/gnome/Mutter/IdleMonitor/Core'
MUTTER_RD_NAME = 'org.gnome.Mutter.RemoteDesktop'
MUTTER_RD_PATH = '/org/gnome/Mutter/RemoteDesktop'

# Sanitizer builds and loaded CI machines are slow; every deadline scales.
TIME_SCALE = float(os.environ.get('LIMBER_TEST_TIME_SCALE', '1'))

# Sane defaults for the daemon: a long interval so nothing fires by itself
# unless a test asks for it, and no activity backend (a plain bus has none).
DEFAULT_CONFIG = """\
[breaks]
interval=45m
snooze=10m

[activity]
backend=none
"""

_HERE = os.path.dirname(os.path.abspath(__file__))
_REPO = os.path.dirname(os.path.dirname(_HERE))


def _path_from_env(name, build_relative):
    value = os.environ.get(name)
    if value:
        return value
    build = os.environ.get('LIMBER_BUILD_DIR', os.path.join(_REPO, 'build'))
    return os.path.join(build, build_relative)


LIMBERD = _path_from_env('LIMBERD', 'daemon/limberd')
LIMBERCTL = _path_from_env('LIMBERCTL', 'cli/limberctl')
SERVICE_DIR = _path_from_env('LIMBER_SERVICE_DIR', 'tests/integration')
DATA_DIR = os.environ.get('LIMBER_DATA_DIR') or os.path.join(_REPO, 'data')

# Variables the programs under test inherit from the test runner (sanitizer
# settings mostly); everything else about their environment is made here.
_PASSED_THROUGH = ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS',
                   'MALLOC_PERTURB_', 'MALLOC_CHECK_', 'LANG', 'LC_ALL',
                   'G_SLICE', 'TZ')


def deadline_wait(predicate, timeout, what, interval=0.05):
    """Poll predicate() until it returns something truthy; return that.

    Fails the test (AssertionError naming `what`) when `timeout` seconds
    pass first. The poll interval grows a little so long waits stay cheap.
    """
    end = time.monotonic() + timeout * TIME_SCALE
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= end:
            if callable(what):
                what = what()
            raise AssertionError('timed out after %.1f s waiting for %s'
                                 % (timeout * TIME_SCALE, what))
        time.sleep(interval)
        interval = min(interval * 1.5, 0.5)


def connect(address):
    return Gio.DBusConnection.new_for_address_sync(
        address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
        | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)


def remote_error_name(error):
    """The D-Bus error name of a GLib.Error raised by a call, or None."""
    return Gio.DBusError.get_remote_error(error)


def _stop_process(proc, timeout=20, sig=signal.SIGTERM):
    """Ask a child to stop; kill it if it will not. Returns its exit code."""
    if proc.poll() is None:
        try:
            proc.send_signal(sig)
            return proc.wait(timeout=timeout * TIME_SCALE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return None
    return proc.returncode


class PrivateBus:
    """A dbus-daemon of type session listening on a socket in `workdir`.

    `service_dir` is the one folder searched for activation files (none when
    None: then nothing can be activated). `env` is the environment that
    activated services inherit.
    """

    def __init__(self, workdir, env, service_dir=None):
        self.workdir = workdir
        self.socket = os.path.join(workdir, 'bus.socket')
        self.log_path = os.path.join(workdir, 'dbus-daemon.log')
        self.config_path = os.path.join(workdir, 'bus.conf')
        servicedir = ('  <servicedir>%s</servicedir>\n' % service_dir
                      if service_dir else '')
        with open(self.config_path, 'w') as f:
            f.write("""<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
%s  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
""" % (self.socket, servicedir))
        self.address = 'unix:path=' + self.socket
        bus_env = dict(env)
        bus_env['DBUS_SESSION_BUS_ADDRESS'] = self.address
        self._log = open(self.log_path, 'w')
        self.proc = subprocess.Popen(
            ['dbus-daemon', '--nofork', '--config-file=' + self.config_path,
             '--print-address=1'],
            stdout=subprocess.PIPE, stderr=self._log, env=bus_env,
            text=True)
        line = self.proc.stdout.readline().strip()
        if not line:
            self.proc.wait(timeout=5)
            raise RuntimeError('dbus-daemon did not start: ' + self.log())
        self.conn = connect(self.address)

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def call(self, dest, path, iface, method, args=None, reply=None,
             timeout_ms=20000):
        result = self.conn.call_sync(
            dest, path, iface, method, args,
            GLib.VariantType(reply) if reply else None,
            Gio.DBusCallFlags.NONE, timeout_ms, None)
        return result.unpack() if result is not None else None

    def _dbus(self, method, args, reply):
        return self.call('org.freedesktop.DBus', '/org/freedesktop/DBus',
                         'org.freedesktop.DBus', method, args, reply)

    def has_owner(self, name):
        return self._dbus('NameHasOwner', GLib.Variant('(s)', (name,)),
                          '(b)')[0]

    def owner_pid(self, name):
        """Process id owning `name`, or None when nobody owns it."""
        try:
            return self._dbus('GetConnectionUnixProcessID',
                              GLib.Variant('(s)', (name,)), '(u)')[0]
        except GLib.Error:
            return None

    def wait_for_name(self, name, timeout=20, alive=None):
        """Wait until `name` has an owner; `alive()` returning False (the
        expected owner died) fails at once instead of at the deadline."""
        def owned():
            if alive is not None and not alive():
                raise AssertionError('process died before owning ' + name)
            return self.has_owner(name)
        deadline_wait(owned, timeout, 'bus name ' + name)

    def stop(self):
        try:
            self.conn.close_sync(None)
        except GLib.Error:
            pass
        _stop_process(self.proc, timeout=5)
        self.proc.stdout.close()
        self._log.close()


class NotificationServer:
    """python-dbusmock's notification_daemon on the private bus.

    It answers Notify like a real server (ids from 1 up, replaces_id kept)
    and records every call; ActionInvoked and NotificationClosed are sent
    through the mock's EmitSignal.

    `capabilities` is the space-separated list GetCapabilities answers
    (CAPABILITIES when None; '' for none at all). A test may stop() the
    server and start another one on the same bus: each instance is its own
    process, so its calls and its numbering (from 1 again) are its own, and
    its log is appended to the same file under a header line.
    """

    CAPABILITIES = 'body body-markup actions persistence'

    def __init__(self, bus, env, workdir, capabilities=None):
        self.bus = bus
        self.capabilities = (self.CAPABILITIES if capabilities is None
                             else capabilities)
        self.log_path = os.path.join(workdir, 'notification-server.log')
        self._log = open(self.log_path, 'a')
        self._log.write('=== notification server, capabilities: %r\n'
                        % self.capabilities)
        self._log.flush()
        self.start_offset = os.path.getsize(self.log_path)
        self.proc = subprocess.Popen(
            ['/usr/bin/python3', '-m', 'dbusmock', '--session',
             '--template', 'notification_daemon',
             '--parameters', json.dumps({'capabilities': self.capabilities})],
            stdout=self._log, stderr=subprocess.STDOUT, env=env)
        self.pid = self.proc.pid

        # This very process must own the name: a server stopped just before
        # may not have been noticed gone by the bus yet.
        def owned():
            if self.proc.poll() is not None:
                raise AssertionError('notification server exited with %s '
                                     'before owning %s'
                                     % (self.proc.returncode,
                                        NOTIFICATIONS_NAME))
            return bus.owner_pid(NOTIFICATIONS_NAME) == self.pid
        try:
            deadline_wait(owned, 30, 'bus name ' + NOTIFICATIONS_NAME)
        except AssertionError as e:
            self.stop()
            raise AssertionError('%s\n--- notification server log ---\n%s'
                                 % (e, self.log()))

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def _mock(self, method, args=None, reply=None):
        return self.bus.call(NOTIFICATIONS_NAME, NOTIFICATIONS_PATH,
                             MOCK_IFACE, method, args, reply)

    def calls(self, method=None):
        """(time, method, args) of every call this server received, oldest
        first; only those of `method` when given."""
        calls = self._mock('GetCalls', None, '(a(tsav))')[0]
        return [c for c in calls if method is None or c[1] == method]

    def capability_queries(self):
        """How many times this server was asked GetCapabilities."""
        return len(self.calls('GetCapabilities'))

    def notifications(self):
        """Every Notify received, oldest first, as dicts with the id the
        server answered (the mock's numbering replayed)."""
        calls = self.calls()
        result = []
        next_id = 1
        for ts, method, args in calls:
            if method != 'Notify':
                continue
            app, replaces, icon, summary, body, actions, hints, expire = args
            if replaces:
                nid = replaces
            else:
                nid = next_id
                next_id += 1
            result.append({
                'id': nid, 'app_name': app, 'replaces_id': replaces,
                'icon': icon, 'summary': summary, 'body': body,
                'actions': list(actions), 'hints': hints,
                'expire_timeout': expire, 'time': ts,
            })
        return result

    def closed_by_client(self):
        """Ids the daemon closed itself with CloseNotification."""
        calls = self._mock('GetCalls', None, '(a(tsav))')[0]
        return [args[0] for _, method, args in calls
                if method == 'CloseNotification']

    def wait_for_notifications(self, count, timeout=20):
        return deadline_wait(
            lambda: (lambda n: n if len(n) >= count else None)(
                self.notifications()),
            timeout, '%d notification(s)' % count)

    def emit(self, name, signature, values):
        args = [GLib.Variant(code, value)
                for code, value in zip(signature, values)]
        self._mock('EmitSignal', GLib.Variant(
            '(sssav)', (NOTIFICATIONS_NAME, name, signature, args)))

    def invoke_action(self, notification_id, action):
        self.emit('ActionInvoked', 'us', (notification_id, action))

    def close(self, notification_id, reason):
        self.emit('NotificationClosed', 'uu', (notification_id, reason))

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """Stop the server; returns once the bus no longer gives it the
        name (idempotent, so a test's own stop() and the cleanup agree)."""
        _stop_process(self.proc, timeout=5)
        if not self._log.closed:
            self._log.close()
        try:
            deadline_wait(lambda: self.bus.owner_pid(NOTIFICATIONS_NAME)
                          != self.pid, 10,
                          'the bus to drop the stopped notification server')
        except GLib.Error:
            pass   # the bus itself is gone


class Mutter:
    """Real headless Mutter (Wayland, one virtual monitor) on the bus."""

    def __init__(self, bus, env, workdir):
        self.bus = bus
        self.runtime_dir = os.path.join(workdir, 'mutter-runtime')
        os.mkdir(self.runtime_dir, 0o700)
        self.log_path = os.path.join(workdir, 'mutter.log')
        self._log = open(self.log_path, 'w')
        mutter_env = dict(env)
        mutter_env['XDG_RUNTIME_DIR'] = self.runtime_dir
        for var in ('DISPLAY', 'WAYLAND_DISPLAY'):
            mutter_env.pop(var, None)
        # Mutter is not ours: sanitizer settings meant for limberd stay off.
        for var in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'):
            mutter_env.pop(var, None)
        self.proc = subprocess.Popen(
            ['mutter', '--headless', '--wayland', '--no-x11',
             '--virtual-monitor', '1024x768'],
            stdout=self._log, stderr=subprocess.STDOUT, env=mutter_env)
        try:
            bus.wait_for_name(MUTTER_IDLE_NAME, timeout=60,
                              alive=lambda: self.proc.poll() is None)
        except AssertionError as e:
            self.stop()
            raise AssertionError('%s\n--- mutter log ---\n%s'
                                 % (e, self.log()))
        self._session = None

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def idletime_ms(self):
        return self.bus.call(MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                             'org.gnome.Mutter.IdleMonitor', 'GetIdletime',
                             None, '(t)')[0]

    def move_pointer(self, dx=5.0, dy=5.0):
        """Real input through a RemoteDesktop session. The session lives as
        long as the connection that created it, so it is created once, on
        the bus helper's own connection, and kept."""
        if self._session is None:
            self.bus.wait_for_name(MUTTER_RD_NAME, timeout=30)
            path = self.bus.call(MUTTER_RD_NAME, MUTTER_RD_PATH,
                                 'org.gnome.Mutter.RemoteDesktop',
                                 'CreateSession', None, '(o)')[0]
            self.bus.call(MUTTER_RD_NAME, path,
                          'org.gnome.Mutter.RemoteDesktop.Session', 'Start')
            self._session = path
        self.bus.call(MUTTER_RD_NAME, self._session,
                      'org.gnome.Mutter.RemoteDesktop.Session',
                      'NotifyPointerMotionRelative',
                      GLib.Variant('(dd)', (dx, dy)))

    def stop(self):
        if self._session is not None:
            try:
                self.bus.call(MUTTER_RD_NAME, self._session,
                              'org.gnome.Mutter.RemoteDesktop.Session', 'Stop',
                              timeout_ms=5000)
            except GLib.Error:
                pass
            self._session = None
        _stop_process(self.proc, timeout=10)
        self._log.close()


class Limberd:
    """One run of the built limberd; its stderr and stdout go to a log file
    shared by all runs of one test (so a restart keeps the earlier log)."""

    def __init__(self, bus, env, log_path, args=(), verbose=True):
        self.bus = bus
        self.log_path = log_path
        self._log = open(log_path, 'a')
        self._log.write('=== limberd %s\n' % ' '.join(args))
        self._log.flush()
        self.start_offset = os.path.getsize(log_path)
        # LIMBERD_WRAPPER runs limberd under a checker such as valgrind.
        wrapper = shlex.split(os.environ.get('LIMBERD_WRAPPER', ''))
        argv = wrapper + [LIMBERD] + (['--verbose'] if verbose else []) + list(args)
        self.proc = subprocess.Popen(argv,
                                     stdout=self._log,
                                     stderr=subprocess.STDOUT, env=env)
        self.pid = self.proc.pid

    def wait_ready(self, timeout=20):
        """Until this very process owns the bus name."""
        def ready():
            if self.proc.poll() is not None:
                raise AssertionError('limberd exited with %s before owning '
                                     'its bus name' % self.proc.returncode)
            return self.bus.owner_pid(BUS_NAME) == self.pid
        deadline_wait(ready, timeout, 'limberd to own ' + BUS_NAME)
        return self

    def alive(self):
        return self.proc.poll() is None

    def log(self, since_start=False):
        with open(self.log_path, errors='replace') as f:
            if since_start:
                f.seek(self.start_offset)
            return f.read()

    def stop(self, sig=signal.SIGTERM):
        """Stop it with `sig`; returns the exit code (None when it had to
        be killed)."""
        rc = _stop_process(self.proc, timeout=20, sig=sig)
        if not self._log.closed:
            self._log.close()
        return rc


class LimberTestCase(unittest.TestCase):
    """Base class: a fresh bus, home and notification server per test.

    Subclasses set `config` (the limber.conf text, None for no file),
    `notifications` (start the mock server) and `activation` (give the bus
    the build tree's activation file).
    """

    config = DEFAULT_CONFIG
    notifications = True
    notification_capabilities = NotificationServer.CAPABILITIES
    activation = False
    mutter = False

    def setUp(self):
        self._problems_at_start = self._problem_count()
        self.tmp = tempfile.mkdtemp(prefix='limber-it-')
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.addCleanup(self._dump_logs_on_failure)
        self._logs = []

        self.home = os.path.join(self.tmp, 'home')
        self.config_home = os.path.join(self.home, '.config')
        self.data_home = os.path.join(self.home, '.local', 'share')
        self.runtime_dir = os.path.join(self.tmp, 'runtime')
        for d in (self.config_home, self.data_home):
            os.makedirs(d)
        os.makedirs(self.runtime_dir, 0o700)
        self.daemon_log = os.path.join(self.tmp, 'limberd.log')
        self._logs.append(('limberd', self.daemon_log))

        env = {
            'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
            'HOME': self.home,
            'XDG_CONFIG_HOME': self.config_home,
            'XDG_DATA_HOME': self.data_home,
            'XDG_RUNTIME_DIR': self.runtime_dir,
            'LIMBER_DATA_DIR': DATA_DIR,
            'LANG': 'C.UTF-8',
            'G_DEBUG': 'fatal-criticals',
            'NO_COLOR': '1',
        }
        for var in _PASSED_THROUGH:
            if var in os.environ:
                env[var] = os.environ[var]
        self.env = env

        if self.config is not None:
            self.write_config(self.config)

        self.bus = PrivateBus(self.tmp, env,
                              SERVICE_DIR if self.activation else None)
        self.addCleanup(self.bus.stop)
        self._logs.append(('dbus-daemon (and activated services)',
                           self.bus.log_path))
        self.env['DBUS_SESSION_BUS_ADDRESS'] = self.bus.address

        self.notify = None
        if self.notifications:
            self.start_notification_server()

        self.mutter_proc = None
        if self.mutter:
            self.mutter_proc = Mutter(self.bus, self.env, self.tmp)
            self.addCleanup(self.mutter_proc.stop)
            self._logs.append(('mutter', self.mutter_proc.log_path))

        self.daemon = None
        self._catalogue = None

    def start_notification_server(self, capabilities=None):
        """Start a notification server (the class's capabilities unless
        given) and make it self.notify. For a server restart within a test:
        self.notify.stop() first, then this."""
        if capabilities is None:
            capabilities = self.notification_capabilities
        server = NotificationServer(self.bus, self.env, self.tmp,
                                    capabilities)
        self.addCleanup(server.stop)
        entry = ('notification server', server.log_path)
        if entry not in self._logs:
            self._logs.append(entry)
        self.notify = server
        return server

    # ---- logs ----------------------------------------------------------

    def _problem_count(self):
        """Failures and errors so far: on Python >= 3.11 they are added to
        the result as they happen, before 3.11 collected in the outcome."""
        outcome = getattr(self, '_outcome', None)
        if outcome is None:
            return None
        count = 0
        result = getattr(outcome, 'result', None)
        if result is not None:
            count += len(result.failures) + len(result.errors)
        for _, exc_info in getattr(outcome, 'errors', []):
            if exc_info is not None:
                count += 1
        return count

    def _failed(self):
        count = self._problem_count()
        return count is None or count != self._problems_at_start

    def _dump_logs_on_failure(self):
        if not (self._failed() or os.environ.get('LIMBER_TEST_SHOW_LOGS')):
            return
        for title, path in self._logs:
            try:
                with open(path, errors='replace') as f:
                    text = f.read()
            except OSError:
                continue
            sys.stderr.write('\n----- %s log (%s) -----\n%s----- end -----\n'
                             % (title, self.id(), text))
        sys.stderr.flush()

    # ---- files ---------------------------------------------------------

    @property
    def config_path(self):
        return os.path.join(self.config_home, 'limber', 'limber.conf')

    @property
    def db_path(self):
        return os.path.join(self.data_home, 'limber', 'limber.db')

    def write_config(self, text, path=None):
        path = path or self.config_path
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(text)
        return path

    # ---- the daemon ----------------------------------------------------

    def start_daemon(self, *args, wait=True):
        daemon = Limberd(self.bus, self.env, self.daemon_log, args)
        self.addCleanup(self._stop_daemon_cleanly, daemon)
        self.daemon = daemon
        if wait:
            daemon.wait_ready()
        return daemon

    def _stop_daemon_cleanly(self, daemon):
        if daemon.proc.returncode is not None and daemon._log.closed:
            return   # stopped (and checked) by the test itself
        was_running = daemon.alive()
        rc = daemon.stop()
        if was_running:
            self.assertEqual(rc, 0, 'limberd did not exit cleanly on SIGTERM '
                             '(a sanitizer report would be in its log)')
        else:
            self.fail('limberd exited by itself with %s' % rc)

    def restart_daemon(self, *args):
        """SIGTERM the running limberd (it must exit 0) and start again."""
        rc = self.daemon.stop()
        self.assertEqual(rc, 0, 'limberd exit code on SIGTERM')
        return self.start_daemon(*args)

    def call(self, method, args=None, reply=None, timeout_ms=20000):
        return self.bus.call(BUS_NAME, OBJECT_PATH, INTERFACE, method,
                             args, reply, timeout_ms)

    def prop(self, name):
        return self.bus.call(BUS_NAME, OBJECT_PATH,
                             'org.freedesktop.DBus.Properties', 'Get',
                             GLib.Variant('(ss)', (INTERFACE, name)),
                             '(v)')[0]

    def assert_dbus_error(self, error_suffix, method, args=None, reply=None):
        with self.assertRaises(GLib.Error, msg='%s%s should fail'
                               % (method, args)) as ctx:
            self.call(method, args, reply)
        self.assertEqual(remote_error_name(ctx.exception),
                         ERROR_PREFIX + error_suffix,
                         '%s%s: %s' % (method, args, ctx.exception.message))
        return ctx.exception

    def catalogue(self):
        """id -> name of the stretches limberd offers."""
        if self._catalogue is None:
            entries = self.call('GetStretches', None, '(aa{sv})')[0]
            self._catalogue = {e['id']: e['name'] for e in entries}
        return self._catalogue

    def stretch_in(self, body):
        """The one catalogue stretch whose name the notification body
        mentions (fails when none or several do)."""
        text = html.unescape(re.sub(r'<[^>]*>', '', body)).casefold()
        found = [sid for sid, name in self.catalogue().items()
                 if name.casefold() in text]
        # A name contained in another ("Twist" in "Seated twist") is fine:
        # keep the longest matches only.
        found = [sid for sid in found
                 if not any(self.catalogue()[sid].casefold()
                            in self.catalogue()[other].casefold()
                            and other != sid for other in found)]
        self.assertEqual(len(found), 1, 'exactly one catalogue stretch '
                         'named in the body %r (found %s)' % (body, found))
        return found[0]

    def prompt_now(self, *stretch):
        """`limberctl break [ID]`; returns the new notification and the
        stretch it names (which must be the one pending)."""
        before = len(self.notify.notifications())
        self.ctl_ok('break', *stretch)
        note = self.notify.wait_for_notifications(before + 1)[-1]
        sid = self.stretch_in(note['body'])
        if stretch:
            self.assertEqual(sid, stretch[0])
        st = self.status()
        self.assertEqual(st['state'], 'due', st)
        self.assertEqual(st['pending_stretch'], sid, st)
        return note, sid

    def sync(self):
        """A round trip through limberd: signals sent to it before this
        (by the notification server, say) have been handled after it."""
        self.prop('State')

    # ---- limberctl -----------------------------------------------------

    def ctl(self, *args, env=None, timeout=30):
        return subprocess.run([LIMBERCTL, *args], env=env or self.env,
                              capture_output=True, text=True,
                              timeout=timeout * TIME_SCALE)

    def ctl_ok(self, *args):
        p = self.ctl(*args)
        self.assertEqual(p.returncode, 0, 'limberctl %s exited %d\nstdout: %s'
                         '\nstderr: %s' % (' '.join(args), p.returncode,
                                           p.stdout, p.stderr))
        return p

    def ctl_json(self, *args):
        p = self.ctl_ok(*args)
        try:
            return json.loads(p.stdout)
        except ValueError as e:
            self.fail('limberctl %s printed no JSON (%s): %r'
                      % (' '.join(args), e, p.stdout))

    def status(self):
        return self.ctl_json('status', '--json')

    def wait_for_status(self, what, predicate, timeout=15):
        last = {}

        def check():
            last['status'] = self.status()
            return predicate(last['status'])
        try:
            deadline_wait(check, timeout, what)
        except AssertionError as e:
            raise AssertionError('%s; last status: %s' % (e, last.get('status')))
        return last['status']

    # ---- the database --------------------------------------------------

    def events(self, kind=None):
        """Rows of the events table, oldest first, as dicts."""
        if not os.path.exists(self.db_path):
            return []
        db = sqlite3.connect(self.db_path, timeout=10)
        try:
            db.row_factory = sqlite3.Row
            query = 'SELECT id, ts, kind, stretch, seconds FROM events'
            params = ()
            if kind:
                query += ' WHERE kind = ?'
                params = (kind,)
            rows = db.execute(query + ' ORDER BY id', params).fetchall()
            return [dict(r) for r in rows]
        finally:
            db.close()

    def wait_for_events(self, kind, count=1, timeout=15):
        return deadline_wait(
            lambda: (lambda e: e if len(e) >= count else None)(
                self.events(kind)),
            timeout, lambda: '%d %r event(s) in the database (have: %s)'
            % (count, kind, [e['kind'] for e in self.events()]))


def main():
    unittest.main(verbosity=2)
