#!/usr/bin/python3
"""A config with bad lines: each is reported as FILE:LINE: [group] key: ...
with the bad text, the good keys still apply, the daemon runs on."""

import os
import re
import subprocess

import limbertest as lt

BAD_CONFIG = """\
[breaks]
interval=7m
snooze=banana
daily-goal=6
max-snoozes=lots

[activity]
backend=none
"""


class Config(lt.LimberTestCase):
    config = BAD_CONFIG

    def assert_reported(self, text, line, group, key, bad, path=None):
        path = path or self.config_path
        pattern = r'%s:%d: \[%s\] %s: .*%s' % (
            re.escape(path), line, re.escape(group), re.escape(key),
            re.escape(bad))
        self.assertRegex(text, pattern)

    def test_bad_lines_reported_good_keys_applied(self):
        self.start_daemon()
        log = self.daemon.log()
        self.assert_reported(log, 3, 'breaks', 'snooze', 'banana')
        self.assert_reported(log, 5, 'breaks', 'max-snoozes', 'lots')

        self.assertTrue(self.daemon.alive())
        self.assertEqual(self.prop('Interval'), 420)
        self.assertEqual(self.prop('SnoozeSeconds'), 600,
                         'a bad key keeps its default')
        self.assertEqual(self.prop('DailyGoal'), 6)
        st = self.status()
        self.assertEqual(st['daily_goal'], 6, st)
        self.assertLessEqual(st['next_break_in'], 420, st)
        self.assertGreater(st['next_break_in'], 410, st)

    def test_reload_reports_and_applies(self):
        self.start_daemon()
        self.write_config("""\
[breaks]
interval=20m
daily-goal=nine

[activity]
backend=none
""")
        warnings = self.call('Reload', None, '(as)')[0]
        self.assertEqual(len(warnings), 1, warnings)
        self.assert_reported(warnings[0], 3, 'breaks', 'daily-goal', 'nine')
        self.assertEqual(self.prop('Interval'), 1200)
        self.assertEqual(self.prop('DailyGoal'), 8, 'back to the default')

        self.write_config(lt.DEFAULT_CONFIG)
        p = self.ctl('reload')
        self.assertEqual(p.returncode, 0, p)
        self.assertEqual(self.prop('Interval'), 45 * 60)

    def test_too_short_interval(self):
        self.write_config("""\
[breaks]
interval=2s

[activity]
backend=none
""")
        self.start_daemon()
        self.assert_reported(self.daemon.log(), 2, 'breaks', 'interval', '2s')
        self.assertEqual(self.prop('Interval'), 45 * 60)

    def test_config_option_names_its_file(self):
        path = self.write_config(BAD_CONFIG.replace('7m', '8m'),
                                 os.path.join(self.tmp, 'other.conf'))
        self.start_daemon('--config', path)
        self.assert_reported(self.daemon.log(), 3, 'breaks', 'snooze', 'banana',
                             path=path)
        self.assertEqual(self.prop('Interval'), 480)

    def test_unparsable_file_runs_on_defaults(self):
        self.write_config('[breaks\ninterval=7m\nthis is not a key file\n')
        self.start_daemon()
        self.assertIn(self.config_path, self.daemon.log(),
                      'the unreadable file is named')
        self.assertTrue(self.daemon.alive())
        self.assertEqual(self.prop('Interval'), 45 * 60)

    def test_user_stretches_override_and_add(self):
        self.write_config(lt.DEFAULT_CONFIG)
        self.write_config("""\
[doorway-stretch]
hold-seconds=20

[neck-roll]
name=Neck roll
place=anywhere
hold-seconds=5
repetitions=5
step1=Let your head roll slowly from one shoulder to the other.
""", os.path.join(self.config_home, 'limber', 'stretches.d', 'mine.ini'))
        self.start_daemon()
        stretches = {s['id']: s for s in self.ctl_json('stretches', '--json')}
        self.assertEqual(stretches['doorway-stretch']['hold_seconds'], 20)
        self.assertEqual(stretches['doorway-stretch']['place'], 'doorway',
                         'an override changes only the keys it gives')
        self.assertIn('neck-roll', stretches)
        self.assertEqual(stretches['neck-roll']['name'], 'Neck roll')
        self.prompt_now('neck-roll')

    def test_bad_user_stretch_is_reported_and_left_out(self):
        self.write_config(lt.DEFAULT_CONFIG)
        path = self.write_config("""\
[wobble]
name=Wobble
place=ceiling
hold-seconds=5
step1=Wobble.
""", os.path.join(self.config_home, 'limber', 'stretches.d', 'bad.ini'))
        self.start_daemon()
        self.assertRegex(self.daemon.log(), re.escape(path) + r':3: .*ceiling')
        ids = [s['id'] for s in self.ctl_json('stretches', '--json')]
        self.assertEqual(ids, list(lt.CATALOGUE_IDS))

    def test_db_option(self):
        db = os.path.join(self.tmp, 'elsewhere.db')
        self.start_daemon('--db', db)
        self.ctl_ok('done', 'cat-cow')
        lt.deadline_wait(lambda: os.path.exists(db), 10, '--db file')
        self.assertFalse(os.path.exists(self.db_path),
                         'the default database is left alone')

    def test_version(self):
        p = subprocess.run([lt.LIMBERD, '--version'], env=self.env,
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 0, p)
        self.assertRegex(p.stdout, r'\d+\.\d+\.\d+')
        self.start_daemon()
        self.assertIn(self.prop('Version'), p.stdout)


if __name__ == '__main__':
    lt.main()
