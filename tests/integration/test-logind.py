#!/usr/bin/python3
"""Lock and suspend through logind (python-dbusmock's logind template on a
private system bus) and through org.gnome.ScreenSaver (dbusmock's
gnome_screensaver template on the session bus).

limberd is told its session with XDG_SESSION_ID, the id of the session the
test adds to the mock, so the session it watches is the one the test locks.
natural-break is 5 s: a lock or a sleep of 6 s is a natural break, one of
2 s is not. These durations are real time (limberd measures them), so they
are not scaled; only the deadlines are.
"""

import os
import time

from limbertest import LimberTestCase, deadline_wait, main
from logindharness import Logind, ScreenSaver, SystemBus

NATURAL_BREAK = 5
LONG = NATURAL_BREAK + 1
SHORT = 2
SESSION = 'c1'

CONFIG = """\
[breaks]
interval=10m
natural-break=%ds

[activity]
backend=none
""" % NATURAL_BREAK


class LockChecks:
    """What a lock (whatever its source) must do to limberd."""

    config = CONFIG
    notifications = False

    def log_count(self, text):
        return self.daemon.log(since_start=True).count(text)

    def wait_for_log(self, text, count=1, timeout=15):
        deadline_wait(lambda: self.log_count(text) >= count, timeout,
                      'limberd to log %r %d time(s)' % (text, count))

    def assert_stays(self, seconds, predicate, what):
        """predicate(status) holds at every look for `seconds`."""
        end = time.monotonic() + seconds
        while True:
            st = self.status()
            self.assertTrue(predicate(st), '%s; status: %s' % (what, st))
            if time.monotonic() >= end:
                return st
            time.sleep(0.3)

    def lock_is_a_natural_break(self, lock, unlock):
        """A lock of natural-break or more: a natural event once
        natural-break has passed since the lock (time away starts at the
        lock, with no idle threshold first: the test has no activity
        backend), state away until the unlock, then sitting from zero."""
        self.wait_for_status('sitting', lambda s: s['state'] == 'sitting')
        locked_at = time.monotonic()
        lock()
        self.wait_for_log('Screen locked', timeout=3)
        self.assertEqual(self.events('natural'), [],
                         'a natural break before natural-break passed')
        self.wait_for_events('natural', 1, timeout=LONG + 3)
        self.assertGreaterEqual(time.monotonic() - locked_at,
                                NATURAL_BREAK - 0.5,
                                'the natural break came too soon')
        self.assertEqual(self.status()['state'], 'away')
        # Still away after natural-break: the unlock, not the time, ends it.
        time.sleep(max(0, LONG - (time.monotonic() - locked_at)))
        self.assertEqual(self.status()['state'], 'away')
        unlock()
        self.wait_for_log('Screen unlocked', timeout=3)
        st = self.wait_for_status('sitting after unlock',
                                  lambda s: s['state'] == 'sitting', timeout=5)
        # Without the break sitting would be >= LONG seconds by now.
        self.assertLessEqual(st['sitting_seconds'], 2, st)
        self.assertEqual(len(self.events('natural')), 1)

    def short_lock_is_no_break(self, lock, unlock):
        """A lock shorter than natural-break: seen and ended, no natural
        event then or later, and the sitting time counted on through it."""
        st = self.wait_for_status('some sitting time',
                                  lambda s: s['sitting_seconds'] >= 2)
        before = st['sitting_seconds']
        locked_at = time.monotonic()
        lock()
        self.wait_for_log('Screen locked', timeout=3)
        time.sleep(SHORT)
        unlock()
        self.wait_for_log('Screen unlocked', timeout=3)
        st = self.status()
        self.assertEqual(st['state'], 'sitting', st)
        # A short lock counts as sitting, like a short idle gap.
        self.assertGreaterEqual(st['sitting_seconds'], before + SHORT, st)
        # And it never turns into a break later on.
        self.assert_stays(LONG - (time.monotonic() - locked_at),
                          lambda s: s['state'] == 'sitting',
                          'sitting after a short lock')
        self.assertEqual(self.events('natural'), [])


class LogindTestBase(LockChecks, LimberTestCase):
    """A private system bus with logind's mock and two sessions on it."""

    def setUp(self):
        super().setUp()
        self.system_bus = SystemBus(os.path.join(self.tmp, 'system'), self.env)
        self.addCleanup(self.system_bus.stop)
        self._logs.append(('system dbus-daemon', self.system_bus.log_path))
        self.env['DBUS_SYSTEM_BUS_ADDRESS'] = self.system_bus.address

        log = os.path.join(self.tmp, 'logind-mock.log')
        self.logind = Logind(self.system_bus, self.env, log)
        self.addCleanup(self.logind.stop)
        self._logs.append(('logind mock', log))
        self.logind.add_session(SESSION, os.getuid())
        # Someone else's session on the same seat: its lock is not ours.
        self.logind.add_session('c2', os.getuid())
        self.env['XDG_SESSION_ID'] = SESSION

    def start_watching(self):
        """limberd, once it has found and read our session."""
        self.start_daemon()
        expected = 'watching session ' + Logind.session_path(SESSION)
        self.wait_for_log(expected)


class TestLogindLock(LogindTestBase):

    def test_lock_signal_is_a_natural_break_after_natural_break(self):
        self.start_watching()
        self.lock_is_a_natural_break(
            lambda: self.logind.lock(SESSION, True),
            lambda: self.logind.lock(SESSION, False))

    def test_short_lock_is_no_break(self):
        self.start_watching()
        self.short_lock_is_no_break(lambda: self.logind.lock(SESSION, True),
                        lambda: self.logind.lock(SESSION, False))

    def test_other_sessions_lock_is_ignored(self):
        self.start_watching()
        self.logind.lock('c2', True)
        self.logind.set_locked_hint('c2', True)
        time.sleep(2)
        self.assertEqual(self.log_count('Screen locked'), 0,
                         "another session's lock moved limberd")
        # Our own session's lock is seen (so the silence above meant it).
        self.logind.lock(SESSION, True)
        self.wait_for_log('Screen locked', timeout=3)

    def test_locked_hint_is_a_lock(self):
        self.start_watching()
        self.lock_is_a_natural_break(
            lambda: self.logind.set_locked_hint(SESSION, True),
            lambda: self.logind.set_locked_hint(SESSION, False))

    def test_short_locked_hint_is_no_break(self):
        self.start_watching()
        self.short_lock_is_no_break(lambda: self.logind.set_locked_hint(SESSION, True),
                        lambda: self.logind.set_locked_hint(SESSION, False))

    def test_locked_hint_read_at_start(self):
        self.logind.set_locked_hint(SESSION, True)
        self.assertTrue(self.logind.locked_hint(SESSION))
        self.start_watching()
        self.wait_for_log('Screen locked', timeout=3)
        self.wait_for_status('away after natural-break',
                             lambda s: s['state'] == 'away', timeout=LONG + 3)
        self.logind.set_locked_hint(SESSION, False)
        self.wait_for_status('sitting after unlock',
                             lambda s: s['state'] == 'sitting', timeout=5)


class TestLogindFindSession(LogindTestBase):

    def test_display_session_when_no_session_id(self):
        """Without XDG_SESSION_ID (a systemd user service has none) and
        outside any session, the user's display session is the one: the
        mock knows no GetSessionByPID and answers GetSession("auto") with a
        session that does not exist, so this walks the whole chain."""
        del self.env['XDG_SESSION_ID']
        self.logind.set_user_display(os.getuid(), SESSION)
        self.start_watching()
        self.assertIn("found by the user's Display session",
                      self.daemon.log(since_start=True))
        self.logind.lock(SESSION, True)
        self.wait_for_log('Screen locked', timeout=3)


class TestLogindSleep(LogindTestBase):

    def test_long_sleep_is_a_natural_break(self):
        self.start_watching()
        self.wait_for_status('some sitting time',
                             lambda s: s['sitting_seconds'] >= 2)
        self.logind.prepare_for_sleep(True)
        self.wait_for_log('going to sleep', timeout=3)
        time.sleep(LONG)
        self.assertEqual(self.events('natural'), [],
                         'a natural break before the wake')
        self.logind.prepare_for_sleep(False)
        self.wait_for_events('natural', 1, timeout=5)
        st = self.wait_for_status('sitting after the wake',
                                  lambda s: s['state'] == 'sitting', timeout=5)
        self.assertLessEqual(st['sitting_seconds'], 2, st)
        # No real suspend, so the clocks did not diverge and the length is
        # left to limberd's own clock.
        self.assertIn('the clocks did not diverge',
                      self.daemon.log(since_start=True))

    def test_short_sleep_is_no_break_and_no_sitting(self):
        self.start_watching()
        self.wait_for_status('some sitting time',
                             lambda s: s['sitting_seconds'] >= 2)
        before = self.status()['sitting_seconds']
        slept_at = time.monotonic()
        self.logind.prepare_for_sleep(True)
        self.wait_for_log('going to sleep', timeout=3)
        time.sleep(SHORT)
        self.logind.prepare_for_sleep(False)
        self.wait_for_log('Woke up', timeout=3)
        st = self.status()
        self.assertEqual(st['state'], 'sitting', st)
        # Sleep never counts as sitting: the spell moved on by its length.
        self.assertLessEqual(st['sitting_seconds'], before + 1, st)
        self.assertGreaterEqual(st['sitting_seconds'], before, st)
        self.assert_stays(LONG - (time.monotonic() - slept_at),
                          lambda s: s['state'] == 'sitting',
                          'sitting after a short sleep')
        self.assertEqual(self.events('natural'), [])


class TestGnomeScreenSaver(LockChecks, LimberTestCase):
    """org.gnome.ScreenSaver alone, with no system bus at all: limberd runs
    on without logind."""

    def setUp(self):
        super().setUp()
        self.env['DBUS_SYSTEM_BUS_ADDRESS'] = 'unix:path=' + os.path.join(
            self.tmp, 'no-system-bus.socket')
        log = os.path.join(self.tmp, 'screensaver-mock.log')
        self.screensaver = ScreenSaver(self.bus, self.env, log)
        self.addCleanup(self.screensaver.stop)
        self._logs.append(('screensaver mock', log))

    def test_active_changed_is_a_lock(self):
        self.start_daemon()
        self.wait_for_log('GetActive says inactive')
        self.lock_is_a_natural_break(
            lambda: self.screensaver.set_active(True),
            lambda: self.screensaver.set_active(False))

    def test_active_at_start(self):
        self.screensaver.set_active(True)
        self.start_daemon()
        self.wait_for_log('Screen locked', timeout=3)
        self.wait_for_status('away after natural-break',
                             lambda s: s['state'] == 'away', timeout=LONG + 3)
        self.screensaver.set_active(False)
        self.wait_for_status('sitting after unlock',
                             lambda s: s['state'] == 'sitting', timeout=5)

    def test_screensaver_leaving_unlocks(self):
        self.start_daemon()
        self.wait_for_log('GetActive says inactive')
        locked_at = time.monotonic()
        self.screensaver.set_active(True)
        self.wait_for_log('Screen locked', timeout=3)
        self.screensaver.stop()
        self.wait_for_log('Screen unlocked', timeout=5)
        self.assert_stays(LONG - (time.monotonic() - locked_at),
                          lambda s: s['state'] == 'sitting',
                          'sitting once the screensaver is gone')
        self.assertEqual(self.events('natural'), [])


if __name__ == '__main__':
    main()
