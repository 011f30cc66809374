"""The interview brain: pure, typed, no livekit / web / ORM imports.

- `phases`: the phase order and budgets (defaults in one place, overridable per interview).
- `intents`: what the candidate wants ("stop", "repeat", "let me think", ...), from `intents.json`.
- `answers`: which expected aspects an answer covered or lacked, from `answer_cues.json`.
- `questions`: the plan's items plus the default bank, as `QuestionSpec`s.
- `coding`: `ProblemBrief`, `SubmissionOutcome`, `pick_problem`.
- `moves`: the typed `Move` the brain emits each turn.
- `state`: `BrainState`, serialisable so a restarted worker continues.
- `machine`: `InterviewBrain`, which decides every move.
- `hygiene`: the speech-hygiene guard applied to every utterance.
- `instructions` / `wording`: the two voices of a move (LLM instructions; offline templates).
- `library`: the versioned prompt bundle under `prompts/interviewer/<version>/`.
- `interview_store`: the `InterviewStore` protocol the runtime implements, and an in-memory one.
"""
