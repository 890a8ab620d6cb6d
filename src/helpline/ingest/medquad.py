"""MedQuAD loader: one article per XML file, one section per question–answer pair.

Source ids follow the contract (``CancerGov_0000001_1`` and ``CancerGov_0000001_1_Sec7``) exactly as the
judged-answer files name answers: ``Sec<n>`` is the n-th QA pair of the file. That equals the ``pid`` attribute
except in the ~1,900 files whose pids have gaps, where the judged files (checked against their question text)
count positions. Answers removed from the XML for copyright are filled from the judged-answers
CSV when it sits beside the collection.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from helpline.library.document import ParsedArticle, ParsedSection, ParseError

JUDGED_DIR = "QA-TestSet-LiveQA-Med"
JUDGED_ANSWERS_CSV = "All-2479-Answers-retrieved-from-MedQuAD.csv"

# The judged-answer files spell a few sources differently from the XML ``source`` attribute.
JUDGED_TO_XML_SOURCE = {"MPlusHerbsSuppls": "MPlusHerbsSupplements"}

_FOLDER_PATTERN = re.compile(r"^\d+_.+_QA(_XML)?$")
_LIST_MARK = re.compile(r"[ \t]{2,}-[ \t]+")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_ALSO_CALLED = re.compile(r"\s*\(Also called:[^)]*\)")


def is_medquad_folder(path: Path) -> bool:
    """True for the collection root or one of its ``N_Source_QA`` folders."""
    if not path.is_dir():
        return False
    if _FOLDER_PATTERN.match(path.name):
        return True
    return any(child.is_dir() and _FOLDER_PATTERN.match(child.name) for child in path.iterdir())


def collection_files(path: Path) -> list[Path]:
    """Every XML file of a MedQuAD root or source folder, in a stable order."""
    folders = [path] if _FOLDER_PATTERN.match(path.name) else sorted(
        child for child in path.iterdir() if child.is_dir() and _FOLDER_PATTERN.match(child.name)
    )
    return [file for folder in folders for file in sorted(folder.glob("*.xml"))]


def normalise_source_id(judged_id: str) -> str:
    """A judged answer id (``MPlusHerbsSuppls_0000001_Sec1.txt``) as the contract's section source id."""
    stem = judged_id.removesuffix(".txt")
    prefix, _, rest = stem.partition("_")
    return f"{JUDGED_TO_XML_SOURCE.get(prefix, prefix)}_{rest}"


@dataclass(frozen=True)
class JudgedAnswer:
    question: str
    answer: str


def load_judged_answers(path: Path) -> dict[str, JudgedAnswer]:
    """Question and answer by section source id from the judged-answers CSV.

    Each cell reads ``Question: … URL: … Answer: …``; its question carries the "(Also called: …)" synonyms
    that the XML question lacks.
    """
    answers: dict[str, JudgedAnswer] = {}
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            raw = row.get("Answer") or ""
            head, found, answer = raw.partition("Answer:")
            text = (answer if found else raw).strip()
            question = head.partition("URL:")[0].removeprefix("Question:").strip() if found else ""
            if text:
                answers[normalise_source_id(row["AnswerID"])] = JudgedAnswer(_SPACES.sub(" ", question), text)
    return answers


def find_judged_answers(path: Path) -> Path | None:
    """The judged-answers CSV beside a collection root or inside it, if present."""
    for base in (path, path.parent):
        candidate = base / JUDGED_DIR / JUDGED_ANSWERS_CSV
        if candidate.is_file():
            return candidate
    return None


def clean_answer(text: str) -> str:
    """Collapse MedQuAD's layout whitespace, keeping its inline ``- item`` lists as lines."""
    text = _LIST_MARK.sub("\n- ", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def audience_of(focus: str) -> str | None:
    lowered = focus.lower()
    if re.search(r"\b(childhood|children|pediatric|infant|neonatal)\b", lowered):
        return "children"
    if re.search(r"\badults?\b", lowered):
        return "adults"
    return None


def _first(parent: etree._Element, *tags: str) -> etree._Element | None:
    for tag in tags:
        found = parent.find(tag)
        if found is not None:
            return found
    return None


def parse_medquad_file(path: Path, filled_answers: dict[str, JudgedAnswer] | None = None) -> ParsedArticle | None:
    """One MedQuAD XML file as an article; None when it holds no answer text at all."""
    try:
        root = etree.parse(str(path)).getroot()  # noqa: S320 - local, trusted collection files
    except (etree.XMLSyntaxError, OSError) as error:
        raise ParseError(f"{path}: not a readable MedQuAD XML file ({error})") from error
    # A few files use an older schema: <doc corpus=…>, <doctitle-focus>, <pair>, <question>, <answer>.
    source = root.get("source") or root.get("corpus")
    if not source:
        raise ParseError(f"{path}: not a MedQuAD document (no source attribute on <{root.tag}>)")
    article_source_id = f"{source}_{path.stem}"
    focus_element = _first(root, "Focus", "doctitle-focus")
    focus = _SPACES.sub(" ", focus_element.text or "").strip() if focus_element is not None else ""
    focus = focus or path.stem
    sections: list[ParsedSection] = []
    pairs = (element for element in root.iter() if element.tag in ("QAPair", "pair"))
    for position, pair in enumerate(pairs, start=1):
        question = _first(pair, "Question", "question")
        answer_element = _first(pair, "Answer", "answer")
        # The judged-answer files number a file's QA pairs by position, which differs from the ``pid``
        # attribute in files where pairs were removed (pid 1, 2, 4 …); position is what keeps the ids equal.
        source_id = f"{article_source_id}_Sec{position}"
        answer = clean_answer("".join(answer_element.itertext()) if answer_element is not None else "")
        question_text = _SPACES.sub(" ", (question.text or "") if question is not None else "").strip()
        judged = filled_answers.get(source_id) if filled_answers and not answer else None
        if judged is not None:
            answer = clean_answer(judged.answer)
            question_text = judged.question if judged.question.startswith(question_text) else question_text
        if not answer:
            continue
        sections.append(ParsedSection(
            heading=_ALSO_CALLED.sub("", question_text).strip() or None, text=answer, source_id=source_id,
            question_type=question.get("qtype") if question is not None else None,
            question=question_text or None,
        ))
    if not sections:
        return None
    return ParsedArticle(
        key=article_source_id, title=focus, kind="medquad", sections=sections,
        source_id=article_source_id, url=root.get("url"), topic_path=[source, focus],
        audience=audience_of(focus), focus=focus, origin=str(path),
    )


def iter_medquad(path: Path) -> Iterator[tuple[Path, ParsedArticle | None | ParseError]]:
    """Each file of a MedQuAD root or folder with its article, None (no answers) or the error it raised."""
    judged = find_judged_answers(path)
    filled = load_judged_answers(judged) if judged else {}
    for file in collection_files(path):
        try:
            yield file, parse_medquad_file(file, filled)
        except ParseError as error:
            yield file, error
