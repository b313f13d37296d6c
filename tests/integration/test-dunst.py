#!/usr/bin/python3
"""The reminder end to end with a real notification server: dunst under
Xvfb, driven as a user drives it.

  - What dunst shows: the summary, the stretch's name (bold, since this
    dunst has body-markup; plain text for a dunst without it), its steps
    and the dosage line, the app name, category, urgency and desktop entry,
    and the actions of its context menu; what `dunstctl history` keeps once
    the reminder is closed (closing it is a `dismissed` break).
  - The default action (`dunstctl action 0`, and a real middle click on
    the window) starts the guided stretch: state `stretching`, one
    notification updated phase by phase, a `completed` event with the time
    the guide took, "Chest expansion: done", and sitting again.
  - Snooze, Skip and Done chosen in dunst's context menu (`dunstctl
    context`, with dunst-pick-action.sh as its dmenu): `snoozed` (state
    `snoozed`), `skipped` and `completed` (state `sitting`).
  - An answered reminder leaves the screen: dunst keeps a notification
    whose action was chosen through dunstctl or the context menu, so it is
    limberd's to take away, or its buttons stay there doing nothing.

dunstharness.py starts dunst; what dunst received comes from a dunst rule
script (dunst(5), SCRIPTING), which sees replacements too.
"""

import configparser
import html
import os
import re
import time

import dndharness
import dunstharness
import limbertest as lt

STRETCH = 'chest-expansion'
SNOOZE_MINUTES = 7          # not the default, so the label comes from here
CONFIG = """\
[breaks]
interval=45m
snooze=%dm

[activity]
backend=none
""" % SNOOZE_MINUTES

# A short guide of two phases: get ready, then hold for a second. Getting
# ready takes longer on a slow run, so the test sees state "stretching".
HOLD_SECONDS = 1
POSITION_SECONDS = max(1, round(lt.TIME_SCALE))
SHORT_GUIDE = """\
[%s]
hold-seconds=%d
position-seconds=%d
""" % (STRETCH, HOLD_SECONDS, POSITION_SECONDS)
GUIDE_SECONDS = HOLD_SECONDS + POSITION_SECONDS

REMINDER_SUMMARY = re.compile(r'^You have been sitting for \d+ (second|minute)s?$')
# dunst 1.9's context menu: "#LABEL (SUMMARY) [ID,ACTION-KEY]".
MENU_LINE = re.compile(r'^#(?P<label>.*) \((?P<summary>.*)\) '
                       r'\[(?P<id>\d+),(?P<key>[^\]]*)\]$')
EXPECTED_ACTIONS = sorted([
    ('default', 'Start'),
    ('start', 'Start'),
    ('done', 'Done'),
    ('snooze', 'Snooze %d min' % SNOOZE_MINUTES),
    ('skip', 'Skip'),
])

# How long to watch that something does not happen.
SETTLE = 0.5


def catalogue_entry(stretch_id):
    """The stretch as data/stretches.ini has it: name and steps."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(os.path.join(lt.DATA_DIR, 'stretches.ini'), encoding='utf-8')
    group = parser[stretch_id]
    steps = []
    while 'step%d' % (len(steps) + 1) in group:
        steps.append(group['step%d' % (len(steps) + 1)])
    return group['name'], steps


def strip_markup(text):
    return html.unescape(re.sub(r'<[^>]*>', '', text))


class DunstTestCase(lt.LimberTestCase):
    config = CONFIG
    notifications = False
    markup = 'full'

    def setUp(self):
        super().setUp()
        self.write_config(SHORT_GUIDE, os.path.join(
            self.config_home, 'limber', 'stretches.d', 'short.ini'))
        self.xvfb = dndharness.Xvfb(self.env, self.tmp)
        self.addCleanup(self.xvfb.stop)
        self._logs.append(('Xvfb', self.xvfb.log_path))
        self.dunst = dunstharness.Dunst(self.bus, self.env, self.tmp,
                                        self.xvfb.display, markup=self.markup)
        self.addCleanup(self.dunst.stop)
        self._logs.append(('dunst', self.dunst.log_path))
        self._logs.append(('dunst context menu (as offered)',
                           self.dunst.menu_path))
        self._logs.append(('notifications dunst processed',
                           self.dunst.record_path))
        self.start_daemon()
        self.name, self.steps = catalogue_entry(STRETCH)

    # ---- helpers -------------------------------------------------------

    def prompt(self):
        """`limberctl break chest-expansion`; waits until dunst has the
        reminder on screen and returns what dunst received."""
        before = len(self.dunst.shown())
        self.ctl_ok('break', STRETCH)
        note = lt.deadline_wait(
            lambda: (lambda s: s[before] if len(s) > before else None)(
                self.dunst.shown()),
            15, 'dunst to process the reminder')
        lt.deadline_wait(lambda: self.dunst.count('displayed') == 1, 15,
                         'the reminder on screen (dunstctl count displayed)')
        st = self.status()
        self.assertEqual(st['state'], 'due', st)
        self.assertEqual(st['pending_stretch'], STRETCH, st)
        return note

    def assert_menu(self, lines, note):
        """The context menu offered the reminder's five actions."""
        parsed = [MENU_LINE.match(line) for line in lines]
        self.assertTrue(all(parsed), 'context menu lines not in dunst 1.9 '
                        'format: %r' % lines)
        self.assertEqual(sorted((m['key'], m['label']) for m in parsed),
                         EXPECTED_ACTIONS, lines)
        for m in parsed:
            self.assertEqual(m['summary'], note['summary'])
            self.assertEqual(m['id'], note['id'])

    def assert_sitting_again(self):
        st = self.wait_for_status('state sitting',
                                  lambda s: s['state'] == 'sitting')
        self.assertFalse(st.get('pending_stretch'), st)
        self.assertLess(st['sitting_seconds'], 5 * lt.TIME_SCALE + 5, st)
        return st

    def assert_nothing_else_logged(self, *kinds):
        self.sync()
        time.sleep(SETTLE * lt.TIME_SCALE)
        logged = [e['kind'] for e in self.events()]
        self.assertEqual(logged, list(kinds), 'events in the database')

    def history_entry(self, summary):
        """The notification with this summary in `dunstctl history`."""
        return lt.deadline_wait(
            lambda: next((n for n in self.dunst.history()
                          if n['summary'] == summary), None),
            15, lambda: '%r in dunstctl history (has %s)'
            % (summary, [n['summary'] for n in self.dunst.history()]))

    def run_guide(self):
        """After the reminder's default action: the guide runs, phase by
        phase, in one notification; a `completed` event; sitting again.
        Returns the dunst records of the guide."""
        phases = set()

        def stretching(st):
            if st['state'] == 'stretching' and st.get('phase'):
                phases.add(st['phase'])
                return True
            return False
        self.wait_for_status('state stretching', stretching)

        done_summary = '%s: done' % self.name
        done = self.dunst.wait_shown(lambda n: n['summary'] == done_summary,
                                     'the guide\'s final notification',
                                     timeout=15 + GUIDE_SECONDS)
        completed = self.wait_for_events('completed')
        self.assertEqual(len(completed), 1, completed)
        self.assertEqual(completed[0]['stretch'], STRETCH)
        # The guide's time is what is logged.
        self.assertGreaterEqual(completed[0]['seconds'], 1, completed)
        self.assertLessEqual(completed[0]['seconds'],
                             GUIDE_SECONDS + 30 * lt.TIME_SCALE, completed)
        st = self.assert_sitting_again()
        self.assertEqual(st['completed_today'], 1, st)
        self.assertIsNone(st.get('phase'), st)

        for phase in phases:
            self.assertRegex(phase, r'^%s: .* \(phase [12] of 2\)$'
                             % re.escape(STRETCH))

        guide = [n for n in self.dunst.shown()
                 if n['summary'].startswith(self.name + ': ')]
        summaries = [n['summary'] for n in guide]
        self.assertEqual(summaries, ['%s: get ready' % self.name,
                                     '%s: hold %d s' % (self.name, HOLD_SECONDS),
                                     done_summary],
                         'the guide as dunst showed it')
        # Updated in place: one notification, phase after phase.
        self.assertEqual(len({n['id'] for n in guide}), 1,
                         'the guide replaces its own notification: %s'
                         % [(n['id'], n['summary']) for n in guide])
        self.assertEqual(done['body'], 'Well done: 1 of %d stretches today.'
                         % st['daily_goal'])
        for n in guide:
            self.assertEqual(n['app_name'], 'Limber')
            self.assertEqual(n['category'], 'x-limber.reminder')
        return guide


class ReminderText(DunstTestCase):

    def assert_reminder_fields(self, note):
        self.assertEqual(note['app_name'], 'Limber', note)
        self.assertRegex(note['summary'], REMINDER_SUMMARY)
        self.assertEqual(note['category'], 'x-limber.reminder', note)
        self.assertEqual(note['urgency'], 'NORMAL', note)
        self.assertEqual(note['desktop_entry'], lt.DESKTOP_ENTRY, note)

    def assert_body_lines(self, lines):
        """Name, steps, dosage; markup already taken out."""
        self.assertEqual(lines[0], self.name)
        self.assertEqual(lines[1:-1], self.steps)
        self.assertRegex(lines[-1], r'^Hold %d s\b' % HOLD_SECONDS)

    def test_reminder_as_dunst_shows_it(self):
        self.assertIn('body-markup', self.dunst.capabilities())
        note = self.prompt()
        self.assert_reminder_fields(note)
        lines = note['body'].split('\n')
        self.assertEqual(lines[0], '<b>%s</b>' % html.escape(self.name),
                         'the stretch name in bold: %r' % note['body'])
        self.assert_body_lines([strip_markup(line) for line in lines])

        # The context menu lists the actions; choosing none of them (the
        # picker finds no such line) leaves the reminder as it was.
        offered = self.dunst.choose_in_menu('(nothing)')
        self.assert_menu(offered, note)
        self.sync()
        self.assertEqual(self.status()['state'], 'due')

        # Displayed notifications are not in dunst's history; closing the
        # reminder (as the user, `dunstctl close`) puts it there, and is a
        # declined break for limberd.
        self.assertEqual(self.dunst.history(), [])
        self.dunst.ctl('close')
        kept = self.history_entry(note['summary'])
        self.assertEqual(kept['appname'], 'Limber')
        self.assertEqual(kept['category'], 'x-limber.reminder')
        self.assertEqual(kept['body'], note['body'])
        self.assertEqual(kept['default_action_name'], 'default')
        self.assertEqual(self.dunst.count('displayed'), 0)
        dismissed = self.wait_for_events('dismissed')
        self.assertEqual(dismissed[0]['stretch'], STRETCH)
        self.assert_sitting_again()
        self.assert_nothing_else_logged('due', 'dismissed')


class ReminderTextWithoutMarkup(ReminderText):
    """A dunst with markup = no does not offer body-markup: the body is
    plain text, with no tags to show literally."""

    markup = 'no'

    def test_reminder_as_dunst_shows_it(self):
        self.assertNotIn('body-markup', self.dunst.capabilities())
        note = self.prompt()
        self.assert_reminder_fields(note)
        self.assertNotIn('<', note['body'])
        self.assert_body_lines(note['body'].split('\n'))


class DefaultAction(DunstTestCase):

    def test_dunstctl_action_starts_the_guide(self):
        self.prompt()
        # dunst 1.9: "action [POSITION]" performs the default action of
        # the notification at that position (the only one here).
        self.dunst.ctl('action', '0')
        self.run_guide()

        # The final notice is on screen; once closed, it is in the history
        # as the user saw it, and closing it declines nothing.
        done_summary = '%s: done' % self.name
        self.assertGreaterEqual(self.dunst.count('displayed'), 1)
        self.dunst.ctl('close-all')
        kept = self.history_entry(done_summary)
        self.assertEqual(kept['body'], 'Well done: 1 of %d stretches today.'
                         % self.status()['daily_goal'])
        self.assertEqual(kept['appname'], 'Limber')
        self.assert_nothing_else_logged('due', 'completed')

    def test_middle_click_starts_the_guide(self):
        # Debian's dunstrc: a middle click does the action and closes the
        # notification (as the user): the close must not be a dismissal.
        note = self.prompt()
        self.dunst.middle_click()
        self.run_guide()
        self.history_entry(note['summary'])
        self.assert_nothing_else_logged('due', 'completed')


class ContextMenu(DunstTestCase):

    def test_snooze(self):
        note = self.prompt()
        offered = self.dunst.choose_in_menu('Snooze %d min' % SNOOZE_MINUTES)
        self.assert_menu(offered, note)
        snoozed = self.wait_for_events('snoozed')
        self.assertEqual(snoozed[0]['stretch'], STRETCH)
        self.assertEqual(snoozed[0]['seconds'], SNOOZE_MINUTES * 60)
        st = self.wait_for_status('state snoozed',
                                  lambda s: s['state'] == 'snoozed')
        self.assertLessEqual(st['next_break_in'], SNOOZE_MINUTES * 60, st)
        self.assertGreater(st['next_break_in'],
                           SNOOZE_MINUTES * 60 - 10 * lt.TIME_SCALE, st)
        self.assertEqual(st['snooze_count'], 1, st)
        self.assert_nothing_else_logged('due', 'snoozed')

    def test_skip(self):
        self.prompt()
        self.dunst.choose_in_menu('Skip')
        skipped = self.wait_for_events('skipped')
        self.assertEqual(skipped[0]['stretch'], STRETCH)
        st = self.assert_sitting_again()
        self.assertEqual(st['completed_today'], 0, st)
        self.assertGreater(st['next_break_in'], 45 * 60 - 10 * lt.TIME_SCALE,
                           st)
        self.assert_nothing_else_logged('due', 'skipped')

    def test_done(self):
        self.prompt()
        self.dunst.choose_in_menu('Done')
        completed = self.wait_for_events('completed')
        self.assertEqual(completed[0]['stretch'], STRETCH)
        st = self.assert_sitting_again()
        self.assertEqual(st['completed_today'], 1, st)
        self.assert_nothing_else_logged('due', 'completed')


class AnsweredReminderLeaves(DunstTestCase):
    """dunst does not close a notification whose action was chosen with
    `dunstctl action` or in its context menu (only a mouse click set to
    "do_action, close_current" does). limberd stops listening to a
    reminder once it is answered, so one left on screen is a dead end:
    its buttons do nothing and closing it logs nothing. It has to go."""

    def assert_only_on_screen(self, count, what):
        lt.deadline_wait(lambda: self.dunst.count('displayed') == count,
                         5, lambda: '%s: dunst shows %d notification(s), '
                         'expected %d (the answered reminder stays on screen?)'
                         % (what, self.dunst.count('displayed'), count))

    def test_after_snooze(self):
        self.prompt()
        self.dunst.choose_in_menu('Snooze')
        self.wait_for_events('snoozed')
        self.assert_only_on_screen(0, 'after Snooze')

    def test_after_skip(self):
        self.prompt()
        self.dunst.choose_in_menu('Skip')
        self.wait_for_events('skipped')
        self.assert_only_on_screen(0, 'after Skip')

    def test_after_start(self):
        self.prompt()
        self.dunst.ctl('action', '0')
        self.wait_for_status('state stretching',
                             lambda s: s['state'] == 'stretching')
        self.assert_only_on_screen(1, 'during the guide')
        self.wait_for_events('completed', timeout=15 + GUIDE_SECONDS)
        self.assert_only_on_screen(1, 'after the guide')


if __name__ == '__main__':
    lt.main()
