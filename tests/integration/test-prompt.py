#!/usr/bin/python3
"""After `interval` of sitting, the user gets a notification naming a stretch."""

import time

import limbertest as lt


class IntervalPrompt(lt.LimberTestCase):
    config = """\
[breaks]
interval=5s
snooze=10m

[activity]
backend=none
"""

    def test_notification_after_interval(self):
        started = time.monotonic()
        self.start_daemon()

        st = self.status()
        self.assertEqual(st['state'], 'sitting')
        self.assertLessEqual(st['next_break_in'], 5)

        notes = self.notify.wait_for_notifications(1, timeout=30)
        waited = time.monotonic() - started
        # Not before the interval (a little slack for clock rounding).
        self.assertGreaterEqual(waited, 4.0, 'prompt came before the interval')

        note = notes[0]
        self.assertEqual(note['app_name'], 'Limber')
        self.assertTrue(note['summary'].startswith('You have been sitting for'),
                        note['summary'])
        stretch = self.stretch_in(note['body'])
        self.assertIn(stretch, lt.CATALOGUE_IDS)

        # Action keys come in (key, label) pairs.
        keys = note['actions'][0::2]
        labels = dict(zip(note['actions'][0::2], note['actions'][1::2]))
        for key in ('done', 'snooze', 'skip'):
            self.assertIn(key, keys, note['actions'])
            self.assertTrue(labels[key], 'action %s has a label' % key)
        self.assertEqual(labels['done'], 'Done')
        self.assertEqual(labels['skip'], 'Skip')
        self.assertTrue(labels['snooze'].startswith('Snooze'), labels['snooze'])
        self.assertEqual(note['hints'].get('desktop-entry'), lt.DESKTOP_ENTRY)

        due = self.wait_for_events('due')
        self.assertEqual(due[0]['stretch'], stretch,
                         'the due event names the stretch of the notification')

        st = self.status()
        self.assertEqual(st['state'], 'due')
        self.assertEqual(st['pending_stretch'], stretch)
        self.assertEqual(self.prop('PendingStretch'), stretch)
        self.assertEqual(self.prop('State'), 'due')
        self.assertGreaterEqual(st['sitting_seconds'], 4)

        # A prompt pops up once, not again and again while it waits
        # (updating it in place, with replaces_id, is fine).
        time.sleep(1.5)
        popups = {n['id'] for n in self.notify.notifications()}
        self.assertEqual(len(popups), 1, 'one notification per due break')
        self.assertEqual(len(self.events('due')), 1)


if __name__ == '__main__':
    lt.main()
