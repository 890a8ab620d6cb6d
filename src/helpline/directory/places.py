"""Where a resource serves, and where a caller is: US states, ZIP codes and ZIP prefixes, or nationwide.

A resource's regions are stored as ``nationwide`` or as comma-separated state codes and ZIP prefixes of 3 to 5
digits written ``zip:100``. A caller's place is a state (code or name) or a 5-digit ZIP code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpline.errors import InvalidInput

NATIONWIDE = "nationwide"
ZIP_TAG = "zip:"

STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "PR": "Puerto Rico", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}

_OTHER_NAMES = {"washington dc": "DC", "washington d c": "DC", "d c": "DC", "dc": "DC",
                "washington state": "WA", "new york state": "NY", "new york city": "NY"}

# The state of each 3-digit ZIP prefix, by USPS ranges (first, last, state). Prefixes not listed (military
# mail, the Virgin Islands, Guam) have no state. Enough to tell which state a caller's ZIP code is in.
_ZIP3_RANGES: tuple[tuple[int, int, str], ...] = (
    (5, 5, "NY"), (6, 7, "PR"), (9, 9, "PR"), (10, 27, "MA"), (28, 29, "RI"), (30, 38, "NH"), (39, 49, "ME"),
    (50, 54, "VT"), (55, 55, "MA"), (56, 59, "VT"), (60, 69, "CT"), (70, 89, "NJ"), (100, 149, "NY"),
    (150, 196, "PA"), (197, 199, "DE"), (200, 200, "DC"), (201, 201, "VA"), (202, 205, "DC"), (206, 219, "MD"),
    (220, 246, "VA"), (247, 268, "WV"), (270, 289, "NC"), (290, 299, "SC"), (300, 319, "GA"), (320, 339, "FL"),
    (341, 349, "FL"), (350, 369, "AL"), (370, 385, "TN"), (386, 397, "MS"), (398, 399, "GA"), (400, 427, "KY"),
    (430, 459, "OH"), (460, 479, "IN"), (480, 499, "MI"), (500, 528, "IA"), (530, 549, "WI"), (550, 567, "MN"),
    (569, 569, "DC"), (570, 577, "SD"), (580, 588, "ND"), (590, 599, "MT"), (600, 629, "IL"), (630, 658, "MO"),
    (660, 679, "KS"), (680, 693, "NE"), (700, 715, "LA"), (716, 729, "AR"), (730, 732, "OK"), (733, 733, "TX"),
    (734, 749, "OK"), (750, 799, "TX"), (800, 816, "CO"), (820, 831, "WY"), (832, 838, "ID"), (840, 847, "UT"),
    (850, 865, "AZ"), (870, 884, "NM"), (885, 885, "TX"), (889, 898, "NV"), (900, 961, "CA"), (967, 968, "HI"),
    (970, 979, "OR"), (980, 994, "WA"), (995, 999, "AK"),
)

_ZIP_PREFIX = re.compile(r"\d{3,5}")
_ZIP_CODE = re.compile(r"(\d{5})(?:-\d{4})?")


def state_of_zip(digits: str) -> str | None:
    """The state a ZIP code or prefix (at least 3 digits) is in, or None (military mail, territories)."""
    if len(digits) < 3 or not digits[:3].isdigit():
        return None
    prefix = int(digits[:3])
    for first, last, state in _ZIP3_RANGES:
        if first <= prefix <= last:
            return state
    return None


def _simple(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", text.lower()))


_STATE_BY_NAME = {_simple(name): code for code, name in STATES.items()} | _OTHER_NAMES


def state_code(text: str) -> str | None:
    """A state code from a code or a name ("ny", "New York", "D.C."), or None."""
    cleaned = text.strip()
    if cleaned.upper() in STATES:
        return cleaned.upper()
    return _STATE_BY_NAME.get(_simple(cleaned))


def parse_regions(text: str) -> tuple[str, list[str]]:
    """Strictly read a CSV ``regions`` cell: (the normalised value to store, problems)."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        return "", ["no regions (write nationwide, state codes, or ZIP prefixes like zip:100)"]
    regions: list[str] = []
    problems: list[str] = []
    for part in parts:
        lowered = part.lower()
        if lowered == NATIONWIDE:
            if len(parts) > 1:
                problems.append("nationwide cannot be combined with states or ZIP prefixes")
            regions.append(NATIONWIDE)
        elif lowered.startswith(ZIP_TAG):
            digits = lowered.removeprefix(ZIP_TAG).strip()
            if _ZIP_PREFIX.fullmatch(digits):
                regions.append(ZIP_TAG + digits)
            else:
                problems.append(f"bad ZIP prefix {part!r} (3 to 5 digits after zip:, e.g. zip:100)")
        elif part.isdigit():
            problems.append(f"bad region {part!r} (write ZIP prefixes as zip:{part})")
        elif (code := state_code(part)) is not None:
            regions.append(code)
        else:
            problems.append(f"unknown region {part!r} (a US state code or name, zip:NNN, or nationwide)")
    unique = list(dict.fromkeys(regions))
    return ",".join(unique), problems


@dataclass(frozen=True)
class Place:
    """Where the caller is: a state, and maybe a ZIP code in it."""

    state: str | None
    zip_code: str | None = None

    def describe(self) -> str:
        if self.zip_code:
            return f"ZIP {self.zip_code}" + (f" ({self.state})" if self.state else "")
        return STATES.get(self.state or "", self.state or "")


def parse_place(text: str) -> Place:
    """A caller's place from a state code or name, or a 5-digit ZIP code (ZIP+4 accepted)."""
    cleaned = text.strip()
    if (match := _ZIP_CODE.fullmatch(cleaned)) is not None:
        return Place(state_of_zip(match.group(1)), match.group(1))
    if (code := state_code(cleaned)) is not None:
        return Place(code)
    raise InvalidInput(f"unknown place {text!r}: give a US state (code or name) or a 5-digit ZIP code")


@dataclass(frozen=True)
class RegionMatch:
    """How a resource's regions cover a place: rank 0 ZIP prefix, 1 whole state, 2 part of the state,
    3 nationwide (lower is more local). ``digits`` is the ZIP prefix length, longer being more local."""

    rank: int
    digits: int
    reason: str


def match_regions(regions: str, place: Place) -> RegionMatch | None:
    """The most local way ``regions`` (as stored) covers ``place``, or None when they do not."""
    best: RegionMatch | None = None
    for region in regions.split(","):
        candidate: RegionMatch | None = None
        if region == NATIONWIDE:
            candidate = RegionMatch(3, 0, "nationwide")
        elif region.startswith(ZIP_TAG):
            prefix = region.removeprefix(ZIP_TAG)
            if place.zip_code is not None and place.zip_code.startswith(prefix):
                candidate = RegionMatch(0, len(prefix), f"serves ZIP codes starting {prefix}")
            elif place.zip_code is None and place.state is not None and state_of_zip(prefix) == place.state:
                candidate = RegionMatch(2, len(prefix), f"serves part of {place.state} (ZIP codes starting {prefix})")
        elif place.state is not None and region == place.state:
            candidate = RegionMatch(1, 0, f"serves all of {STATES[region]}")
        if candidate is not None and (best is None or (candidate.rank, -candidate.digits) < (best.rank, -best.digits)):
            best = candidate
    return best
