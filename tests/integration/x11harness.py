"""X11 pieces for Limber's integration tests: a private Xvfb, input through
xdotool, the server's own idle time (read through libXss with ctypes, so
the tests check limberd against the X server rather than against itself),
and a follower that stamps the lines of a log with the time they appeared.
"""

import ctypes
import os
import re
import select
import subprocess
import threading
import time

import limbertest as lt


class Xvfb:
    """An Xvfb on a display it picks itself (-displayfd), so tests running
    side by side, or a real X server, never collide over a number.

    -noreset: an X server resets itself whenever its last client leaves, and
    a client connecting during the reset is refused. In a desktop session
    there is always a client (the window manager); here xdotool and the
    tests' own idle queries come and go, and limberd must not be refused
    because one just left."""

    def __init__(self, workdir, env):
        self.log_path = os.path.join(workdir, 'xvfb.log')
        self._log = open(self.log_path, 'w')
        read_end, write_end = os.pipe()
        try:
            self.proc = subprocess.Popen(
                ['Xvfb', '-displayfd', str(write_end), '-screen', '0',
                 '1024x768x24', '-nolisten', 'tcp', '-noreset'],
                stdout=self._log, stderr=subprocess.STDOUT,
                pass_fds=(write_end,), env=env)
        finally:
            os.close(write_end)
        try:
            number = self._read_display_number(read_end)
        except Exception:
            self.stop()
            raise
        finally:
            os.close(read_end)
        self.display = ':%d' % number
        self.socket = '/tmp/.X11-unix/X%d' % number
        lt.deadline_wait(lambda: os.path.exists(self.socket), 20,
                         'the Xvfb socket ' + self.socket)
        self.env = dict(env, DISPLAY=self.display)
        self._pointer_at = 0

    def _read_display_number(self, fd):
        """Xvfb writes its display number there once clients can connect."""
        data = b''
        end = time.monotonic() + 20 * lt.TIME_SCALE
        while not data.endswith(b'\n'):
            left = end - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise AssertionError('Xvfb did not start:\n' + self.log())
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 64)
                if not chunk:
                    raise AssertionError('Xvfb did not start:\n' + self.log())
                data += chunk
        return int(data.strip())

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def move_pointer(self):
        """Real input: the pointer moves (to a new place each time, as a
        move to where it already is would be no motion at all)."""
        self._pointer_at = (self._pointer_at + 1) % 2
        x, y = (100, 200) if self._pointer_at else (300, 400)
        subprocess.run(['xdotool', 'mousemove', str(x), str(y)],
                       env=self.env, check=True, timeout=20 * lt.TIME_SCALE)

    def idle_ms(self):
        return server_idle_ms(self.display)

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        rc = lt._stop_process(self.proc, timeout=10)
        if not self._log.closed:
            self._log.close()
        return rc


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [('window', ctypes.c_ulong),
                ('state', ctypes.c_int),
                ('kind', ctypes.c_int),
                ('til_or_since', ctypes.c_ulong),
                ('idle', ctypes.c_ulong),
                ('eventMask', ctypes.c_ulong)]


_libs = {}


def _xlibs():
    if not _libs:
        x11 = ctypes.CDLL('libX11.so.6')
        xss = ctypes.CDLL('libXss.so.1')
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x11.XFree.argtypes = [ctypes.c_void_p]
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(_XScreenSaverInfo)]
        _libs.update(x11=x11, xss=xss)
    return _libs['x11'], _libs['xss']


def server_idle_ms(display):
    """The X server's idle time in ms, as MIT-SCREEN-SAVER reports it."""
    x11, xss = _xlibs()
    dpy = x11.XOpenDisplay(display.encode())
    if not dpy:
        raise AssertionError('cannot open X11 display ' + display)
    info = xss.XScreenSaverAllocInfo()
    try:
        if not xss.XScreenSaverQueryInfo(dpy, x11.XDefaultRootWindow(dpy), info):
            raise AssertionError('XScreenSaverQueryInfo failed on ' + display)
        return info.contents.idle
    finally:
        x11.XFree(info)
        x11.XCloseDisplay(dpy)


class LogFollower:
    """Reads a growing log in a thread and keeps the lines matching
    `pattern`, each with the monotonic time it was seen (within ~20 ms of
    being written), so that gaps between log lines can be measured more
    finely than the log's one-second stamps."""

    def __init__(self, path, pattern, poll=0.02):
        self.path = path
        self.pattern = re.compile(pattern)
        self.poll = poll
        self.matches = []   # (seen_at, re.Match)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        f = None
        pending = ''
        try:
            while not self._stopping.is_set():
                if f is None:
                    try:
                        f = open(self.path, errors='replace')
                    except FileNotFoundError:
                        time.sleep(self.poll)
                        continue
                chunk = f.read()
                now = time.monotonic()
                if not chunk:
                    time.sleep(self.poll)
                    continue
                pending += chunk
                *lines, pending = pending.split('\n')
                with self._lock:
                    for line in lines:
                        m = self.pattern.search(line)
                        if m:
                            self.matches.append((now, m))
        finally:
            if f is not None:
                f.close()

    def snapshot(self):
        with self._lock:
            return list(self.matches)

    def wait_for(self, count, timeout, what):
        """Until at least `count` lines matched; returns them."""
        return lt.deadline_wait(
            lambda: (lambda m: m if len(m) >= count else None)(self.snapshot()),
            timeout, lambda: '%s (%d of %d lines so far)'
            % (what, len(self.snapshot()), count))

    def stop(self):
        self._stopping.set()
        self._thread.join(timeout=5)
