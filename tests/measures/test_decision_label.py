"""Issue 19: a decision's label cuts its text as Truncator does, with a short cut for texts short enough already."""

import pytest
from django.utils.text import Truncator

from measures.selectors import _start_of


@pytest.mark.parametrize(
    "text",
    ["", "Kort beslut.", "x" * 80, "y" * 81, "Beslutet gäller " * 10, "a\u0301" * 50, "e\u0301" * 85, "Å" * 79 + "ÅÄ"],
)
def test_the_start_of_a_decisions_text_is_what_truncator_gives(text):
    assert _start_of(text, 80) == Truncator(text).chars(80)
