"""The resource directory: CSV import (idempotent, bad rows named and skipped), search by need, place and words,
referrals and their counts, and the `helpline directory` commands."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from conftest import make_services
from helpline.accounts.identity import Staff
from helpline.cli import app
from helpline.db.contact_tables import Conversation
from helpline.db.staff_tables import PhoneContact, Referral, Resource, StaffUser
from helpline.directory import (
    NEEDS,
    ensure_sample_directory,
    give_referral,
    import_csv,
    referral_counts,
    referral_text,
    search,
)
from helpline.directory.importer import SAMPLE_DIRECTORY
from helpline.directory.places import state_of_zip
from helpline.errors import Forbidden, ImportFailed, InvalidInput, NotFound
from helpline.services import Services

HEADER = "key,name,description,needs,eligibility,contact,url,regions\n"
T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = make_services(tmp_path, dense_enabled=False)
    yield built
    built.engine.dispose()


@pytest.fixture
def sample(services: Services) -> Services:
    assert ensure_sample_directory(services.sessions) == len(_sample_rows())
    return services


def _sample_rows() -> list[dict[str, str]]:
    with SAMPLE_DIRECTORY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _resources(services: Services) -> dict[str, Resource]:
    with services.sessions() as session:
        return {resource.key: resource for resource in session.scalars(select(Resource))}


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _keys(services: Services, **criteria: object) -> list[str]:
    with services.sessions() as session:
        return [match.resource.key for match in search(session, **criteria)]  # type: ignore[arg-type]


# Import -------------------------------------------------------------------------------------------------------

def test_the_sample_directory_is_demo_data_covering_every_need_and_kind_of_region(services: Services) -> None:
    added = ensure_sample_directory(services.sessions)
    rows = _sample_rows()
    assert added == len(rows) >= 20
    stored = _resources(services)
    assert set(stored) == {row["key"] for row in rows}
    assert {code for r in stored.values() for code in r.needs.split(",")} == set(NEEDS)
    regions = [r.regions for r in stored.values()]
    assert "nationwide" in regions and "NY" in regions and any("zip:" in region for region in regions)
    assert sum("quitline" in r.needs.split(",") for r in stored.values()) >= 2
    for resource in stored.values():  # clearly fictional: placeholder numbers and example.org addresses
        assert "(demo)" in resource.name
        assert "1-800-555-01" in resource.contact
        assert resource.url is not None and resource.url.startswith("https://example.org/")
    assert ensure_sample_directory(services.sessions) == 0  # only into an empty directory


def test_reimporting_the_same_file_changes_nothing(services: Services) -> None:
    first = import_csv(services.sessions, SAMPLE_DIRECTORY, now=lambda: T0)
    before = {key: r.updated_at for key, r in _resources(services).items()}
    second = import_csv(services.sessions, SAMPLE_DIRECTORY, now=lambda: T0 + timedelta(days=1))
    assert (first.added, first.updated, first.unchanged, first.skipped) == (len(before), 0, 0, [])
    assert (second.added, second.updated, second.unchanged, second.skipped) == (0, 0, len(before), [])
    assert {key: r.updated_at for key, r in _resources(services).items()} == before


def test_a_changed_row_updates_the_stored_resource(services: Services, tmp_path: Path) -> None:
    import_csv(services.sessions, SAMPLE_DIRECTORY, now=lambda: T0)
    rows = _sample_rows()
    rows[0]["contact"] = "1-800-555-0150, weekends too"
    rows[1]["regions"] = "ny, New Jersey, zip:021"  # normalised when stored
    report = import_csv(services.sessions, _write(tmp_path / "changed.csv", rows), now=lambda: T0 + timedelta(days=1))
    assert (report.added, report.updated, report.unchanged) == (0, 2, len(rows) - 2)
    stored = _resources(services)
    assert stored[rows[0]["key"]].contact == "1-800-555-0150, weekends too"
    assert stored[rows[1]["key"]].regions == "NY,NJ,zip:021"
    assert stored[rows[0]["key"]].updated_at.replace(tzinfo=UTC) == T0 + timedelta(days=1)
    assert stored[rows[2]["key"]].updated_at.replace(tzinfo=UTC) == T0


def test_broken_rows_are_named_and_skipped_and_the_rest_imported(sample: Services, tmp_path: Path) -> None:
    before = _resources(sample)
    lines = [
        HEADER.encode(),
        b'new-rides,Hilltop Rides,Rides to treatment.,rides,,1-800-555-0170,https://example.org/hilltop,"VT,zip:050"\n',
        b"no-name,,A program.,rides,,1-800-555-0171,,nationwide\n",                                   # line 3
        b"no-contact,No Contact,A program.,lodging,,,,nationwide\n",                                  # line 4
        b"bad-need,Bad Need,A program.,transport,,1-800-555-0172,,nationwide\n",                      # line 5
        b'bad-region,Bad Region,A program.,rides,,1-800-555-0173,,"Narnia,zip:1"\n',                   # line 6
        b"bad-url,Bad URL,A program.,rides,,1-800-555-0174,example.org/x,nationwide\n",               # line 7
        b"short,Too Few Fields,rides,1-800-555-0175\n",                                               # line 8
        b"latin1,Caf\xe9 Rides,A program.,rides,,1-800-555-0176,,nationwide\n",                       # line 9
        b"demo-road-to-care,Road to Care,Changed.,not_a_need,,1-800-555-0177,,nationwide\n",          # line 10
        b"new-rides,Hilltop Rides again,Twice.,rides,,1-800-555-0178,,nationwide\n",                  # line 11
        b"\n",
        b"no-needs,No Needs,A program.,,,1-800-555-0179,,nationwide\n",                               # line 13
    ]
    path = tmp_path / "broken.csv"
    path.write_bytes(b"".join(lines))
    report = import_csv(sample.sessions, path)
    reasons = {problem.line: problem.reason for problem in report.skipped}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 13]
    assert "name is empty" in reasons[3]
    assert "contact is empty" in reasons[4]
    assert "unknown need code 'transport'" in reasons[5] and "rides" in reasons[5]
    assert "Narnia" in reasons[6] and "zip:1" in reasons[6]
    assert "bad URL" in reasons[7]
    assert "has 4 fields, the header has 8" in reasons[8]
    assert "not UTF-8" in reasons[9]
    assert "not_a_need" in reasons[10]
    assert "already used on line 2" in reasons[11]
    assert "needs is empty" in reasons[13]
    assert (report.added, report.updated, report.unchanged) == (1, 0, 0)
    after = _resources(sample)
    assert set(after) == set(before) | {"new-rides"}
    assert after["new-rides"].name == "Hilltop Rides" and after["new-rides"].regions == "VT,zip:050"
    kept = after["demo-road-to-care"]  # a broken row never damages what was stored
    assert (kept.name, kept.contact) == (before["demo-road-to-care"].name, before["demo-road-to-care"].contact)


def test_an_unclosed_quote_is_reported_with_the_lines_it_swallowed(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(HEADER + "a,A,ok,rides,,1-800-555-0101,,nationwide\n"
                    'b,"B open,desc,rides,,1-800-555-0102,,nationwide\nc,C,ok,rides,,1-800-555-0103,,nationwide\n',
                    encoding="utf-8")
    report = import_csv(services.sessions, path)
    assert report.added == 1
    assert [problem.line for problem in report.skipped] == [3]
    assert "lines 3 to 4" in report.skipped[0].reason and "double quote" in report.skipped[0].reason


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "not a CSV file"),
    (b"", "empty"),
    (b"Hilltop Rides,Rides to treatment,rides,1-800-555-0170\n", "no header row"),
    (b"This is a letter, not a table.\nKind regards\n", "no header row"),
    (b"key;name;description;needs;eligibility;contact;url;regions\n", "no header row"),
    (b"key,name,description,needs,contact,url,regions,colour\n", "missing column(s) eligibility"),
])
def test_a_file_that_is_not_a_directory_csv_changes_nothing(sample: Services, tmp_path: Path, content: bytes,
                                                            message: str) -> None:
    before = _resources(sample)
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as raised:
        import_csv(sample.sessions, path)
    assert message in raised.value.message
    assert set(_resources(sample)) == set(before)


def test_an_inactive_row_is_stored_but_not_found_or_given(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "active.csv"
    path.write_text("key,name,description,needs,eligibility,contact,url,regions,active\n"
                    "on,Open Program,Rides.,rides,,1-800-555-0101,,nationwide,yes\n"
                    "off,Closed Program,Rides.,rides,,1-800-555-0102,,nationwide,no\n", encoding="utf-8")
    assert import_csv(services.sessions, path).added == 2
    assert _keys(services, need="rides") == ["on"]
    staff = _staff(services)
    with services.sessions() as session, pytest.raises(NotFound):
        give_referral(session, staff, _resources(services)["off"].id, phone_contact_id=_phone_contact(services))


# Search -------------------------------------------------------------------------------------------------------

def test_search_by_need_code_word_or_synonym(sample: Services) -> None:
    rides = _keys(sample, need="rides")
    assert rides and all("rides" in _resources(sample)[key].needs.split(",") for key in rides)
    assert set(_keys(sample, need="transport")) == set(rides)
    assert set(_keys(sample, need="stop smoking")) == {"demo-breathe-free", "demo-golden-state-quit"}
    assert set(_keys(sample, need="hotel")) == {"demo-empire-stay", "demo-hearthside"}
    # "gas money" is rides and costs: the fund that does both comes first
    assert _keys(sample, need="gas money")[0] == "demo-travel-fund"
    with sample.sessions() as session, pytest.raises(InvalidInput, match="no known need"):
        search(session, need="unicorns")


def test_search_by_state_puts_local_resources_before_nationwide_ones(sample: Services) -> None:
    with sample.sessions() as session:
        matches = search(session, need="rides", place="Ohio")
    keys = [match.resource.key for match in matches]
    assert keys[0] == "demo-buckeye-neighbors" and matches[0].region == "serves all of Ohio"
    assert all(match.region == "nationwide" for match in matches[1:]) and len(matches) > 1
    assert "demo-five-boroughs" not in keys  # New York City only
    # a state code, and ZIP-prefix resources as "part of" the state after the statewide ones
    il = _keys(sample, place="il", need="support groups")
    assert il[0] == "demo-lakeshore-house" and "demo-open-circle" in il


def test_search_by_zip_prefers_the_zip_prefix_then_the_state_then_nationwide(sample: Services) -> None:
    with sample.sessions() as session:
        rides = search(session, need="rides", place="10027")
        lodging = search(session, need="lodging", place="10027-1234")
        trenton = search(session, need="rides", place="08608")
    assert rides[0].resource.key == "demo-five-boroughs" and "100" in rides[0].region
    assert {match.region for match in rides[1:]} == {"nationwide"}
    assert [match.resource.key for match in lodging] == ["demo-empire-stay", "demo-hearthside"]  # ZIP → NY
    assert "demo-five-boroughs" not in [match.resource.key for match in trenton]
    with sample.sessions() as session, pytest.raises(InvalidInput, match="unknown place"):
        search(session, place="1002")


@pytest.mark.parametrize(("zip_code", "state"), [
    ("10001", "NY"), ("00501", "NY"), ("00901", "PR"), ("02139", "MA"), ("05501", "MA"), ("20500", "DC"),
    ("20166", "VA"), ("60614", "IL"), ("73301", "TX"), ("73102", "OK"), ("88510", "TX"), ("90210", "CA"),
    ("96813", "HI"), ("99501", "AK"), ("09001", None), ("96201", None),
])
def test_a_zip_code_tells_its_state(zip_code: str, state: str | None) -> None:
    assert state_of_zip(zip_code) == state


def test_search_by_free_text_says_which_words_matched(sample: Services) -> None:
    with sample.sessions() as session:
        matches = search(session, text="Wheelchair loans")
        wigs = search(session, text="wigs", place="NY")
        nothing = search(session, text="submarine repairs")
    assert matches[0].resource.key == "demo-sunshine-closet"
    assert set(matches[0].words) == {"wheelchair", "loan"}
    assert "demo-five-boroughs" in [match.resource.key for match in matches]  # "wheelchair-accessible"
    # "wigs" is also the need wigs_and_appearance: the NY workshops come first, being local
    assert [(m.resource.key, m.words, m.needs) for m in wigs] == [
        ("demo-looking-like-me", (), ("wigs_and_appearance",)),
        ("demo-second-crown", ("wig",), ("wigs_and_appearance",))]
    assert nothing == []


# Referrals ----------------------------------------------------------------------------------------------------

def _staff(services: Services, role: str = "specialist", username: str = "sam") -> Staff:
    with services.sessions.begin() as session:
        user = StaffUser(username=username, display_name=username.title(), role=role,
                         password_hash="unusable",  # noqa: S106 - no login in these tests
                         created_at=T0, password_changed_at=T0)
        session.add(user)
        session.flush()
        return Staff(user.id, user.username, user.display_name, role, "session-hash")


def _conversation(services: Services, conversation_id: str = "c" * 32) -> str:
    with services.sessions.begin() as session:
        session.add(Conversation(id=conversation_id, token_hash="0" * 64, status="active", created_at=T0,
                                 updated_at=T0))
    return conversation_id


def _phone_contact(services: Services) -> int:
    with services.sessions.begin() as session:
        call = PhoneContact(at=T0, topics="referrals", summary="Asked about rides.")
        session.add(call)
        session.flush()
        return call.id


def test_referrals_are_recorded_and_counted(sample: Services) -> None:
    staff = _staff(sample)
    conversation = _conversation(sample)
    call = _phone_contact(sample)
    stored = _resources(sample)
    rides, quit_ = stored["demo-road-to-care"].id, stored["demo-breathe-free"].id
    with sample.sessions.begin() as session:
        given = give_referral(session, staff, rides, conversation_id=conversation, now=lambda: T0)
        give_referral(session, staff, rides, phone_contact_id=call, now=lambda: T0 + timedelta(hours=1))
        give_referral(session, staff, quit_, conversation_id=conversation, now=lambda: T0 + timedelta(hours=2))
        give_referral(session, staff, quit_, phone_contact_id=call, now=lambda: T0 - timedelta(days=8))  # older
        give_referral(session, staff, rides, phone_contact_id=call, now=lambda: T0 + timedelta(hours=3))
        assert given.id is not None and given.user_id == staff.id
    with sample.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Referral)) == 5
        week = referral_counts(session, since=T0 - timedelta(days=7))
        first_hour = referral_counts(session, since=T0, until=T0 + timedelta(hours=1))
        everything = referral_counts(session, since=T0 - timedelta(days=30))
    assert week == [("Road to Care Volunteer Drivers (demo)", 3), ("Breathe Free Quitline (demo)", 1)]
    assert first_hour == [("Road to Care Volunteer Drivers (demo)", 1)]
    assert everything == [("Road to Care Volunteer Drivers (demo)", 3), ("Breathe Free Quitline (demo)", 2)]


def test_a_referral_needs_exactly_one_place_a_known_resource_and_the_right_role(sample: Services) -> None:
    staff = _staff(sample)
    conversation = _conversation(sample)
    call = _phone_contact(sample)
    resource = _resources(sample)["demo-hearthside"].id
    with sample.sessions() as session:
        with pytest.raises(InvalidInput, match="exactly one"):
            give_referral(session, staff, resource)
        with pytest.raises(InvalidInput, match="exactly one"):
            give_referral(session, staff, resource, conversation_id=conversation, phone_contact_id=call)
        with pytest.raises(NotFound, match="resource"):
            give_referral(session, staff, 999_999, conversation_id=conversation)
        with pytest.raises(NotFound, match="conversation"):
            give_referral(session, staff, resource, conversation_id="missing")
        with pytest.raises(NotFound, match="phone contact"):
            give_referral(session, staff, resource, phone_contact_id=999_999)
        editor = _staff(sample, role="editor", username="eddie")
        with pytest.raises(Forbidden):
            give_referral(session, editor, resource, conversation_id=conversation)
        assert session.scalar(select(func.count()).select_from(Referral)) == 0


def test_referral_text_is_plain_words_with_contact_and_address(sample: Services) -> None:
    resource = _resources(sample)["demo-road-to-care"]
    text = referral_text(resource)
    lines = text.splitlines()
    assert lines[0].startswith("Road to Care Volunteer Drivers (demo): Trained volunteer drivers")
    assert "Book at least" not in text  # one line of description, not all of it
    assert "How to reach them: 1-800-555-0101, weekdays 8 am to 6 pm Eastern" in lines
    assert lines[-1] == "Website: https://example.org/demo/road-to-care"
    assert "<" not in text and "](" not in text  # plain words, no markup


# The command --------------------------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def cli_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HELPLINE_DENSE_ENABLED", "false")
    monkeypatch.delenv("HELPLINE_DATABASE_URL", raising=False)
    return tmp_path


def test_cli_import_reports_and_exits_0_then_1_when_rows_are_skipped(cli_data: Path) -> None:
    result = runner.invoke(app, ["directory", "import", str(SAMPLE_DIRECTORY)])
    assert result.exit_code == 0, result.output
    assert f"{len(_sample_rows())} added, 0 updated, 0 unchanged, 0 skipped" in result.stdout
    again = runner.invoke(app, ["directory", "import", "--json", str(SAMPLE_DIRECTORY)])
    assert again.exit_code == 0
    assert json.loads(again.stdout) == {"added": 0, "updated": 0, "unchanged": len(_sample_rows()), "skipped": []}
    broken = cli_data / "broken.csv"
    broken.write_text(HEADER + "x,X [new],ok,rides,,1-800-555-0101,,nationwide\n"
                      "y,Y,ok,teleport,,1-800-555-0102,,nationwide\n", encoding="utf-8")
    result = runner.invoke(app, ["directory", "import", str(broken)])
    assert result.exit_code == 1
    assert "1 added, 0 updated, 0 unchanged, 1 skipped" in result.stdout
    assert "line 3: unknown need code 'teleport'" in " ".join(result.stderr.split())


def test_cli_import_of_a_binary_or_missing_file_fails_with_1(cli_data: Path) -> None:
    binary = cli_data / "photo.csv"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    result = runner.invoke(app, ["directory", "import", str(binary)])
    assert result.exit_code == 1 and "not a CSV file" in " ".join(result.stderr.split())
    missing = runner.invoke(app, ["directory", "import", str(cli_data / "nope.csv")])
    assert missing.exit_code == 1 and "cannot read" in " ".join(missing.stderr.split())


def test_cli_search_json_and_text(cli_data: Path) -> None:
    assert runner.invoke(app, ["directory", "import", str(SAMPLE_DIRECTORY)]).exit_code == 0
    result = runner.invoke(app, ["directory", "search", "--need", "transport", "--place", "10027", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["need"] == "transport" and payload["place"] == "10027"
    first = payload["results"][0]
    assert first["key"] == "demo-five-boroughs"
    assert first["matched"]["needs"] == ["rides"] and "100" in first["matched"]["region"]
    assert {"name", "description", "eligibility", "contact", "url", "regions", "needs"} <= set(first)
    text = runner.invoke(app, ["directory", "search", "quit smoking", "--place", "CA"])
    assert text.exit_code == 0
    assert text.stdout.splitlines()[0].startswith(" 1. Golden State Quit Coaching (demo)")
    bad = runner.invoke(app, ["directory", "search", "--place", "Atlantis"])
    assert bad.exit_code == 2 and "unknown place" in " ".join(bad.stderr.split())
