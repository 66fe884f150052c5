"""Permissions of the participation app (docs/roles-and-permissions.md). Phases decide *when*
an action is possible; the services refuse it outside them with a message."""

import rules

from openplan.participation.predicates import can_coordinate, is_author, is_moderator, is_published

rules.add_perm("participation.view_consultation", is_published | can_coordinate)
rules.add_perm("participation.add_consultation", can_coordinate)  # object: the member
rules.add_perm("participation.change_consultation", can_coordinate)
# Proposing, commenting, supporting, following and flagging: anyone signed in.
rules.add_perm("participation.contribute", rules.is_authenticated)
rules.add_perm("participation.change_proposal", is_author)
rules.add_perm("participation.moderate", is_moderator)
rules.add_perm("participation.respond_proposal", can_coordinate)  # object: the proposal
rules.add_perm("participation.answer_petition", can_coordinate)  # object: the petition
# Signing a petition needs no account (the email address is confirmed by a link): whoever may
# see the consultation may sign while a phase allows it.
rules.add_perm("participation.sign_petition", is_published)
# Meetings: coordinators announce, cancel and close them (object: the consultation or the
# meeting); anyone signed in registers while a phase allows attending.
rules.add_perm("participation.change_meeting", can_coordinate)
# Offline input: recorded by the consultation's coordinators; its scans (which may hold the
# person's name, address or signature) are theirs only. Object: the consultation or proposal.
rules.add_perm("participation.record_offline", can_coordinate)
rules.add_perm("participation.view_offline_scan", can_coordinate)
