"""The offline interviewer's voice: words a `Move` from the templates in `offline.json`.

Deterministic for a given move (the variant is chosen from the move's turn and subject), varied across turns,
and grounded in the plan: questions name the candidate's real projects and skills.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from agent.brain.moves import Move
from agent.brain.questions import QuestionSpec
from agent.brain.speech import short_topic, speakable


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


class OfflineWording:
    def __init__(
        self,
        templates: dict[str, Any],
        *,
        workspace: Mapping[str, str],
        role: str | None = None,
    ) -> None:
        # No plan topic is spoken on its own authority: the candidate may not have talked about it. The
        # closing thanks cites the move's recap, which the brain draws from what the candidate said.
        self.t = templates
        self.role = role or "engineering"
        self.workspace = dict(workspace)  # `PromptLibrary.workspace_phrases`: where the exercise is done

    def word(self, move: Move) -> str:
        handler = getattr(self, f"_word_{move.kind}")
        parts: list[str] = handler(move)
        return " ".join(p.strip() for p in parts if p and p.strip())

    # ------------------------------------------------------------------ helpers
    def _pick(self, options: list[str], move: Move, salt: str = "", *, by_subject: bool = True) -> str:
        if not options:
            return ""
        subject = move.question.key if move.question else (move.problem.id if move.problem else "")
        subject = subject if by_subject else ""
        # Rotating with the turn number keeps consecutive turns from sounding the same.
        digest = hashlib.sha256(f"{move.kind}|{subject}|{salt}".encode()).digest()
        return options[(int.from_bytes(digest[:4], "big") + move.turn) % len(options)]

    def _fill(self, template: str, move: Move, **extra: str) -> str:
        values = _Blank(self._values(move))
        values.update(extra)
        return template.format_map(values)

    def _values(self, move: Move) -> dict[str, str]:
        first = (move.candidate_name or "").split()[0] if move.candidate_name else ""
        q, p, s = move.question, move.problem, move.submission
        values = {
            **self.workspace,
            "name_space": f" {first}" if move.may_use_name and first else "",
            "role": self.role,
            "recap_topic": move.recap_topic or "",
            "recap_detail": move.recap_detail or "",
            "topic": short_topic(q.topic) if q else "",
            "skill": (q.skill or short_topic(q.topic)) if q else "",
            "term": move.term or "",
            "echo": move.echo or "",
            "hint": speakable(move.hint or ""),
        }
        if p is not None:
            values["problem_title"] = p.title
            values["problem_spoken"] = speakable(p.prompt, max_sentences=2)
        if s is not None:
            values["tests_passed"] = str(s.tests_passed)
            values["tests_total"] = str(s.tests_total)
            name = s.error_name
            values["error_phrase"] = (
                f"an {name}" if name and name[0] in "AEIOU" else (f"a {name}" if name else "an error")
            )
        return values

    def _ack(self, move: Move) -> str:
        return self._pick(self.t["ack"].get(move.ack, [""]), move, "ack", by_subject=False)

    def _bridge(self, move: Move) -> str:
        return self._pick(self.t["bridge"].get(move.phase, []), move, "bridge") if move.entering_phase else ""

    def _question_key(self, q: QuestionSpec) -> str:
        return q.kind if q.kind in self.t["ask"] else f"general_{q.phase}"

    def _simple(self, move: Move) -> str:
        if move.question is not None:
            key = self._question_key(move.question)
            return self._fill(self.t["simple"].get(key, self.t["simple"]["none"]), move)
        if move.problem is not None:
            return self._fill(self.t["simple"]["problem"], move)
        return self.t["simple"]["none"]

    # ------------------------------------------------------------------ the question part of a move
    def question_text(self, move: Move) -> str:
        """The words that put the question on the table, without acknowledgement or bridge: what a repeat
        says again. Each move's own wording is built from these same functions, so a repeat is the question
        exactly as it was asked."""
        handler = getattr(self, f"_question_{move.kind}", None)
        return handler(move) if handler is not None else self._simple(move)

    def _question_ask(self, move: Move) -> str:
        assert move.question is not None
        options = self.t["ask"][self._question_key(move.question)]
        # Rotated by turn, not by question, so two questions in a row are never phrased alike.
        return self._fill(self._pick(options, move, "ask", by_subject=False), move)

    def _question_follow_up(self, move: Move) -> str:
        options = self.t["follow_up"].get(move.aspect or "depth", self.t["follow_up"]["depth"])
        template = self._pick(options, move)
        # A template that says the echo itself needs no lead-in ("You mentioned …").
        lead = move.echo and "{echo}" not in template
        echo = self._fill(self._pick(self.t["echo_lead"], move, "echo"), move) if lead else ""
        return " ".join(p for p in (echo, self._fill(template, move)) if p)

    def _question_clarify(self, move: Move) -> str:
        simple = self._simple(move)
        reask = self._pick(self.t["clarify"]["reask"], move, "reask")
        return self._fill(reask, move, simple=simple[:1].lower() + simple[1:])

    def _question_redirect(self, move: Move) -> str:
        if move.question is None and move.problem is not None:
            return self._fill(self._pick(self.t["redirect"]["back_to_problem"], move), move)
        return self._simple(move)

    def _question_present_problem(self, move: Move) -> str:
        return self._fill(self._pick(self.t["present_problem"], move), move)

    def _question_discuss_submission(self, move: Move) -> str:
        if move.question is None:
            return self._simple(move)
        return self._fill(self._pick(self.t["ask"][self._question_key(move.question)], move), move)

    def _question_welcome_back(self, move: Move) -> str:
        return self._simple(move)

    # ------------------------------------------------------------------ one method per move kind
    def _word_greet(self, move: Move) -> list[str]:
        return [self._fill(self._pick(self.t["greet"], move), move)]

    def _word_welcome_back(self, move: Move) -> list[str]:
        return [self._fill(self._pick(self.t["welcome_back"], move), move), self._question_welcome_back(move)]

    def _word_ask(self, move: Move) -> list[str]:
        return [self._ack(move), self._bridge(move), self._question_ask(move)]

    def _word_follow_up(self, move: Move) -> list[str]:
        return [self._ack(move), self._question_follow_up(move)]

    def _word_clarify(self, move: Move) -> list[str]:
        c = self.t["clarify"]
        definition = self.t["glossary"].get((move.term or "").lower())
        if definition:
            lead = self._fill(self._pick(c["known"], move), move, definition=definition)
        elif move.term:
            lead = self._fill(self._pick(c["unknown"], move), move)
        else:
            lead = self._pick(c["none"], move)
        return [lead, self._question_clarify(move)]

    def _word_repeat(self, move: Move) -> list[str]:
        r = self.t["repeat"]
        if move.repeat_of is not None:  # the question exactly as it was last put
            return [self._pick(r["again"], move), self.question_text(move.repeat_of)]
        # Nothing on record of how it was put (a state saved before it was kept): say so, don't claim "again".
        return [self._pick(r["reworded"], move), self._simple(move)]

    def _word_allow_thinking(self, move: Move) -> list[str]:
        return [self._pick(self.t["allow_thinking"], move)]

    def _word_nudge(self, move: Move) -> list[str]:
        return [self._pick(self.t["nudge"], move)]

    def _word_redirect(self, move: Move) -> list[str]:
        r = self.t["redirect"]
        return [self._pick(r[move.offtopic or "off_topic"], move), self._question_redirect(move)]

    def _word_present_problem(self, move: Move) -> list[str]:
        return [self._ack(move), self._bridge(move), self._question_present_problem(move)]

    def _word_coding_checkin(self, move: Move) -> list[str]:
        return [self._pick(self.t["coding_checkin"], move)]

    def _word_discuss_submission(self, move: Move) -> list[str]:
        assert move.submission is not None
        verdict = move.submission.verdict
        parts = [self._fill(self._pick(self.t["submission"][verdict], move), move)]
        if move.hint:
            parts.append(self._fill(self._pick(self.t["hint_lead"], move, "hint"), move))
        if move.question is not None:
            parts.append(self._question_discuss_submission(move))
        return parts

    def _word_give_hint(self, move: Move) -> list[str]:
        # "You're making progress" only when a better run or a reasoned approach shows it.
        tails = self.t["hint_tail"]["progress" if move.progress else "plain"]
        return [self._fill(self._pick(self.t["hint_lead"], move), move), self._pick(tails, move, "tail")]

    def _word_close(self, move: Move) -> list[str]:
        key: str = move.close_reason or "complete"
        if key == "complete":  # the thanks cites only what the candidate talked about, or nothing
            key = "complete_topic" if move.recap_topic else ("complete_detail" if move.recap_detail else key)
        options = self.t["close"][key]
        answer = self._pick(self.t["close_answer"], move, "answer") if move.candidate_asked else ""
        return [answer, self._fill(self._pick(options, move), move)]
