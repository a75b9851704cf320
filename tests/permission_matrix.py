"""Shared by every app's test_permissions.py: each declares MATRIX = {action: (object_fixture, allowed people)}.

tests/test_permission_coverage.py checks that the matrices together cover every rule in the registry (vudig.core.rules).
"""

from vudig.core.rules import can

ALL = frozenset(
    {
        "anonymous", "no_role", "reader", "process_leader", "kommunchef", "manager", "manager_other_org", "member",
        "chair", "chair_other_group", "beredning", "admin",
    }
)  # fmt: skip
SIGNED_IN = ALL - {"anonymous"}


def assert_matrix_row(*, action: str, obj, allowed, people) -> None:
    """Every person in ``people`` may do ``action`` to ``obj`` exactly when listed in ``allowed``."""
    wrong = [who for who, user in people.items() if can(user, action, obj) is not (who in allowed)]
    assert not wrong, f"{action}: wrong answer for {wrong}"
