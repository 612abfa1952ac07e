"""Question sets: a versioned YAML file per edition, checked once when loaded.

A question set is data (see `survey/questions/2026.yaml` and docs/survey.md): the forms, the
read-only pages, the history and the analyses are all driven by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from barometre import glossary

QUESTIONS_DIR = Path(__file__).resolve().parent.parent / "questions"
TYPES = {"single", "multiple", "integer", "text", "level_matrix", "scale_matrix"}
MATRIX_TYPES = {"level_matrix", "scale_matrix"}
CHOICE_TYPES = {"single", "multiple"}
EMPTY = "—"


class QuestionSetError(ValueError):
    """The question-set file is malformed; the message names the file and the place."""


@dataclass(frozen=True)
class Option:
    value: Any
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    choices: tuple[Option, ...] = ()
    rows: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    max_length: int | None = None

    def option_label(self, value: Any) -> str:
        for option in self.choices:
            if option.value == value:
                return option.label
        return str(value)

    def row_label(self, value: Any) -> str:
        return next((row.label for row in self.rows if row.value == value), str(value))

    def display(self, value: Any) -> str:
        """The answer as a French sentence fragment, for read-only pages and the history."""
        if value in (None, "", [], {}):
            return EMPTY
        if self.type == "multiple":
            return ", ".join(self.option_label(v) for v in value)
        if self.type in MATRIX_TYPES:
            return " ; ".join(
                f"{row.label} : {self.option_label(value[row.value])}"
                for row in self.rows if row.value in value
            )
        if self.type == "single":
            return self.option_label(value)
        if self.type == "integer":
            return f"{value:,}".replace(",", "\u202f")
        return str(value)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class QuestionSet:
    version: str
    title: str
    intro: str
    sections: tuple[Section, ...]
    _index: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, qid: str) -> Question:
        return self._index[qid]

    def __contains__(self, qid: str) -> bool:
        return qid in self._index


def available_versions(directory: Path = QUESTIONS_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml"))


@cache
def load(version: str, directory: Path = QUESTIONS_DIR) -> QuestionSet:
    path = directory / f"{version}.yaml"
    if not path.is_file():
        raise QuestionSetError(
            f"question set {version!r} not found in {directory} "
            f"(available: {', '.join(available_versions(directory)) or 'none'})"
        )
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise QuestionSetError(f"{path}: invalid YAML: {exc}") from None
    question_set = parse(raw, source=str(path))
    if question_set.version != version:
        raise QuestionSetError(f"{path}: declares version {question_set.version!r}, expected {version!r}")
    _check_glossary(question_set, path)
    return question_set


def _check_glossary(question_set: QuestionSet, path: Path) -> None:
    """The themes question asks about the glossary's seven themes, in its order (its wording may
    differ: it is the questionnaire's)."""
    from .declared import THEMES_QUESTION

    if THEMES_QUESTION in question_set:
        rows = [str(row.value) for row in question_set.question(THEMES_QUESTION).rows]
        try:
            glossary.check_ids(rows, glossary.THEMES, str(path), f"question {THEMES_QUESTION!r} rows", ordered=True)
        except glossary.GlossaryError as exc:
            raise QuestionSetError(str(exc)) from None


def parse(raw: Any, source: str = "<question set>") -> QuestionSet:
    def fail(where: str, message: str) -> QuestionSetError:
        return QuestionSetError(f"{source}: {where}: {message}")

    if not isinstance(raw, dict):
        raise fail("top level", "expected a mapping")
    for key in ("version", "title", "sections"):
        if key not in raw:
            raise fail("top level", f"missing {key!r}")
    scales = {
        name: _options(options, fail, f"scales.{name}")
        for name, options in (raw.get("scales") or {}).items()
    }
    index: dict[str, Question] = {}
    sections = []
    for s_pos, section in enumerate(raw["sections"]):
        where = f"sections[{s_pos}]"
        if not isinstance(section, dict) or not section.get("id") or not section.get("title"):
            raise fail(where, "each section needs an id and a title")
        questions = []
        for q_pos, q in enumerate(section.get("questions") or []):
            question = _question(q, scales, fail, f"{where}.questions[{q_pos}]")
            if question.id in index:
                raise fail(f"{where}.questions[{q_pos}]", f"duplicate question id {question.id!r}")
            index[question.id] = question
            questions.append(question)
        sections.append(Section(str(section["id"]), str(section["title"]), tuple(questions)))
    return QuestionSet(str(raw["version"]), str(raw["title"]), str(raw.get("intro", "")),
                       tuple(sections), index)


def _options(raw: Any, fail, where: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        raise fail(where, "expected a non-empty list of {value, label}")
    options = []
    for pos, item in enumerate(raw):
        if not isinstance(item, dict) or "value" not in item or not item.get("label"):
            raise fail(f"{where}[{pos}]", "expected {value, label}")
        options.append(Option(item["value"], str(item["label"])))
    values = [str(o.value) for o in options]
    if len(set(values)) != len(values):
        raise fail(where, "duplicate values")
    return tuple(options)


def _question(q: Any, scales: dict, fail, where: str) -> Question:
    if not isinstance(q, dict):
        raise fail(where, "expected a mapping")
    qid, qtype = q.get("id"), q.get("type")
    if not qid or not str(qid).isidentifier() or "__" in str(qid):
        raise fail(where, f"id {qid!r} must be an identifier without '__'")
    if qtype not in TYPES:
        raise fail(where, f"type {qtype!r} is not one of {', '.join(sorted(TYPES))}")
    if not q.get("label"):
        raise fail(where, "missing label")
    choices: tuple[Option, ...] = ()
    rows: tuple[Option, ...] = ()
    if qtype in CHOICE_TYPES:
        choices = _options(q.get("choices"), fail, f"{where}.choices")
    if qtype in MATRIX_TYPES:
        if q.get("scale") not in scales:
            raise fail(where, f"scale {q.get('scale')!r} is not defined under 'scales'")
        choices = scales[q["scale"]]
        rows = _options(q.get("rows"), fail, f"{where}.rows")
    if qtype == "text" and not isinstance(q.get("max_length"), int):
        raise fail(where, "text questions need an integer max_length")
    return Question(
        id=str(qid), type=qtype, label=str(q["label"]), help=str(q.get("help", "")).strip(),
        required=bool(q.get("required", False)), choices=choices, rows=rows,
        min=q.get("min"), max=q.get("max"), max_length=q.get("max_length"),
    )
