#!/usr/bin/python3
"""`limberctl monitor` prints state changes and events as they happen."""

import os
import select
import signal
import subprocess
import time

import limbertest as lt


class Monitor(lt.LimberTestCase):

    def read_lines_until(self, proc, wanted, timeout=15):
        """Lines printed by `proc` until, for each entry of `wanted`, one
        line holds all its words; returns all lines read."""
        lines = []
        buffer = b''
        deadline = time.monotonic() + timeout * lt.TIME_SCALE
        missing = list(wanted)
        while missing:
            left = deadline - time.monotonic()
            self.assertGreater(left, 0, 'monitor printed %r, still waiting for %r'
                               % (lines, missing))
            ready, _, _ = select.select([proc.stdout], [], [], left)
            if not ready:
                continue
            chunk = os.read(proc.stdout.fileno(), 4096)
            self.assertTrue(chunk, 'monitor exited early: %r' % lines)
            buffer += chunk
            while b'\n' in buffer:
                line, buffer = buffer.split(b'\n', 1)
                lines.append(line.decode())
            missing = [w for w in wanted
                       if not any(set(w) <= set(l.split()) for l in lines)]
        return lines

    def test_prints_events_and_state_changes(self):
        self.start_daemon()
        proc = subprocess.Popen([lt.LIMBERCTL, 'monitor'], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        # Let it subscribe before anything happens.
        time.sleep(0.5 * lt.TIME_SCALE)

        self.ctl_ok('break', 'cat-cow')
        self.read_lines_until(proc, [('state', 'due'), ('event', 'due', 'cat-cow')])
        self.ctl_ok('done')
        self.read_lines_until(proc, [('event', 'completed', 'cat-cow'),
                                     ('state', 'sitting')])
        self.ctl_ok('pause')
        self.read_lines_until(proc, [('event', 'paused'), ('state', 'paused')])

        proc.send_signal(signal.SIGINT)
        self.assertEqual(proc.wait(timeout=10), 0, proc.stderr.read())


if __name__ == '__main__':
    lt.main()
