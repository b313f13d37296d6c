#!/usr/bin/python3
"""With no notification server on the bus the reminder still reaches the
log, and the daemon stays up."""

import re

import limbertest as lt


class NoNotificationServer(lt.LimberTestCase):
    notifications = False
    config = """\
[breaks]
interval=5s

[activity]
backend=none
"""

    def test_reminder_is_logged(self):
        self.start_daemon()
        self.assertFalse(self.bus.has_owner(lt.NOTIFICATIONS_NAME))
        # Said at start, before any reminder is due.
        lt.deadline_wait(lambda: 'No notification server is running' in self.daemon.log(),
                         4, 'the start-up warning about the missing server')
        self.assertEqual(self.events('due'), [])
        line = lt.deadline_wait(
            lambda: re.search(r'^.*Reminder:.*$', self.daemon.log(), re.M),
            30, '"Reminder:" in the log').group(0)
        due = self.wait_for_events('due')
        stretch = due[0]['stretch']
        self.assertIn(stretch, lt.CATALOGUE_IDS)
        self.assertIn(self.catalogue()[stretch], line,
                      'the logged reminder names the stretch')
        self.assertTrue(self.daemon.alive())
        st = self.status()
        self.assertEqual(st['state'], 'due', st)
        self.assertEqual(st['pending_stretch'], stretch, st)
        # The user can still act on it.
        self.ctl_ok('done')
        self.assertEqual([e['stretch'] for e in self.wait_for_events('completed')],
                         [stretch])
        self.assertEqual(self.status()['state'], 'sitting')

    def test_break_on_demand_is_logged(self):
        self.start_daemon()
        self.ctl_ok('break', 'cat-cow')
        lt.deadline_wait(
            lambda: re.search(r'Reminder:.*' + re.escape(self.catalogue()['cat-cow']),
                              self.daemon.log()),
            10, 'the reminder for cat-cow in the log')
        self.assertEqual(self.status()['state'], 'due')


if __name__ == '__main__':
    lt.main()
