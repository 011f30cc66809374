"""What an LLM is told for one turn: the phase prompt plus the move, from `prompts/interviewer/<v>/`."""

from __future__ import annotations

from agent.brain.library import PromptLibrary, Workspace
from agent.brain.moves import Move
from agent.brain.speech import speakable

_ASPECT_TEXT = {
    "specifics": "concrete specifics (technologies, numbers, scale)",
    "own_role": "what the candidate personally did, as opposed to the team",
    "outcome": "the outcome or result",
    "reasoning": "the reasoning behind the choice and the trade-offs",
    "situation": "a specific real situation",
    "depth": "any real detail (it was very short)",
}
_ACK_TEXT = {
    "none": "",
    "positive": "briefly acknowledge the good answer (a few words, no praise inflation), then ",
    "neutral": "briefly acknowledge the answer, then ",
    "skip": "say that it is fine to move on, then ",
    "dont_know": "reassure them that not knowing is fine, then ",
    "focus": "thank them briefly for the detail, then ",
    "time": "say that you will move along to keep to time, then ",
}
_CLOSE_TEXT = {
    "complete": "Everything is covered.",
    "stop": "The candidate asked to stop; accept that graciously and keep it short.",
    "conduct": "The conversation was not respectful; end calmly and briefly, without blame.",
    "time": "The time is up.",
}


# Whether a better run or a reasoned approach backs saying the candidate is making progress.
_PROGRESS_TEXT = {
    True: "A better run or a reasoned approach shows they are making progress: you may say so.",
    False: "Invite them to try it, but do not say they are making progress: nothing shows that yet.",
}


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def question_brief(move: Move) -> str:
    q = move.question
    if q is None:
        if move.problem is not None:
            return f'ask how they are getting on with "{move.problem.title}".'
        return "ask where they would like to continue."
    brief = f"the question is about {q.topic}"
    if q.skill:
        brief += f" (skill: {q.skill})"
    if q.citation:
        brief += f'; their resume says: "{q.citation}"'
    if q.kind == "missing_skill":
        brief += "; this skill is needed for the job but was not on their resume"
    return brief + "."


def submission_text(move: Move) -> tuple[str, str]:
    s = move.submission
    if s is None:
        return "", ""
    verdict = s.verdict
    text = {
        "solved": f"all {s.tests_total} tests passed.",
        "partial": f"{s.tests_passed} of {s.tests_total} tests passed.",
        "failed": f"none of the {s.tests_total} tests passed.",
        "error": f"the code raised {s.error_name or 'an error'} while running the tests.",
        "compile_error": "the code did not compile.",
        "timeout": "the run hit the time limit.",
    }[verdict]
    if move.hint:
        nxt = f"Then give hint {move.hint_level} of {move.hints_total} in your own words: {move.hint}"
    elif move.question is not None:
        nxt = f"Then ask about {move.question.topic}."
    else:
        nxt = "Encourage them to keep going; do not diagnose the bug for them."
    return text, nxt


def render_move_instructions(
    move: Move, library: PromptLibrary, *, role: str | None = None, workspace: Workspace = "editor"
) -> str:
    """The phase prompt and the move, as the instructions for this one turn."""
    template = library.move_instructions[move.kind]
    sub_text, sub_next = submission_text(move)
    bridge = f"this opens a new part of the interview ({move.phase}); bridge into it naturally, then "
    values = _Blank(
        name_clause=(
            f" (you may address them as {move.candidate_name.split()[0]})"
            if move.may_use_name and move.candidate_name
            else " (do not use their name this turn)"
        ),
        role=role or "engineering",
        ack_clause=_ACK_TEXT.get(move.ack, ""),
        bridge_clause=bridge if move.entering_phase else "",
        question_brief=question_brief(move),
        question_topic=move.question.topic if move.question else "",
        aspect_text=(
            f"anything about this project: it was about another one ({move.echo}); say so kindly, then ask"
            " about this one"
            if move.aspect == "this_project"
            else _ASPECT_TEXT.get(move.aspect or "depth", "detail")
        ),
        term_text=f'"{move.term}"' if move.term else "part of the question",
        offtopic_text="abusive" if move.offtopic == "abusive" else "off-topic",
        problem_title=move.problem.title if move.problem else "",
        problem_prompt=speakable(move.problem.prompt, max_sentences=4) if move.problem else "",
        submission_text=sub_text,
        submission_next=sub_next,
        hint=speakable(move.hint or ""),
        hint_level=str(move.hint_level or ""),
        hints_total=str(move.hints_total or ""),
        close_text=_CLOSE_TEXT.get(move.close_reason or "complete", ""),
        progress_text=_PROGRESS_TEXT[move.progress],
        recap_text=(
            f"You may thank them for what they told you about {move.recap_topic or move.recap_detail}."
            if move.recap_topic or move.recap_detail
            else "Do not name any project or topic as something they talked about."
        ),
        resume_point=question_brief(move),
        **library.workspace_phrases(workspace),
    )
    move_text = " ".join(template.format_map(values).split())
    if move.candidate_asked:
        move_text += (
            " The candidate just asked you a question: say briefly that the hiring team is best placed to"
            " answer it and that it is part of the summary of this conversation."
        )
    phase_key = "closing" if move.kind == "close" else move.phase
    phase_prompt = library.phase_prompts.get(phase_key, "").format_map(values)
    return f"{phase_prompt}\n\n{move_text}".strip()
