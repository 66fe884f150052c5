"""The ``openplan`` command: Django's management commands with a few of OpenPlan's own.

openplan serve        run the web server (gunicorn; ``--dev`` for Django's runserver)
openplan worker       run background tasks
openplan demo         load the demo content
openplan createadmin  create a platform administrator
openplan record verify | checkpoint   check the public record, or sign a checkpoint now
openplan <any Django management command>
"""

from __future__ import annotations

import os
import sys

ALIASES = {"worker": "db_worker"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openplan.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1:
        args[1] = ALIASES.get(args[1], args[1])
    execute_from_command_line(["openplan", *args[1:]])


if __name__ == "__main__":
    main()
