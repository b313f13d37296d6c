#!/usr/bin/python3
"""The rotation never suggests the same stretch twice in a row."""

import limbertest as lt

PROMPTS = 12
DECLINED_PROMPTS = 10


class Rotation(lt.LimberTestCase):

    def test_no_stretch_twice_in_a_row(self):
        self.start_daemon()
        self.assertEqual(sorted(self.catalogue()), sorted(lt.CATALOGUE_IDS))
        suggested = []
        for _ in range(PROMPTS):
            note, sid = self.prompt_now()
            suggested.append(sid)
            self.ctl_ok('done')
        for before, after in zip(suggested, suggested[1:]):
            self.assertNotEqual(before, after,
                                'same stretch twice in a row: %s' % suggested)
        # Completed events follow the suggestions, one for one.
        done = [e['stretch'] for e in self.wait_for_events('completed', PROMPTS)]
        self.assertEqual(done, suggested)
        # A rotation goes round: more than a pair of stretches gets offered.
        self.assertGreaterEqual(len(set(suggested)), 3, suggested)

    def test_rotation_holds_across_declines_and_restart(self):
        self.start_daemon()
        note, first = self.prompt_now()
        self.ctl_ok('skip')
        note, second = self.prompt_now()
        self.assertNotEqual(first, second, 'a skipped stretch comes back at once')
        self.ctl_ok('done')
        self.restart_daemon()
        note, third = self.prompt_now()
        self.assertNotEqual(second, third,
                            'after a restart the last stretch is suggested again')


    def assert_rotates(self, suggested):
        for before, after in zip(suggested, suggested[1:]):
            self.assertNotEqual(before, after,
                                'same stretch twice in a row: %s' % suggested)
        self.assertGreaterEqual(len(set(suggested)), 4,
                                'a declined stretch should not keep the '
                                'rotation on a few: %s' % suggested)

    def test_rotation_goes_round_when_always_skipped(self):
        # Nothing is ever completed, so only "least recently suggested"
        # can move the rotation on.
        self.start_daemon()
        suggested = []
        for i in range(DECLINED_PROMPTS):
            note, sid = self.prompt_now()
            suggested.append(sid)
            self.ctl_ok('skip')
            self.wait_for_events('skipped', i + 1)
            self.assertEqual(self.status()['state'], 'sitting')
        self.assert_rotates(suggested)
        self.assertEqual([e['stretch'] for e in self.events('due')], suggested)
        self.assertEqual(self.events('completed'), [])

    def test_rotation_goes_round_when_always_dismissed(self):
        self.start_daemon()
        suggested = []
        for i in range(DECLINED_PROMPTS):
            note, sid = self.prompt_now()
            suggested.append(sid)
            self.notify.close(note['id'], 2)   # 2: dismissed by the user
            self.wait_for_events('dismissed', i + 1)
            self.wait_for_status('state sitting after a dismissal',
                                 lambda s: s['state'] == 'sitting')
        self.assert_rotates(suggested)
        self.assertEqual([e['stretch'] for e in self.events('due')], suggested)
        self.assertEqual(len(self.events('dismissed')), DECLINED_PROMPTS)
        self.assertEqual(self.events('completed'), [])

if __name__ == '__main__':
    lt.main()
