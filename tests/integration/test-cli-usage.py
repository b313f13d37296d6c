#!/usr/bin/python3
"""Every usage error exits 2 with a message that points at the mistake, and
changes nothing in the daemon."""

import os
import pty
import subprocess

import limbertest as lt

# (arguments, text the message must contain or None)
USAGE_ERRORS = [
    (('frobnicate',), 'frobnicate'),
    (('status', '--frobnicate'), 'frobnicate'),
    (('--frobnicate',), 'frobnicate'),
    (('snooze', 'banana'), 'banana'),
    (('snooze', '0'), '0'),
    (('snooze', '-5m'), None),
    (('snooze', '5q'), '5q'),
    (('snooze', '5m', '10m'), '10m'),
    (('pause', '5x'), '5x'),
    (('pause', '0'), '0'),
    (('pause', '99999999999999999999h'), None),
    (('history', '--days', '0'), '0'),
    (('history', '--days', 'abc'), 'abc'),
    (('history', '--days', '3661'), '3661'),
    (('history', '--days', '-3'), '-3'),
    (('history', '--from', '2026-01-01'), '--to'),
    (('history', '--to', '2026-01-01'), '--from'),
    (('history', '--from', '2026-02-01', '--to', '2026-01-01'), '2026-02-01'),
    (('history', '--from', '2026-02-30', '--to', '2026-03-01'), '2026-02-30'),
    (('history', '--from', '2026-01-01', '--to', '2026-13-01'), '2026-13-01'),
    (('history', '--from', 'tomorrow', '--to', 'today'), 'tomorrow'),
    (('history', '--from', '26-1-1', '--to', 'today'), '26-1-1'),
    (('history', '--from', '2000-01-01', '--to', '2026-01-01'), '3660'),
    (('history', '--days', '7', '--from', 'today', '--to', 'today'), '--days'),
    (('history', '--json', '--csv'), '--csv'),
    (('history', '--host', ''), '--host'),
    (('history', 'week'), 'week'),
    (('log', '--since', 'last-week'), 'last-week'),
    (('log', '--since', '2026-02-30'), '2026-02-30'),
    (('log', '--host', ''), '--host'),
    (('export', '--since', 'soon'), 'soon'),
    (('export', 'history.jsonl'), 'history.jsonl'),
    (('import',), 'FILE'),
    (('import', 'a.jsonl', 'b.jsonl'), 'b.jsonl'),
    (('import', '/nonexistent/limber-history.jsonl'), '/nonexistent/limber-history.jsonl'),
    (('import', '/etc'), '/etc'),
    (('log', '--limit', 'abc'), 'abc'),
    (('log', '--limit', '0'), None),
    (('show',), None),
    (('show', 'cat-cow', 'seated-twist'), 'seated-twist'),
    (('status', 'now'), 'now'),
    (('resume', 'please'), 'please'),
    (('skip', 'it'), 'it'),
    (('break', 'cat-cow', 'seated-twist'), 'seated-twist'),
    (('done', 'cat-cow', 'extra'), 'extra'),
    (('stretches', 'all'), 'all'),
    (('reload', 'now'), 'now'),
]


class Usage(lt.LimberTestCase):

    def test_usage_errors_exit_2(self):
        self.start_daemon()
        for args, must_name in USAGE_ERRORS:
            with self.subTest(args=args):
                p = self.ctl(*args)
                self.assertEqual(p.returncode, 2, 'limberctl %s: exit %d\n'
                                 'stdout: %r\nstderr: %r' % (' '.join(args),
                                 p.returncode, p.stdout, p.stderr))
                self.assertTrue(p.stderr.strip(), 'a message on stderr')
                if must_name:
                    self.assertIn(must_name, p.stderr,
                                  'the message names the bad text')
        # None of it reached the daemon.
        self.assertEqual(self.status()['state'], 'sitting')
        kinds = [e['kind'] for e in self.events()]
        self.assertEqual([k for k in kinds if k != 'natural'], [],
                         'usage errors changed the daemon: %s' % kinds)

    def test_terminal_is_refused(self):
        """export will not spill JSON lines onto a terminal, and import -
        will not wait for lines typed at one: both say what to do instead,
        exit 2, and send limberd nothing."""
        self.start_daemon()
        master, slave = pty.openpty()
        try:
            p = subprocess.run([lt.LIMBERCTL, 'export'], stdout=slave,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               env=self.env, text=True,
                               timeout=30 * lt.TIME_SCALE)
            self.assertEqual(p.returncode, 2, p)
            self.assertIn('limberctl export > history.jsonl', p.stderr)
            os.set_blocking(master, False)
            try:
                written = os.read(master, 4096)
            except BlockingIOError:
                written = b''
            self.assertEqual(written, b'', 'nothing on the terminal')

            p = subprocess.run([lt.LIMBERCTL, 'import', '-'], stdin=slave,
                               capture_output=True, env=self.env, text=True,
                               timeout=30 * lt.TIME_SCALE)
            self.assertEqual(p.returncode, 2, p)
            self.assertIn('terminal', p.stderr)
            self.assertEqual(p.stdout, '', p)
        finally:
            os.close(slave)
            os.close(master)
        kinds = [e['kind'] for e in self.events()]
        self.assertEqual([k for k in kinds if k != 'natural'], [], kinds)

    def test_usage_errors_need_no_daemon(self):
        """Checked before the bus is touched: the same errors exit 2 with
        no session bus at all."""
        env = dict(self.env)
        env['DBUS_SESSION_BUS_ADDRESS'] = 'unix:path=' + os.path.join(
            self.tmp, 'no-such-socket')
        for args in (('history', '--from', '2026-02-30', '--to', 'today'),
                     ('history', '--json', '--csv'),
                     ('import', os.path.join(self.tmp, 'missing.jsonl')),
                     ('export', '--since', 'soon')):
            with self.subTest(args=args):
                p = self.ctl(*args, env=env)
                self.assertEqual(p.returncode, 2, p)

    def test_unknown_host_is_refused(self):
        """--host must name a host in the history, or the one limberd
        records under (which may have no records yet). Another name is a
        failure, exit 1, that names it and lists the known hosts."""
        self.write_config(lt.DEFAULT_CONFIG + '\n[history]\nhost=desk-one\n')
        self.start_daemon()
        for args in (('history', '--host', 'desk-two'),
                     ('history', '--stretches', '--host', 'desk-two'),
                     ('log', '--host', 'desk-two')):
            with self.subTest(args=args):
                p = self.ctl(*args)
                self.assertEqual(p.returncode, 1, p)
                self.assertIn('desk-two', p.stderr)
                self.assertEqual(p.stdout, '', p)
        # No records yet, but it is this limberd's own name.
        days = self.ctl_json('history', '--days', '2', '--host', 'desk-one', '--json')
        self.assertEqual(len(days), 2, days)
        self.ctl_ok('done', 'cat-cow')
        p = self.ctl('log', '--host', 'desk-two')
        self.assertEqual(p.returncode, 1, p)
        self.assertIn('desk-one', p.stderr, 'the known hosts are listed')

    def test_help_is_not_an_error(self):
        p = self.ctl('--help')
        self.assertEqual(p.returncode, 0, p)
        for command in ('status', 'snooze', 'pause', 'resume', 'break', 'done',
                        'skip', 'history', 'log', 'export', 'import',
                        'stretches', 'show', 'monitor', 'reload'):
            self.assertIn(command, p.stdout, '--help lists %s' % command)

    def test_valid_durations_are_accepted(self):
        self.start_daemon()
        for text, seconds in (('90s', 90), ('10m', 600), ('1h', 3600),
                              ('1h30m', 5400), ('2h15m30s', 8130), ('7', 420)):
            with self.subTest(duration=text):
                self.prompt_now()
                self.ctl_ok('snooze', text)
                st = self.status()
                self.assertEqual(st['state'], 'snoozed', st)
                self.assertLessEqual(st['next_break_in'], seconds)
                self.assertGreater(st['next_break_in'], seconds - 10, st)


if __name__ == '__main__':
    lt.main()
