#!/usr/bin/python3
"""Bad D-Bus arguments get the documented error names and change nothing;
the daemon keeps answering."""

import subprocess

import limbertest as lt
from gi.repository import GLib  # noqa: E402  (after limbertest pins versions)


class DBusErrors(lt.LimberTestCase):

    def setUp(self):
        super().setUp()
        self.start_daemon()

    def x(self, value):
        return GLib.Variant('(x)', (value,))

    def u(self, value):
        return GLib.Variant('(u)', (value,))

    def s(self, value):
        return GLib.Variant('(s)', (value,))

    def test_error_names(self):
        cases = [
            ('InvalidArgument', 'Snooze', self.x(0), None),
            ('InvalidArgument', 'Snooze', self.x(86401), None),
            ('InvalidArgument', 'Snooze', self.x(-2), None),
            ('InvalidArgument', 'Pause', self.x(0), None),
            ('InvalidArgument', 'Pause', self.x(604801), None),
            ('InvalidArgument', 'Pause', self.x(-7), None),
            ('UnknownStretch', 'Break', self.s('nope'), '(s)'),
            ('UnknownStretch', 'Done', self.s('nope'), '(s)'),
            ('InvalidArgument', 'GetHistory', self.u(0), None),
            ('InvalidArgument', 'GetHistory', self.u(3661), None),
            ('InvalidArgument', 'GetLog', self.u(0), None),
            ('InvalidArgument', 'GetLog', self.u(100001), None),
            ('UnknownStretch', 'GetStretch', self.s('nope'), None),
            ('NothingPending', 'Skip', None, None),
        ]
        for suffix, method, args, reply in cases:
            with self.subTest(method=method, args=str(args)):
                err = self.assert_dbus_error(suffix, method, args, reply)
                self.assertTrue(err.message, 'a message for the user')
        # Still alive, still sitting, nothing logged.
        self.assertTrue(self.daemon.alive())
        self.assertEqual(self.prop('State'), 'sitting')
        self.assertEqual(self.prop('SnoozeCount'), 0)
        self.assertEqual(self.prop('PausedUntil'), 0)
        self.assertEqual(self.events(), [])
        self.assertEqual(self.status()['state'], 'sitting')

    def test_limits_themselves_are_accepted(self):
        self.call('Break', self.s(''), '(s)')
        self.call('Snooze', self.x(86400))
        self.assertEqual(self.prop('State'), 'snoozed')
        self.call('Snooze', self.x(-1))
        self.call('Pause', self.x(604800))
        self.assertEqual(self.prop('State'), 'paused')
        self.call('Resume')
        self.call('Pause', self.x(-1))
        self.assertEqual(self.prop('PausedUntil'), -1)
        self.call('Resume')
        self.assertEqual(len(self.call('GetHistory', self.u(3660),
                                       '(a(sxxuuuu))')[0]), 3660)
        self.call('GetLog', self.u(100000), '(a(xssx))')
        self.call('GetStretch', self.s('cat-cow'), '(a{sv})')

    def test_errors_are_registered_for_gdbus(self):
        # What a script sees with gdbus: the error name, not a generic one.
        p = subprocess.run(
            ['gdbus', 'call', '--session', '--dest', lt.BUS_NAME,
             '--object-path', lt.OBJECT_PATH, '--method',
             lt.INTERFACE + '.Break', 'nope'],
            env=self.env, capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn(lt.ERROR_PREFIX + 'UnknownStretch', p.stderr)
        self.assertTrue(self.daemon.alive())

    def test_wrong_signature_is_rejected(self):
        with self.assertRaises(GLib.Error) as ctx:
            self.call('Snooze', GLib.Variant('(s)', ('10m',)))
        self.assertEqual(lt.remote_error_name(ctx.exception),
                         'org.freedesktop.DBus.Error.InvalidArgs')
        self.assertTrue(self.daemon.alive())
        self.assertEqual(self.prop('State'), 'sitting')


if __name__ == '__main__':
    lt.main()
