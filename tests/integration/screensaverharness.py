"""A stand-in org.freedesktop.ScreenSaver for the screensaver backend's tests.

Run as a program (`/usr/bin/python3 screensaverharness.py MODE`), it owns
org.freedesktop.ScreenSaver on the session bus and answers
GetSessionIdleTime in milliseconds ("u"), as KDE does, from a "last input"
time the test controls. MODE says which desktop it behaves like:

  kde      the method on /org/freedesktop/ScreenSaver and /ScreenSaver
  old-kde  only on /ScreenSaver (KDE 4's ksmserver)
  gnome    both paths, but GetSessionIdleTime fails with NotSupported, as
           GNOME's proxy for this name does

A test-only interface on the same name (TEST_PATH, TEST_IFACE) lets the test
simulate input and read back every GetSessionIdleTime call: its time
(CLOCK_MONOTONIC seconds, the clock of the test's time.monotonic()), the
idle time answered (-1 for an error) and the object path.

In a test, use FakeScreenSaver, which starts and stops that program.
"""

import os
import subprocess
import sys
import time

import gi
gi.require_version('Gio', '2.0')
gi.require_version('GLib', '2.0')
from gi.repository import Gio, GLib  # noqa: E402

SCREENSAVER_NAME = 'org.freedesktop.ScreenSaver'
SCREENSAVER_IFACE = 'org.freedesktop.ScreenSaver'
TEST_PATH = '/io/github/limber/Test/ScreenSaver'
TEST_IFACE = 'io.github.limber.Test.ScreenSaver'
MODES = ('kde', 'old-kde', 'gnome')

_XML = """
<node>
  <interface name="org.freedesktop.ScreenSaver">
    <method name="GetSessionIdleTime">
      <arg type="u" direction="out"/>
    </method>
  </interface>
  <interface name="io.github.limber.Test.ScreenSaver">
    <method name="SimulateInput"/>
    <method name="GetCalls">
      <arg type="a(dds)" direction="out"/>
    </method>
  </interface>
</node>
"""


# ---- the service (runs in its own process) ------------------------------

class _Service:
    def __init__(self, mode):
        self.mode = mode
        self.last_input = time.monotonic()
        self.calls = []
        node = Gio.DBusNodeInfo.new_for_xml(_XML)
        self.ss_iface = node.lookup_interface(SCREENSAVER_IFACE)
        self.test_iface = node.lookup_interface(TEST_IFACE)

    def _on_call(self, conn, sender, path, iface, method, params, invocation):
        now = time.monotonic()
        if iface == SCREENSAVER_IFACE and method == 'GetSessionIdleTime':
            if self.mode == 'gnome':
                self.calls.append((now, -1.0, path))
                invocation.return_dbus_error(
                    'org.freedesktop.DBus.Error.NotSupported',
                    'This method is not implemented')
                return
            idle_ms = int((now - self.last_input) * 1000)
            self.calls.append((now, idle_ms / 1000.0, path))
            invocation.return_value(GLib.Variant('(u)', (idle_ms,)))
        elif iface == TEST_IFACE and method == 'SimulateInput':
            self.last_input = now
            invocation.return_value(None)
        elif iface == TEST_IFACE and method == 'GetCalls':
            invocation.return_value(GLib.Variant('(a(dds))', (self.calls,)))
        else:
            invocation.return_dbus_error(
                'org.freedesktop.DBus.Error.UnknownMethod', method)

    def run(self):
        conn = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        paths = {'kde': ['/org/freedesktop/ScreenSaver', '/ScreenSaver'],
                 'old-kde': ['/ScreenSaver'],
                 'gnome': ['/org/freedesktop/ScreenSaver', '/ScreenSaver']}
        for path in paths[self.mode]:
            conn.register_object(path, self.ss_iface, self._on_call,
                                 None, None)
        conn.register_object(TEST_PATH, self.test_iface, self._on_call,
                             None, None)
        # Own the name only once the objects are there, so that whoever sees
        # the name can call them at once.
        loop = GLib.MainLoop()
        Gio.bus_own_name_on_connection(
            conn, SCREENSAVER_NAME, Gio.BusNameOwnerFlags.NONE,
            None, lambda *a: loop.quit())
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 15, loop.quit)
        loop.run()


# ---- the test side ------------------------------------------------------

class FakeScreenSaver:
    """The program above on the test's private bus, as a child process."""

    def __init__(self, bus, env, workdir, mode='kde'):
        assert mode in MODES
        self.bus = bus
        self.log_path = os.path.join(workdir, 'screensaver-%s.log' % mode)
        self._log = open(self.log_path, 'a')
        service_env = dict(env)
        # Not ours to check: sanitizer settings meant for limberd stay off.
        for var in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'):
            service_env.pop(var, None)
        self.proc = subprocess.Popen(
            ['/usr/bin/python3', os.path.abspath(__file__), mode],
            stdout=self._log, stderr=subprocess.STDOUT, env=service_env)
        self.pid = self.proc.pid
        import limbertest as lt

        def owned():
            if self.proc.poll() is not None:
                raise AssertionError('fake ScreenSaver exited with %s: %s'
                                     % (self.proc.returncode, self.log()))
            return self.bus.owner_pid(SCREENSAVER_NAME) == self.pid
        lt.deadline_wait(owned, 20, SCREENSAVER_NAME + ' on the bus')

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def _call(self, method, reply=None):
        return self.bus.call(SCREENSAVER_NAME, TEST_PATH, TEST_IFACE, method,
                             None, reply)

    def simulate_input(self):
        self._call('SimulateInput')

    def calls(self):
        """[(monotonic seconds, idle seconds answered or -1, path)]"""
        return [tuple(c) for c in self._call('GetCalls', '(a(dds))')[0]]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self._log.closed:
            self._log.close()


if __name__ == '__main__':
    if len(sys.argv) != 2 or sys.argv[1] not in MODES:
        sys.exit('usage: screensaverharness.py %s' % '|'.join(MODES))
    _Service(sys.argv[1]).run()
