#!/usr/bin/python3
"""Done / Snooze / Skip / dismiss, from the notification and from limberctl:
what gets logged and what `limberctl status` says afterwards."""

import time

import limbertest as lt

INTERVAL = 45 * 60
SNOOZE = 10 * 60
SHORT_SNOOZE = 5     # the shortest snooze the config takes
SHORT_INTERVAL = 5   # and the shortest interval


class Actions(lt.LimberTestCase):
    config = """\
[breaks]
interval=45m
snooze=10m
daily-goal=6

[activity]
backend=none
"""

    def setUp(self):
        super().setUp()
        self.start_daemon()
        st = self.status()
        self.assertEqual(st['state'], 'sitting')
        self.assertEqual(st['completed_today'], 0)
        self.assertEqual(st['daily_goal'], 6)

    def assert_restarted_sitting(self, st):
        """After a logged break: sitting again from about zero, a full
        interval ahead, nothing pending."""
        self.assertEqual(st['state'], 'sitting', st)
        self.assertLess(st['sitting_seconds'], 5, st)
        self.assertGreater(st['next_break_in'], INTERVAL - 10, st)
        self.assertLessEqual(st['next_break_in'], INTERVAL, st)
        self.assertFalse(st.get('pending_stretch'), st)

    def assert_no_kind(self, kind):
        self.sync()
        time.sleep(0.3)
        self.assertEqual(self.events(kind), [], 'no %r event expected' % kind)

    # ---- from the notification ----------------------------------------

    def test_done_from_notification(self):
        note, sid = self.prompt_now()
        self.notify.invoke_action(note['id'], 'done')
        done = self.wait_for_events('completed')
        self.assertEqual(len(done), 1)
        self.assertEqual(done[0]['stretch'], sid)
        st = self.wait_for_status('state sitting',
                                  lambda s: s['state'] == 'sitting')
        self.assert_restarted_sitting(st)
        self.assertEqual(st['completed_today'], 1)
        self.assertEqual(self.prop('CompletedToday'), 1)
        # Servers close the notification after an action (GNOME Shell says
        # "dismissed"): that must not be logged as a second, declined break.
        self.notify.close(note['id'], 2)
        self.assert_no_kind('dismissed')
        self.assertEqual(self.status()['completed_today'], 1)

    def test_snooze_from_notification(self):
        note, sid = self.prompt_now()
        self.notify.invoke_action(note['id'], 'snooze')
        snoozed = self.wait_for_events('snoozed')
        self.assertEqual(len(snoozed), 1)
        self.assertEqual(snoozed[0]['seconds'], SNOOZE)
        st = self.wait_for_status('state snoozed',
                                  lambda s: s['state'] == 'snoozed')
        self.assertGreater(st['next_break_in'], SNOOZE - 10, st)
        self.assertLessEqual(st['next_break_in'], SNOOZE, st)
        self.assertEqual(st['snooze_count'], 1, st)
        self.assertEqual(st['completed_today'], 0, st)
        self.notify.close(note['id'], 2)
        self.assert_no_kind('dismissed')
        self.assertEqual(self.status()['state'], 'snoozed')

    def test_skip_from_notification(self):
        note, sid = self.prompt_now()
        self.notify.invoke_action(note['id'], 'skip')
        skipped = self.wait_for_events('skipped')
        self.assertEqual(len(skipped), 1)
        st = self.wait_for_status('state sitting',
                                  lambda s: s['state'] == 'sitting')
        self.assert_restarted_sitting(st)
        self.assertEqual(st['completed_today'], 0)
        self.assertEqual(self.events('completed'), [])

    def test_dismiss_from_notification(self):
        note, sid = self.prompt_now()
        self.notify.close(note['id'], 2)   # 2: dismissed by the user
        dismissed = self.wait_for_events('dismissed')
        self.assertEqual(len(dismissed), 1)
        st = self.wait_for_status('state sitting',
                                  lambda s: s['state'] == 'sitting')
        self.assert_restarted_sitting(st)
        self.assertEqual(st['completed_today'], 0)
        self.assertEqual(self.events('completed'), [])
        self.assertEqual(self.events('skipped'), [])

    # ---- from limberctl -------------------------------------------------

    def test_done_from_cli(self):
        note, sid = self.prompt_now()
        self.ctl_ok('done')
        done = self.wait_for_events('completed')
        self.assertEqual([e['stretch'] for e in done], [sid])
        st = self.status()
        self.assert_restarted_sitting(st)
        self.assertEqual(st['completed_today'], 1)

    def test_done_named_stretch_without_prompt(self):
        self.ctl_ok('done', 'cat-cow')
        done = self.wait_for_events('completed')
        self.assertEqual([e['stretch'] for e in done], ['cat-cow'])
        st = self.status()
        self.assert_restarted_sitting(st)
        self.assertEqual(st['completed_today'], 1)
        self.ctl_ok('done', 'seated-twist')
        self.assertEqual(self.status()['completed_today'], 2)

    def test_done_unknown_stretch_fails(self):
        p = self.ctl('done', 'no-such-stretch')
        self.assertEqual(p.returncode, 1, p)
        self.assertIn('no-such-stretch', p.stderr)
        self.assertEqual(self.events('completed'), [])

    def test_snooze_from_cli_with_duration(self):
        self.prompt_now()
        self.ctl_ok('snooze', '2m')
        snoozed = self.wait_for_events('snoozed')
        self.assertEqual(snoozed[0]['seconds'], 120)
        st = self.status()
        self.assertEqual(st['state'], 'snoozed', st)
        self.assertGreater(st['next_break_in'], 110, st)
        self.assertLessEqual(st['next_break_in'], 120, st)
        self.assertEqual(st['snooze_count'], 1, st)

    def test_snooze_from_cli_default_length(self):
        self.prompt_now()
        self.ctl_ok('snooze')
        snoozed = self.wait_for_events('snoozed')
        self.assertEqual(snoozed[0]['seconds'], SNOOZE)
        st = self.status()
        self.assertEqual(st['state'], 'snoozed', st)
        self.assertGreater(st['next_break_in'], SNOOZE - 10, st)
        self.assertLessEqual(st['next_break_in'], SNOOZE, st)

    def test_snooze_then_prompt_again_counts_snoozes(self):
        self.prompt_now()
        self.ctl_ok('snooze', '1h')
        self.prompt_now()
        self.ctl_ok('snooze', '1h')
        st = self.status()
        self.assertEqual(st['snooze_count'], 2, st)
        self.ctl_ok('done')
        st = self.status()
        self.assertEqual(st['snooze_count'], 0, 'a break ends the run of '
                         'snoozes: %s' % st)

    def test_critical_after_max_snoozes(self):
        # max-snoozes defaults to 3: the reminder after three snoozes in a
        # row is critical, so that it stays on screen.
        for _ in range(3):
            note, sid = self.prompt_now()
            self.assertNotEqual(note['hints'].get('urgency'), 2, note['hints'])
            self.ctl_ok('snooze', '1h')
        note, sid = self.prompt_now()
        self.assertEqual(note['hints'].get('urgency'), 2, note['hints'])
        self.ctl_ok('done')
        note, sid = self.prompt_now()
        self.assertNotEqual(note['hints'].get('urgency'), 2,
                            'a break resets the urgency: %s' % note['hints'])

    def test_skip_from_cli(self):
        note, sid = self.prompt_now()
        self.ctl_ok('skip')
        self.wait_for_events('skipped')
        st = self.status()
        self.assert_restarted_sitting(st)
        self.assertEqual(st['completed_today'], 0)

    def test_skip_with_nothing_pending_fails(self):
        p = self.ctl('skip')
        self.assertEqual(p.returncode, 1, p)
        self.assertTrue(p.stderr.strip(), 'says why')
        self.assertEqual(self.events('skipped'), [])


class ComingBack(lt.LimberTestCase):
    """A reminder that is not answered for good (snoozed, or expired on
    screen) comes back by itself: nobody has to run `limberctl break`."""

    config = """\
[breaks]
interval=%ds
snooze=%ds
daily-goal=6

[activity]
backend=none
""" % (SHORT_INTERVAL, SHORT_SNOOZE)

    def setUp(self):
        super().setUp()
        self.started = time.monotonic()
        self.start_daemon()

    def assert_no_kind(self, kind):
        self.sync()
        time.sleep(0.3)
        self.assertEqual(self.events(kind), [], 'no %r event expected' % kind)

    def next_notify(self, before, timeout):
        """The Notify after the first `before` ones (none is asked for)."""
        return self.notify.wait_for_notifications(before + 1,
                                                  timeout=timeout)[before]

    def first_reminder(self):
        """The reminder the interval brings by itself."""
        note = self.next_notify(0, timeout=SHORT_INTERVAL + 15)
        sid = self.stretch_in(note['body'])
        st = self.wait_for_status('state due', lambda s: s['state'] == 'due')
        self.assertEqual(st['pending_stretch'], sid, st)
        self.assertEqual(st['snooze_count'], 0, st)
        return note, sid

    def test_expired_notification_is_not_a_dismissal(self):
        # Reason 1 (expired) is not the user saying no: the break is still
        # owed, so the reminder comes back after the snooze time, without
        # counting as (or being logged as) a snooze of the user's.
        note, sid = self.first_reminder()
        closed_at = time.monotonic()
        self.notify.close(note['id'], 1)
        st = self.wait_for_status('state snoozed after expiry',
                                  lambda s: s['state'] == 'snoozed')
        self.assertEqual(st['snooze_count'], 0, 'an expiry is not the '
                         'user snoozing: %s' % st)
        self.assertIsNotNone(st['next_break_in'], st)
        self.assertLessEqual(st['next_break_in'], SHORT_SNOOZE, st)
        self.assertEqual(st['pending_stretch'], sid, st)
        self.assert_no_kind('dismissed')
        self.assertEqual(self.events('snoozed'), [],
                         'an expiry is not logged as a snooze')
        self.assertEqual(len(self.notify.notifications()), 1,
                         'no new reminder before the snooze time')
        again = self.next_notify(1, timeout=SHORT_SNOOZE + 15)
        self.assertGreaterEqual(time.monotonic() - closed_at,
                                SHORT_SNOOZE - 1.5,
                                'came back before the snooze time ran out')
        self.assertEqual(self.stretch_in(again['body']), sid,
                         'the expired reminder returns with the same stretch')
        st = self.wait_for_status('state due again',
                                  lambda s: s['state'] == 'due')
        self.assertEqual(st['pending_stretch'], sid, st)
        self.assertEqual(st['snooze_count'], 0, st)
        self.assertEqual(self.events('dismissed'), [])
        self.assertEqual(self.events('snoozed'), [])
        self.assertEqual([e['stretch'] for e in self.events('due')],
                         [sid, sid], 'one due event per reminder shown')

    def test_snooze_from_notification_comes_back_by_itself(self):
        note, sid = self.first_reminder()
        snoozed_at = time.monotonic()
        self.notify.invoke_action(note['id'], 'snooze')
        snoozed = self.wait_for_events('snoozed')
        self.assertEqual(len(snoozed), 1)
        self.assertEqual(snoozed[0]['seconds'], SHORT_SNOOZE)
        st = self.wait_for_status('state snoozed',
                                  lambda s: s['state'] == 'snoozed')
        self.assertEqual(st['snooze_count'], 1, st)
        self.assertLessEqual(st['next_break_in'], SHORT_SNOOZE, st)
        self.assertEqual(len(self.notify.notifications()), 1,
                         'no new reminder before the snooze ran out')
        # No `limberctl break`: the snooze running out brings it back.
        again = self.next_notify(1, timeout=SHORT_SNOOZE + 15)
        self.assertGreaterEqual(time.monotonic() - snoozed_at,
                                SHORT_SNOOZE - 1.5,
                                'came back before the snooze ran out')
        self.assertEqual(self.stretch_in(again['body']), sid,
                         'a snoozed reminder returns with the same stretch')
        st = self.wait_for_status('state due again',
                                  lambda s: s['state'] == 'due')
        self.assertEqual(st['pending_stretch'], sid, st)
        self.assertEqual(st['snooze_count'], 1, st)
        # Sitting kept counting through the snooze (it is not a break).
        self.assertGreaterEqual(st['sitting_seconds'],
                                SHORT_INTERVAL + SHORT_SNOOZE - 1, st)
        self.assertEqual(len(self.events('snoozed')), 1)
        self.assertEqual(self.events('dismissed'), [])


if __name__ == '__main__':
    lt.main()
