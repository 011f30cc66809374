"""The skills taxonomy: canonical skill names, their aliases and categories, and finding them in free text.

The data lives in `data/skills.json`. One lookup API for everyone: `canonical_skill("k8s") == "Kubernetes"`,
`skill_category("Kubernetes") == "devops"`, `find_skills(text)` for mentions in a resume or job description.

Matching rules, because short names are treacherous:
- aliases match case-insensitively on word boundaries; `exact_case` aliases ("Go", "C", "R", "Spring")
  only with that exact case;
- a match is never followed by a letter, digit, `+` or `#`, so "C" is not found inside "C++" or "C#";
- overlapping matches keep the longest ("Spring Boot" over "Spring", "React Native" over "React");
- per-skill `not_followed_by` / `not_preceded_by` regexes veto a match from its context ("Spring 2019",
  "American Express", "C-level").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

TAXONOMY_PATH = Path(__file__).with_name("resources") / "skills.json"

_HYPHENS = "\\-\u2010\u2011\u2012\u2013"
_SEPARATOR_RUN = re.compile(rf"[\s{_HYPHENS}]+")
_SLASH_RUN = re.compile(r"\s*/\s*")
# How far around a match the context vetoes look.
_CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Skill:
    name: str
    category: str
    aliases: tuple[str, ...]
    parents: tuple[str, ...] = ()  # broader skills this one implies ("Spring Boot" -> "Spring")


@dataclass(frozen=True)
class SkillMention:
    """One place a skill is named in a text; `matched` is the text as written there."""

    skill: str
    category: str
    start: int
    end: int
    matched: str


def normalize_alias(text: str) -> str:
    """The comparison key of an alias or a matched text: lower case, one space for any space/hyphen run."""
    return _SLASH_RUN.sub("/", _SEPARATOR_RUN.sub(" ", text.strip())).lower()


_SEPARATOR = object()  # a space or hyphen run inside an alias
_SLASH = object()  # a slash, with optional spaces around it
_END = ""  # marks where an alias ends in the trie


def _atoms(alias: str, fold: bool) -> list[object]:
    atoms: list[object] = []
    for char in alias.strip():
        if char.isspace() or char in "-\u2010\u2011":
            if not atoms or atoms[-1] is not _SEPARATOR:
                atoms.append(_SEPARATOR)
        elif char == "/":
            atoms.append(_SLASH)
        else:
            atoms.append(char.lower() if fold else char)
    return atoms


def _atom_pattern(atom: object) -> str:
    if atom is _SEPARATOR:
        return f"[\\s{_HYPHENS}]+"
    if atom is _SLASH:
        return r"\s*/\s*"
    return re.escape(str(atom))


def _trie_pattern(node: dict[object, Any]) -> str:
    """A regex for every alias in the trie, prefixes shared: the engine tries a few branches at each position
    instead of all ~1,200 aliases (alias order is irrelevant; longer continuations are tried first)."""
    branches = [_atom_pattern(atom) + _trie_pattern(child) for atom, child in node.items() if atom != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if len(branches) == 1 and len(body) > 1 and not body.startswith("(?:"):
        body = f"(?:{body})"
    return body + ("?" if _END in node else "")


def _compile_alternation(aliases: list[str], flags: int) -> re.Pattern[str] | None:
    if not aliases:
        return None
    fold = bool(flags & re.IGNORECASE)
    trie: dict[object, Any] = {}
    for alias in aliases:
        node = trie
        for atom in _atoms(alias, fold):
            node = node.setdefault(atom, {})
        node[_END] = {}
    return re.compile(rf"(?<![\w])(?:{_trie_pattern(trie)})(?![\w+#])", flags)


class SkillTaxonomy:
    """Lookup and search over the skills data. Build one with `load_taxonomy()`; it is immutable."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.categories: dict[str, str] = dict(data.get("categories", {}))
        self._skills: dict[str, Skill] = {}
        self._by_key: dict[str, str] = {}  # normalized case-insensitive alias -> canonical name
        self._by_exact: dict[str, str] = {}  # exact-case alias (whitespace-normalized) -> canonical name
        self._vetoes: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {}
        insensitive: list[str] = []
        exact: list[str] = []
        for raw in data["skills"]:
            name = raw["name"]
            if name in self._skills:
                raise ValueError(f"skill listed twice: {name}")
            exact_aliases = list(raw.get("exact_case", []))
            ci_aliases = [a for a in [name, *raw.get("aliases", [])] if a not in exact_aliases]
            self._skills[name] = Skill(
                name=name,
                category=raw["category"],
                aliases=tuple(dict.fromkeys([*raw.get("aliases", []), *exact_aliases])),
                parents=_as_tuple(raw.get("parent")),
            )
            for alias in ci_aliases:
                self._register(self._by_key, normalize_alias(alias), name)
                insensitive.append(alias)
            for alias in exact_aliases:
                self._register(self._by_exact, _SEPARATOR_RUN.sub(" ", alias), name)
                exact.append(alias)
            after, before = raw.get("not_followed_by"), raw.get("not_preceded_by")
            if after or before:
                self._vetoes[name] = (
                    re.compile(after) if after else None,
                    re.compile(before) if before else None,
                )
        for skill in self._skills.values():
            for parent in skill.parents:
                if parent not in self._skills:
                    raise ValueError(f"{skill.name}: unknown parent {parent}")
        self._insensitive_re = _compile_alternation(insensitive, re.IGNORECASE)
        self._exact_re = _compile_alternation(exact, 0)

    @staticmethod
    def _register(table: dict[str, str], key: str, name: str) -> None:
        if table.get(key, name) != name:
            raise ValueError(f"alias {key!r} is claimed by {table[key]} and {name}")
        table[key] = name

    def __len__(self) -> int:
        return len(self._skills)

    def __contains__(self, name: object) -> bool:
        return name in self._skills

    @property
    def skills(self) -> tuple[Skill, ...]:
        return tuple(self._skills.values())

    def get(self, name: str) -> Skill | None:
        canonical = self.canonical(name)
        return self._skills[canonical] if canonical else None

    def canonical(self, name: str) -> str | None:
        """The canonical name of a skill name or alias in any case ("postgres" -> "PostgreSQL"), else None."""
        if name in self._skills:
            return name
        key = normalize_alias(name)
        found = self._by_key.get(key)
        if found:
            return found
        spaced = _SEPARATOR_RUN.sub(" ", name.strip())
        if spaced in self._by_exact:
            return self._by_exact[spaced]
        for alias, canonical in self._by_exact.items():
            if alias.lower() == key:
                return canonical
        return None

    def category(self, name: str) -> str | None:
        skill = self.get(name)
        return skill.category if skill else None

    def ancestors(self, name: str) -> tuple[str, ...]:
        """Broader skills a skill implies, nearest first ("Spring Boot" -> ("Spring", "Java"))."""
        skill = self.get(name)
        chain: list[str] = []
        queue = list(skill.parents) if skill else []
        while queue:
            parent = queue.pop(0)
            if parent in chain:
                continue
            chain.append(parent)
            queue.extend(self._skills[parent].parents)
        return tuple(chain)

    def covers(self, known: str, wanted: str) -> bool:
        """True when knowing `known` shows `wanted`: the same skill or a broader one it implies."""
        return known == wanted or wanted in self.ancestors(known)

    def find(self, text: str) -> list[SkillMention]:
        """Every skill mention in `text`, in order, longest match winning where two overlap."""
        candidates: list[SkillMention] = []
        for pattern, table, fold in (
            (self._insensitive_re, self._by_key, True),
            (self._exact_re, self._by_exact, False),
        ):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                matched = match.group(0)
                key = normalize_alias(matched) if fold else _SEPARATOR_RUN.sub(" ", matched)
                name = table.get(key)
                if name is None or self._vetoed(name, text, match.start(), match.end()):
                    continue
                skill = self._skills[name]
                candidates.append(SkillMention(name, skill.category, match.start(), match.end(), matched))
        candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[SkillMention] = []
        for mention in candidates:
            if kept and mention.start < kept[-1].end:
                continue
            kept.append(mention)
        return kept

    def find_names(self, text: str) -> list[str]:
        """Canonical names of the skills mentioned in `text`, each once, in order of first mention."""
        return list(dict.fromkeys(m.skill for m in self.find(text)))

    def _vetoed(self, name: str, text: str, start: int, end: int) -> bool:
        vetoes = self._vetoes.get(name)
        if vetoes is None:
            return False
        after, before = vetoes
        if after is not None and after.search(text[end : end + _CONTEXT_CHARS]):
            return True
        return before is not None and bool(before.search(text[max(0, start - _CONTEXT_CHARS) : start]))


def _as_tuple(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@lru_cache(maxsize=4)
def load_taxonomy(path: Path = TAXONOMY_PATH) -> SkillTaxonomy:
    with path.open(encoding="utf-8") as handle:
        return SkillTaxonomy(json.load(handle))


def canonical_skill(name: str) -> str | None:
    """Canonical taxonomy name for any spelling of a skill ("JS" -> "JavaScript"); None when unknown."""
    return load_taxonomy().canonical(name)


def skill_category(name: str) -> str | None:
    return load_taxonomy().category(name)


def find_skills(text: str) -> list[str]:
    """Canonical names of the skills mentioned in `text`, in order of first mention."""
    return load_taxonomy().find_names(text)
