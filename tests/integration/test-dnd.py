#!/usr/bin/python3
"""Do-not-disturb: a reminder that falls due while the desktop is quiet is
held (state "quiet", nothing sent to the notification server) and shown
once, exactly once, when the quiet ends.

Three sources, each through its real interface:
  - the Inhibited property of org.freedesktop.Notifications, on
    python-dbusmock's notification server;
  - dunst's paused state, on real dunst under Xvfb, driven with dunstctl;
  - GNOME's org.gnome.desktop.notifications show-banners, through the
    keyfile GSettings backend and the gsettings tool.
Each source is tested both when it is already quiet as limberd starts
(limberd must ask) and when it turns quiet while limberd runs (limberd must
listen).
"""

import os
import subprocess
import time

import gi
gi.require_version('Gio', '2.0')
gi.require_version('GLib', '2.0')
from gi.repository import Gio, GLib  # noqa: E402

import dndharness
import limbertest as lt

NOTIFICATIONS_IFACE = 'org.freedesktop.Notifications'

# 5 s as a user would see it; slower under sanitizers and valgrind, where
# limberd may need a few seconds just to start.
INTERVAL = max(5, round(5 * lt.TIME_SCALE))
CONFIG = """\
[breaks]
interval=%ds
snooze=10m

[activity]
backend=none
""" % INTERVAL

# How long a held reminder is watched to make sure it stays held, and a
# shown one to make sure it is not shown again.
SETTLE = 1.5


class DndTestCase(lt.LimberTestCase):
    config = CONFIG

    def sent_count(self):
        """How many new notifications limberd has sent (per source)."""
        raise NotImplementedError

    def assert_held(self):
        """The reminder is due, and held: state quiet, nothing sent."""
        self.wait_for_status('state "quiet" once the reminder is due',
                             lambda s: s['state'] == 'quiet',
                             timeout=INTERVAL + 15)
        time.sleep(SETTLE * lt.TIME_SCALE)
        self.assertEqual(self.sent_count(), 0,
                         'a reminder was sent while the desktop was quiet')
        st = self.status()
        self.assertEqual(st['state'], 'quiet', st)

    def assert_shown_once(self):
        """After the quiet: the held reminder appears, once, and is due."""
        lt.deadline_wait(lambda: self.sent_count() >= 1, 15,
                         'the held reminder to be shown when quiet ended')
        st = self.wait_for_status('state "due"',
                                  lambda s: s['state'] == 'due')
        self.assertTrue(st.get('pending_stretch'), st)
        time.sleep(SETTLE * lt.TIME_SCALE)
        self.assertEqual(self.sent_count(), 1,
                         'the held reminder must be shown exactly once')
        self.assertEqual(self.status()['state'], 'due')


class Inhibited(DndTestCase):
    """org.freedesktop.Notifications' Inhibited property (KDE and others),
    on the mock server: AddProperty to give it one, Properties.Set to change
    it (the mock then emits PropertiesChanged, as a real server does)."""

    def sent_count(self, server=None):
        return len((server or self.notify).notifications())

    def add_inhibited(self, value, server=None):
        (server or self.notify)._mock('AddProperty', GLib.Variant(
            '(ssv)', (NOTIFICATIONS_IFACE, 'Inhibited', GLib.Variant('b', value))))

    def set_inhibited(self, value):
        self.bus.call(lt.NOTIFICATIONS_NAME, lt.NOTIFICATIONS_PATH,
                      'org.freedesktop.DBus.Properties', 'Set',
                      GLib.Variant('(ssv)', (NOTIFICATIONS_IFACE, 'Inhibited',
                                             GLib.Variant('b', value))))

    def test_inhibited_before_start_is_read(self):
        self.add_inhibited(True)
        self.start_daemon()
        self.assert_held()
        self.set_inhibited(False)
        self.assert_shown_once()

    def test_inhibited_while_running_is_followed(self):
        self.add_inhibited(False)
        self.start_daemon()
        self.set_inhibited(True)
        self.sync()
        self.assert_held()
        # Turning it on again changes nothing; only the end of quiet shows.
        self.set_inhibited(True)
        self.sync()
        self.assertEqual(self.sent_count(), 0)
        self.set_inhibited(False)
        self.assert_shown_once()

    def test_server_without_the_property_is_not_quiet(self):
        # The mock has no Inhibited (and is not dunst): Get fails, which
        # must count as "not quiet" rather than hold reminders forever.
        self.start_daemon()
        lt.deadline_wait(lambda: self.sent_count() >= 1, INTERVAL + 15,
                         'the reminder with a server that has no Inhibited')
        self.assertEqual(self.status()['state'], 'due')

    def test_replaced_server_is_asked_again(self):
        # An inhibited server hands the name over to a new one that is not:
        # what the old one said no longer holds, and the reminder goes to
        # the new server, once.
        self.add_inhibited(True)
        self.start_daemon()
        self.assert_held()
        # Once replaced, the well-known name leads to the second server: the
        # first one is asked through its unique name.
        first = self.bus.call('org.freedesktop.DBus', '/org/freedesktop/DBus',
                              'org.freedesktop.DBus', 'GetNameOwner',
                              GLib.Variant('(s)', (lt.NOTIFICATIONS_NAME,)),
                              '(s)')[0]

        workdir = os.path.join(self.tmp, 'second-server')
        os.mkdir(workdir)
        # python-dbusmock takes the name over (replace_existing) from the
        # first mock, which keeps running without it.
        second = lt.NotificationServer(self.bus, self.env, workdir)
        self.addCleanup(second.stop)
        self._logs.append(('second notification server', second.log_path))
        lt.deadline_wait(lambda: self.bus.owner_pid(lt.NOTIFICATIONS_NAME)
                         == second.proc.pid, 15,
                         'the second server to own the name')

        lt.deadline_wait(lambda: self.sent_count(second) >= 1, 15,
                         'the held reminder on the new server')
        self.wait_for_status('state "due"', lambda s: s['state'] == 'due')
        time.sleep(SETTLE * lt.TIME_SCALE)
        self.assertEqual(self.sent_count(second), 1)
        first_calls = self.bus.call(first, lt.NOTIFICATIONS_PATH,
                                    lt.MOCK_IFACE, 'GetCalls', None,
                                    '(a(tsav))')[0]
        self.assertEqual([c for c in first_calls if c[1] == 'Notify'], [],
                         'the inhibited server got the reminder')


class DunstPaused(DndTestCase):
    """Real dunst under Xvfb: `dunstctl set-paused` sets the `paused`
    property of org.dunstproject.cmd0, and dunst emits PropertiesChanged."""

    notifications = False

    def setUp(self):
        super().setUp()
        self.xvfb = dndharness.Xvfb(self.env, self.tmp)
        self.addCleanup(self.xvfb.stop)
        self._logs.append(('Xvfb', self.xvfb.log_path))
        self.dunst = dndharness.Dunst(self.bus, self.env, self.tmp,
                                      self.xvfb.display)
        self.addCleanup(self.dunst.stop)
        self._logs.append(('dunst', self.dunst.log_path))

    def sent_count(self):
        # A paused dunst queues what it is sent as "waiting": counting it
        # shows limberd did not send at all, rather than dunst hiding it.
        return sum(self.dunst.count(which)
                   for which in ('displayed', 'waiting', 'history'))

    def assert_shown_once(self):
        super().assert_shown_once()
        self.assertEqual(self.dunst.count('displayed'), 1,
                         'the reminder is on screen')
        self.assertEqual(self.dunst.count('waiting'), 0)

    def test_paused_while_running_is_followed(self):
        self.start_daemon()
        self.dunst.set_paused(True)
        self.sync()
        self.assert_held()
        self.assertEqual(self.dunst.count('displayed'), 0)
        self.assertEqual(self.dunst.count('waiting'), 0)
        self.dunst.set_paused(False)
        self.assert_shown_once()

    def test_paused_before_start_is_read(self):
        self.dunst.set_paused(True)
        self.start_daemon()
        self.assert_held()
        self.dunst.set_paused(False)
        self.assert_shown_once()


class NoActivation(lt.LimberTestCase):
    """Watching for do-not-disturb never starts a notification server: on
    a bus that could activate one, limberd at rest leaves it unstarted."""

    notifications = False

    def setUp(self):
        super().setUp()
        # A bus of its own whose only activatable service is a
        # "notification server" that leaves a mark when started.
        workdir = os.path.join(self.tmp, 'activating-bus')
        services = os.path.join(workdir, 'services')
        os.makedirs(services)
        self.marker = os.path.join(workdir, 'activated')
        with open(os.path.join(services, 'org.freedesktop.Notifications.service'),
                  'w') as f:
            f.write('[D-BUS Service]\nName=org.freedesktop.Notifications\n'
                    'Exec=/bin/touch %s\n' % self.marker)
        self.bus = lt.PrivateBus(workdir, self.env, services)
        self.addCleanup(self.bus.stop)
        self._logs.append(('activating dbus-daemon', self.bus.log_path))
        self.env['DBUS_SESSION_BUS_ADDRESS'] = self.bus.address

    def test_no_notification_server_is_started(self):
        self.start_daemon()
        self.sync()
        self.assertEqual(self.status()['state'], 'sitting')
        # Any Get that could start a server has been sent by now; give an
        # activation time to run before looking for its mark.
        time.sleep(1.0 * lt.TIME_SCALE)
        self.assertFalse(os.path.exists(self.marker),
                         'limberd had the bus start a notification server')


class ShowBanners(DndTestCase):
    """GNOME: org.gnome.desktop.notifications show-banners, with the
    keyfile GSettings backend in the test's XDG_CONFIG_HOME, shared by
    limberd and the gsettings tool."""

    SCHEMA = 'org.gnome.desktop.notifications'

    def setUp(self):
        super().setUp()
        source = Gio.SettingsSchemaSource.get_default()
        self.assertIsNotNone(source and source.lookup(self.SCHEMA, True),
                             'gsettings-desktop-schemas is not installed')
        self.env['GSETTINGS_BACKEND'] = 'keyfile'
        # The folder exists from the start, as on a desktop that has used
        # GSettings once, so the backend watches the file directly.
        os.makedirs(os.path.join(self.config_home, 'glib-2.0', 'settings'),
                    exist_ok=True)

    def sent_count(self):
        return len(self.notify.notifications())

    def set_show_banners(self, value):
        text = 'true' if value else 'false'
        for args in (('set', self.SCHEMA, 'show-banners', text),
                     ('get', self.SCHEMA, 'show-banners')):
            p = subprocess.run(['gsettings', *args], env=self.env,
                               capture_output=True, text=True,
                               timeout=30 * lt.TIME_SCALE)
            self.assertEqual(p.returncode, 0, 'gsettings %s: %s'
                             % (' '.join(args), p.stderr))
        self.assertEqual(p.stdout.strip(), text)

    def test_banners_off_while_running_is_followed(self):
        self.start_daemon()
        self.set_show_banners(False)
        self.assert_held()
        self.set_show_banners(True)
        self.assert_shown_once()

    def test_banners_off_before_start_is_read(self):
        self.set_show_banners(False)
        self.start_daemon()
        self.assert_held()
        self.set_show_banners(True)
        self.assert_shown_once()


if __name__ == '__main__':
    lt.main()
