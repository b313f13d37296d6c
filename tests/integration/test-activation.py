#!/usr/bin/python3
"""limberctl starts limberd through D-Bus activation; with no daemon and no
way to start one it says so on one line and exits 3."""

import os
import signal
import time

import limbertest as lt


class Activation(lt.LimberTestCase):
    activation = True

    def setUp(self):
        super().setUp()
        self.addCleanup(self.stop_activated)

    def stop_activated(self):
        # Not our child (dbus-daemon started it): stop it by its pid.
        pid = self.bus.owner_pid(lt.BUS_NAME)
        if pid:
            os.kill(pid, signal.SIGTERM)
            lt.deadline_wait(lambda: not os.path.exists('/proc/%d' % pid)
                             or _zombie(pid), 20, 'activated limberd to exit')

    def test_status_activates_daemon(self):
        self.assertFalse(self.bus.has_owner(lt.BUS_NAME))
        p = self.ctl('status')
        self.assertEqual(p.returncode, 0, p)
        self.assertTrue(p.stdout.strip(), 'status prints something')
        pid = self.bus.owner_pid(lt.BUS_NAME)
        self.assertTrue(pid, 'limberd owns its name after activation')
        exe = os.path.realpath('/proc/%d/exe' % pid)
        self.assertEqual(exe, os.path.realpath(lt.LIMBERD),
                         'the build tree limberd was activated')
        # It is a working daemon in the test's home.
        st = self.status()
        self.assertEqual(st['state'], 'sitting')
        lt.deadline_wait(lambda: os.path.exists(self.db_path), 10,
                         'the database in XDG_DATA_HOME')


def _zombie(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().split(')')[-1].split()[0] == 'Z'
    except OSError:
        return True


class Unreachable(lt.LimberTestCase):
    activation = False   # a bus that cannot start limberd

    def test_status_without_daemon_exits_3(self):
        started = time.monotonic()
        p = self.ctl('status')
        took = time.monotonic() - started
        self.assertEqual(p.returncode, 3, p)
        self.assertEqual(p.stdout, '', p)
        lines = p.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, 'one line, not a stack of errors: %r'
                         % p.stderr)
        self.assertLess(took, 10 * lt.TIME_SCALE,
                        'fails fast instead of waiting for a D-Bus timeout')

    def test_every_daemon_command_exits_3(self):
        history_file = os.path.join(self.tmp, 'history.jsonl')
        with open(history_file, 'w') as f:
            f.write('{"limber":"history","version":1,"host":"x","exported_at":1}\n')
        for args in (('status', '--json'), ('snooze', '5m'), ('pause',),
                     ('resume',), ('break',), ('break', '--guide'), ('done',),
                     ('skip',), ('history',), ('history', '--stretches'),
                     ('log',), ('stretches',), ('show', 'cat-cow'),
                     ('reload',), ('export',), ('import', history_file)):
            p = self.ctl(*args)
            self.assertEqual(p.returncode, 3, '%s: %s' % (args, p))
            self.assertEqual(len(p.stderr.strip().splitlines()), 1,
                             '%s: %r' % (args, p.stderr))

    def test_no_bus_at_all_exits_3(self):
        env = dict(self.env)
        env['DBUS_SESSION_BUS_ADDRESS'] = 'unix:path=' + os.path.join(
            self.tmp, 'no-such-socket')
        p = self.ctl('status', env=env)
        self.assertEqual(p.returncode, 3, p)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)

    def test_usage_error_needs_no_daemon(self):
        p = self.ctl('frobnicate')
        self.assertEqual(p.returncode, 2, p)


if __name__ == '__main__':
    lt.main()
