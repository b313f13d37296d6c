"""Desktop pieces for the do-not-disturb tests: Xvfb and real dunst.

Each runs in the test's own world (its bus, its home); the display number
comes from Xvfb itself (-displayfd), so tests never fight over a display
that is already taken.
"""

import os
import select
import subprocess
import time

import limbertest as lt

# Variables meant for limberd's sanitizers; X and dunst are not ours.
_SANITIZER_VARS = ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS')


def _foreign_env(env):
    env = dict(env)
    for var in _SANITIZER_VARS:
        env.pop(var, None)
    return env


class Xvfb:
    """A virtual X server on the first free display number."""

    def __init__(self, env, workdir):
        self.log_path = os.path.join(workdir, 'xvfb.log')
        self._log = open(self.log_path, 'w')
        read_end, write_end = os.pipe()
        try:
            self.proc = subprocess.Popen(
                ['Xvfb', '-displayfd', str(write_end), '-nolisten', 'tcp',
                 '-screen', '0', '1024x768x24'],
                pass_fds=(write_end,), stdout=self._log,
                stderr=subprocess.STDOUT, env=_foreign_env(env))
        finally:
            os.close(write_end)
        try:
            self.display = ':' + self._read_display(read_end)
        except AssertionError as e:
            self.stop()
            raise AssertionError('%s\n--- Xvfb log ---\n%s' % (e, self.log()))
        finally:
            os.close(read_end)

    def _read_display(self, fd):
        """Xvfb writes the display number and a newline once it is ready."""
        data = b''
        end = time.monotonic() + 30 * lt.TIME_SCALE
        while not data.endswith(b'\n'):
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError('Xvfb did not report a display')
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 64)
                if not chunk:
                    raise AssertionError('Xvfb exited with %s before it was '
                                         'ready' % self.proc.wait())
                data += chunk
        return data.decode().strip()

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def stop(self):
        lt._stop_process(self.proc, timeout=5)
        self._log.close()


# Notifications stay on screen until closed, so "displayed" does not drop
# back to 0 on a slow (sanitizer, valgrind) run before the test looks.
DUNSTRC = """\
[global]
    font = Monospace 8
    idle_threshold = 0

[urgency_low]
    timeout = 0

[urgency_normal]
    timeout = 0

[urgency_critical]
    timeout = 0
"""


class Dunst:
    """Real dunst on the test's bus, drawing on `display`."""

    def __init__(self, bus, env, workdir, display, dunstrc=DUNSTRC):
        self.bus = bus
        self.env = _foreign_env(env)
        self.env['DISPLAY'] = display
        self.config_path = os.path.join(workdir, 'dunstrc')
        with open(self.config_path, 'w') as f:
            f.write(dunstrc)
        self.log_path = os.path.join(workdir, 'dunst.log')
        self._log = open(self.log_path, 'w')
        self.proc = subprocess.Popen(['dunst', '-config', self.config_path],
                                     stdout=self._log,
                                     stderr=subprocess.STDOUT, env=self.env)
        try:
            lt.deadline_wait(self._owns_name, 30,
                             'dunst to own ' + lt.NOTIFICATIONS_NAME)
        except AssertionError as e:
            self.stop()
            raise AssertionError('%s\n--- dunst log ---\n%s' % (e, self.log()))

    def _owns_name(self):
        if self.proc.poll() is not None:
            raise AssertionError('dunst exited with %s' % self.proc.returncode)
        return self.bus.owner_pid(lt.NOTIFICATIONS_NAME) == self.proc.pid

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def ctl(self, *args):
        """dunstctl ARGS; its stdout, stripped. Fails on a non-zero exit."""
        p = subprocess.run(['dunstctl', *args], env=self.env,
                           capture_output=True, text=True,
                           timeout=30 * lt.TIME_SCALE)
        if p.returncode != 0:
            raise AssertionError('dunstctl %s exited %d: %s'
                                 % (' '.join(args), p.returncode, p.stderr))
        return p.stdout.strip()

    def count(self, which):
        """dunstctl count displayed|waiting|history, as an int."""
        return int(self.ctl('count', which))

    def set_paused(self, paused):
        self.ctl('set-paused', 'true' if paused else 'false')
        expected = 'true' if paused else 'false'
        actual = self.ctl('is-paused')
        if actual != expected:
            raise AssertionError('dunst is-paused says %r after set-paused %s'
                                 % (actual, expected))

    def stop(self):
        lt._stop_process(self.proc, timeout=5)
        self._log.close()
