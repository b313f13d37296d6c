#!/usr/bin/python3
"""A pause and a snooze survive a daemon restart."""

import signal
import sqlite3
import time

import limbertest as lt

INTERVAL = 45 * 60
NATURAL_BREAK = 5   # the shortest natural-break the config takes
SHORT_PAUSE = 5


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

    def test_pending_reminder_shown_again_not_logged_again(self):
        self.start_daemon()
        note, sid = self.prompt_now()
        shown = len(self.notify.notifications())
        self.restart_daemon()
        # Shown again at start, the same stretch...
        again = self.notify.wait_for_notifications(shown + 1)[-1]
        self.assertEqual(self.stretch_in(again['body']), sid)
        st = self.status()
        self.assertEqual(st['state'], 'due', st)
        self.assertEqual(st['pending_stretch'], sid, st)
        # ...but it is the one reminder: one `due` in the history.
        self.assertEqual([e['stretch'] for e in self.events('due')], [sid])
        # The next one is a new reminder again.
        self.ctl_ok('done')
        self.prompt_now()
        self.assertEqual(len(self.events('due')), 2)


    # ---- what happened while limberd was down -------------------------

    def use_config(self, natural_break='5m'):
        self.write_config("""\
[breaks]
interval=45m
natural-break=%s

[activity]
backend=none
""" % natural_break)

    def stop_daemon(self, sig=signal.SIGTERM):
        rc = self.daemon.stop(sig=sig)
        if sig == signal.SIGTERM:
            self.assertEqual(rc, 0, 'limberd exit code on SIGTERM')
        else:
            self.assertEqual(rc, -sig, 'limberd killed by %s' % sig)

    def saved_state(self):
        db = sqlite3.connect(self.db_path, timeout=10)
        try:
            return dict(db.execute('SELECT key, value FROM state').fetchall())
        finally:
            db.close()

    def test_restart_after_natural_break_starts_sitting_again(self):
        self.use_config(natural_break='%ds' % NATURAL_BREAK)
        self.start_daemon()
        time.sleep(2)
        self.assertGreaterEqual(self.status()['sitting_seconds'], 1)
        self.stop_daemon()
        stopped = int(time.time())
        time.sleep(NATURAL_BREAK + 1)
        self.start_daemon()
        st = self.status()
        self.assertEqual(st['state'], 'sitting', st)
        self.assertLess(st['sitting_seconds'], 3, 'sitting should start '
                        'again after a gap of a natural break: %s' % st)
        self.assertGreater(st['next_break_in'], INTERVAL - 10, st)
        natural = self.wait_for_events('natural')
        self.assertEqual(len(natural), 1, natural)
        # The break began when limberd stopped and lasted the whole gap.
        self.assertLessEqual(abs(natural[0]['ts'] - stopped), 2, natural)
        self.assertGreaterEqual(natural[0]['seconds'], NATURAL_BREAK, natural)
        self.assertEqual(self.ctl_json('history', '--json')[-1]['natural'], 1)

    def test_restart_within_natural_break_continues_the_spell(self):
        self.use_config(natural_break='1m')
        self.start_daemon()
        time.sleep(3)
        before = self.status()['sitting_seconds']
        self.assertGreaterEqual(before, 2)
        self.stop_daemon()
        time.sleep(2)
        self.start_daemon()
        st = self.status()
        self.assertEqual(st['state'], 'sitting', st)
        self.assertGreaterEqual(st['sitting_seconds'], before + 2 - 1,
                                'the spell should go on across a short '
                                'restart: %s (was %d)' % (st, before))
        self.assertLess(st['next_break_in'], INTERVAL - 3, st)
        self.sync()
        self.assertEqual(self.events('natural'), [])

    def test_crash_carries_on_the_spell(self):
        # An unclean stop on the same boot: when the old process died is
        # unknown, so the gap is not taken for a break.
        self.use_config(natural_break='%ds' % NATURAL_BREAK)
        self.start_daemon()
        started = time.monotonic()
        time.sleep(3)
        sat = self.status()['sitting_seconds']
        self.assertGreaterEqual(sat, 2)
        self.stop_daemon(signal.SIGKILL)
        killed = time.monotonic()
        time.sleep(NATURAL_BREAK + 1)
        self.start_daemon()
        gap = time.monotonic() - killed
        st = self.status()
        self.assertEqual(st['state'], 'sitting', st)
        self.assertGreaterEqual(st['sitting_seconds'], int(sat + gap) - 1,
                                'after a crash the spell carries on: %s '
                                '(sat %d s, then %.1f s down)' % (st, sat, gap))
        self.assertLessEqual(st['sitting_seconds'],
                             time.monotonic() - started + 2, st)
        self.sync()
        time.sleep(0.3)
        self.assertEqual(self.events('natural'), [])
        # And a later clean stop and start is an ordinary restart again.
        self.restart_daemon()
        self.assertGreaterEqual(self.status()['sitting_seconds'],
                                int(sat + gap) - 1)

    def test_timed_pause_runs_out_while_down(self):
        self.start_daemon()
        self.ctl_ok('pause', '%ds' % SHORT_PAUSE)
        self.assertEqual(self.status()['state'], 'paused')
        self.wait_for_events('paused')
        self.stop_daemon()
        time.sleep(SHORT_PAUSE + 2)
        self.start_daemon()
        st = self.status()
        self.assertEqual(st['state'], 'sitting', 'the pause ran out while '
                         'limberd was down: %s' % st)
        self.assertIsNotNone(st['next_break_in'], st)
        self.assertEqual(self.prop('PausedUntil'), 0)
        resumed = self.wait_for_events('resumed')
        self.assertEqual(len(resumed), 1, resumed)
        # Still sitting (not paused) after another restart.
        self.restart_daemon()
        self.assertEqual(self.status()['state'], 'sitting')
        self.assertEqual(len(self.events('resumed')), 1)

    def test_second_daemon_leaves_the_state_alone(self):
        self.start_daemon()
        self.prompt_now()
        self.ctl_ok('snooze', '30m')
        self.sync()
        state = self.saved_state()
        self.assertTrue(state, 'a running limberd has saved its state')
        events = self.events()
        # A second later, so that anything the second limberd saved would
        # carry a different saved-at time even if it saved the same state.
        time.sleep(1.1)
        first = self.daemon
        second = lt.Limberd(self.bus, self.env, self.daemon_log)
        try:
            rc = second.proc.wait(timeout=20 * lt.TIME_SCALE)
        finally:
            second.stop()
        self.assertEqual(rc, 1, 'a second limberd without --replace')
        self.assertTrue(first.alive())
        self.assertEqual(self.bus.owner_pid(lt.BUS_NAME), first.pid)
        self.assertEqual(self.saved_state(), state,
                         'the second limberd changed the saved state')
        self.assertEqual(self.events(), events)
        st = self.status()
        self.assertEqual(st['state'], 'snoozed', st)
        self.assertEqual(st['snooze_count'], 1, st)

if __name__ == '__main__':
    lt.main()
