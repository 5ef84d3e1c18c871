"""Business days: one calendar for request deadlines and consent's legal windows."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pactum.business_days import add_business_days, holiday_calendar
from pactum.consent.deliveries import legal_window
from pactum.consent.models import State
from pactum.policy.document import Purpose
from pactum.policy.duration import Duration
from pactum.privacy_requests.deadlines import due_date


def test_business_days_skip_weekends_and_name_the_holidays_they_skip() -> None:
    monday = date(2026, 11, 23)  # Thanksgiving on the Thursday, and the Friday in California
    last, skipped = add_business_days(monday, 5, holiday_calendar("US-CA"))
    assert last == date(2026, 12, 2)
    assert [day for day, _ in skipped] == [date(2026, 11, 26), date(2026, 11, 27)]
    assert add_business_days(monday, 5, holiday_calendar(None))[0] == date(2026, 11, 30)


def test_a_consent_window_ends_on_the_day_a_request_deadline_of_the_same_length_does() -> None:
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    sharing = Purpose.model_validate(
        {
            "id": "ads",
            "name": "Ads",
            "legal_basis": "consent",
            "categories": ["x"],
            "sale_or_share": True,
        }
    )
    window, _ = legal_window(sharing, State.WITHDRAWN, start)
    deadline = due_date(start, Duration.parse("15 business days"), holiday_calendar("US-CA"))
    assert window is not None and window.date() == deadline.at.date()
