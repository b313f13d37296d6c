#!/usr/bin/python3
"""The guided stretch: started from the reminder or `limberctl break
--guide`, walked through phase by phase in one notification (texts and
timing), and logged as `completed` with the seconds it took, or as
`abandoned` when the user stops it, closes it, pauses or skips."""

import os
import time

import limbertest as lt

# Short phases, so a whole guide takes seconds: the doorway stretch becomes
# get ready 1 s, right side 2 s, switch 1 s, left side 2 s.
SHORT_DOORWAY = """\
[doorway-stretch]
position-seconds=1
hold-seconds=2
switch-seconds=1
"""
DOORWAY_PHASES = [
    ('Doorway stretch: get ready', 1),
    ('Doorway stretch: hold 2 s', 2),
    ('Doorway stretch: switch sides', 1),
    ('Doorway stretch: hold 2 s', 2),
]
# Long enough that nothing ends by itself while a test stops it.
LONG_SQUEEZE = """\
[shoulder-blade-squeeze]
position-seconds=1
hold-seconds=30
"""


class Guide(lt.LimberTestCase):
    config = """\
[breaks]
interval=45m
daily-goal=4

[activity]
backend=none
"""

    def setUp(self):
        super().setUp()
        overrides = os.path.join(self.config_home, 'limber', 'stretches.d')
        os.makedirs(overrides)
        with open(os.path.join(overrides, 'short.ini'), 'w') as f:
            f.write(SHORT_DOORWAY + '\n' + LONG_SQUEEZE)
        self.start_daemon()

    def guide_notes(self, since):
        return self.notify.notifications()[since:]

    def watch_phases(self, until, timeout=30):
        """Polls the Phase property until `until()` is true; returns
        [(phase, monotonic time first seen)] for each new phase."""
        seen = []
        deadline = time.monotonic() + timeout * lt.TIME_SCALE
        while not until():
            self.assertLess(time.monotonic(), deadline,
                            'guide did not end; phases seen: %s' % seen)
            phase = self.prop('Phase')
            if phase and (not seen or seen[-1][0] != phase):
                seen.append((phase, time.monotonic()))
            time.sleep(0.05)
        return seen

    def test_whole_guide_from_reminder(self):
        note, sid = self.prompt_now('doorway-stretch')
        before = len(self.notify.notifications())
        started = time.monotonic()
        self.notify.invoke_action(note['id'], 'default')
        phases = self.watch_phases(lambda: self.events('completed'))
        took = time.monotonic() - started

        # Each phase in turn, told in Phase (and so in limberctl status).
        self.assertEqual([p for p, _ in phases], [
            'doorway-stretch: get ready (phase 1 of 4)',
            'doorway-stretch: hold 2 s, Right foot forward (phase 2 of 4)',
            'doorway-stretch: switch sides: Left foot forward (phase 3 of 4)',
            'doorway-stretch: hold 2 s, Left foot forward (phase 4 of 4)',
        ])
        # One timer per phase: each lasts what the catalogue says.
        for (_, t0), (_, t1), (_, planned) in zip(phases, phases[1:], DOORWAY_PHASES):
            self.assertGreater(t1 - t0, planned - 0.3, phases)
            self.assertLess(t1 - t0, planned + 1.0 * lt.TIME_SCALE, phases)
        self.assertGreater(took, 5.7)

        # The notification, phase by phase: the guide's own notice updated
        # in place, then the closing words.
        # The closing words follow the `completed` record.
        self.notify.wait_for_notifications(before + len(DOORWAY_PHASES) + 1)
        notes = self.guide_notes(before)
        summaries = [n['summary'] for n in notes]
        self.assertEqual(summaries, [t for t, _ in DOORWAY_PHASES]
                         + ['Doorway stretch: done'], notes)
        guide_ids = {n['id'] for n in notes}
        self.assertEqual(len(guide_ids), 1, 'one notification, updated in place')
        self.assertIn('Right foot forward', notes[1]['body'])
        self.assertIn('Left foot forward', notes[2]['body'])
        self.assertIn('Left foot forward', notes[3]['body'])
        for n in notes[:-1]:
            self.assertEqual(n['actions'], ['stop', 'Stop'], n)
            self.assertTrue(n['hints'].get('image-path', '').endswith(
                '/pictures/doorway-stretch.svg'), n)
            self.assertEqual(n['expire_timeout'], 0, 'a phase stays on screen')
        self.assertEqual(notes[-1]['actions'], [])
        self.assertEqual(notes[-1]['body'], 'Well done: 1 of 4 stretches today.')

        done = self.events('completed')
        self.assertEqual(len(done), 1)
        self.assertEqual(done[0]['stretch'], 'doorway-stretch')
        # 6 s of phases; a slow (sanitized, valgrind) limberd adds a little.
        self.assertGreaterEqual(done[0]['seconds'], 6, done)
        self.assertLessEqual(done[0]['seconds'], 6 + lt.TIME_SCALE, done)
        self.assertEqual(self.events('abandoned'), [])
        st = self.wait_for_status('sitting again', lambda s: s['state'] == 'sitting')
        self.assertEqual(st['completed_today'], 1)
        self.assertIsNone(st['phase'])
        self.assertLess(st['sitting_seconds'], 5)

    def test_start_button_and_status_while_stretching(self):
        note, sid = self.prompt_now('shoulder-blade-squeeze')
        self.notify.invoke_action(note['id'], 'start')
        st = self.wait_for_status('stretching',
                                  lambda s: s['phase'] and 'hold 30 s' in s['phase'])
        self.assertEqual(st['state'], 'stretching')
        self.assertIn('shoulder-blade-squeeze: hold 30 s, repetition 1 of 15', st['phase'])
        # Nobody sits while stretching, and no break is due meanwhile.
        self.assertEqual(st['sitting_seconds'], 0)
        self.assertIsNone(st['next_break_in'])
        human = self.ctl_ok('status').stdout
        self.assertIn('stretching', human)
        self.assertIn('hold 30 s', human)

    def test_cli_guide_and_stop_button(self):
        before = len(self.notify.notifications())
        p = self.ctl_ok('break', '--guide', 'shoulder-blade-squeeze')
        self.assertIn('Shoulder blade squeeze', p.stdout)
        self.wait_for_status('holding', lambda s: s['phase'] and 'hold' in s['phase'])
        note = self.notify.notifications()[-1]
        self.notify.invoke_action(note['id'], 'stop')
        abandoned = self.wait_for_events('abandoned')
        self.assertEqual(abandoned[0]['stretch'], 'shoulder-blade-squeeze')
        self.assertGreaterEqual(abandoned[0]['seconds'], 1)
        self.assertEqual(self.events('completed'), [])
        st = self.wait_for_status('sitting', lambda s: s['state'] == 'sitting')
        self.assertEqual(st['completed_today'], 0)
        # It says so.
        last = self.notify.wait_for_notifications(before + 3)[-1]
        self.assertEqual(last['summary'], 'Shoulder blade squeeze: stopped')
        self.assertIn('abandoned', last['body'])

    def test_closing_midway_abandons(self):
        self.ctl_ok('break', '--guide', 'shoulder-blade-squeeze')
        self.wait_for_status('holding', lambda s: s['phase'] and 'hold' in s['phase'])
        note = self.notify.notifications()[-1]
        self.notify.close(note['id'], 2)   # dismissed by the user
        self.wait_for_events('abandoned')
        self.assertEqual(self.events('dismissed'), [], 'a guide closed is abandoned, not dismissed')
        self.wait_for_status('sitting', lambda s: s['state'] == 'sitting')

    def test_expired_phase_does_not_stop_the_guide(self):
        self.ctl_ok('break', '--guide', 'doorway-stretch')
        self.wait_for_status('guiding', lambda s: s['state'] == 'stretching')
        note = self.notify.notifications()[-1]
        self.notify.close(note['id'], 1)   # the server's own timeout
        self.wait_for_events('completed', timeout=20)
        self.assertEqual(self.events('abandoned'), [])

    def test_skip_and_done_while_stretching(self):
        self.ctl_ok('break', '--guide', 'shoulder-blade-squeeze')
        self.wait_for_status('guiding', lambda s: s['state'] == 'stretching')
        # Neither snooze nor another prompt makes sense now: exit 1, said why.
        for args in (('snooze',), ('break',), ('break', '--guide')):
            p = self.ctl(*args)
            self.assertEqual(p.returncode, 1, (args, p.stdout, p.stderr))
            self.assertIn('guided stretch is running', p.stderr)
        self.ctl_ok('skip')
        self.assertEqual(len(self.wait_for_events('abandoned')), 1)

        # `limberctl done` finishes a guide early, as completed.
        self.ctl_ok('break', '--guide', 'shoulder-blade-squeeze')
        self.wait_for_status('guiding', lambda s: s['state'] == 'stretching')
        time.sleep(1.2)
        p = self.ctl_ok('done')
        done = self.wait_for_events('completed')
        self.assertEqual(done[0]['stretch'], 'shoulder-blade-squeeze')
        self.assertGreaterEqual(done[0]['seconds'], 1)
        self.assertEqual(self.status()['state'], 'sitting')
        self.assertEqual(len(self.events('abandoned')), 1)

    def test_pause_abandons_then_pauses(self):
        self.ctl_ok('break', '--guide', 'shoulder-blade-squeeze')
        self.wait_for_status('guiding', lambda s: s['state'] == 'stretching')
        self.ctl_ok('pause')
        self.wait_for_events('abandoned')
        kinds = [e['kind'] for e in self.events()]
        self.assertEqual(kinds[-2:], ['abandoned', 'paused'], kinds)
        self.assertEqual(self.status()['state'], 'paused')
        # Paused: no guide either.
        p = self.ctl('break', '--guide')
        self.assertEqual(p.returncode, 1)
        self.assertIn('paused', p.stderr)

    def test_unknown_stretch(self):
        p = self.ctl('break', '--guide', 'no-such-stretch')
        self.assertEqual(p.returncode, 1)
        self.assertIn('no-such-stretch', p.stderr)
        self.assertEqual(self.status()['state'], 'sitting')

    def test_stop_of_limberd_abandons(self):
        self.ctl_ok('break', '--guide', 'shoulder-blade-squeeze')
        self.wait_for_status('guiding', lambda s: s['state'] == 'stretching')
        self.restart_daemon()
        self.assertEqual(len(self.events('abandoned')), 1)
        st = self.status()
        self.assertEqual(st['state'], 'sitting')
        self.assertIsNone(st['phase'])


if __name__ == '__main__':
    lt.main()
