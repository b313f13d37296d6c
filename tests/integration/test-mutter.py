#!/usr/bin/python3
"""With real Mutter: the activity backend is picked and used. Staying idle
for natural-break is a natural break (state away); real input, injected
through a RemoteDesktop session, starts a new sitting spell."""

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


if __name__ == '__main__':
    lt.main()
