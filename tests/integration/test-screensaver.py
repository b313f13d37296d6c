#!/usr/bin/python3
"""The org.freedesktop.ScreenSaver backend against a stand-in service
(screensaverharness.py) that answers GetSessionIdleTime like KDE does, from
a "last input" time the test moves. Idle for natural-break is a natural
break and input ends it; "auto" picks the backend when nothing better is
there; a service that fails the call (like GNOME's) is refused; queries
follow the adaptive rule instead of a fixed tick; the service may leave and
come back."""

import time

import limbertest as lt
from screensaverharness import FakeScreenSaver

CONFIG = """\
[breaks]
interval=45m
natural-break=%s

[activity]
backend=%s
"""


class ScreenSaverTestCase(lt.LimberTestCase):
    mode = 'kde'

    def setUp(self):
        super().setUp()
        # "auto" tries Wayland and X11 before this backend: nothing of
        # either may leak into limberd's session.
        for var in ('DISPLAY', 'WAYLAND_DISPLAY', 'XDG_SESSION_TYPE'):
            self.env.pop(var, None)
        self.screensaver = self.start_screensaver(self.mode)

    def start_screensaver(self, mode):
        service = FakeScreenSaver(self.bus, self.env, self.tmp, mode)
        self.addCleanup(service.stop)
        self._logs.append(('fake ScreenSaver (%s)' % mode, service.log_path))
        return service

    def query_lines(self):
        return [line for line in self.daemon.log().splitlines()
                if 'ScreenSaver idle ' in line]


class IdleAndInput(ScreenSaverTestCase):
    config = CONFIG % ('5s', 'screensaver')

    def test_idle_is_a_natural_break_and_input_ends_it(self):
        self.screensaver.simulate_input()
        self.start_daemon()
        self.assertEqual(self.prop('Backend'), 'screensaver')
        self.assertIn('answers GetSessionIdleTime', self.prop('BackendReason'))
        self.assertEqual(self.status()['backend'], 'screensaver')

        # Someone sits a little, touches the mouse once more, and leaves.
        self.wait_for_status('some sitting time',
                             lambda s: s['state'] == 'sitting'
                             and s['sitting_seconds'] >= 2)
        self.screensaver.simulate_input()

        natural = self.wait_for_events('natural', timeout=30)
        self.assertEqual(len(natural), 1)
        self.wait_for_status('state away', lambda s: s['state'] == 'away')
        self.assertEqual(self.prop('State'), 'away')
        self.assertEqual(self.events('due'), [], 'no prompt for an empty chair')

        # The user comes back: the next query sees the input.
        self.screensaver.simulate_input()
        st = self.wait_for_status('state sitting after input',
                                  lambda s: s['state'] == 'sitting',
                                  timeout=40)
        self.assertLessEqual(st['sitting_seconds'], 3, st)
        self.assertGreater(st['next_break_in'], 45 * 60 - 5, st)
        self.assertEqual(len(self.events('natural')), 1)

        # One debug line per answered query, with the idle time and the
        # delay to the next one.
        self.assertTrue(self.query_lines(), self.daemon.log())
        self.assertRegex(self.query_lines()[0],
                         r'ScreenSaver idle [0-9.]+ s; next query in [0-9.]+ s')

    def test_old_kde_path_is_found(self):
        # Only /ScreenSaver: the backend finds it and works there.
        self.screensaver.stop()
        self.screensaver = self.start_screensaver('old-kde')
        self.start_daemon()
        self.assertEqual(self.prop('Backend'), 'screensaver')
        self.assertIn('/ScreenSaver', self.prop('BackendReason'))
        # Nobody touches anything: away after natural-break.
        self.wait_for_status('state away', lambda s: s['state'] == 'away',
                             timeout=30)
        paths = [path for _, _, path in self.screensaver.calls()]
        self.assertGreaterEqual(paths.count('/ScreenSaver'), 2, paths)


class AutoPicksScreenSaver(ScreenSaverTestCase):
    config = CONFIG % ('5s', 'auto')

    def test_auto_picks_screensaver(self):
        self.start_daemon()
        self.assertEqual(self.prop('Backend'), 'screensaver')
        self.assertIn('GetSessionIdleTime', self.prop('BackendReason'))
        self.assertEqual(self.status()['backend'], 'screensaver')


class GnomeLikeServiceIsRefused(ScreenSaverTestCase):
    mode = 'gnome'
    config = CONFIG % ('5s', 'screensaver')

    def test_failing_getsessionidletime_falls_back_to_none(self):
        self.start_daemon()
        self.assertEqual(self.prop('Backend'), 'none')
        reason = self.prop('BackendReason')
        self.assertIn('GetSessionIdleTime', reason)
        self.assertIn('not implemented', reason)
        self.assertEqual(self.status()['backend'], 'none')
        # One call decides it, and nothing asks again.
        self.sync()
        self.assertEqual(len(self.screensaver.calls()), 1,
                         self.screensaver.calls())

    def test_auto_skips_it(self):
        self.write_config(CONFIG % ('5s', 'auto'))
        self.start_daemon()
        self.assertEqual(self.prop('Backend'), 'none')
        self.assertIn('screensaver:', self.prop('BackendReason'))


class ServiceLeavesAndReturns(ScreenSaverTestCase):
    config = CONFIG % ('5s', 'screensaver')

    def test_queries_stop_and_resume(self):
        self.start_daemon()
        self.assertEqual(self.prop('Backend'), 'screensaver')
        lt.deadline_wait(lambda: len(self.screensaver.calls()) >= 2, 10,
                         'the first query after the probe')
        self.screensaver.stop()
        lt.deadline_wait(lambda: 'left the bus' in self.daemon.log(), 10,
                         'a warning that the service left')

        self.screensaver = self.start_screensaver('kde')
        lt.deadline_wait(lambda: self.screensaver.calls(), 10,
                         'a query to the returned service')
        lt.deadline_wait(lambda: 'back on the bus' in self.daemon.log(), 10,
                         'a message that the service is back')
        self.assertEqual(self.daemon.log().count('left the bus'), 1)
        self.assertNotIn('GetSessionIdleTime failed', self.daemon.log())
        # And it still works: nobody there, so away.
        self.wait_for_status('state away', lambda s: s['state'] == 'away',
                             timeout=30)


class AdaptiveQueries(ScreenSaverTestCase):
    """natural-break=20s: the idle threshold is 20 s. While the user is
    active, after reading idle X the next query comes threshold - X later;
    once idle was reported, the return is looked for after 2, 4, 8, 16, 30,
    30... seconds."""
    config = CONFIG % ('20s', 'screensaver')
    THRESHOLD = 20.0
    RECHECKS = (2.0, 4.0, 8.0, 16.0, 30.0)

    def test_queries_follow_the_adaptive_rule(self):
        self.screensaver.simulate_input()
        t0 = time.monotonic()
        self.start_daemon()

        def at(seconds):
            delay = t0 + seconds - time.monotonic()
            if delay > 0:
                time.sleep(delay)

        # Active, one input at 6 s; then idle from 6 s on (reported at the
        # query near 26 s); back at 44 s, which a query then notices.
        at(6)
        self.screensaver.simulate_input()
        at(44)
        self.screensaver.simulate_input()
        at(60)
        in_60s = len(self.screensaver.calls())
        # Wait for the query that sees the return, and the one after it
        # (an "active" gap after a return).
        lt.deadline_wait(
            lambda: len([c for c in self.screensaver.calls()
                         if c[0] > t0 + 44]) >= 2,
            40, 'the query after the one that saw the return')
        calls = self.screensaver.calls()

        print('\nGetSessionIdleTime calls (t from limberd start, idle, gap):',
              flush=True)
        for i, (t, idle, path) in enumerate(calls):
            gap = calls[i + 1][0] - t if i + 1 < len(calls) else float('nan')
            print('  %6.2f s  idle %6.2f s  next after %6.2f s'
                  % (t - t0, idle, gap), flush=True)
        print('%d calls in the first 60 s (a 1-second tick would make 60)'
              % in_60s, flush=True)

        # The first call is the probe's, the second the first query, at once.
        self.assertLess(calls[1][0] - calls[0][0], 1.0 * lt.TIME_SCALE)
        slack = 0.5 * lt.TIME_SCALE
        idle = False
        idle_since = None
        recheck = 0
        active_gaps = idle_gaps = 0
        for (t, x, _), (t_next, _, _) in zip(calls[1:], calls[2:]):
            gap = t_next - t
            if idle and x < t - idle_since - 1.0:
                idle = False
            if not idle and x >= self.THRESHOLD:
                idle, idle_since, recheck = True, t - x, 0
            if idle:
                expected = self.RECHECKS[min(recheck, len(self.RECHECKS) - 1)]
                recheck += 1
                idle_gaps += 1
                self.assertGreaterEqual(gap, expected - 0.05, (t - t0, x, gap))
            else:
                expected = self.THRESHOLD - x
                active_gaps += 1
                # Never before idle could reach the threshold.
                self.assertGreaterEqual(gap, expected - 0.05, (t - t0, x, gap))
            self.assertLessEqual(gap, expected + slack, (t - t0, x, gap))
        self.assertGreaterEqual(active_gaps, 3)
        self.assertGreaterEqual(idle_gaps, 3)
        # Expected: probe and first query at 0, then 20, 26 (idle), 28, 32,
        # 40, 56 (back): 8 in the first minute.
        self.assertLessEqual(in_60s, 9, calls)
        self.assertGreaterEqual(in_60s, 7, calls)

        # One debug line per answered query (all but the probe's).
        self.assertEqual(len(self.query_lines()), len(calls) - 1,
                         self.query_lines())
        # The idle was a natural break, and the user is back.
        self.assertEqual(len(self.events('natural')), 1)
        self.assertEqual(self.status()['state'], 'sitting')


if __name__ == '__main__':
    lt.main()
