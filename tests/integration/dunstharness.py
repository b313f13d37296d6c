"""Real dunst for test-dunst.py: what it shows, and a user's hands on it.

Builds on dndharness (Xvfb, and dunst's process handling) with a dunst
configured the way these tests need:
  - markup = full, as Debian's /etc/xdg/dunst/dunstrc has it, so dunst
    offers body-markup (its built-in default does not);
  - nothing times out, so what was shown is still there on a slow run;
  - a rule whose script records every notification dunst processes (the
    DUNST_* variables of dunst(5) SCRIPTING: urgency, desktop entry...,
    which `dunstctl history` leaves out), replacements included;
  - the context menu's "dmenu" is dunst-pick-action.sh, which chooses the
    line the test asks for;
  - a middle click invokes the action and closes, as in Debian's dunstrc.

Everything it writes goes into the test's own folder.
"""

import json
import os
import subprocess

import dndharness
import limbertest as lt

_HERE = os.path.dirname(os.path.abspath(__file__))
PICKER = os.path.join(_HERE, 'dunst-pick-action.sh')

# One JSON line per notification dunst processes. dunst runs rule scripts
# asynchronously, so lines can land out of order: they carry dunst's own
# timestamp to be sorted by.
RECORDER = """\
#!/usr/bin/python3
import json, os
record = {key[len('DUNST_'):].lower(): value
          for key, value in os.environ.items() if key.startswith('DUNST_')}
fd = os.open(%r, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
os.write(fd, (json.dumps(record) + '\\n').encode())
os.close(fd)
"""

DUNSTRC = """\
[global]
    font = Monospace 8
    idle_threshold = 0
    markup = %(markup)s
    dmenu = /bin/sh %(picker)s %(choice)s
    mouse_left_click = close_current
    mouse_middle_click = do_action, close_current
    mouse_right_click = close_all
    history_length = 100

[urgency_low]
    timeout = 0

[urgency_normal]
    timeout = 0

[urgency_critical]
    timeout = 0

[record_everything]
    summary = "*"
    script = %(recorder)s
"""


class Dunst(dndharness.Dunst):
    """dunst on the test's bus and display, with the configuration above.

    markup: dunst's markup setting ("full", or "no" for a server without
    body-markup)."""

    def __init__(self, bus, env, workdir, display, markup='full'):
        self.display = display
        self.workdir = workdir
        self.choice_path = os.path.join(workdir, 'dunst-menu-choice')
        self.menu_path = self.choice_path + '.menu'
        self.record_path = os.path.join(workdir, 'dunst-shown.jsonl')
        recorder = os.path.join(workdir, 'dunst-record')
        with open(recorder, 'w') as f:
            f.write(RECORDER % self.record_path)
        os.chmod(recorder, 0o755)
        super().__init__(bus, env, workdir, display,
                         dunstrc=DUNSTRC % {'markup': markup, 'picker': PICKER,
                                            'choice': self.choice_path,
                                            'recorder': recorder})

    # ---- what dunst shows ----------------------------------------------

    def version(self):
        p = subprocess.run(['dunst', '--version'], capture_output=True,
                           text=True, env=self.env, timeout=30 * lt.TIME_SCALE)
        return p.stdout.strip()

    def capabilities(self):
        return self.bus.call(lt.NOTIFICATIONS_NAME, lt.NOTIFICATIONS_PATH,
                             'org.freedesktop.Notifications',
                             'GetCapabilities', None, '(as)')[0]

    def history(self):
        """`dunstctl history`: the closed notifications, newest first, as
        plain dicts (appname, summary, body, category, id...)."""
        data = json.loads(self.ctl('history'))['data']
        return [{key: field['data'] for key, field in n.items()}
                for n in (data[0] if data else [])]

    def shown(self):
        """Every notification dunst has processed (new or replacing one
        on screen), oldest first, from the recording rule: dicts with
        app_name, summary, body, urgency ("NORMAL"...), category,
        desktop_entry, id, timestamp..."""
        try:
            with open(self.record_path) as f:
                records = [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            return []
        return sorted(records, key=lambda r: int(r.get('timestamp') or 0))

    def wait_shown(self, predicate, what, timeout=15):
        """The first recorded notification for which predicate() holds."""
        def find():
            return next((n for n in self.shown() if predicate(n)), None)
        return lt.deadline_wait(find, timeout, lambda: '%s; dunst has shown: %s'
                                % (what, [n.get('summary') for n in self.shown()]))

    # ---- a user's hands -------------------------------------------------

    def choose_in_menu(self, label, timeout=15):
        """Open the context menu (`dunstctl context`) and choose the first
        line whose label starts with `label`. Returns the menu lines
        dunst offered."""
        with open(self.choice_path, 'w') as f:
            f.write(label)
        try:
            os.unlink(self.menu_path)
        except FileNotFoundError:
            pass
        self.ctl('context')

        def offered():
            try:
                with open(self.menu_path) as f:
                    return f.read().splitlines() or None
            except FileNotFoundError:
                return None
        return lt.deadline_wait(offered, timeout,
                                'dunst to run the context menu command')

    def windows(self):
        """dunst's X windows that are mapped."""
        p = subprocess.run(['xdotool', 'search', '--onlyvisible', '--class',
                            'Dunst'], env=self.env, capture_output=True,
                           text=True, timeout=30 * lt.TIME_SCALE)
        return p.stdout.split()

    def middle_click(self, timeout=15):
        """A middle click on the notification window, with the pointer
        moved there first, as a user does."""
        window = lt.deadline_wait(lambda: (self.windows() or [None])[0],
                                  timeout, 'a mapped dunst window')
        p = subprocess.run(['xdotool', 'mousemove', '--window', window,
                            '20', '10', 'click', '2'], env=self.env,
                           capture_output=True, text=True,
                           timeout=30 * lt.TIME_SCALE)
        if p.returncode != 0:
            raise AssertionError('xdotool click exited %d: %s'
                                 % (p.returncode, p.stderr))
