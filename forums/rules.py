"""Who may change forums: the process leader keeps their meetings and which steering groups they feed."""

from __future__ import annotations

from vudig.core.rules import process_leader_or_admin, register

register("forum.edit", process_leader_or_admin)
