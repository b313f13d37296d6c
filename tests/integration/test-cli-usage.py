#!/usr/bin/python3
"""Every usage error exits 2 with a message that points at the mistake, and
changes nothing in the daemon."""

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
    (('history', '--days', '0'), None),
    (('history', '--days', 'abc'), 'abc'),
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

    def test_help_is_not_an_error(self):
        p = self.ctl('--help')
        self.assertEqual(p.returncode, 0, p)
        for command in ('status', 'snooze', 'pause', 'resume', 'break', 'done',
                        'skip', 'history', 'log', 'stretches', 'show',
                        'monitor', 'reload'):
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
