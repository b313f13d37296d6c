#!/usr/bin/python3
"""A file that is not a database is moved aside and a fresh one started."""

import glob
import os
import sqlite3

import limbertest as lt

GARBAGE = b'this is not an SQLite database\x00\xff\xfe' * 500


class CorruptDatabase(lt.LimberTestCase):

    def test_garbage_is_moved_aside(self):
        os.makedirs(os.path.dirname(self.db_path), mode=0o700)
        with open(self.db_path, 'wb') as f:
            f.write(GARBAGE)
        self.start_daemon()

        aside = glob.glob(self.db_path + '.corrupt-*')
        self.assertEqual(len(aside), 1, os.listdir(os.path.dirname(self.db_path)))
        with open(aside[0], 'rb') as f:
            self.assertEqual(f.read(), GARBAGE, 'the old file is kept as it was')
        self.assertIn('corrupt', self.daemon.log().lower(),
                      'the log says so')
        # ...and so does `limberctl status`, naming where the old file went.
        warnings = self.status()['warnings']
        self.assertEqual(len(warnings), 1, warnings)
        self.assertIn(aside[0], warnings[0])
        self.assertIn('Warning:', self.ctl_ok('status').stdout)

        # A working fresh database in its place.
        self.assertTrue(self.daemon.alive())
        self.assertEqual(self.status()['state'], 'sitting')
        self.ctl_ok('done', 'cat-cow')
        self.assertEqual([e['stretch'] for e in self.wait_for_events('completed')],
                         ['cat-cow'])
        db = sqlite3.connect(self.db_path)
        try:
            self.assertEqual(db.execute('PRAGMA integrity_check').fetchone()[0], 'ok')
            self.assertGreater(db.execute('PRAGMA user_version').fetchone()[0], 0)
            tables = {r[0] for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            self.assertTrue({'events', 'spells', 'state'} <= tables, tables)
        finally:
            db.close()
        self.assertEqual(os.stat(self.db_path).st_mode & 0o777, 0o600)

    def test_fresh_database_permissions(self):
        self.start_daemon()
        self.assertEqual(self.status()['warnings'], [])
        lt.deadline_wait(lambda: os.path.exists(self.db_path), 10, 'the database')
        self.assertEqual(os.stat(self.db_path).st_mode & 0o777, 0o600)
        self.assertEqual(os.stat(os.path.dirname(self.db_path)).st_mode & 0o777,
                         0o700)


if __name__ == '__main__':
    lt.main()
