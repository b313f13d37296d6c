#!/usr/bin/python3
"""The reminder as the notification server sees it (issue 4): its actions
and hints, its body for servers with and without markup or buttons, what
closing it means, escalation after snoozes, a server that goes away and
comes back (or comes late), and the hints of the guided stretch's
notifications (sound, transient)."""

import os
import time
import urllib.parse

import limbertest as lt

# The line a reminder ends with when the server cannot show buttons.
COMMANDS_HINT = ('Answer in a terminal: limberctl done, limberctl snooze or '
                 'limberctl skip (limberctl break --guide walks you through '
                 'it).')

FULL_CAPS = 'body body-markup actions persistence'
SOUND_CAPS = 'body body-markup actions persistence sound'

URGENCY_NORMAL = 1
URGENCY_CRITICAL = 2

# How long to watch for something that must not happen.
SETTLE = 0.5


def config(breaks='', notifications=''):
    """limber.conf: a long interval (nothing fires by itself), no activity
    backend, plus the given lines."""
    text = '[breaks]\ninterval=45m\n' + breaks
    if notifications:
        text += '\n[notifications]\n' + notifications
    return text + '\n[activity]\nbackend=none\n'


def reminder_actions(snooze_label):
    return ['default', 'Start', 'start', 'Start', 'done', 'Done',
            'snooze', snooze_label, 'skip', 'Skip']


class NotificationTestCase(lt.LimberTestCase):
    """Helpers shared by the classes below; no tests of its own."""

    stretches_override = None   # text of a stretches.d/*.ini, if any

    def setUp(self):
        super().setUp()
        if self.stretches_override is not None:
            self.write_config(self.stretches_override, os.path.join(
                self.config_home, 'limber', 'stretches.d', 'test.ini'))

    def assert_nothing_new(self, server=None, count=None):
        """No further Notify reaches `server` (self.notify) while limberd
        handles what was sent to it before."""
        server = server or self.notify
        if count is None:
            count = len(server.notifications())
        self.sync()
        time.sleep(SETTLE * lt.TIME_SCALE)
        self.sync()
        self.assertEqual(len(server.notifications()), count,
                         'unexpected notification(s): %s'
                         % server.notifications()[count:])

    def kinds(self):
        return [e['kind'] for e in self.events()]

    def next_notify(self, before, timeout):
        """The Notify after the first `before` ones of self.notify."""
        return self.notify.wait_for_notifications(before + 1,
                                                  timeout=timeout)[before]


# ---- the reminder's actions and hints ------------------------------------

class ReminderHints(NotificationTestCase):
    config = config('snooze=10m\n')

    def setUp(self):
        super().setUp()
        self.start_daemon()

    def test_actions_and_hints(self):
        note, sid = self.prompt_now()
        self.assertEqual(note['actions'], reminder_actions('Snooze 10 min'))
        hints = note['hints']
        self.assertEqual(hints.get('desktop-entry'), lt.DESKTOP_ENTRY, hints)
        self.assertEqual(hints.get('category'), 'x-limber.reminder', hints)
        self.assertEqual(hints.get('urgency'), URGENCY_NORMAL, hints)
        self.assertEqual(note['expire_timeout'], -1,
                         'a normal reminder leaves the timeout to the server')

    def test_image_is_the_stretch_picture(self):
        # Every catalogue stretch has its picture in data/pictures; the
        # reminder points at the one of the stretch it names.
        for wanted in lt.CATALOGUE_IDS:
            with self.subTest(stretch=wanted):
                note, sid = self.prompt_now(wanted)
                uri = note['hints'].get('image-path')
                self.assertIsNotNone(uri, note['hints'])
                parsed = urllib.parse.urlparse(uri)
                self.assertEqual(parsed.scheme, 'file', uri)
                path = urllib.parse.unquote(parsed.path)
                self.assertTrue(os.path.isabs(path), uri)
                self.assertTrue(os.path.isfile(path),
                                'image-path %s names no file' % uri)
                self.assertEqual(os.path.basename(path), sid + '.svg', uri)
                self.assertTrue(os.path.samefile(
                    path, os.path.join(lt.DATA_DIR, 'pictures',
                                       sid + '.svg')), uri)
                self.ctl_ok('skip')

    def test_capabilities_asked_once(self):
        # Asked when the server is first seen, not before every reminder.
        for _ in range(3):
            self.prompt_now()
            self.ctl_ok('skip')
        self.assertEqual(self.notify.capability_queries(), 1,
                         [c[1] for c in self.notify.calls()])


# ---- the body, by what the server can show --------------------------------

# A stretch whose name and step hold characters that markup must escape.
ESCAPED_NAME = 'Doorway stretch & co'
ESCAPED_STEP = 'Arms up <in a T> & lean in.'
ESCAPING_OVERRIDE = """\
[doorway-stretch]
name=%s
step1=%s
""" % (ESCAPED_NAME, ESCAPED_STEP)


class _BodyChecks:
    """Mixed into a class per set of capabilities; `markup` and `buttons`
    say what that server announces."""

    config = config('snooze=10m\n')
    stretches_override = ESCAPING_OVERRIDE
    markup = True
    buttons = True

    def setUp(self):
        super().setUp()
        self.start_daemon()

    def test_body_form(self):
        note, sid = self.prompt_now('doorway-stretch')
        body = note['body']
        lines = body.split('\n')
        if self.markup:
            self.assertEqual(lines[0], '<b>Doorway stretch &amp; co</b>',
                             body)
            self.assertEqual(lines[1], 'Arms up &lt;in a T&gt; &amp; lean in.',
                             body)
            self.assertNotIn(ESCAPED_STEP, body, 'raw text in a markup body')
        else:
            self.assertEqual(lines[0], ESCAPED_NAME, body)
            self.assertEqual(lines[1], ESCAPED_STEP, body)
            for markup in ('<b>', '</b>', '<i>', '&amp;', '&lt;', '&gt;'):
                self.assertNotIn(markup, body,
                                 'markup in a plain-text body')
        if self.buttons:
            self.assertEqual(note['actions'], reminder_actions('Snooze 10 min'))
            self.assertNotIn('limberctl', body,
                             'the commands are for servers without buttons')
        else:
            self.assertEqual(note['actions'], [],
                             'actions sent to a server without "actions"')
            self.assertGreater(len(lines), 2, body)
            self.assertEqual(lines[-1], COMMANDS_HINT, body)

    def test_answer_after_reading_the_body(self):
        # What the body (or its buttons) offers works: Done is logged.
        note, sid = self.prompt_now('doorway-stretch')
        if self.buttons:
            self.notify.invoke_action(note['id'], 'done')
        else:
            self.ctl_ok('done')
        done = self.wait_for_events('completed')
        self.assertEqual([e['stretch'] for e in done], [sid])
        self.wait_for_status('state sitting',
                             lambda s: s['state'] == 'sitting')
        self.assertEqual(self.notify.capability_queries(), 1)


class BodyMarkupAndActions(_BodyChecks, NotificationTestCase):
    notification_capabilities = 'body body-markup actions'


class BodyMarkupNoActions(_BodyChecks, NotificationTestCase):
    notification_capabilities = 'body body-markup persistence'
    buttons = False


class BodyPlainWithActions(_BodyChecks, NotificationTestCase):
    notification_capabilities = 'body actions persistence'
    markup = False


class BodyPlainNoActions(_BodyChecks, NotificationTestCase):
    notification_capabilities = 'body'
    markup = False
    buttons = False


# ---- closing the reminder --------------------------------------------------

SHORT_SNOOZE = 5   # the shortest snooze the config takes


class ClosingSkips(NotificationTestCase):
    """Default `[notifications] dismiss=skip`."""

    config = config('snooze=%ds\n' % SHORT_SNOOZE)

    def setUp(self):
        super().setUp()
        self.start_daemon()

    def test_expired_comes_back_unlogged(self):
        note, sid = self.prompt_now()
        closed_at = time.monotonic()
        self.notify.close(note['id'], 1)
        st = self.wait_for_status('state snoozed after expiry',
                                  lambda s: s['state'] == 'snoozed')
        self.assertEqual(st['snooze_count'], 0,
                         'an expiry is not a snooze of the user: %s' % st)
        self.assertLessEqual(st['next_break_in'], SHORT_SNOOZE, st)
        self.assertEqual(self.kinds(), ['due'],
                         'an expiry logs nothing')
        again = self.next_notify(1, timeout=SHORT_SNOOZE + 15)
        self.assertGreaterEqual(time.monotonic() - closed_at,
                                SHORT_SNOOZE - 1.5,
                                'back before the snooze time ran out')
        self.assertEqual(self.stretch_in(again['body']), sid)
        st = self.wait_for_status('state due again',
                                  lambda s: s['state'] == 'due')
        self.assertEqual(st['snooze_count'], 0, st)
        self.assertNotIn('snoozed', self.kinds())
        self.assertNotIn('dismissed', self.kinds())

    def test_dismissed_is_logged_and_sitting_restarts(self):
        note, sid = self.prompt_now()
        self.notify.close(note['id'], 2)
        dismissed = self.wait_for_events('dismissed')
        self.assertEqual([e['stretch'] for e in dismissed], [sid])
        st = self.wait_for_status('state sitting',
                                  lambda s: s['state'] == 'sitting')
        self.assertLess(st['sitting_seconds'], 5, st)
        self.assertGreater(st['next_break_in'], 45 * 60 - 10, st)
        self.assertEqual(st['snooze_count'], 0, st)
        self.assertEqual(self.kinds(), ['due', 'dismissed'])
        self.assert_nothing_new(count=1)

    def test_closed_by_others_comes_back(self):
        # Reason 3 (closed by a CloseNotification call of another client,
        # as limberd did not ask for it) and 4 (undefined): off the screen
        # without an answer, so owed again after the snooze, like an
        # expiry, and nothing logged.
        for reason in (3, 4):
            before = len(self.notify.notifications())
            note, sid = self.prompt_now()
            self.notify.close(note['id'], reason)
            st = self.wait_for_status('snoozed after close %d' % reason,
                                      lambda s: s['state'] == 'snoozed')
            self.assertEqual(st['snooze_count'], 0, st)
            again = self.next_notify(before + 1, timeout=SHORT_SNOOZE + 15)
            self.assertEqual(self.stretch_in(again['body']), sid)
            self.assertNotIn('dismissed', self.kinds())
            self.assertNotIn('snoozed', self.kinds())
            self.ctl_ok('done')
            self.wait_for_status('sitting', lambda s: s['state'] == 'sitting')

    def test_closing_an_answered_reminder_logs_nothing_more(self):
        note, sid = self.prompt_now()
        self.notify.invoke_action(note['id'], 'skip')
        self.wait_for_events('skipped')
        for reason in (1, 2, 3):
            self.notify.close(note['id'], reason)
        self.assert_nothing_new(count=1)
        self.assertEqual(self.kinds(), ['due', 'skipped'])
        self.assertEqual(self.status()['state'], 'sitting')


class ClosingSnoozes(NotificationTestCase):
    """`[notifications] dismiss=snooze`: closing the reminder is a snooze."""

    config = config('snooze=%ds\n' % SHORT_SNOOZE, 'dismiss=snooze\n')

    def setUp(self):
        super().setUp()
        self.start_daemon()

    def test_dismissed_is_a_snooze(self):
        note, sid = self.prompt_now()
        closed_at = time.monotonic()
        self.notify.close(note['id'], 2)
        snoozed = self.wait_for_events('snoozed')
        self.assertEqual(len(snoozed), 1)
        self.assertEqual(snoozed[0]['seconds'], SHORT_SNOOZE)
        st = self.wait_for_status('state snoozed',
                                  lambda s: s['state'] == 'snoozed')
        self.assertEqual(st['snooze_count'], 1, st)
        self.assertLessEqual(st['next_break_in'], SHORT_SNOOZE, st)
        self.assertEqual(self.kinds(), ['due', 'snoozed'])
        again = self.next_notify(1, timeout=SHORT_SNOOZE + 15)
        self.assertGreaterEqual(time.monotonic() - closed_at,
                                SHORT_SNOOZE - 1.5)
        self.assertEqual(self.stretch_in(again['body']), sid)
        self.assertNotIn('dismissed', self.kinds())

    def test_expired_is_still_not_logged(self):
        note, sid = self.prompt_now()
        self.notify.close(note['id'], 1)
        st = self.wait_for_status('state snoozed after expiry',
                                  lambda s: s['state'] == 'snoozed')
        self.assertEqual(st['snooze_count'], 0, st)
        self.assertEqual(self.kinds(), ['due'])


# ---- escalation --------------------------------------------------------------

class Escalation(NotificationTestCase):
    config = config('snooze=%ds\nmax-snoozes=2\n' % SHORT_SNOOZE)

    def setUp(self):
        super().setUp()
        self.start_daemon()

    def assert_normal(self, note):
        self.assertEqual(note['hints'].get('urgency'), URGENCY_NORMAL,
                         note['hints'])
        self.assertEqual(note['expire_timeout'], -1, note)

    def test_critical_after_max_snoozes(self):
        note, sid = self.prompt_now()
        self.assert_normal(note)
        label = note['actions'][note['actions'].index('snooze') + 1]
        self.assertTrue(label.startswith('Snooze'), label)
        self.assertIn(str(SHORT_SNOOZE), label,
                      'the Snooze button says the configured time')
        for count in (1, 2):
            shown = len(self.notify.notifications())
            self.notify.invoke_action(note['id'], 'snooze')
            self.wait_for_events('snoozed', count)
            note = self.next_notify(shown, timeout=SHORT_SNOOZE + 15)
            self.assertEqual(self.stretch_in(note['body']), sid)
            st = self.wait_for_status('state due',
                                      lambda s: s['state'] == 'due')
            self.assertEqual(st['snooze_count'], count, st)
            if count < 2:
                self.assert_normal(note)
        # Two snoozes in a row: the reminder now stays on screen.
        self.assertEqual(note['hints'].get('urgency'), URGENCY_CRITICAL,
                         note['hints'])
        self.assertEqual(note['expire_timeout'], 0, note)
        self.assertEqual(note['actions'][0::2],
                         ['default', 'start', 'done', 'snooze', 'skip'])
        # A break ends the run: the next reminder is normal again.
        self.notify.invoke_action(note['id'], 'done')
        self.wait_for_events('completed')
        note, _ = self.prompt_now()
        self.assert_normal(note)


# ---- the server goes away and comes back ----------------------------------

class ServerRestart(NotificationTestCase):
    config = config('snooze=10m\n')

    def setUp(self):
        super().setUp()
        self.start_daemon()

    def restart_server(self, capabilities=None):
        old = self.notify
        old.stop()
        self.assertTrue(self.daemon.alive(), 'limberd died with the server')
        new = self.start_notification_server(capabilities)
        self.assertIsNot(new, old)
        return new

    def test_pending_reminder_shown_again(self):
        note, sid = self.prompt_now()
        self.restart_server()
        again = self.notify.wait_for_notifications(1)[0]
        self.assertEqual(self.stretch_in(again['body']), sid)
        self.assertEqual(again['actions'], reminder_actions('Snooze 10 min'))
        self.assertEqual(again['hints'].get('urgency'), URGENCY_NORMAL)
        self.assert_nothing_new(count=1)
        self.assertEqual(self.notify.capability_queries(), 1)
        self.assertTrue(self.daemon.alive())
        st = self.status()
        self.assertEqual(st['state'], 'due', st)
        self.assertEqual(st['pending_stretch'], sid, st)
        self.assertEqual([e['stretch'] for e in self.events('due')], [sid],
                         'showing it again logs no second due event')
        self.assertEqual(self.kinds(), ['due'])
        # The new server's numbering starts again at 1, and its buttons
        # answer the reminder.
        self.assertEqual(again['id'], 1)
        self.notify.invoke_action(again['id'], 'done')
        self.assertEqual([e['stretch'] for e in
                          self.wait_for_events('completed')], [sid])

    def test_new_server_with_other_capabilities(self):
        # Capabilities are asked again of the new server: this one has no
        # buttons and no markup, and the reminder is shown accordingly.
        note, sid = self.prompt_now()
        self.assertEqual(len(note['actions']), 10)
        self.restart_server('body')
        again = self.notify.wait_for_notifications(1)[0]
        self.assertEqual(self.stretch_in(again['body']), sid)
        self.assertEqual(again['actions'], [])
        self.assertNotIn('<b>', again['body'])
        self.assertEqual(again['body'].split('\n')[-1], COMMANDS_HINT)
        self.assertEqual(self.notify.capability_queries(), 1)
        self.assertEqual(len(self.events('due')), 1)

    def test_nothing_pending_nothing_shown(self):
        self.restart_server()
        self.assert_nothing_new(count=0)
        # Capabilities may wait until there is something to show.
        self.assertLessEqual(self.notify.capability_queries(), 1)
        self.assertEqual(self.status()['state'], 'sitting')
        # And the new server gets the next reminder.
        note, sid = self.prompt_now()
        self.assertEqual(note['id'], 1)
        self.assertEqual(self.notify.capability_queries(), 1)

    def test_answered_while_server_gone_not_shown_again(self):
        note, sid = self.prompt_now()
        self.notify.stop()
        self.ctl_ok('done')
        self.wait_for_events('completed')
        self.start_notification_server()
        self.assert_nothing_new(count=0)
        self.assertEqual(self.status()['state'], 'sitting')
        self.assertTrue(self.daemon.alive())


class LateServer(NotificationTestCase):
    """No notification server when the reminder falls due: it goes to the
    log, and is shown once a server appears."""

    notifications = False
    config = config('snooze=10m\n')

    def test_reminder_shown_when_server_appears(self):
        self.start_daemon()
        self.assertFalse(self.bus.has_owner(lt.NOTIFICATIONS_NAME))
        self.ctl_ok('break', 'seated-twist')
        lt.deadline_wait(lambda: 'Reminder:' in self.daemon.log(), 10,
                         'the reminder in the log')
        st = self.status()
        self.assertEqual(st['state'], 'due', st)
        self.assertEqual(st['pending_stretch'], 'seated-twist', st)
        self.assertTrue(self.daemon.alive())

        self.start_notification_server()
        note = self.notify.wait_for_notifications(1)[0]
        self.assertEqual(self.stretch_in(note['body']), 'seated-twist')
        self.assertEqual(note['actions'], reminder_actions('Snooze 10 min'))
        self.assert_nothing_new(count=1)
        self.assertEqual(self.notify.capability_queries(), 1)
        self.assertEqual([e['stretch'] for e in self.events('due')],
                         ['seated-twist'])
        self.assertEqual(self.status()['state'], 'due')
        self.assertTrue(self.daemon.alive())
        self.notify.invoke_action(note['id'], 'skip')
        self.wait_for_events('skipped')


# ---- the guided stretch's notifications -------------------------------------

SHORT_GUIDE = """\
[chest-expansion]
hold-seconds=1
position-seconds=1
"""
GUIDE_NAME = 'Chest expansion'


class _GuideChecks:
    """Mixed into a class per server / config; `sound` says whether the
    guide's notifications should carry a sound-name, `suppress` the
    suppress-sound hint, `transient` the transient hint."""

    stretches_override = SHORT_GUIDE
    config = config('snooze=10m\n')
    sound = False
    suppress = False
    transient = False

    def setUp(self):
        super().setUp()
        self.start_daemon()

    def run_guide(self, action):
        note, sid = self.prompt_now('chest-expansion')
        before = len(self.notify.notifications())
        self.notify.invoke_action(note['id'], action)
        done = self.wait_for_events('completed', timeout=20)
        self.assertEqual([e['stretch'] for e in done], ['chest-expansion'])
        self.wait_for_status('state sitting',
                             lambda s: s['state'] == 'sitting')
        guide = self.notify.notifications()[before:]
        phases = [n for n in guide if n['actions']]
        titles = [n['summary'] for n in phases]
        self.assertIn(GUIDE_NAME + ': get ready', titles)
        self.assertIn(GUIDE_NAME + ': hold 1 s', titles)
        self.assertLess(titles.index(GUIDE_NAME + ': get ready'),
                        titles.index(GUIDE_NAME + ': hold 1 s'))
        return guide, phases

    def test_guide_phases(self):
        guide, phases = self.run_guide('start')
        for n in phases:
            with self.subTest(summary=n['summary']):
                self.assertEqual(n['actions'], ['stop', 'Stop'])
                self.assertEqual(n['expire_timeout'], 0,
                                 'a guide phase stays on screen')
                self.assertEqual(n['hints'].get('desktop-entry'),
                                 lt.DESKTOP_ENTRY)

    def test_sound_and_transient_hints(self):
        guide, phases = self.run_guide('start')
        for n in guide:
            with self.subTest(summary=n['summary']):
                hints = n['hints']
                if self.sound:
                    self.assertTrue(hints.get('sound-name'), hints)
                else:
                    self.assertNotIn('sound-name', hints)
                if self.suppress:
                    self.assertIs(hints.get('suppress-sound'), True, hints)
                else:
                    self.assertNotIn('suppress-sound', hints)
                if self.transient:
                    self.assertIs(hints.get('transient'), True, hints)
                else:
                    self.assertNotIn('transient', hints)

    def test_default_action_starts_guide(self):
        self.run_guide('default')


class GuideSoundAndPersistence(_GuideChecks, NotificationTestCase):
    notification_capabilities = SOUND_CAPS
    sound = True
    transient = True

    def test_state_stretching(self):
        # The catalogue's own timings (5 s to get ready): time to look.
        note, sid = self.prompt_now('doorway-stretch')
        before = len(self.notify.notifications())
        self.notify.invoke_action(note['id'], 'default')
        self.wait_for_status('state stretching',
                             lambda s: s['state'] == 'stretching')
        first = self.next_notify(before, timeout=10)
        self.assertEqual(first['summary'], 'Doorway stretch: get ready')
        hold = lt.deadline_wait(
            lambda: [n for n in self.notify.notifications()[before:]
                     if n['summary'].startswith('Doorway stretch: hold ')],
            20, 'the hold phase')[0]
        self.assertEqual(hold['summary'], 'Doorway stretch: hold 10 s')
        self.assertEqual(hold['actions'], ['stop', 'Stop'])
        self.assertEqual(self.status()['state'], 'stretching')
        self.notify.invoke_action(hold['id'], 'stop')
        self.wait_for_status('the guide to stop',
                             lambda s: s['state'] != 'stretching')


class GuideNoSoundNoPersistence(_GuideChecks, NotificationTestCase):
    notification_capabilities = 'body body-markup actions'


class GuideSoundOff(_GuideChecks, NotificationTestCase):
    notification_capabilities = SOUND_CAPS
    config = config('snooze=10m\n', 'sound=false\n')
    suppress = True
    transient = True


class GuideSoundOffNoSoundServer(_GuideChecks, NotificationTestCase):
    # sound=false asks the server not to play its own sound even when it
    # announces no sound capability of its own.
    notification_capabilities = FULL_CAPS
    config = config('snooze=10m\n', 'sound=false\n')
    suppress = True
    transient = True




if __name__ == '__main__':
    lt.main()
