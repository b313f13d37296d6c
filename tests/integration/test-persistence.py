#!/usr/bin/python3
"""A pause and a snooze survive a daemon restart."""

import time

import limbertest as lt

INTERVAL = 45 * 60


class Persistence(lt.LimberTestCase):

    def test_timed_pause_survives_restart(self):
        self.start_daemon()
        before = int(time.time())
        self.ctl_ok('pause', '1h')
        st = self.status()
        self.assertEqual(st['state'], 'paused', st)
        self.assertIsNone(st['next_break_in'], st)
        until = self.prop('PausedUntil')
        self.assertGreaterEqual(until, before + 3600 - 2)
        self.assertLessEqual(until, int(time.time()) + 3600 + 2)
        self.wait_for_events('paused')

        self.restart_daemon()
        st = self.status()
        self.assertEqual(st['state'], 'paused', 'pause lost on restart: %s' % st)
        self.assertIsNone(st['next_break_in'], st)
        self.assertEqual(self.prop('PausedUntil'), until)

        self.ctl_ok('resume')
        st = self.status()
        self.assertEqual(st['state'], 'sitting', st)
        self.assertLessEqual(st['next_break_in'], INTERVAL, st)
        self.assertGreater(st['next_break_in'], INTERVAL - 10, st)
        self.assertEqual(self.prop('PausedUntil'), 0)
        self.wait_for_events('resumed')

        # And the resume is remembered too.
        self.restart_daemon()
        self.assertEqual(self.status()['state'], 'sitting')

    def test_open_pause_survives_restart(self):
        self.start_daemon()
        self.ctl_ok('pause')
        self.assertEqual(self.prop('PausedUntil'), -1)
        self.restart_daemon()
        st = self.status()
        self.assertEqual(st['state'], 'paused', st)
        self.assertIsNone(st['next_break_in'], st)
        self.assertEqual(self.prop('PausedUntil'), -1)
        self.ctl_ok('resume')
        self.assertEqual(self.status()['state'], 'sitting')

    def test_no_prompt_while_paused(self):
        self.write_config("""\
[breaks]
interval=5s

[activity]
backend=none
""")
        self.start_daemon()
        self.ctl_ok('pause', '1h')
        # Over the interval, and more: nothing may pop up.
        time.sleep(7)
        self.assertEqual(self.notify.notifications(), [])
        self.assertEqual(self.events('due'), [])
        self.assertEqual(self.status()['state'], 'paused')

    def test_snooze_survives_restart(self):
        self.start_daemon()
        self.prompt_now()
        self.ctl_ok('snooze', '30m')
        st = self.status()
        self.assertEqual(st['state'], 'snoozed', st)
        self.assertLessEqual(st['next_break_in'], 1800, st)
        next_at = self.prop('NextBreakAt')

        self.restart_daemon()
        st = self.status()
        self.assertEqual(st['state'], 'snoozed', 'snooze lost on restart: %s' % st)
        self.assertLessEqual(st['next_break_in'], 1800, st)
        self.assertGreater(st['next_break_in'], 1800 - 30, st)
        self.assertEqual(self.prop('NextBreakAt'), next_at)
        self.assertEqual(st['snooze_count'], 1, st)


if __name__ == '__main__':
    lt.main()
