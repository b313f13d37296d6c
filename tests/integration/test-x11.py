#!/usr/bin/python3
"""The X11 backend against a real X server (Xvfb) with real input (xdotool):
idle for natural-break is a natural break and input ends it; the
MIT-SCREEN-SAVER queries follow the adaptive rule (after idle X, the next
query when idle could first reach the threshold; a back-off while away),
never a one-second tick; auto picks X11 in an X11 session and never inside
Wayland; and the X server going away does not take limberd with it."""

import sys
import time

import limbertest as lt
from x11harness import LogFollower, Xvfb

CONFIG = """\
[breaks]
interval=45m
natural-break=%s

[activity]
backend=%s
"""

# The backend's debug line for each XScreenSaverQueryInfo.
QUERY_LINE = (r'X11 idle (?P<idle>\d+\.\d+) s; next query in (?P<next>\d+\.\d+) s '
              r'\(query (?P<n>\d+), (?P<state>away|active)\)')
LOST_LINE = r'warning: X11 display \S+ (closed|broke) the connection; idle detection stops'

# How far a query may land from where the backend said it would: timer
# lateness, the follower's 20 ms polling, a loaded or sanitized build.
TIMING_SLACK = 0.3 * lt.TIME_SCALE


class X11Activity(lt.LimberTestCase):
    config = CONFIG % ('5s', 'x11')

    def setUp(self):
        super().setUp()
        self.xvfb = Xvfb(self.tmp, self.env)
        self.addCleanup(self.xvfb.stop)
        self._logs.append(('Xvfb', self.xvfb.log_path))
        self.env['DISPLAY'] = self.xvfb.display

    def follow_queries(self):
        follower = LogFollower(self.daemon_log, QUERY_LINE)
        self.addCleanup(follower.stop)
        return follower

    # ---- choosing the backend ------------------------------------------

    def test_auto_picks_x11_in_an_x11_session(self):
        self.write_config(CONFIG % ('5s', 'auto'))
        self.env['XDG_SESSION_TYPE'] = 'x11'
        self.start_daemon()
        self.assertFalse(self.bus.has_owner(lt.MUTTER_IDLE_NAME))
        self.assertEqual(self.prop('Backend'), 'x11')
        self.assertIn('X11 display %s has MIT-SCREEN-SAVER' % self.xvfb.display,
                      self.prop('BackendReason'))
        self.assertEqual(self.status()['backend'], 'x11')

    def assert_refused(self, wanted, reason):
        """limberd started with backend=`wanted` does not use x11, and says
        why x11 was refused."""
        self.write_config(CONFIG % ('5s', wanted))
        if self.daemon is None:
            self.start_daemon()
        else:
            self.restart_daemon()
        backend = self.prop('Backend')
        why = self.prop('BackendReason')
        self.assertNotEqual(backend, 'x11', why)
        self.assertEqual(self.status()['backend'], backend)
        self.assertIn('x11: ' + reason, why)

    def test_never_x11_inside_wayland_or_without_a_display(self):
        # A working X display is there all along: only the session says no.
        self.env['WAYLAND_DISPLAY'] = 'wayland-limber-test-none'
        self.assert_refused('auto', 'WAYLAND_DISPLAY=wayland-limber-test-none is set')
        # Named explicitly, it still refuses (and limberd runs on with none).
        self.assert_refused('x11', 'WAYLAND_DISPLAY=wayland-limber-test-none is set')
        self.assertEqual(self.prop('Backend'), 'none')

        del self.env['WAYLAND_DISPLAY']
        self.env['XDG_SESSION_TYPE'] = 'wayland'
        self.assert_refused('auto', 'the session is Wayland (XDG_SESSION_TYPE=wayland)')

        self.env['XDG_SESSION_TYPE'] = 'x11'
        del self.env['DISPLAY']
        self.assert_refused('auto', 'DISPLAY is not set')

        self.env['DISPLAY'] = ':%d' % (int(self.xvfb.display[1:]) + 1000)
        self.assert_refused('auto', 'cannot open X11 display ' + self.env['DISPLAY'])

        # And with all of that put right, x11 again: the refusals above came
        # from the session, not from a backend that never works.
        self.env['DISPLAY'] = self.xvfb.display
        self.write_config(CONFIG % ('5s', 'auto'))
        self.restart_daemon()
        self.assertEqual(self.prop('Backend'), 'x11')

    # ---- idle and input -------------------------------------------------

    def sit_then_leave(self):
        self.wait_for_status('some sitting time',
                             lambda s: s['state'] == 'sitting'
                             and s['sitting_seconds'] >= 2)
        self.xvfb.move_pointer()

    def test_idle_is_a_natural_break_and_input_ends_it(self):
        self.start_daemon()
        self.assertEqual(self.prop('Backend'), 'x11')
        self.assertEqual(self.status()['backend'], 'x11')
        self.sit_then_leave()

        natural = self.wait_for_events('natural', timeout=30)
        self.assertEqual(len(natural), 1)
        self.assertGreaterEqual(self.xvfb.idle_ms(), 5000)
        self.wait_for_status('state away', lambda s: s['state'] == 'away')
        self.assertEqual(self.prop('State'), 'away')
        self.assertEqual(self.events('due'), [], 'no prompt for an empty chair')

        # The user comes back. While away the backend re-checks after 2 s,
        # then 4, 8, ... (at most 30 s), so the return is seen within ~14 s.
        self.xvfb.move_pointer()
        self.assertLess(self.xvfb.idle_ms(), 1000)
        st = self.wait_for_status('state sitting after input',
                                  lambda s: s['state'] == 'sitting', timeout=20)
        self.assertLessEqual(st['sitting_seconds'], 3, st)
        self.assertGreater(st['next_break_in'], 45 * 60 - 5, st)
        self.assertEqual(len(self.events('natural')), 1)

        # Leaving again is another break.
        self.sit_then_leave()
        self.wait_for_events('natural', count=2, timeout=30)
        self.wait_for_status('state away again', lambda s: s['state'] == 'away')

    # ---- the adaptive rule ----------------------------------------------

    def test_queries_follow_the_adaptive_rule(self):
        threshold = 20.0
        self.write_config(CONFIG % ('20s', 'x11'))
        follower = self.follow_queries()
        inputs = []   # monotonic times of our input

        def touch():
            self.xvfb.move_pointer()
            inputs.append(time.monotonic())

        def wait_query(predicate, what, timeout):
            def found():
                for i, (_, m) in enumerate(follower.snapshot()):
                    if predicate(i, m):
                        return i + 1
                return None
            return lt.deadline_wait(found, timeout, what)

        touch()
        started = time.monotonic()
        self.start_daemon()
        first = follower.wait_for(1, 10, 'the first query')[0]

        # Input 8 s into the threshold: the next query moves with it.
        time.sleep(max(0.0, first[0] + 8 - time.monotonic()))
        touch()
        # Idle reaches 20 s at about t=28: the first query while away.
        away_at = wait_query(lambda i, m: m['state'] == 'away',
                             'a query that finds the user away', 40)
        self.wait_for_status('state away', lambda s: s['state'] == 'away')
        # Two re-checks while away (after 2 s, then 4 s), then the user
        # comes back; the next re-check (8 s later) sees it.
        follower.wait_for(away_at + 2, 15, 'two re-checks while away')
        touch()
        back_at = wait_query(lambda i, m: i >= away_at + 2 and m['state'] == 'active',
                             'the query that sees the return', 20)
        self.wait_for_status('state sitting', lambda s: s['state'] == 'sitting')
        # And away again once idle reaches the threshold.
        wait_query(lambda i, m: i >= back_at and m['state'] == 'away',
                   'away again', 30)
        lines = follower.snapshot()
        elapsed = lines[-1][0] - started

        rows = [(t, float(m['idle']), float(m['next']), int(m['n']), m['state'])
                for t, m in lines]
        report = ['X11 queries over %.1f s with a %d s threshold: %d'
                  % (elapsed, threshold, len(rows)),
                  '   n  state     idle X  next in  measured gap']
        for i, (t, idle, nxt, n, state) in enumerate(rows):
            gap = rows[i + 1][0] - t if i + 1 < len(rows) else None
            report.append('%4d  %-6s  %7.3f  %7.3f  %s'
                          % (n, state, idle, nxt,
                             '%7.3f' % gap if gap is not None else '      -'))
        report = '\n'.join(report)
        sys.stderr.write('\n' + report + '\n')

        self.assertEqual([r[3] for r in rows], list(range(1, len(rows) + 1)),
                         'every query logged once, numbered in order\n' + report)
        for i in range(len(rows) - 1):
            t, idle, nxt, n, state = rows[i]
            t2, idle2, _, _, _ = rows[i + 1]
            gap = t2 - t
            # Each query comes when the one before said it would.
            self.assertLess(abs(gap - nxt), TIMING_SLACK,
                            'query %d came %.3f s after %d, announced %.3f s\n%s'
                            % (n + 1, gap, n, nxt, report))
            input_between = any(t < when < t2 for when in inputs)
            if state == 'active':
                # The rule: after idle X, the next query at threshold - X...
                self.assertAlmostEqual(nxt, threshold - idle, delta=0.01,
                                       msg='query %d\n%s' % (n, report))
                # ... never a short tick while the user is active ...
                self.assertGreater(gap, 5, 'queries %d and %d only %.3f s apart '
                                   'while active\n%s' % (n, n + 1, gap, report))
                if not input_between:
                    # ... which is the moment idle reaches the threshold, by
                    # the X server's own clock: not before, and not much after.
                    self.assertGreaterEqual(idle2, threshold, report)
                    self.assertLess(idle2, threshold + TIMING_SLACK, report)
            if not input_between:
                # Idle grew by the time between the queries (the server and
                # limberd agree on the clock, so the gaps above are real).
                self.assertAlmostEqual(idle2 - idle, gap, delta=TIMING_SLACK,
                                       msg='queries %d-%d\n%s' % (n, n + 1, report))

        # While away: a back-off from 2 s, doubling.
        away_nexts = [r[2] for r in rows[away_at - 1:back_at - 1]]
        self.assertEqual([round(x, 3) for x in away_nexts], [2.0, 4.0, 8.0][:len(away_nexts)],
                         report)
        self.assertEqual(len(away_nexts), 3, report)
        # The input 8 s after the first query moved the second query: it
        # found the idle since that input (~12 s), not ~20 s.
        self.assertAlmostEqual(rows[1][1], rows[1][0] - inputs[1],
                               delta=TIMING_SLACK, msg=report)
        self.assertLess(rows[1][1], threshold - 6, report)
        # The first query while away came when idle reached the threshold.
        self.assertGreaterEqual(rows[away_at - 1][1], threshold, report)
        self.assertLess(rows[away_at - 1][1], threshold + TIMING_SLACK, report)
        # The return was seen by the first re-check after it.
        self.assertLess(rows[back_at - 1][1], 10, report)
        # About 7 queries in ~55 s, where a one-second tick makes ~55.
        self.assertLessEqual(len(rows), 8, report)

    # ---- the X server going away ----------------------------------------

    def test_display_going_away_does_not_kill_limberd(self):
        follower = self.follow_queries()
        lost = LogFollower(self.daemon_log, LOST_LINE)
        self.addCleanup(lost.stop)
        self.start_daemon()
        follower.wait_for(1, 10, 'the first query')

        self.xvfb.stop()
        lost.wait_for(1, 10, 'the warning that the display went away')
        self.assertTrue(self.daemon.alive(), 'limberd survived the X server')
        st = self.status()
        self.assertEqual(st['backend'], 'x11', st)

        # With a 5 s threshold a query was at most 5 s away (2 s while
        # away): give it longer than that and check none was made, and that
        # the warning came once.
        queries = len(follower.snapshot())
        time.sleep(6)
        self.assertEqual(len(follower.snapshot()), queries,
                         'no queries once the display is gone')
        self.assertEqual(len(lost.snapshot()), 1, 'warned once')
        self.assertTrue(self.daemon.alive())
        self.status()


if __name__ == '__main__':
    lt.main()
