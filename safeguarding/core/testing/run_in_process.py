"""Run by `processes.race_in_processes` in a process of its own against a file SQLite database:
calls one function once every process is ready, and prints "ok" or the class of what it raised.

    python run_in_process.py GO_FILE module:function ARG...

SQLITE_PATH and DJANGO_SETTINGS_MODULE come from the environment."""

import importlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))


def main() -> None:
    import django

    django.setup()
    go_file, target, *args = sys.argv[1:]
    module, name = target.split(":")
    function = getattr(importlib.import_module(module), name)
    Path(f"{go_file}.{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while not Path(go_file).exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    try:
        function(*args)
    except Exception as error:  # noqa: BLE001 - reported to the test
        print(type(error).__name__)
    else:
        print("ok")


if __name__ == "__main__":
    main()
