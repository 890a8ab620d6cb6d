"""When live chat is staffed: weekdays within set hours in a set time zone, minus holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpline.config import Settings
from helpline.errors import InvalidInput

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class ServiceHours:
    """Chat opening hours. The phone line is 24/7 and is not modelled here."""

    zone: ZoneInfo
    days: frozenset[int]  # 0 = Monday
    opens: time
    closes: time
    holidays: frozenset[date]

    @classmethod
    def from_settings(cls, settings: Settings) -> ServiceHours:
        """Parsed and checked once at start-up, so a typo in the configuration stops the service with a clear
        message rather than closing the chat for good."""
        try:
            zone = ZoneInfo(settings.chat_timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise InvalidInput(f"HELPLINE_CHAT_TIMEZONE: unknown time zone {settings.chat_timezone!r}") from error
        days: set[int] = set()
        for name in filter(None, (part.strip().lower()[:3] for part in settings.chat_days.split(","))):
            if name not in DAY_NAMES:
                raise InvalidInput(f"HELPLINE_CHAT_DAYS: {name!r} is not a day (use mon,tue,…)")
            days.add(DAY_NAMES.index(name))
        holidays: set[date] = set()
        for text in filter(None, (part.strip() for part in settings.chat_holidays.split(","))):
            try:
                holidays.add(date.fromisoformat(text))
            except ValueError as error:
                raise InvalidInput(f"HELPLINE_CHAT_HOLIDAYS: {text!r} is not a YYYY-MM-DD date") from error
        if settings.chat_opens >= settings.chat_closes:
            raise InvalidInput("HELPLINE_CHAT_OPENS must be earlier than HELPLINE_CHAT_CLOSES")
        return cls(zone, frozenset(days), settings.chat_opens, settings.chat_closes, frozenset(holidays))

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return self._staffed_day(local.date()) and self.opens <= local.time() < self.closes

    def next_opening(self, moment: datetime) -> datetime | None:
        """The next time chat opens after ``moment`` (``moment`` itself when open); None when it never does."""
        if self.is_open(moment):
            return moment
        local = moment.astimezone(self.zone)
        for ahead in range(0, 370):
            day = local.date() + timedelta(days=ahead)
            if not self._staffed_day(day):
                continue
            opening = datetime.combine(day, self.opens, tzinfo=self.zone)
            if opening > local:
                return opening
        return None

    def _staffed_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self.holidays

    def describe(self) -> str:
        """E.g. "Monday to Friday, 9:00 to 17:00 (America/New_York)"."""
        names = [FULL_DAY_NAMES[index] for index in sorted(self.days)]
        if len(names) > 2 and sorted(self.days) == list(range(min(self.days), max(self.days) + 1)):
            span = f"{names[0]} to {names[-1]}"
        else:
            span = ", ".join(names) or "no days"
        return f"{span}, {self.opens:%H:%M} to {self.closes:%H:%M} ({self.zone.key})"


def describe_opening(opening: datetime | None, moment: datetime) -> str:
    """Plain words for when chat opens next: "today at 09:00", "Monday 30 November at 09:00"."""
    if opening is None:
        return "at a time not yet set"
    local_now = moment.astimezone(opening.tzinfo)
    if opening.date() == local_now.date():
        day = "today"
    elif opening.date() == local_now.date() + timedelta(days=1):
        day = "tomorrow"
    else:
        day = f"{opening:%A} {opening.day} {opening:%B}"
    return f"{day} at {opening:%H:%M} ({opening.tzname()})"
