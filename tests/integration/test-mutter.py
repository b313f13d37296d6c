#!/usr/bin/python3
"""With real Mutter: the activity backend is picked and used, and never
polled (dbus-monitor watches every call to Mutter). Staying idle
for natural-break is a natural break (state away); real input, injected
through a RemoteDesktop session, starts a new sitting spell."""

import os
import subprocess
import time

from gi.repository import GLib

import limbertest as lt

MUTTER_CONFIG = """\
[breaks]
interval=45m
natural-break=5s

[activity]
backend=%s
"""


class MutterActivity(lt.LimberTestCase):
    mutter = True
    config = MUTTER_CONFIG % 'mutter'

    def test_auto_picks_mutter(self):
        self.write_config(MUTTER_CONFIG % 'auto')
        self.start_daemon()
        self.assertEqual(self.prop('Backend'), 'mutter')
        self.assertTrue(self.prop('BackendReason'))
        self.assertEqual(self.status()['backend'], 'mutter')

    def sit_then_leave(self):
        """Someone sits (the sitting time grows), touches the mouse one last
        time, and leaves."""
        self.wait_for_status('some sitting time',
                             lambda s: s['state'] == 'sitting'
                             and s['sitting_seconds'] >= 2)
        self.mutter_proc.move_pointer()

    def test_idle_is_a_natural_break_and_input_ends_it(self):
        self.start_daemon()
        self.assertEqual(self.prop('Backend'), 'mutter')
        self.assertEqual(self.status()['backend'], 'mutter')
        self.sit_then_leave()

        # Nobody touches anything: after 5 s of idle, a natural break.
        natural = self.wait_for_events('natural', timeout=30)
        self.assertEqual(len(natural), 1)
        self.assertGreaterEqual(self.mutter_proc.idletime_ms(), 5000)
        st = self.wait_for_status('state away', lambda s: s['state'] == 'away')
        self.assertEqual(self.prop('State'), 'away')
        self.assertEqual(self.events('due'), [], 'no prompt for an empty chair')

        # The user comes back.
        self.mutter_proc.move_pointer()
        self.assertLess(self.mutter_proc.idletime_ms(), 1000)
        st = self.wait_for_status('state sitting after input',
                                  lambda s: s['state'] == 'sitting')
        self.assertLessEqual(st['sitting_seconds'], 3, st)
        self.assertGreater(st['next_break_in'], 45 * 60 - 5, st)
        # One idle stretch is one natural break, however long it lasted.
        self.assertEqual(len(self.events('natural')), 1)

        # And the next time they leave it is another one.
        self.sit_then_leave()
        self.wait_for_events('natural', count=2, timeout=30)
        self.wait_for_status('state away again', lambda s: s['state'] == 'away')

    def test_idle_from_the_start_is_away_without_a_break(self):
        # Nobody has been at the desk since limberd started: away, but no
        # break is logged (there was no sitting to break).
        self.start_daemon()
        self.wait_for_status('state away', lambda s: s['state'] == 'away',
                             timeout=30)
        self.assertEqual(self.events('natural'), [])
        self.mutter_proc.move_pointer()
        st = self.wait_for_status('state sitting after input',
                                  lambda s: s['state'] == 'sitting')
        self.assertLessEqual(st['sitting_seconds'], 3, st)

    def test_short_idle_still_counts_as_sitting(self):
        self.write_config(MUTTER_CONFIG.replace('natural-break=5s',
                                                'natural-break=1h') % 'mutter')
        self.mutter_proc.move_pointer()
        self.start_daemon()
        first = self.status()
        # Idle well past zero but short of natural-break: still sitting, and
        # the sitting time keeps growing.
        lt.deadline_wait(lambda: self.mutter_proc.idletime_ms() >= 3000, 10,
                         'three seconds of idle')
        st = self.status()
        self.assertEqual(st['state'], 'sitting', st)
        self.assertGreaterEqual(st['sitting_seconds'],
                                first['sitting_seconds'] + 2, st)
        self.assertEqual(self.events('natural'), [])



class NoPolling(lt.LimberTestCase):
    """While the user stays idle limberd asks Mutter nothing: the idle
    watch tells it when the threshold passes, a user-active watch tells it
    when input returns. Every call limberd makes to Mutter's IdleMonitor is
    watched with dbus-monitor."""
    mutter = True
    # natural-break 2m: the idle watch is at min(natural-break, 60 s).
    config = MUTTER_CONFIG.replace('natural-break=5s', 'natural-break=2m') % 'mutter'

    def calls_to_mutter(self, monitor_log, sender):
        calls = []
        with open(monitor_log, errors='replace') as f:
            for line in f:
                if (line.startswith('method call') and 'sender=%s ' % sender in line
                        and 'interface=org.gnome.Mutter.IdleMonitor' in line):
                    calls.append(line.split('member=')[-1].strip())
        return calls

    def test_no_calls_while_idle(self):
        self.start_daemon()
        self.assertEqual(self.prop('Backend'), 'mutter')
        limberd = self.bus.call('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                'org.freedesktop.DBus', 'GetNameOwner',
                                GLib.Variant('(s)', (lt.BUS_NAME,)), '(s)')[0]
        # limberd's start-up calls (AddIdleWatch, GetIdletime) are done.
        lt.deadline_wait(lambda: 'Mutter idle watch' in self.daemon.log(), 20,
                         'the idle watch')
        monitor_log = os.path.join(self.tmp, 'dbus-monitor.log')
        with open(monitor_log, 'w') as out:
            monitor = subprocess.Popen(
                ['dbus-monitor', '--address', self.bus.address,
                 "type='method_call',interface='org.gnome.Mutter.IdleMonitor'"],
                stdout=out, stderr=subprocess.STDOUT)
        self.addCleanup(lt._stop_process, monitor)
        time.sleep(1)
        self.mutter_proc.move_pointer()

        # 58 s of idle before the 60 s watch can fire: not one call.
        time.sleep(58)
        self.assertEqual(self.calls_to_mutter(monitor_log, limberd), [],
                         'limberd polled Mutter while the user was idle')

        # The watch fires at 60 s: limberd asks to hear of the return, once.
        lt.deadline_wait(lambda: self.calls_to_mutter(monitor_log, limberd)
                         == ['AddUserActiveWatch'], 15, 'one AddUserActiveWatch')
        # Then another 60 s of idle without a single call.
        time.sleep(60)
        self.assertEqual(self.calls_to_mutter(monitor_log, limberd),
                         ['AddUserActiveWatch'],
                         'limberd polled Mutter while the user was idle')
        self.assertGreaterEqual(self.mutter_proc.idletime_ms(), 120000)

if __name__ == '__main__':
    lt.main()
