#!/usr/bin/python3
"""The JSON of status, history, log and stretches has the documented keys."""

import datetime
import sqlite3
import time

import limbertest as lt
from gi.repository import GLib  # noqa: E402  (after limbertest pins versions)

STATUS_KEYS = {'state', 'sitting_seconds', 'next_break_in', 'completed_today',
               'daily_goal'}
STATUS_EXTRAS = {'pending_stretch', 'snooze_count', 'paused_until', 'backend'}
STATES = {'sitting', 'due', 'snoozed', 'stretching', 'away', 'paused', 'quiet'}
HISTORY_KEYS = {'date', 'sitting_seconds', 'longest_sitting_seconds',
                'completed', 'snoozed', 'skipped', 'natural'}
STRETCH_KEYS = {'id', 'name', 'place', 'hold_seconds', 'repetitions', 'sides'}
LOG_KEYS = {'ts', 'kind', 'stretch', 'seconds'}
SAT = 2   # seconds test_history sits before its first break


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


class Json(lt.LimberTestCase):

    def setUp(self):
        super().setUp()
        self.start_daemon()

    def test_status(self):
        st = self.status()
        self.assertTrue(STATUS_KEYS <= set(st), st)
        self.assertTrue(STATUS_EXTRAS <= set(st), st)
        self.assertIn(st['state'], STATES)
        for key in ('sitting_seconds', 'next_break_in', 'completed_today',
                    'daily_goal'):
            self.assertTrue(is_int(st[key]), '%s: %r' % (key, st[key]))
        self.assertEqual(st['backend'], 'none')
        self.ctl_ok('pause')
        st = self.status()
        self.assertIsNone(st['next_break_in'])
        self.assertEqual(st['state'], 'paused')

    def test_stretches(self):
        stretches = self.ctl_json('stretches', '--json')
        self.assertIsInstance(stretches, list)
        self.assertEqual([s['id'] for s in stretches], list(lt.CATALOGUE_IDS),
                         'the catalogue, in catalogue order')
        for s in stretches:
            self.assertEqual(set(s), STRETCH_KEYS, s)
            self.assertIn(s['place'], {'doorway', 'floor', 'anywhere'}, s)
            self.assertTrue(s['name'], s)
            for key in ('hold_seconds', 'repetitions'):
                self.assertTrue(is_int(s[key]) and s[key] >= 0, s)
            self.assertTrue(isinstance(s['sides'], (int, bool)), s)
        by_id = {s['id']: s for s in stretches}
        # Facts from the source article.
        self.assertEqual(by_id['doorway-stretch']['place'], 'doorway')
        self.assertEqual(by_id['seated-twist']['place'], 'floor')
        self.assertEqual(by_id['cat-cow']['place'], 'floor')
        self.assertEqual(by_id['shoulder-blade-squeeze']['place'], 'anywhere')
        self.assertEqual(by_id['shoulder-blade-squeeze']['hold_seconds'], 5)
        self.assertEqual(by_id['chest-expansion']['hold_seconds'], 10)
        # Two-sided stretches say so (as a flag or as a count of sides).
        one_sided = by_id['chest-expansion']['sides']
        self.assertGreater(by_id['doorway-stretch']['sides'], one_sided)
        self.assertGreater(by_id['seated-twist']['sides'], one_sided)

    def test_history(self):
        # Sit a little (the interval is long), then a break ends the spell:
        # that sitting time must be recorded and counted for today.
        started = int(time.time())
        time.sleep(SAT + 0.5)
        self.ctl_ok('done', 'cat-cow')
        ended = int(time.time())
        self.prompt_now()
        self.ctl_ok('snooze', '5m')
        self.prompt_now()
        self.ctl_ok('skip')
        days = self.ctl_json('history', '--days', '7', '--json')
        self.assertIsInstance(days, list)
        self.assertEqual(len(days), 7, days)
        for day in days:
            # The fixed keys, plus the goal the day was judged by.
            self.assertEqual(set(day), HISTORY_KEYS | {'goal', 'goal_met'}, day)
            datetime.date.fromisoformat(day['date'])
            for key in HISTORY_KEYS - {'date'}:
                self.assertTrue(is_int(day[key]), '%s: %r' % (key, day))
            self.assertIsInstance(day['goal_met'], bool, day)
            self.assertEqual(day['goal_met'], day['completed'] >= day['goal'], day)
        dates = [datetime.date.fromisoformat(d['date']) for d in days]
        self.assertEqual(dates[-1], datetime.date.today(), 'oldest first, '
                         'ending today (local)')
        for a, b in zip(dates, dates[1:]):
            self.assertEqual((b - a).days, 1, dates)
        today = days[-1]
        self.assertEqual(today['completed'], 1, today)
        self.assertEqual(today['snoozed'], 1, today)
        self.assertEqual(today['skipped'], 1, today)
        self.assertEqual(today['natural'], 0, today)
        self.assertGreaterEqual(today['sitting_seconds'], SAT, today)
        self.assertGreaterEqual(today['longest_sitting_seconds'], SAT, today)
        self.assertLessEqual(today['longest_sitting_seconds'],
                             today['sitting_seconds'], today)
        # Not more than the daemon has been running (plus rounding).
        self.assertLessEqual(today['sitting_seconds'],
                             int(time.time()) - started + 2, today)
        # The spell is in the database: one row covering the time sat.
        db = sqlite3.connect(self.db_path, timeout=10)
        try:
            spells = db.execute('SELECT start_ts, end_ts FROM spells '
                                'ORDER BY id').fetchall()
        finally:
            db.close()
        covering = [(a, b) for a, b in spells
                    if a <= started + 1 and b >= started + SAT
                    and b <= ended + 1 and b - a >= SAT]
        self.assertTrue(covering, 'no spell of >= %d s between %d and %d: %s'
                        % (SAT, started, ended, spells))
        for day in days[:-1]:
            self.assertEqual(day['completed'] + day['snoozed'] + day['skipped'],
                             0, day)

    def test_history_default_is_a_list(self):
        days = self.ctl_json('history', '--json')
        self.assertIsInstance(days, list)
        self.assertTrue(days)

    def test_log(self):
        before = int(time.time())
        self.ctl_ok('done', 'cat-cow')
        self.prompt_now('seated-twist')
        self.ctl_ok('snooze', '5m')
        self.ctl_ok('pause', '1h')
        self.ctl_ok('resume')
        events = self.ctl_json('log', '--json')
        self.assertIsInstance(events, list)
        for e in events:
            self.assertTrue(LOG_KEYS <= set(e), e)
            self.assertTrue(is_int(e['ts']), e)
            self.assertGreaterEqual(e['ts'], before - 1)
        kinds = [e['kind'] for e in events]
        # Newest first.
        self.assertEqual(kinds[0], 'resumed', kinds)
        self.assertEqual(kinds[1], 'paused', kinds)
        self.assertIn('snoozed', kinds)
        self.assertEqual(kinds[-1], 'completed', kinds)
        self.assertEqual(events[-1]['stretch'], 'cat-cow')
        snoozed = [e for e in events if e['kind'] == 'snoozed'][0]
        self.assertEqual(snoozed['seconds'], 300)
        ts = [e['ts'] for e in events]
        self.assertEqual(ts, sorted(ts, reverse=True))
        # --limit keeps the newest.
        two = self.ctl_json('log', '--limit', '2', '--json')
        self.assertEqual([e['kind'] for e in two], kinds[:2])
        # The same rows as in the database.
        self.assertEqual(len(events), len(self.events()))

    def test_show(self):
        p = self.ctl_ok('show', 'cat-cow')
        stretch = self.call('GetStretch', GLib.Variant('(s)', ('cat-cow',)),
                            '(a{sv})')[0]
        self.assertIn(stretch['name'], p.stdout)
        for step in stretch['steps']:
            self.assertIn(step, p.stdout)
        self.assertTrue(stretch['precautions'])
        for precaution in stretch['precautions']:
            self.assertIn(precaution, p.stdout)
        p = self.ctl('show', 'nope')
        self.assertEqual(p.returncode, 1, p)
        self.assertIn('nope', p.stderr)


if __name__ == '__main__':
    lt.main()
