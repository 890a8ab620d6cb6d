"""The HTML, plain-text and Markdown page parsers, on the seed page and on small and hostile inputs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpline.ingest.detect import PAGE_SUFFIXES, parse_file
from helpline.ingest.html_page import parse_html
from helpline.ingest.markdown_page import parse_markdown
from helpline.ingest.text_page import parse_text
from helpline.library.document import ParsedArticle, ParseError, slugify

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed"
needs_seed = pytest.mark.skipif(
    not (SEED / "all-targeted-therapy.html").is_file(),
    reason=f"seed pages not found at {SEED} (the shared folder beside the project)",
)
CANONICAL = "https://www.cancer.org/cancer/types/acute-lymphocytic-leukemia/treating/targeted-therapy.html"
TITLE = "Targeted Therapy Drugs for Acute Lymphocytic Leukemia (ALL)"
HEADINGS = [
    None,
    "Targeted drugs for ALL with the Philadelphia chromosome (Ph+ ALL)",
    "Targeted drugs for ALL with a KTM2A gene change",
    "Immunotherapy drugs for ALL",
    "More information about targeted therapy",
]
TKIS = "\n".join(
    f"- {drug}"
    for drug in [
        "Imatinib (Gleevec)",
        "Dasatinib (Sprycel)",
        "Nilotinib (Tasigna)",
        "Ponatinib (Iclusig)",
        "Bosutinib (Bosulif)",
    ]
)
LINKS = [
    "Leukemia in Children",
    "Immunotherapy for Acute Lymphocytic Leukemia (ALL)",
    "Targeted Cancer Therapy",
    "Managing Cancer-related Side Effects",
]
NOT_ARTICLE = [
    "24/7",
    "Live Chat",
    "Chat live",
    "Sign up",
    "Emails",
    "copyrighted",
    "Content Usage Policy",
    "Last Revised",
    "Our team is made up",
    "Appelbaum",
    "Chemotherapy for Acute",
    "Donate",
    "This information is about",
]


@pytest.fixture(scope="module")
def seed_html() -> ParsedArticle:
    return parse_html(
        (SEED / "all-targeted-therapy.html").read_text(encoding="utf-8"), "all-targeted-therapy.html"
    )


@pytest.fixture(scope="module")
def seed_text() -> ParsedArticle:
    return parse_text(
        (SEED / "all-targeted-therapy.txt").read_text(encoding="utf-8"), "all-targeted-therapy.txt"
    )


def check_seed_article(article: ParsedArticle) -> None:
    """What both renderings of the seed page must give."""
    assert article.title == TITLE
    assert [s.heading for s in article.sections] == HEADINGS
    assert article.sections[0].text.startswith("Targeted therapy drugs work by attacking specific parts")
    assert TKIS in article.sections[1].text
    assert (
        "Imatinib is also available as an oral solution (under the name Imkeldi)." in article.sections[1].text
    )
    assert "- Blinatumomab (Blincyto)\n- Inotuzumab ozogamicin (Besponsa)" in article.sections[3].text
    assert article.last_revised == date(2024, 12, 5)
    assert article.audience == "adults"
    assert article.audience_note is not None
    assert article.audience_note.startswith(
        "This information is about treating acute lymphocytic leukemia (ALL)"
    )
    assert "see Leukemia in Children" in article.audience_note
    assert article.editorial_team == "The American Cancer Society medical and editorial content team"
    assert len(article.references) == 4
    assert article.references[0].startswith("Appelbaum FR. Chapter 98")
    assert article.references[3].endswith("Blood Cancer J. 2017;7(6):e577.")
    assert [(link.text, link.section_index) for link in article.links] == list(
        zip(LINKS, [0, 3, 4, 4], strict=True)
    )
    for section in article.sections:
        for phrase in NOT_ARTICLE:
            assert phrase not in section.text and phrase not in (section.heading or ""), (
                phrase,
                section.heading,
            )


@needs_seed
def test_seed_html(seed_html: ParsedArticle) -> None:
    check_seed_article(seed_html)
    assert seed_html.kind == "html"
    assert seed_html.key == seed_html.source_id == seed_html.url == CANONICAL
    assert seed_html.topic_path == ["Acute Lymphocytic Leukemia (ALL) in Adults", "Treating"]
    assert [link.url for link in seed_html.links] == [
        "https://www.cancer.org/cancer/types/leukemia-in-children.html",
        "https://www.cancer.org/cancer/types/acute-lymphocytic-leukemia/treating/immunotherapy.html",
        "https://www.cancer.org/cancer/managing-cancer/treatment-types/targeted-therapy.html",
        "https://www.cancer.org/cancer/managing-cancer/side-effects.html",
    ]
    assert "a new gene called BCR-ABL. Cells" in seed_html.sections[1].text  # inline <em> keeps its spacing


@needs_seed
def test_seed_text(seed_text: ParsedArticle) -> None:
    check_seed_article(seed_text)
    assert seed_text.kind == "text"
    assert seed_text.key == "page:targeted-therapy-drugs-for-acute-lymphocytic-leukemia-all"
    assert seed_text.source_id is None and seed_text.url is None
    assert seed_text.topic_path == ["Acute Lymphocytic Leukemia (ALL) in Adults"]
    assert all(link.url is None for link in seed_text.links)


@needs_seed
def test_seed_text_without_the_page_list_still_drops_the_preamble() -> None:
    lines = (SEED / "all-targeted-therapy.txt").read_text(encoding="utf-8").splitlines()
    start = lines.index("Acute Lymphocytic Leukemia (ALL) in Adults")
    article = parse_text("\n".join(lines[:start] + lines[start + 9 :]))
    assert article.title == TITLE and article.key == "page:" + slugify(TITLE)
    assert [s.heading for s in article.sections] == HEADINGS
    assert not any("24/7" in s.text or "Referrals to patient" in s.text for s in article.sections)


@needs_seed
def test_seed_text_matches_seed_html(seed_html: ParsedArticle, seed_text: ParsedArticle) -> None:
    assert seed_text.sections == seed_html.sections
    assert seed_text.references == seed_html.references
    assert seed_text.audience_note == seed_html.audience_note


@needs_seed
@pytest.mark.parametrize(
    ("name", "kind"), [("all-targeted-therapy.html", "html"), ("all-targeted-therapy.txt", "text")]
)
def test_parse_file_picks_the_parser(tmp_path: Path, name: str, kind: str) -> None:
    path = tmp_path / name.upper()  # suffixes are matched case-insensitively
    path.write_bytes((SEED / name).read_bytes())
    article = parse_file(path)
    assert article.kind == kind and article.title == TITLE
    assert article.origin == str(path.resolve())


MARKDOWN = """---
title: "Fatigue and Cancer"
url: https://example.org/fatigue
topic: Managing Cancer > Side Effects
audience: adults
last_revised: 2024-03-01
editorial_team: The nursing team
sample: true
---
# Fatigue and Cancer

Fatigue is common during treatment; see [Exercise](exercise.md) and
[the side effects page](/side-effects.html).

## What helps
- Rest **often**
  - short naps
- Walk every day

### Talking with your team
Tell your doctor about fatigue.

## References
- Smith J. Fatigue. 2020.
- Doe A. Rest. 2021.
"""


def test_markdown_front_matter_and_sections() -> None:
    article = parse_markdown(MARKDOWN, "fatigue.md")
    assert article.kind == "markdown"
    assert article.title == "Fatigue and Cancer"
    assert article.key == article.url == "https://example.org/fatigue"
    assert article.topic_path == ["Managing Cancer", "Side Effects"]
    assert article.audience == "adults" and article.last_revised == date(2024, 3, 1)
    assert article.editorial_team == "The nursing team" and article.is_sample is True
    assert [(s.heading, s.text) for s in article.sections] == [
        (None, "Fatigue is common during treatment; see Exercise and the side effects page."),
        ("What helps", "- Rest often\n- short naps\n- Walk every day"),
        ("Talking with your team", "Tell your doctor about fatigue."),
    ]
    assert [(link.text, link.url, link.section_index) for link in article.links] == [
        ("Exercise", "exercise.md", 0),
        ("the side effects page", "/side-effects.html", 0),
    ]
    assert article.references == ["Smith J. Fatigue. 2020.", "Doe A. Rest. 2021."]


def test_markdown_without_front_matter_takes_the_h1_title() -> None:
    article = parse_markdown("# Hair Loss\n\nIt grows back.\n\n## Caps\nCold caps may help.\n")
    assert article.title == "Hair Loss" and article.key == "page:hair-loss"
    assert [s.heading for s in article.sections] == [None, "Caps"]
    assert article.is_sample is False and article.audience is None


@pytest.mark.parametrize(
    ("front", "field"),
    [
        ("last_revised: 2024-13-45", "last_revised"),
        ("last_revised: March 3", "last_revised"),
        ("audience: martians", "audience"),
        ("sample: maybe", "sample"),
        ("just words", "line 2"),
    ],
)
def test_markdown_bad_front_matter_names_the_field(front: str, field: str) -> None:
    with pytest.raises(ParseError, match=field):
        parse_markdown(f"---\n{front}\n---\n# T\n\nText.\n")


def test_markdown_unclosed_front_matter() -> None:
    with pytest.raises(ParseError, match="not closed"):
        parse_markdown("---\ntitle: T\n\nText.\n")


def test_html_without_canonical_breadcrumbs_and_children_note() -> None:
    page = """<html><head><title>Fevers | Kids Site</title></head><body>
    <nav class="breadcrumbs"><ol><li><a href="/">Home</a></li><li><a href="/c">Childhood Cancer</a></li>
    <li>Side Effects</li></ol></nav>
    <div id="content"><p>(Note: This information is about fevers in children. For adults, see
    <a href="adult-fever.html">Fever in Adults</a>.)</p>
    <p>A fever is a body temperature
       above normal.<br>Call the care team.</p>
    <h2>When to call</h2><ol><li>Above 38 &deg;C</li><li>Chills <ul><li>with shaking</li></ul></li></ol>
    <p>&copy; 2024 Kids Site. All rights reserved.</p></div>
    <footer><p>Last Revised: March 3, 2023</p></footer></body></html>"""
    article = parse_html(page, "pages/fevers.html")
    assert article.title == "Fevers"
    assert article.key == "page:fevers" and article.source_id is None and article.url is None
    assert article.topic_path == ["Childhood Cancer", "Side Effects"]
    assert article.audience == "children"
    assert [(s.heading, s.text) for s in article.sections] == [
        (None, "A fever is a body temperature above normal.\nCall the care team."),
        ("When to call", "- Above 38 °C\n- Chills\n- with shaking"),
    ]
    assert [(link.text, link.url, link.section_index) for link in article.links] == [
        ("Fever in Adults", "adult-fever.html", 0)
    ]
    assert article.last_revised == date(2023, 3, 3)


def test_text_generic_page() -> None:
    text = (
        "Mouth Sores\n\nMouth sores can happen during chemo. They\nusually heal in a few weeks.\n\n"
        "What you can do\n- Rinse with salt water\n- Avoid spicy food\n\nLast Reviewed: 2022-01-31\n"
    )
    article = parse_text(text)
    assert article.title == "Mouth Sores" and article.key == "page:mouth-sores"
    assert [(s.heading, s.text) for s in article.sections] == [
        (None, "Mouth sores can happen during chemo. They usually heal in a few weeks."),
        ("What you can do", "- Rinse with salt water\n- Avoid spicy food"),
    ]
    assert article.last_revised == date(2022, 1, 31)


def test_parse_file_decodes_legacy_encodings(tmp_path: Path) -> None:
    path = tmp_path / "caf.txt"
    path.write_bytes("Caf\u00e9 Talk\nA caf\u00e9 \u2013 with friends \u2013 helps.\n".encode("cp1252"))
    article = parse_file(path)
    assert article.title == "Café Talk" and article.sections[0].text == "A café – with friends – helps."


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.html", b"", "empty.html: empty HTML page"),
        ("empty.txt", b"  \n\n", "empty.txt: empty text page"),
        ("empty.md", b"", "empty.md: no article text"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.html: not a text file"),
        (
            "shell.html",
            b"<html><head><title>T</title><script>x()</script></head><body><nav>Menu</nav></body></html>",
            "shell.html: no article text",
        ),
        ("title-only.txt", b"Just A Title\n", "title-only.txt: no article text"),
        ("bad.md", b"---\nlast_revised: 2024-02-30\n---\nText\n", "bad.md: .*last_revised"),
        ("notes.pdf", b"%PDF-1.4", "notes.pdf: unsupported file type"),
    ],
)
def test_bad_files_raise_parse_error_naming_the_file(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ParseError, match=message):
        parse_file(path)


def test_missing_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="gone.md: cannot read"):
        parse_file(tmp_path / "gone.md")


def test_page_suffixes() -> None:
    assert {".html", ".htm", ".md", ".markdown", ".txt"} == PAGE_SUFFIXES


HTML_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<h1>",
        "</h1>",
        "<h2>",
        "<h3>",
        "<ul>",
        "<ol>",
        "<li>",
        "</li>",
        "</ul>",
        "<a href='x'>",
        "<a href='http://[::1'>",
        "</a>",
        "<br>",
        "<div class='promo'>",
        "</div>",
        "<article>",
        "<nav>",
        "<table><tr><td>",
        "<script>",
        "<!--",
        "-->",
        "References",
        "Last Revised: December 5, 2024",
        "(Note: This information is about ",
        "in children.)",
        "see Other Page.",
        "The medical and editorial content team",
        "Sign up to stay",
        "&amp;",
        "<link rel=canonical href='https://e.org/a/b.html'>",
        "<nav aria-label='X'><h2>Sec</h2><a aria-current=page>",
        '<script type=\'application/ld+json\'>{"@type": "BreadcrumbList", "itemListElement": [{}]}</script>',
    ]
)
PAGE_TEXT = st.lists(st.one_of(HTML_PIECES, st.text(max_size=30)), max_size=40).map("".join)
MARKDOWN_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "---\n",
                "title: T\n",
                "last_revised: 2024-01-01\n",
                "sample: yes\n",
                "# ",
                "## ",
                "- ",
                "  - ",
                "1. ",
                "\n",
                "\n\n",
                "[a](b)",
                "## References\n",
                "```\n",
                "> ",
                "| a | b |\n|---|---|\n",
                "<div>",
                "Last Revised: May 1, 2020",
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(), PAGE_TEXT, MARKDOWN_TEXT))
def test_parsers_raise_only_parse_error(text: str) -> None:
    for parser in (parse_html, parse_text, parse_markdown):
        try:
            article = parser(text, None)
        except ParseError:
            continue
        assert article.title.strip() and article.key
        assert article.sections and all(section.text.strip() for section in article.sections)
        assert all(
            link.section_index is None or 0 <= link.section_index < len(article.sections)
            for link in article.links
        )
