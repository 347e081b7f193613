"""Kill the e-mail worker while it sends, and count what people receive (docs/adr/0003).

    .venv/bin/python benchmarks/outbox_crash.py [--messages 500] [--kills 12]

A fresh file SQLite database in a temporary directory gets `--messages` queued e-mails (as a
newsflash queues one per reader). A real `manage.py db_worker` sends them over SMTP to a mail
server run by this script, and is killed with SIGKILL `--kills` times at random moments while
it sends, then started again. Then the sweeps run, as cron would, until every message is sent
or failed. The mail server counts what arrived: duplicates (the same Message-ID twice), and
messages lost (never arrived).
"""

from __future__ import annotations

import argparse
import asyncore
import json
import os
import random
import signal
import smtpd
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SENDING_TIMEOUT = 3  # seconds: short, so the run does not wait the real two minutes


class Sink(smtpd.SMTPServer):
    """The mail server: notes the Message-ID of everything it accepts."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), None, decode_data=False)
        self.received: list[str] = []

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        self.received.append(message_from_bytes(data)["Message-ID"])


def manage(env, *args, **kwargs):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


QUEUE = """
from django.db import transaction
from safeguarding.core.outbox import queue_message
with transaction.atomic():
    for n in range({count}):
        queue_message(purpose="meetings.newsflash", recipient=f"reader{{n}}@agency.example",
                      object_key="newsflash:1", subject="Newsflash", body_text="News.")
"""
STATUS = """
import json
from django.db.models import Count
from safeguarding.core.models import OutboundEmail
rows = dict(OutboundEmail.objects.values_list("status").annotate(Count("id")))
print(json.dumps([rows, OutboundEmail.objects.filter(attempts__gt=1).count()]))
"""


def status(env) -> tuple[dict, int]:
    out = manage(env, "shell", "--no-imports", "-c", STATUS, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--kills", type=int, default=12)
    options = parser.parse_args()

    sink = Sink()
    threading.Thread(target=asyncore.loop, kwargs={"timeout": 0.05}, daemon=True).start()
    var = Path(tempfile.mkdtemp(prefix="outbox-crash-"))
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        HUB_VAR_DIR=str(var),
        SQLITE_PATH=str(var / "hub.sqlite3"),
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.socket.getsockname()[1]),
        EMAIL_TIMEOUT="1",
        HUB_OUTBOX_SENDING_TIMEOUT_SECONDS=str(SENDING_TIMEOUT),
        LOG_LEVEL="ERROR",
    )
    env.pop("DATABASE_URL", None)
    manage(env, "migrate", "-v0")
    manage(env, "shell", "--no-imports", "-c", QUEUE.format(count=options.messages))

    def worker():
        return subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    kills = 0
    process = worker()
    while kills < options.kills and len(sink.received) < options.messages:
        seen = len(sink.received)
        while len(sink.received) == seen and process.poll() is None:
            time.sleep(0.005)  # until it is sending
        time.sleep(random.uniform(0, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += 1
        process = worker()
    while True:  # the restarted worker sends the rest; the sweeps release what was killed
        time.sleep(SENDING_TIMEOUT + 1)
        manage(env, "run_sweeps", capture_output=True)
        statuses, retried = status(env)
        if not statuses.get("pending") and not statuses.get("sending"):
            break
    process.send_signal(signal.SIGTERM)
    process.wait()

    copies = Counter(sink.received)
    print(f"messages queued:            {options.messages}")
    print(f"worker killed (SIGKILL):    {kills}")
    print(f"outbox rows:                {statuses}")
    print(f"rows sent more than once:   {retried} (attempts > 1)")
    print(f"arrived, all copies:        {len(sink.received)}")
    print(f"distinct messages arrived:  {len(copies)}")
    print(f"recipients with 2+ copies:  {sum(1 for n in copies.values() if n > 1)}")
    print(f"lost (never arrived):       {options.messages - len(copies)}")


if __name__ == "__main__":
    main()
