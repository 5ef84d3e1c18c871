"""Which recipients are told: a category they received overlaps the person's data when one
fideslang key nests in the other."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pactum.privacy_requests.planning import _Held

keys = st.lists(st.sampled_from(["user", "contact", "email", "phone", "financial", "x"]),
                min_size=1, max_size=4).map(".".join)  # fmt: skip


def nested(category: str, held: set[str]) -> bool:
    """The rule written out: equal, or one is a dotted prefix of the other."""
    return any(
        h == category or h.startswith(f"{category}.") or category.startswith(f"{h}.") for h in held
    )


@given(category=keys, held=st.sets(keys, max_size=6))
def test_overlap_is_nesting_either_way(category: str, held: set[str]) -> None:
    assert _Held(held).overlaps(category) == nested(category, held)


def test_examples() -> None:
    held = _Held({"user.contact.email"})
    assert held.overlaps("user.contact")  # the recipient got all contact data
    assert held.overlaps("user.contact.email.work")  # a narrower key of what is held
    assert not held.overlaps("user.contact.phone")
    assert not held.overlaps("user.cont")  # a prefix of the text, not of the key
