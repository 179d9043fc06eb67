"""What the readers of directory files (CSV, Open Referral UK v1 and v3 JSON) produce,
and the checks every value goes through on the way in.

An import has two steps. `plan.plan_import` checks every record and compares it
with the database without writing anything: the dry run. `commit.apply_plan` then
writes the whole plan inside one transaction (see `services`).
"""

import html
import math
import re
from dataclasses import dataclass, field
from datetime import date, time

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from resources.models import (
    Location,
    Schedule,
)

MAX_ROWS = 50_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = [
    "service_id",
    "service_name",
    "service_description",
    "service_status",
    "service_url",
    "service_email",
    "service_phone",
    "delivery",
    "national",
    "is_free",
    "cost_description",
    "eligibility_description",
    "last_reviewed",
    "categories",
    "schedules",
    "organization_id",
    "organization_name",
    "organization_description",
    "organization_url",
    "organization_email",
    "organization_phone",
    "location_id",
    "location_name",
    "address_1",
    "city",
    "postcode",
    "latitude",
    "longitude",
    "step_free_access",
    "accessibility_description",
]
REQUIRED_CSV_COLUMNS = ["service_id", "service_name", "organization_name"]
SERVICE_COLUMNS = CSV_COLUMNS[: CSV_COLUMNS.index("location_id")]
LOCATION_COLUMNS = CSV_COLUMNS[CSV_COLUMNS.index("location_id") :]
# Coordinates outside Great Britain, Northern Ireland and the islands are taken to
# be mistakes (latitude and longitude swapped, or zero), not places.
UK_LATITUDE = (49.0, 61.0)
UK_LONGITUDE = (-8.7, 2.1)
BYDAY = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
SCHEDULE_ENTRY = re.compile(
    r"^(?P<byday>[^\s]+)(\s+(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2}))?$"
)


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why in plain words."""


class RecordRejected(Exception):  # noqa: N818 - an outcome, not a crash
    pass


@dataclass
class OrganizationRecord:
    external_id: str
    name: str
    description: str | None = None
    email: str | None = None
    url: str | None = None
    phone: str | None = None


@dataclass
class LocationRecord:
    external_id: str
    name: str | None = None
    address_1: str | None = None
    city: str | None = None
    postal_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    step_free_access: bool | None = None
    accessibility_description: str | None = None
    virtual: bool = False  # online or by phone: a place-holder with no address or coordinates
    # Filled in by planning: where the location will be placed.
    placed: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ScheduleRecord:
    freq: str
    byday: str
    opens_at: time | None
    closes_at: time | None
    description: str | None = None  # None: the format does not carry descriptions


@dataclass
class ServiceRecord:
    ref: str  # "line 12" or "record 3": how the preview points at it
    external_id: str
    name: str
    organization: OrganizationRecord
    description: str | None = None
    status: str | None = None
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    delivery: str | None = None
    national: bool | None = None
    is_free: bool | None = None
    cost_description: str | None = None
    eligibility_description: str | None = None
    last_reviewed: date | None = None
    terms: list[str] | None = None
    schedules: list[ScheduleRecord] | None = None
    locations: list[LocationRecord] = field(default_factory=list)
    locations_carried: bool = True  # False: the file says nothing about places


@dataclass
class Problem:
    ref: str
    message: str


@dataclass
class ParsedFile:
    format: str
    records: list[ServiceRecord]
    rejected: list[Problem]
    warnings: list[Problem]


# --- Reading values ---------------------------------------------------------------


class Values:
    """Cleans one record's values, collecting warnings for optional fields it has to drop."""

    def __init__(self, ref: str, warnings: list[Problem]):
        self.ref = ref
        self.warnings = warnings

    def warn(self, message: str):
        self.warnings.append(Problem(self.ref, message))

    def text(self, value, label: str, *, model=None, name=None, required=False) -> str | None:
        if value is None:
            if required:
                raise RecordRejected(f"{label} is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            if required:
                raise RecordRejected(f"{label} is not text")
            self.warn(f"{label} is not text, so it was left out")
            return None
        cleaned = str(value).replace("\x00", "").strip()
        if required and not cleaned:
            raise RecordRejected(f"{label} is empty")
        max_length = model._meta.get_field(name).max_length if model is not None else None
        if max_length and len(cleaned) > max_length:
            if required:
                raise RecordRejected(f"{label} is longer than {max_length} characters")
            self.warn(f"{label} is longer than {max_length} characters, so it was left out")
            return None
        return cleaned

    def long_text(self, value, label: str) -> str | None:
        cleaned = self.text(value, label)
        return plain_text(cleaned)[:10_000] if cleaned is not None else None

    def prose(self, value, label: str, model, name: str) -> str | None:
        """Text that feeds often write as HTML: read as plain text, then checked for length."""
        if isinstance(value, str):
            value = plain_text(value)
        return self.field(value, label, model, name)

    def field(self, value, label: str, model, name: str) -> str | None:
        return self.text(value, label, model=model, name=name)

    def url(self, value, label: str, model) -> str | None:
        cleaned = self.field(value, label, model, "url")
        if not cleaned:
            return cleaned
        if "://" not in cleaned:
            cleaned = "https://" + cleaned  # feeds often give "www.example.org"
        try:
            URLValidator(schemes=["http", "https"])(cleaned)
        except ValidationError:
            self.warn(f"{label} “{cleaned}” is not a web address, so it was left out")
            return None
        return cleaned

    def email(self, value, label: str, model) -> str | None:
        cleaned = self.field(value, label, model, "email")
        if not cleaned:
            return cleaned
        try:
            validate_email(cleaned)
        except ValidationError:
            self.warn(f"{label} “{cleaned}” is not an email address, so it was left out")
            return None
        return cleaned

    def boolean(self, value, label: str) -> bool | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        cleaned = str(value).strip().lower()
        if cleaned in {"yes", "y", "true", "1"}:
            return True
        if cleaned in {"no", "n", "false", "0", ""}:
            return False
        self.warn(f"{label} “{value}” is not yes or no, so it was left out")
        return None

    def choice(self, value, label: str, choices) -> str | None:
        cleaned = self.text(value, label)
        if not cleaned:
            return None
        normalised = cleaned.lower().replace("_", " ")
        for choice_value, _ in choices:
            if normalised in {choice_value, choice_value.replace("-", " ")}:
                return choice_value
        allowed = ", ".join(value for value, _ in choices)
        raise RecordRejected(f"{label} “{cleaned}” is not one of: {allowed}")

    def day(self, value, label: str) -> date | None:
        cleaned = self.text(value, label)
        if not cleaned:
            return None
        try:
            return date.fromisoformat(cleaned[:10])
        except ValueError:
            self.warn(f"{label} “{cleaned}” is not a date like 2025-03-31, so it was left out")
            return None

    def coordinates(self, latitude, longitude) -> tuple[float | None, float | None]:
        if latitude in (None, "") and longitude in (None, ""):
            return None, None
        try:
            lat, lng = float(latitude), float(longitude)
        except (TypeError, ValueError):
            self.warn(
                f"coordinates “{latitude}, {longitude}” are not numbers, so the place "
                "comes from the postcode"
            )
            return None, None
        if not (math.isfinite(lat) and math.isfinite(lng)) or not (
            UK_LATITUDE[0] <= lat <= UK_LATITUDE[1] and UK_LONGITUDE[0] <= lng <= UK_LONGITUDE[1]
        ):
            self.warn(
                f"coordinates “{latitude}, {longitude}” are not in the UK (swapped?), so the "
                "place comes from the postcode"
            )
            return None, None
        return lat, lng

    def postcode(self, value) -> str | None:
        cleaned = self.field(value, "postcode", Location, "postal_code")
        return cleaned.upper() if cleaned else cleaned


HTML_MARK = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
BLOCK_END = re.compile(r"<br\s*/?>|</(p|div|h[1-6]|tr|ul|ol|table|blockquote)\s*>", re.I)
LIST_ITEM = re.compile(r"<li(\s[^<>]*)?>", re.I)


def plain_text(value: str) -> str:
    """Council feeds write descriptions in HTML (`<h4>`, `<p><br></p>`, `&nbsp;`): readable
    text instead, with paragraphs as line breaks, never tags. Plain text is left as it is."""
    if not HTML_MARK.search(value):
        return value
    text = LIST_ITEM.sub("\n• ", BLOCK_END.sub("\n", value))
    text = html.unescape(nh3.clean(text, tags=set(), clean_content_tags={"script", "style"}))
    lines = [" ".join(line.split()) for line in text.replace("\xa0", " ").splitlines()]
    paragraphs, blank = [], False
    for line in lines:
        if line:
            if blank and paragraphs:
                paragraphs.append("")
            paragraphs.append(line)
            blank = False
        else:
            blank = True
    return "\n".join(paragraphs)


def parse_schedule_text(text: str, values: Values) -> list[ScheduleRecord]:
    """CSV opening times: “MO,WE 10:00-12:00; 2TU 14:00-15:30” (numbered days are monthly)."""
    schedules = []
    for entry in filter(None, (part.strip() for part in text.split(";"))):
        match = SCHEDULE_ENTRY.match(entry)
        schedule = match and schedule_record(
            values, None, match["byday"], match["opens"], match["closes"], None
        )
        if schedule:
            schedules.append(schedule)
        else:
            values.warn(f"opening times “{entry}” are not like “MO,WE 10:00-12:00”: left out")
    return schedules


def format_schedule_text(schedules) -> str:
    entries = []
    for schedule in schedules:
        if schedule.opens_at and schedule.closes_at:
            entries.append(f"{schedule.byday} {schedule.opens_at:%H:%M}-{schedule.closes_at:%H:%M}")
        elif schedule.byday:
            entries.append(schedule.byday)
    return "; ".join(entries)


def _time(value) -> time | None:
    if value in (None, ""):
        return None
    try:
        return time.fromisoformat(str(value).strip().zfill(5))
    except ValueError:
        return None


def schedule_record(
    values: Values, freq, byday, opens, closes, description
) -> ScheduleRecord | None:
    days = "".join(str(byday or "").upper().split())
    if not days or not all(BYDAY.match(day) for day in days.split(",")):
        return None
    monthly = any(day[0] in "+-12345" for day in days.split(","))
    freq = str(freq or ("MONTHLY" if monthly else "WEEKLY")).upper()
    if freq not in Schedule.Frequency.values:
        return None
    opens_at, closes_at = _time(opens), _time(closes)
    if (opens and opens_at is None) or (closes and closes_at is None):
        return None
    if description is not None:
        description = values.text(description, "opening times description") or ""
        description = description[: Schedule._meta.get_field("description").max_length]
    return ScheduleRecord(freq, days, opens_at, closes_at, description)


def id_or_name(external_id: str | None, name: str) -> str:
    # Without an id, an organisation is recognised by its name on the next import.
    return external_id[:200] if external_id else "name:" + name.casefold()[:195]


# --- Words the writer uses and the readers recognise ------------------------------------

STEP_FREE = "Step-free access"
NATIONAL_AREA = "United Kingdom"
# Accessibility entries that say step-free access, and nothing more.
STEP_FREE_ENTRY = re.compile(
    r"(step[- ]?free|wheelchair|level|ramped)( access(ible)?| entrance| entry)?"
    r"( available| throughout| to all areas)?\.?",
    re.I,
)
# Service areas that mean "anywhere in the country".
NATIONAL_AREAS = {
    "national",
    "nationwide",
    "uk",
    "uk-wide",
    "uk wide",
    "united kingdom",
    "great britain",
    "gb",
    "england",
    "scotland",
    "wales",
    "northern ireland",
    "england and wales",
}
# Fees that mean free, and nothing more.
FREE_WORDS = {"free", "free of charge", "no charge", "no cost", "none", "nil", "£0", "0", "£0.00"}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = {
    name: code
    for code, names in zip(
        WEEKDAYS,
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ],
        strict=True,
    )
    for name in names
}


def weekday_code(value) -> str | None:
    """A v1 `weekday`: ISO number (1 Monday ... 7 Sunday, 0 also Sunday), name or code."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        try:
            number = int(float(value))
        except (ValueError, OverflowError):
            return None
        return WEEKDAYS[(number - 1) % 7] if 0 <= number <= 7 else None
    if isinstance(value, str):
        cleaned = value.strip().lower()
        return WEEKDAY_NAMES.get(cleaned) or (
            cleaned.upper() if cleaned.upper() in WEEKDAYS else None
        )
    return None


def delivery_mode(text) -> str | None:
    """An attending or deliverable type in words, as Genie's delivery."""
    if not isinstance(text, str):
        return None
    cleaned = text.strip().lower()
    if any(word in cleaned for word in ("online", "virtual", "video", "internet", "web")):
        return "online"
    if any(word in cleaned for word in ("phone", "telephone", "call")):
        return "phone"
    if any(
        word in cleaned for word in ("venue", "in-person", "in person", "face", "home", "outreach")
    ):
        return "in-person"
    return None
