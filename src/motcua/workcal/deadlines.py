"""Due-time arithmetic on a province's working calendar (tính hạn giải quyết).

Every deadline in motcua goes through here (ARCHITECTURE invariant 3): a `Calendar` knows,
for one province, which days are working days (national holidays and make-up Saturdays from
the `holidays` package, the province's own overrides, its seasonal office hours) and adds
working time to an instant the way provincial one-stop systems do:

- 1 working day = 8 working hours (`HOURS_PER_WORKING_DAY`);
- a start outside working time, or exactly at a period's end, begins at the next period;
- the due time is the instant the hours run out; running out exactly at a period's end gives
  that end (17:00), never the next morning;
- same-day procedures: a (normalised) start before the cut-off (15:00) is due at the end of
  that day, otherwise at the end of the next working day.

The module is pure apart from the `holidays` look-up: a `Calendar` is built from plain rules
(`OfficeHoursRule`, `DayOverride`), so property tests need no database; `queries.calendar_for`
builds one from the database. Every answer can be explained day by day in Vietnamese.
All inputs and outputs are timezone-aware; arithmetic happens in Asia/Ho_Chi_Minh, which has
had no daylight-saving time since 1975, so local wall-clock arithmetic is exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
HOURS_PER_WORKING_DAY = 8
WORKING_DAY = timedelta(hours=HOURS_PER_WORKING_DAY)
SAME_DAY_CUTOFF = time(15, 0)
# Every period's bounds are wall-clock times; periods never cross midnight.
Period = tuple[time, time]

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
DEFAULT_PERIODS: tuple[Period, ...] = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))
DEFAULT_WEEKDAYS = frozenset(range(5))  # Monday-Friday, as date.weekday() numbers
# A calendar without any working time would make a walk run forever; ten years of
# consecutive days off means the configuration is broken.
_MAX_IDLE_DAYS = 3660


def _hm(value: datetime | time) -> str:
    if value.second or value.microsecond:
        return f"{value:%H:%M:%S}"
    return f"{value:%H:%M}"


def check_office_hours(
    month: int, day: int, periods: Sequence[Period], weekdays: Iterable[int]
) -> None:
    """Raise ValueError (Vietnamese) unless these office hours make sense."""
    try:
        date(2000, month, day)  # a leap year: 29/02 is a valid start
    except (TypeError, ValueError):
        raise ValueError(f"Ngày bắt đầu áp dụng {day}/{month} không có thật.") from None
    if not periods:
        raise ValueError("Cần ít nhất một buổi làm việc.")
    previous_end: time | None = None
    for start, end in periods:
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError("Giờ làm việc là giờ địa phương, không kèm múi giờ.")
        if not start < end:
            raise ValueError(f"Buổi {_hm(start)}-{_hm(end)}: giờ bắt đầu phải trước giờ kết thúc.")
        if previous_end is not None and start < previous_end:
            raise ValueError("Các buổi làm việc phải theo thứ tự và không chồng lên nhau.")
        previous_end = end
    weekday_set = set(weekdays)
    if not weekday_set:
        raise ValueError("Cần ít nhất một ngày làm việc trong tuần.")
    if not weekday_set <= set(range(7)):
        raise ValueError("Ngày trong tuần phải từ Thứ Hai đến Chủ Nhật.")


class DayKind(StrEnum):
    """Why a day is (not) a working day."""

    ORDINARY = "ordinary"  # a weekday of the office hours
    WEEKEND = "weekend"  # not a weekday of the office hours
    HOLIDAY = "holiday"  # a national holiday (holidays package)
    MAKE_UP = "make_up"  # a national make-up working weekend day
    OVERRIDE_OFF = "override_off"  # a day off the province added
    OVERRIDE_WORKING = "override_working"  # a working day the province added


@dataclass(frozen=True, slots=True)
class OfficeHoursRule:
    """Office hours valid from a month/day each year until the next rule's month/day."""

    valid_from_month: int = 1
    valid_from_day: int = 1
    periods: tuple[Period, ...] = DEFAULT_PERIODS
    weekdays: frozenset[int] = DEFAULT_WEEKDAYS
    name: str = ""

    def __post_init__(self) -> None:
        check_office_hours(self.valid_from_month, self.valid_from_day, self.periods, self.weekdays)

    @property
    def starts(self) -> tuple[int, int]:
        return (self.valid_from_month, self.valid_from_day)


DEFAULT_OFFICE_HOURS = OfficeHoursRule(name="Giờ làm việc mặc định")


@dataclass(frozen=True, slots=True)
class DayOverride:
    """A province's own day off (`working=False`) or extra working day (`working=True`)."""

    day: date
    working: bool
    name: str


@dataclass(frozen=True, slots=True)
class WorkDay:
    """One date of a calendar: whether it is worked, its periods (aware, local), and why."""

    day: date
    is_working: bool
    kind: DayKind
    name: str
    periods: tuple[tuple[datetime, datetime], ...]

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.day.weekday()]

    @property
    def label(self) -> str:
        """The date as people read it: Thứ Năm 04/02/2027."""
        return f"{self.weekday_name} {self.day:%d/%m/%Y}"

    @property
    def end(self) -> datetime:
        """The end of the day's last period (17:00 with default hours)."""
        return self.periods[-1][1]

    def off_reason(self) -> str:
        """The Vietnamese reason a non-working day is skipped: "nghỉ Tết Nguyên Đán"."""
        if self.kind == DayKind.WEEKEND:
            return "nghỉ cuối tuần"
        lowered = _lower_first(self.name)
        if lowered.startswith(("nghỉ", "ngày nghỉ")):
            return lowered
        return f"nghỉ {self.name}"


@dataclass(frozen=True, slots=True)
class Explanation[T]:
    """An answer with its day-by-day explanation in Vietnamese."""

    value: T
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NationalYear:
    """National holidays and make-up working days dated in one year, with their names."""

    holidays: dict[date, str]
    workdays: dict[date, str]


_REPLACES = re.compile(r"thay cho ngày (\d{2}/\d{2}/\d{4})")


@lru_cache(maxsize=256)
def national_year(year: int) -> NationalYear:
    """The `holidays` package's VN data for `year`, computed once per process.

    The package files a make-up day under the year of the holiday it pays for (27/12/2014
    for New Year 2015), so the neighbouring years are read too and filtered by date.
    """
    data = holidays.country_holidays("VN", years=(year - 1, year, year + 1), language="vi")
    days_off = {day: str(name) for day, name in data.items() if day.year == year}
    # A day off "thay cho ngày 26/04/2025" names the Saturday worked in its place.
    paid_for: dict[str, date] = {}
    for day, name in data.items():
        match = _REPLACES.search(str(name))
        if match:
            paid_for[match.group(1)] = day
    workdays = {}
    for day in data.weekend_workdays:
        if day.year != year:
            continue
        holiday = paid_for.get(f"{day:%d/%m/%Y}")
        workdays[day] = f"Làm bù cho ngày {holiday:%d/%m/%Y}" if holiday else "Ngày làm việc bù"
    return NationalYear(holidays=days_off, workdays=workdays)


def ensure_aware(instant: datetime) -> datetime:
    """The instant in Asia/Ho_Chi_Minh; a naive datetime is an error, never guessed."""
    if not isinstance(instant, datetime):
        raise TypeError(f"Cần một datetime, nhận được {type(instant).__name__}.")
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(
            f"Thời điểm {instant.isoformat()} không có múi giờ: cần datetime có múi giờ "
            "(timezone-aware)."
        )
    return instant.astimezone(TZ)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def format_duration(value: timedelta) -> str:
    """8 giờ, 1 giờ 30 phút, 45 phút, 0 giờ (whole seconds shown only when present)."""
    sign = "-" if value < timedelta(0) else ""
    seconds = round(abs(value).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = []
    if hours or not (minutes or seconds):
        parts.append(f"{hours} giờ")
    if minutes:
        parts.append(f"{minutes} phút")
    if seconds:
        parts.append(f"{seconds} giây")
    return sign + " ".join(parts)


def _as_duration(hours: float | timedelta) -> timedelta:
    amount = hours if isinstance(hours, timedelta) else timedelta(hours=hours)
    if amount < timedelta(0):
        raise ValueError("Số giờ làm việc không được âm.")
    return amount


class Calendar:
    """The working calendar of one province: cheap to query many times.

    Built once from the province's office-hours rules and overrides (see
    `queries.calendar_for`); each date is resolved once and remembered, national data is
    cached per process. Instances hold no database state, so they can be cached or pickled.
    """

    def __init__(
        self,
        province: str,
        *,
        office_hours: Iterable[OfficeHoursRule] = (),
        overrides: Iterable[DayOverride] = (),
    ) -> None:
        self.province = province
        rules = sorted(office_hours, key=lambda rule: rule.starts)
        if len({rule.starts for rule in rules}) != len(rules):
            raise ValueError("Hai khung giờ làm việc cùng ngày bắt đầu áp dụng.")
        self._rules: tuple[OfficeHoursRule, ...] = tuple(rules) or (DEFAULT_OFFICE_HOURS,)
        self._overrides: dict[date, DayOverride] = {}
        for override in overrides:
            if override.day in self._overrides:
                raise ValueError(f"Ngày {override.day:%d/%m/%Y} được điều chỉnh hai lần.")
            self._overrides[override.day] = override
        self._days: dict[date, WorkDay] = {}

    def __repr__(self) -> str:
        return (
            f"<Calendar province={self.province} rules={len(self._rules)} "
            f"overrides={len(self._overrides)}>"
        )

    # Days -------------------------------------------------------------------------------

    def office_hours_on(self, day: date) -> OfficeHoursRule:
        """The rule in force on `day`: the latest start not after it, wrapping the year."""
        key = (day.month, day.day)
        current = self._rules[-1]  # before the first start of the year: last year's last rule
        for rule in self._rules:
            if rule.starts <= key:
                current = rule
            else:
                break
        return current

    def day(self, day: date) -> WorkDay:
        """Whether `day` is worked, its periods and why; resolved once per date."""
        found = self._days.get(day)
        if found is None:
            found = self._days[day] = self._resolve(day)
        return found

    def _resolve(self, day: date) -> WorkDay:
        rule = self.office_hours_on(day)
        national = national_year(day.year)
        override = self._overrides.get(day)
        if override is not None:
            kind = DayKind.OVERRIDE_WORKING if override.working else DayKind.OVERRIDE_OFF
            working, name = override.working, override.name
        elif day in national.holidays:
            kind, working, name = DayKind.HOLIDAY, False, national.holidays[day]
        elif day in national.workdays:
            kind, working, name = DayKind.MAKE_UP, True, national.workdays[day]
        elif day.weekday() in rule.weekdays:
            kind, working, name = DayKind.ORDINARY, True, ""
        else:
            kind, working, name = DayKind.WEEKEND, False, ""
        periods: tuple[tuple[datetime, datetime], ...] = ()
        if working:
            periods = tuple(
                (datetime.combine(day, start, TZ), datetime.combine(day, end, TZ))
                for start, end in rule.periods
            )
        return WorkDay(day=day, is_working=working, kind=kind, name=name, periods=periods)

    def is_working_day(self, day: date) -> bool:
        return self.day(day).is_working

    def is_working_time(self, instant: datetime) -> bool:
        """True inside a working period; a period's end is outside (the next one starts)."""
        local = ensure_aware(instant)
        return any(start <= local < end for start, end in self.day(local.date()).periods)

    def next_working_day(self, day: date) -> WorkDay:
        """The first working day strictly after `day`."""
        for offset in range(1, _MAX_IDLE_DAYS):
            candidate = self.day(day + timedelta(days=offset))
            if candidate.is_working:
                return candidate
        raise ValueError(f"Lịch tỉnh {self.province} không có ngày làm việc nào.")

    def days_in_year(self, year: int) -> list[WorkDay]:
        day, days = date(year, 1, 1), []
        while day.year == year:
            days.append(self.day(day))
            day += timedelta(days=1)
        return days

    def days_off(self, year: int) -> list[WorkDay]:
        """Days of `year` that the office hours would work but which are off, with names."""
        return [
            work_day
            for work_day in self.days_in_year(year)
            if not work_day.is_working
            and work_day.day.weekday() in self.office_hours_on(work_day.day).weekdays
        ]

    def working_weekend_days(self, year: int) -> list[WorkDay]:
        """Days of `year` outside the office-hours weekdays that are worked (làm bù)."""
        return [
            work_day
            for work_day in self.days_in_year(year)
            if work_day.is_working
            and work_day.day.weekday() not in self.office_hours_on(work_day.day).weekdays
        ]

    # Arithmetic ---------------------------------------------------------------------------

    def next_working_instant(self, instant: datetime) -> datetime:
        """`instant` if it is working time, else the start of the next working period."""
        return self.add_working_hours(instant, timedelta(0))

    def add_working_hours(self, start: datetime, hours: float | timedelta) -> datetime:
        """The instant `hours` of working time after `start` run out.

        Zero hours gives the normalised start (the next period's start when outside).
        """
        return self._walk(ensure_aware(start), _as_duration(hours), None)

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """`days` working days after `start`: `days` x 8 working hours."""
        return self.add_working_hours(start, _days_as_hours(days))

    def same_day_due(self, start: datetime, cutoff: time = SAME_DAY_CUTOFF) -> datetime:
        """The same-day rule: before the cut-off, the day's end; else the next day's end."""
        return self._same_day(ensure_aware(start), _check_cutoff(cutoff), None)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from `start` to `end`; negative when `end` is before `start`."""
        return self._between(ensure_aware(start), ensure_aware(end), None)

    def explain_working_hours(
        self, start: datetime, hours: float | timedelta
    ) -> Explanation[datetime]:
        lines: list[str] = []
        due = self._walk(ensure_aware(start), _as_duration(hours), lines)
        return Explanation(due, lines)

    def explain_working_days(self, start: datetime, days: int) -> Explanation[datetime]:
        return self.explain_working_hours(start, _days_as_hours(days))

    def explain_same_day(
        self, start: datetime, cutoff: time = SAME_DAY_CUTOFF
    ) -> Explanation[datetime]:
        lines: list[str] = []
        due = self._same_day(ensure_aware(start), _check_cutoff(cutoff), lines)
        return Explanation(due, lines)

    def explain_working_time_between(
        self, start: datetime, end: datetime
    ) -> Explanation[timedelta]:
        lines: list[str] = []
        worked = self._between(ensure_aware(start), ensure_aware(end), lines)
        return Explanation(worked, lines)

    # Walks (one implementation each; `lines` is None when no explanation is wanted) --------

    def _walk(self, start: datetime, remaining: timedelta, lines: list[str] | None) -> datetime:
        day = start.date()
        idle = 0
        while True:
            work_day = self.day(day)
            if not work_day.is_working:
                if lines is not None:
                    lines.append(f"{work_day.label}: {work_day.off_reason()}")
                idle += 1
                if idle > _MAX_IDLE_DAYS:
                    raise ValueError(f"Lịch tỉnh {self.province} không có ngày làm việc nào.")
                day += timedelta(days=1)
                continue
            idle = 0
            spans: list[tuple[datetime, datetime]] = []
            for period_start, period_end in work_day.periods:
                if period_end <= start:
                    continue
                begin = max(period_start, start)
                available = period_end - begin
                if remaining <= available:
                    due = begin + remaining
                    if lines is not None:
                        spans.append((begin, due))
                        lines.append(_counted_line(work_day, spans, due))
                    return due
                remaining -= available
                spans.append((begin, period_end))
            if lines is not None:
                if spans:
                    lines.append(_counted_line(work_day, spans, None))
                else:
                    lines.append(f"{work_day.label}: nhận lúc {_hm(start)}, sau giờ làm việc")
            day += timedelta(days=1)

    def _same_day(self, start: datetime, cutoff: time, lines: list[str] | None) -> datetime:
        begin = self._walk(start, timedelta(0), None)
        work_day = self.day(begin.date())
        if lines is not None:
            self._explain_gap(start.date(), begin.date(), start, lines)
            if begin == start:
                when = f"nhận lúc {_hm(start)}"
            elif begin.date() == start.date():
                when = f"nhận lúc {_hm(start)}, bắt đầu tính từ {_hm(begin)}"
            else:
                when = f"bắt đầu tính từ {_hm(begin)}"
        if begin.time() < cutoff:
            if lines is not None:
                lines.append(
                    f"{work_day.label}: {when}, trước {_hm(cutoff)}, "
                    f"trả kết quả trong ngày lúc {_hm(work_day.end)}"
                )
            return work_day.end
        next_day = self.next_working_day(begin.date())
        if lines is not None:
            lines.append(
                f"{work_day.label}: {when}, từ {_hm(cutoff)} trở đi, "
                "hẹn trả vào ngày làm việc tiếp theo"
            )
            self._explain_gap(begin.date() + timedelta(days=1), next_day.day, start, lines)
            lines.append(f"{next_day.label}: trả kết quả lúc {_hm(next_day.end)}")
        return next_day.end

    def _explain_gap(self, first: date, until: date, start: datetime, lines: list[str]) -> None:
        """Lines for the days from `first` up to `until` (excluded), where nothing is counted.

        A working day can only be among them as the day `start` came in after hours.
        """
        day = first
        while day < until:
            work_day = self.day(day)
            if work_day.is_working:
                lines.append(f"{work_day.label}: nhận lúc {_hm(start)}, sau giờ làm việc")
            else:
                lines.append(f"{work_day.label}: {work_day.off_reason()}")
            day += timedelta(days=1)

    def _between(self, start: datetime, end: datetime, lines: list[str] | None) -> timedelta:
        if end < start:
            return -self._between(end, start, lines)
        total = timedelta(0)
        day = start.date()
        while day <= end.date():
            work_day = self.day(day)
            day += timedelta(days=1)
            if not work_day.is_working:
                if lines is not None:
                    lines.append(f"{work_day.label}: {work_day.off_reason()}")
                continue
            spans = [
                (max(period_start, start), min(period_end, end))
                for period_start, period_end in work_day.periods
                if period_end > start and period_start < end
            ]
            total += sum((span_end - span_start for span_start, span_end in spans), timedelta(0))
            if lines is not None:
                if spans:
                    lines.append(_counted_line(work_day, spans, None))
                else:
                    lines.append(f"{work_day.label}: ngoài giờ làm việc, tính 0 giờ")
        return total


def _days_as_hours(days: int) -> timedelta:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError("Số ngày làm việc phải là số nguyên.")
    if days < 0:
        raise ValueError("Số ngày làm việc không được âm.")
    return days * WORKING_DAY


def _check_cutoff(cutoff: time) -> time:
    if cutoff.tzinfo is not None:
        raise ValueError("Giờ cắt là giờ địa phương, không kèm múi giờ.")
    return cutoff


def _counted_line(
    work_day: WorkDay, spans: list[tuple[datetime, datetime]], due: datetime | None
) -> str:
    """One counted day: Thứ Hai 06/01/2025: 07:00-11:30, 13:30-17:00, tính 8 giờ."""
    worked = sum((end - start for start, end in spans), timedelta(0))
    text = ", ".join(f"{_hm(start)}-{_hm(end)}" for start, end in spans if end > start)
    parts = [text] if text else []
    if work_day.kind == DayKind.MAKE_UP:
        parts.insert(0, _lower_first(work_day.name))
    elif work_day.kind == DayKind.OVERRIDE_WORKING:
        parts.insert(0, f"ngày làm việc thêm ({work_day.name})")
    parts.append(f"tính {format_duration(worked)}")
    if due is not None:
        parts.append(f"đến hạn lúc {_hm(due)}")
    return f"{work_day.label}: " + ", ".join(parts)
