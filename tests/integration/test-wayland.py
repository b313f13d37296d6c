#!/usr/bin/python3
"""The Wayland activity backend against real protocol peers.

- limber-test-compositor (tests/wayland/), which offers ext-idle-notify-v1,
  org_kde_kwin_idle or both, and takes simulated input on its stdin;
- real sway 1.7 headless, which offers only org_kde_kwin_idle, with input
  through `swaymsg seat seat0 cursor move`.

Idle for natural-break is a natural break (state away) and input starts a new
sitting spell, on both protocols. With backend=auto (no Mutter on the bus)
the Wayland backend is picked and the protocol it chose is the preferred one
the compositor offers: ext-idle-notify-v1 where it exists, org_kde_kwin_idle
where it alone exists (the fallback order): with both offered (and the KDE
one listed first) limberd creates an ext notification and no KDE timeout.
"""

import os
import time

import limbertest as lt
import waylandharness as wh

CONFIG = """\
[breaks]
interval=45m
natural-break=%s

[activity]
backend=%s
"""

EXT_REASON = 'offers ext-idle-notify-v1'
KDE_REASON = 'offers org_kde_kwin_idle (no ext-idle-notify-v1)'


class WaylandCase(lt.LimberTestCase):
    """Shared steps: the compositor-specific part is `user_input()`."""

    config = CONFIG % ('5s', 'wayland')

    def backend(self):
        """(Backend, BackendReason) once limberd has chosen its backend,
        which it does just after taking its bus name."""
        lt.deadline_wait(lambda: self.prop('Backend'), 10,
                         'the Backend property to be set')
        return self.prop('Backend'), self.prop('BackendReason')

    def sit_then_leave(self):
        """Someone sits (the sitting time grows), makes one last input and
        leaves."""
        self.wait_for_status('some sitting time',
                             lambda s: s['state'] == 'sitting'
                             and s['sitting_seconds'] >= 2)
        self.user_input()

    def check_idle_is_a_natural_break_and_input_ends_it(self):
        self.assertEqual(self.backend()[0], 'wayland')
        self.assertEqual(self.status()['backend'], 'wayland')
        self.sit_then_leave()
        self.assertEqual(self.events('natural'), [])

        # Nobody touches anything: after 5 s of idle, a natural break.
        natural = self.wait_for_events('natural', timeout=30)
        self.assertEqual(len(natural), 1)
        self.wait_for_status('state away', lambda s: s['state'] == 'away')
        self.assertEqual(self.prop('State'), 'away')
        self.assertEqual(self.events('due'), [], 'no prompt for an empty chair')

        # The user comes back.
        self.user_input()
        st = self.wait_for_status('state sitting after input',
                                  lambda s: s['state'] == 'sitting')
        self.assertLessEqual(st['sitting_seconds'], 3, st)
        self.assertGreater(st['next_break_in'], 45 * 60 - 5, st)
        self.assertEqual(len(self.events('natural')), 1,
                         'one idle stretch is one natural break')

        # The notification keeps working: leaving again is another break.
        self.sit_then_leave()
        self.wait_for_events('natural', count=2, timeout=30)
        self.wait_for_status('state away again', lambda s: s['state'] == 'away')

        log = self.daemon.log()
        self.assertIn('no input for 5000 ms', log)
        self.assertIn('input again', log)


class CompositorCase(WaylandCase):
    """limber-test-compositor with `compositor_options`."""

    compositor_options = ()

    def setUp(self):
        super().setUp()
        comp_log = os.path.join(self.tmp, 'compositor.log')
        self._logs.append(('test compositor', comp_log))
        self.compositor = wh.TestCompositor(self.runtime_dir, self.env,
                                            comp_log,
                                            self.compositor_options)
        self.addCleanup(self.compositor.stop)
        # limberd finds it the usual way: WAYLAND_DISPLAY in XDG_RUNTIME_DIR.
        self.env['WAYLAND_DISPLAY'] = self.compositor.socket

    def user_input(self):
        self.compositor.input()

    def wait_for_notifications(self, predicate, what, kinds=False):
        """Waits until predicate(the compositor's notifications) holds;
        returns them. With `kinds`, as (kind, timeout_ms, idle)."""
        last = {}

        def check():
            last['n'] = (self.compositor.listing() if kinds
                         else self.compositor.notifications())
            return predicate(last['n'])
        try:
            lt.deadline_wait(check, 15, what)
        except AssertionError as e:
            raise AssertionError('%s; compositor has %s' % (e, last.get('n')))
        return last['n']


class TestCompositorActivity(CompositorCase):
    """ext-idle-notify-v1 through limber-test-compositor."""

    def test_idle_is_a_natural_break_and_input_ends_it(self):
        self.start_daemon()
        self.assertIn(EXT_REASON, self.backend()[1])
        # One notification, for natural-break.
        self.assertEqual(self.wait_for_notifications(
            lambda n: n, 'limberd\'s idle notification'), [(5000, False)])
        self.check_idle_is_a_natural_break_and_input_ends_it()
        self.assertEqual(self.compositor.notifications(), [(5000, True)])
        # The resumed event arrives: limberd leaves away at once.
        self.assertEqual(self.compositor.input(), 1)
        self.wait_for_status('state sitting after input',
                             lambda s: s['state'] == 'sitting', timeout=5)

    def test_no_wakeups_while_nothing_happens(self):
        # Event-driven: once the notification exists, limberd's main thread
        # sleeps until the compositor speaks. A busy or polling main loop
        # would switch hundreds of times in these seconds.
        self.start_daemon()
        self.wait_for_notifications(lambda n: n, 'limberd\'s notification')
        self.compositor.input()   # idle comes 5 s from now, not sooner
        self.sync()
        before = self.context_switches()
        time.sleep(4)
        switches = self.context_switches() - before
        self.assertLessEqual(switches, 3, 'limberd woke %d times in 4 quiet '
                             'seconds' % switches)

    def context_switches(self):
        """Of limberd's main thread, where the Wayland source runs."""
        with open('/proc/%d/status' % self.daemon.pid) as f:
            return sum(int(line.split()[1]) for line in f
                       if line.split()[0] in ('voluntary_ctxt_switches:',
                                              'nonvoluntary_ctxt_switches:'))

    def test_auto_picks_wayland_with_ext_idle_notify(self):
        # No Mutter on this bus, WAYLAND_DISPLAY set: Wayland, and of the
        # two protocols the standard one.
        self.write_config(CONFIG % ('5s', 'auto'))
        self.start_daemon()
        backend, reason = self.backend()
        self.assertEqual(backend, 'wayland')
        self.assertEqual(self.status()['backend'], 'wayland')
        self.assertIn(EXT_REASON, reason)
        self.assertIn(self.compositor.socket, reason)
        self.assertNotIn('org_kde_kwin_idle', reason)
        self.assertIn('through ext-idle-notify-v1', self.daemon.log())
        self.wait_for_notifications(lambda n: n == [(5000, False)],
                                    'one notification for 5000 ms')

    def test_reload_replaces_the_notification(self):
        self.start_daemon()
        self.wait_for_notifications(lambda n: n == [(5000, False)],
                                    'one notification for 5000 ms')
        self.write_config(CONFIG % ('7s', 'wayland'))
        self.ctl_ok('reload')
        # The old one is destroyed, not leaked next to the new one.
        self.wait_for_notifications(lambda n: n == [(7000, False)],
                                    'just one notification, for 7000 ms')
        self.assertEqual(self.backend()[0], 'wayland')

    def test_compositor_going_away_is_survived(self):
        self.start_daemon()
        self.wait_for_notifications(lambda n: n, 'limberd\'s notification')
        self.assertEqual(self.compositor.stop(), 0)
        lt.deadline_wait(lambda: 'Lost the Wayland compositor'
                         in self.daemon.log(), 15, 'the warning about it')
        # limberd runs on, answers, and reminds by the clock.
        self.assertTrue(self.daemon.alive())
        st = self.status()
        self.assertEqual(st['state'], 'sitting', st)
        self.assertEqual(self.daemon.log().count('Lost the Wayland compositor'),
                         1, 'warned once')
        self.assertTrue(self.daemon.alive())
        # (The clean exit on SIGTERM is checked by the cleanup.)

    def test_named_backend_without_a_compositor_falls_back_to_none(self):
        self.env['WAYLAND_DISPLAY'] = 'wayland-nobody-here'
        self.start_daemon()
        backend, reason = self.backend()
        self.assertEqual(backend, 'none')
        self.assertIn('wayland-nobody-here', reason)
        self.assertEqual(self.compositor.notifications(), [])


class BothProtocolsActivity(CompositorCase):
    """A compositor offering org_kde_kwin_idle and ext-idle-notify-v1 (the
    KDE one listed first): limberd must choose the standard one."""

    compositor_options = ('--kde-idle',)

    def test_ext_idle_notify_is_preferred_to_kde_idle(self):
        self.write_config(CONFIG % ('5s', 'auto'))
        self.start_daemon()
        backend, reason = self.backend()
        self.assertEqual(backend, 'wayland')
        self.assertIn(EXT_REASON, reason)
        self.assertNotIn('org_kde_kwin_idle', reason)
        # What limberd actually created: one ext notification, no KDE timeout.
        objects = self.wait_for_notifications(lambda n: n, 'limberd\'s idle '
                                              'notification', kinds=True)
        self.assertEqual(objects, [('ext', 5000, False)])
        self.assertIn('through ext-idle-notify-v1', self.daemon.log())
        # And nothing more after it settles: no second object, and the KDE
        # global never even bound.
        self.sync()
        self.assertEqual(self.compositor.listing(), [('ext', 5000, False)])
        comp_log = self.compositor.log()
        self.assertIn('client bound ext_idle_notifier_v1', comp_log)
        self.assertNotIn('client bound org_kde_kwin_idle', comp_log)
        self.assertNotIn('kde notification', comp_log)


class KdeIdleOnlyActivity(CompositorCase):
    """org_kde_kwin_idle alone (limber-test-compositor --no-ext): the
    fallback, end to end."""

    compositor_options = ('--no-ext',)

    def test_auto_falls_back_to_kde_idle(self):
        self.write_config(CONFIG % ('5s', 'auto'))
        self.start_daemon()
        backend, reason = self.backend()
        self.assertEqual(backend, 'wayland')
        self.assertEqual(self.status()['backend'], 'wayland')
        self.assertIn(KDE_REASON, reason)
        self.assertIn(self.compositor.socket, reason)
        self.assertEqual(self.wait_for_notifications(
            lambda n: n, 'limberd\'s idle timeout', kinds=True),
            [('kde', 5000, False)])
        self.assertIn('through org_kde_kwin_idle', self.daemon.log())
        self.assertIn('client bound org_kde_kwin_idle',
                      self.compositor.log())

    def test_idle_is_a_natural_break_and_input_ends_it(self):
        self.start_daemon()
        self.assertIn(KDE_REASON, self.backend()[1])
        self.assertEqual(self.wait_for_notifications(
            lambda n: n, 'limberd\'s idle timeout', kinds=True),
            [('kde', 5000, False)])
        self.check_idle_is_a_natural_break_and_input_ends_it()
        # The compositor sent "idle" on that timeout, and limberd acted on it.
        self.assertEqual(self.compositor.listing(), [('kde', 5000, True)])
        self.assertRegex(self.compositor.log(),
                         r'kde notification \d+ \(5000 ms\): idled')
        # Its "resumed" arrives: limberd leaves away at once.
        self.assertEqual(self.compositor.input(), 1)
        self.wait_for_status('state sitting after input',
                             lambda s: s['state'] == 'sitting', timeout=5)

    def test_reload_replaces_the_timeout(self):
        self.start_daemon()
        self.wait_for_notifications(lambda n: n == [('kde', 5000, False)],
                                    'one KDE timeout for 5000 ms', kinds=True)
        self.write_config(CONFIG % ('7s', 'wayland'))
        self.ctl_ok('reload')
        self.wait_for_notifications(lambda n: n == [('kde', 7000, False)],
                                    'just one KDE timeout, for 7000 ms',
                                    kinds=True)


class SwayActivity(WaylandCase):
    """org_kde_kwin_idle through real sway 1.7 (wlroots 0.15)."""

    def setUp(self):
        super().setUp()
        sway_log = os.path.join(self.tmp, 'sway.log')
        self._logs.append(('sway', sway_log))
        self.sway = wh.Sway(sway_log)
        self.addCleanup(self.sway.stop)
        # limberd runs as root here, which may connect to the user's socket.
        self.env['XDG_RUNTIME_DIR'] = self.sway.runtime_dir
        self.env['WAYLAND_DISPLAY'] = self.sway.socket

    def user_input(self):
        self.sway.move_cursor()

    def test_auto_falls_back_to_kde_idle(self):
        self.write_config(CONFIG % ('5s', 'auto'))
        self.start_daemon()
        backend, reason = self.backend()
        self.assertEqual(backend, 'wayland')
        self.assertEqual(self.status()['backend'], 'wayland')
        self.assertIn(KDE_REASON, reason)
        self.assertIn(self.sway.socket, reason)
        self.assertIn('through org_kde_kwin_idle', self.daemon.log())

    def test_idle_is_a_natural_break_and_input_ends_it(self):
        self.start_daemon()
        self.assertIn(KDE_REASON, self.backend()[1])
        self.check_idle_is_a_natural_break_and_input_ends_it()


if __name__ == '__main__':
    lt.main()
