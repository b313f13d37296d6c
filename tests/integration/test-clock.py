#!/usr/bin/python3
"""Setting the wall clock neither creates nor erases sitting time.

limberd measures sitting on CLOCK_BOOTTIME and keeps wall time for records
and for the times it publishes. Here libfaketime moves the wall clock of
limberd and limberctl (both see the same fake time, as two programs on one
machine would) while leaving the boot-time and monotonic clocks alone.

libfaketime cannot make the kernel announce a clock change (limberd's
timerfd with TFD_TIMER_CANCEL_ON_SET), so after each jump the test makes
limberd publish again through an ordinary state change.
"""

import os
import time
import unittest

import limbertest as lt

LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1'
INTERVAL = 30
NATURAL_BREAK = 10


class WallClockJumps(lt.LimberTestCase):
    config = ('[breaks]\ninterval=%ds\nnatural-break=%ds\n[activity]\nbackend=none\n'
              % (INTERVAL, NATURAL_BREAK))

    def setUp(self):
        super().setUp()
        self.assertTrue(os.path.exists(LIBFAKETIME),
                        'libfaketime is missing (scripts/test installs it)')
        self.offset_file = os.path.join(self.tmp, 'faketime-offset')
        self.set_wall_offset('+0')
        asan = os.environ.get('ASAN_OPTIONS', '')
        self.env.update({
            'LD_PRELOAD': LIBFAKETIME,
            'FAKETIME_TIMESTAMP_FILE': self.offset_file,
            'FAKETIME_NO_CACHE': '1',
            # Only the wall clock moves; the clocks limberd measures with
            # stay true, as they do when a real clock is set.
            'FAKETIME_DONT_FAKE_MONOTONIC': '1',
            # libfaketime is preloaded ahead of the sanitizer runtime.
            'ASAN_OPTIONS': (asan + ':' if asan else '') + 'verify_asan_link_order=0',
        })

    def set_wall_offset(self, offset):
        with open(self.offset_file, 'w') as f:
            f.write(offset + '\n')

    def sit_then_jump(self, offset):
        self.start_daemon()
        time.sleep(3)
        before = self.status()
        self.assertEqual(before['state'], 'sitting', before)
        self.assertGreaterEqual(before['sitting_seconds'], 2, before)

        self.set_wall_offset(offset)
        # A pre-emptive snooze: a state change, so limberd publishes its
        # times again, now in the new wall time.
        self.ctl_ok('snooze', '1m')
        after = self.status()
        self.assertEqual(after['state'], 'snoozed', after)
        # Sitting went on counting from where it was: the jump added or
        # removed nothing (a few seconds pass while the test runs).
        self.assertGreaterEqual(after['sitting_seconds'], before['sitting_seconds'], after)
        self.assertLessEqual(after['sitting_seconds'], before['sitting_seconds'] + 8, after)
        # The break moved by the snooze only.
        expected = INTERVAL - after['sitting_seconds'] + 60
        self.assertLessEqual(abs(after['next_break_in'] - expected), 3, after)
        # No break was invented by the jump.
        self.assertEqual(self.events('natural'), [])
        self.assertEqual(self.events('due'), [])
        return after

    def test_forward_jump(self):
        self.sit_then_jump('+2h')

    def test_backward_jump(self):
        self.sit_then_jump('-2h')

    def test_jump_forward_does_not_bring_the_break_early(self):
        self.start_daemon()
        self.set_wall_offset('+1d')
        time.sleep(4)
        st = self.status()
        self.assertEqual(st['state'], 'sitting', st)
        self.assertEqual(self.notify.notifications(), [])
        self.assertEqual(self.events('due'), [])
        # ...and it still comes when sitting reaches the interval.
        self.notify.wait_for_notifications(1, timeout=INTERVAL + 10)
        due = self.events('due')
        self.assertEqual(len(due), 1)
        # Records carry the (new) wall time of the moment they happened.
        self.assertGreater(due[0]['ts'], time.time() + 86400 - 120)


if __name__ == '__main__':
    unittest.main(verbosity=2)
