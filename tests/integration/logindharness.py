"""A private system bus with python-dbusmock's logind on it, and dbusmock's
gnome_screensaver on a session bus: the pieces test-logind.py drives.

The system bus is a dbus-daemon like limbertest's session one, but of type
system, in its own folder of the test's temporary directory; limberd finds it
through DBUS_SYSTEM_BUS_ADDRESS.
"""

import os
import subprocess

from limbertest import connect, deadline_wait, TIME_SCALE
from gi.repository import Gio, GLib

LOGIND_NAME = 'org.freedesktop.login1'
LOGIND_PATH = '/org/freedesktop/login1'
MANAGER_IFACE = 'org.freedesktop.login1.Manager'
SESSION_IFACE = 'org.freedesktop.login1.Session'
SCREENSAVER_NAME = 'org.gnome.ScreenSaver'
SCREENSAVER_PATH = '/org/gnome/ScreenSaver'
MOCK_IFACE = 'org.freedesktop.DBus.Mock'


def _stop(proc, timeout=5):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout * TIME_SCALE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class _Bus:
    """Calls on one bus connection (synchronous, with a deadline)."""

    def call(self, dest, path, iface, method, args=None, reply=None):
        result = self.conn.call_sync(
            dest, path, iface, method, args,
            GLib.VariantType(reply) if reply else None,
            Gio.DBusCallFlags.NONE, 20000, None)
        return result.unpack() if result is not None else None

    def has_owner(self, name):
        return self.call('org.freedesktop.DBus', '/org/freedesktop/DBus',
                         'org.freedesktop.DBus', 'NameHasOwner',
                         GLib.Variant('(s)', (name,)), '(b)')[0]


class SystemBus(_Bus):
    """A dbus-daemon of type system listening in `workdir` (created)."""

    def __init__(self, workdir, env):
        os.makedirs(workdir, exist_ok=True)
        self.socket = os.path.join(workdir, 'system-bus.socket')
        self.log_path = os.path.join(workdir, 'system-dbus-daemon.log')
        config_path = os.path.join(workdir, 'system-bus.conf')
        with open(config_path, 'w') as f:
            f.write("""<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
""" % self.socket)
        self.address = 'unix:path=' + self.socket
        self._log = open(self.log_path, 'w')
        self.proc = subprocess.Popen(
            ['dbus-daemon', '--nofork', '--config-file=' + config_path,
             '--print-address=1'],
            stdout=subprocess.PIPE, stderr=self._log, env=env, text=True)
        if not self.proc.stdout.readline().strip():
            _stop(self.proc)
            self._log.close()
            raise RuntimeError('system dbus-daemon did not start')
        self.conn = connect(self.address)

    def stop(self):
        try:
            self.conn.close_sync(None)
        except GLib.Error:
            pass
        _stop(self.proc)
        self.proc.stdout.close()
        self._log.close()


class _Mock:
    """One `python3 -m dbusmock` process owning `name` on `bus`."""

    def __init__(self, bus, env, log_path, bus_flag, template, name):
        self.bus = bus
        self.log_path = log_path
        self._log = open(log_path, 'w')
        self.proc = subprocess.Popen(
            ['/usr/bin/python3', '-m', 'dbusmock', bus_flag,
             '--template', template],
            stdout=self._log, stderr=subprocess.STDOUT, env=env)

        def owned():
            if self.proc.poll() is not None:
                raise AssertionError('dbusmock %s exited with %s'
                                     % (template, self.proc.returncode))
            return bus.has_owner(name)
        try:
            deadline_wait(owned, 30, name + ' from dbusmock')
        except AssertionError:
            self.stop()
            raise

    def stop(self):
        _stop(self.proc)
        if not self._log.closed:
            self._log.close()


class Logind(_Mock):
    """dbusmock's logind template on a system bus."""

    def __init__(self, bus, env, log_path):
        super().__init__(bus, env, log_path, '--system', 'logind', LOGIND_NAME)

    def add_session(self, session_id, uid, user='limber'):
        return self.bus.call(LOGIND_NAME, LOGIND_PATH, MOCK_IFACE, 'AddSession',
                             GLib.Variant('(ssusb)', (session_id, 'seat0', uid,
                                                      user, True)), '(s)')[0]

    @staticmethod
    def session_path(session_id):
        return LOGIND_PATH + '/session/' + session_id

    def emit(self, path, iface, name, signature='', values=()):
        args = [GLib.Variant(code, value)
                for code, value in zip(signature, values)]
        self.bus.call(LOGIND_NAME, path, MOCK_IFACE, 'EmitSignal',
                      GLib.Variant('(sssav)', (iface, name, signature, args)))

    def lock(self, session_id, lock=True):
        """The session's Lock (or Unlock) signal, as logind sends it."""
        self.emit(self.session_path(session_id), SESSION_IFACE,
                  'Lock' if lock else 'Unlock')

    def set_locked_hint(self, session_id, value):
        """Properties.Set, which makes the mock send PropertiesChanged."""
        self.bus.call(LOGIND_NAME, self.session_path(session_id),
                      'org.freedesktop.DBus.Properties', 'Set',
                      GLib.Variant('(ssv)', (SESSION_IFACE, 'LockedHint',
                                             GLib.Variant('b', value))))

    def locked_hint(self, session_id):
        return self.bus.call(LOGIND_NAME, self.session_path(session_id),
                             'org.freedesktop.DBus.Properties', 'Get',
                             GLib.Variant('(ss)', (SESSION_IFACE, 'LockedHint')),
                             '(v)')[0]

    def set_user_display(self, uid, session_id):
        """The user's Display property: logind's pick of their graphical
        session. The template's GetUser adds a str to the uid and fails
        (python-dbusmock 0.28), so it is replaced by a working one first."""
        self.bus.call(LOGIND_NAME, LOGIND_PATH, MOCK_IFACE, 'AddMethod',
                      GLib.Variant('(sssss)', (
                          MANAGER_IFACE, 'GetUser', 'u', 'o',
                          'ret = "%s/user/%%d" %% args[0]' % LOGIND_PATH)))
        self.bus.call(LOGIND_NAME, '%s/user/%d' % (LOGIND_PATH, uid),
                      'org.freedesktop.DBus.Properties', 'Set',
                      GLib.Variant('(ssv)', (
                          'org.freedesktop.login1.User', 'Display',
                          GLib.Variant('(so)', (session_id,
                                                self.session_path(session_id))))))

    def prepare_for_sleep(self, start):
        self.emit(LOGIND_PATH, MANAGER_IFACE, 'PrepareForSleep', 'b', (start,))


class ScreenSaver(_Mock):
    """dbusmock's gnome_screensaver template on a session bus; `bus` is a
    limbertest.PrivateBus."""

    def __init__(self, bus, env, log_path):
        super().__init__(bus, env, log_path, '--session', 'gnome_screensaver',
                         SCREENSAVER_NAME)

    def set_active(self, active):
        """The mock's SetActive: remembers the state for GetActive and sends
        ActiveChanged(active)."""
        self.bus.call(SCREENSAVER_NAME, SCREENSAVER_PATH, 'org.gnome.ScreenSaver',
                      'SetActive', GLib.Variant('(b)', (active,)))
