"""``openplan createadmin``: a platform administrator (superuser with a verified address).

The admin must still enrol MFA after logging in before the admin site opens.
"""

from __future__ import annotations

import getpass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

from openplan.accounts.models import User


class Command(BaseCommand):
    help = "Create a platform administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--display-name", default="")
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="read the password from this environment variable instead of asking",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"Not a valid email address: {email}") from exc
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with {email} already exists.")
        password = self._password(options.get("password_from_env"))
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            user = User.objects.create_superuser(
                email, password, display_name=options["display_name"]
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {email}. Log in and enrol two-factor authentication to open /admin/."
            )
        )

    def _password(self, env_var: str | None) -> str:
        import os

        if env_var:
            value = os.environ.get(env_var, "")
            if not value:
                raise CommandError(f"{env_var} is empty")
            return value
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return first
