"""Wayland compositors for limberd's integration tests.

TestCompositor runs tests/wayland/limber-test-compositor (built by meson,
path in LIMBER_TEST_COMPOSITOR): ext-idle-notify-v1, and with options
org_kde_kwin_idle as well (--kde-idle) or instead (--no-ext), input simulated
through its stdin. Sway runs real sway 1.7 headless, which offers only
org_kde_kwin_idle; sway refuses root, so it runs as an unprivileged user
(created here when missing) with a runtime folder of its own.

Both are started and stopped by the test that uses them; stop() is safe to
call twice and always leaves no process behind.
"""

import glob
import os
import pwd
import select
import shutil
import signal
import subprocess
import tempfile
import time

import limbertest as lt

SWAY_USER = 'limber-sway'

# Only what is needed to draw nothing on a virtual output: no input devices,
# no GPU, no bar, no Xwayland.
SWAY_CONFIG = """\
xwayland disable
output HEADLESS-1 resolution 640x480
"""


def _read_line(stream, timeout, what):
    """One line from a pipe, within `timeout` (scaled) seconds."""
    end = time.monotonic() + timeout * lt.TIME_SCALE
    while True:
        remaining = end - time.monotonic()
        if remaining <= 0:
            raise AssertionError('timed out waiting for ' + what)
        ready, _, _ = select.select([stream], [], [], remaining)
        if ready:
            line = stream.readline()
            if not line:
                raise AssertionError('end of output while waiting for ' + what)
            return line.rstrip('\n')


def _stop(proc, timeout=10):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout * lt.TIME_SCALE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


class TestCompositor:
    """limber-test-compositor listening in `runtime_dir`; `options` are its
    command-line options (--kde-idle, --no-ext)."""

    def __init__(self, runtime_dir, env, log_path, options=()):
        path = os.environ.get('LIMBER_TEST_COMPOSITOR')
        if not path or not os.access(path, os.X_OK):
            raise AssertionError(
                'LIMBER_TEST_COMPOSITOR does not name the built '
                'limber-test-compositor (%r): build with -Dwayland and '
                'wayland-server installed' % path)
        self.log_path = log_path
        self._log = open(log_path, 'w')
        comp_env = dict(env)
        comp_env['XDG_RUNTIME_DIR'] = runtime_dir
        # Not ours to check: sanitizer settings are meant for limberd.
        for var in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'):
            comp_env.pop(var, None)
        self.proc = subprocess.Popen(
            [path, *options], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._log, env=comp_env, text=True, bufsize=1)
        try:
            self.socket = _read_line(self.proc.stdout, 10,
                                     'the test compositor\'s socket name')
        except AssertionError:
            self.stop()
            raise

    def command(self, line):
        """Sends one control command; returns its one-line answer."""
        self.proc.stdin.write(line + '\n')
        self.proc.stdin.flush()
        return _read_line(self.proc.stdout, 10, 'an answer to ' + line)

    def input(self):
        """Simulated user input; returns how many notifications resumed."""
        answer = self.command('input')
        assert answer.startswith('ok input resumed='), answer
        return int(answer.split('=')[1])

    def listing(self):
        """[(kind, timeout_ms, idle)] for every live idle notification, in
        creation order; kind is 'ext' (ext_idle_notification_v1) or 'kde'
        (org_kde_kwin_idle_timeout)."""
        fields = self.command('list').split()
        assert fields[0] == 'notifications', fields
        if fields[1] == '0':
            return []
        values = dict(f.split('=') for f in fields[2:])
        result = list(zip(values['kinds'].split(','),
                          (int(t) for t in values['timeouts'].split(',')),
                          (v == '1' for v in values['idle'].split(','))))
        assert len(result) == int(fields[1]), fields
        return result

    def notifications(self):
        """[(timeout_ms, idle)] for every live idle notification, of either
        protocol."""
        return [(timeout, idle) for _, timeout, idle in self.listing()]

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """Exits it (end of stdin, then SIGTERM, then SIGKILL); returns
        its exit code."""
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=5 * lt.TIME_SCALE)
            except (OSError, subprocess.TimeoutExpired):
                pass
        rc = _stop(self.proc)
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if not self._log.closed:
            self._log.close()
        return rc


def ensure_user(name=SWAY_USER):
    """The unprivileged account sway runs as, created when missing."""
    for attempt in range(10):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            pass
        # Another test may be adding a user at the same moment: useradd then
        # fails on the lock of /etc/passwd, and a retry succeeds.
        subprocess.run(['useradd', '--system', '--no-create-home',
                        '--home-dir', '/nonexistent',
                        '--shell', '/usr/sbin/nologin', name],
                       capture_output=True)
        time.sleep(0.2 * attempt)
    return pwd.getpwnam(name)


class Sway:
    """Real sway, headless, as SWAY_USER."""

    def __init__(self, log_path):
        for program in ('sway', 'swaymsg', 'runuser'):
            if shutil.which(program) is None:
                raise AssertionError(program + ' is not installed (package '
                                     'sway; see TESTBED.md)')
        user = ensure_user()
        self.user = user.pw_name
        # Its own runtime folder, owned by the user. Not under the test's
        # temporary folder: that one is root's, mode 0700.
        self.runtime_dir = tempfile.mkdtemp(prefix='limber-sway-')
        os.chown(self.runtime_dir, user.pw_uid, user.pw_gid)
        self.config_path = os.path.join(self.runtime_dir, 'config')
        with open(self.config_path, 'w') as f:
            f.write(SWAY_CONFIG)
        os.chmod(self.config_path, 0o644)

        self.log_path = log_path
        self._log = open(log_path, 'w')
        self.proc = subprocess.Popen(
            ['runuser', '-u', self.user, '--', 'env', '-i',
             'PATH=' + os.environ.get('PATH', '/usr/bin:/bin'),
             'HOME=' + self.runtime_dir,
             'XDG_RUNTIME_DIR=' + self.runtime_dir,
             'WLR_BACKENDS=headless', 'WLR_LIBINPUT_NO_DEVICES=1',
             'WLR_RENDERER=pixman',
             'sway', '-c', self.config_path],
            stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT)
        try:
            self.socket, self.swaysock = lt.deadline_wait(
                self._sockets, 30, lambda: 'sway\'s sockets\n' + self.log())
        except AssertionError:
            self.stop()
            raise

    def _sockets(self):
        if self.proc.poll() is not None:
            raise AssertionError('sway exited with %s:\n%s'
                                 % (self.proc.returncode, self.log()))
        wayland = [p for p in glob.glob(os.path.join(self.runtime_dir,
                                                     'wayland-*'))
                   if not p.endswith('.lock')]
        ipc = glob.glob(os.path.join(self.runtime_dir, 'sway-ipc.*.sock'))
        if wayland and ipc:
            return os.path.basename(wayland[0]), ipc[0]
        return None

    def swaymsg(self, *args):
        """swaymsg as sway's user; fails the test when it fails."""
        p = subprocess.run(
            ['runuser', '-u', self.user, '--', 'env',
             'SWAYSOCK=' + self.swaysock, 'XDG_RUNTIME_DIR=' + self.runtime_dir,
             'swaymsg', *args],
            capture_output=True, text=True, timeout=30 * lt.TIME_SCALE)
        if p.returncode != 0:
            raise AssertionError('swaymsg %s: %s%s' % (' '.join(args),
                                                       p.stdout, p.stderr))
        return p.stdout

    def move_cursor(self, dx=10, dy=10):
        """Input sway counts as user activity on seat0."""
        self.swaymsg('seat', 'seat0', 'cursor', 'move', str(dx), str(dy))

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def _children(self):
        """runuser's children: sway itself."""
        try:
            with open('/proc/%d/task/%d/children'
                      % (self.proc.pid, self.proc.pid)) as f:
                return [int(pid) for pid in f.read().split()]
        except OSError:
            return []

    def stop(self):
        # SIGTERM to runuser makes it wait 2 s before it SIGKILLs sway; sway
        # itself exits at once on SIGTERM, and then runuser follows.
        if self.proc.poll() is None:
            for pid in self._children():
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            try:
                self.proc.wait(timeout=10 * lt.TIME_SCALE)
            except subprocess.TimeoutExpired:
                pass
        _stop(self.proc)
        if not self._log.closed:
            self._log.close()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)
