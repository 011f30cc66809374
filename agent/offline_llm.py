"""The embedded interviewer LLM: a deterministic `livekit.agents.llm.LLM` that needs no key and no network.

It words the move the brain put in the chat context (the system message carrying `extra["interview_move"]`,
added by `agent.interviewer.Interviewer.llm_node`) from the offline templates in `prompts/`. It streams the
reply a few words at a time, like a real model, so the rest of the pipeline (hygiene guard, TTS sentence
splitting, transcripts) behaves the same in both voices.
"""

from __future__ import annotations

import uuid
from typing import Any

from livekit.agents import DEFAULT_API_CONNECT_OPTIONS, NOT_GIVEN, APIConnectOptions, NotGivenOr, llm
from livekit.agents.llm import ChatContext, Tool, ToolChoice

from agent.brain.library import PromptLibrary, default_prompt_library
from agent.brain.moves import Move
from agent.brain.wording import OfflineWording

MOVE_KEY = "interview_move"
CONTEXT_KEY = "interview_context"
WORDS_PER_CHUNK = 3
NO_MOVE_REPLY = "Sorry, I lost my place for a second. Could you say that again?"


def move_in(chat_ctx: ChatContext) -> tuple[Move, dict[str, Any]] | None:
    """The latest move placed in the chat context, with its wording context (the role)."""
    for item in reversed(chat_ctx.items):
        if item.type == "message" and MOVE_KEY in item.extra:
            return Move.from_dict(item.extra[MOVE_KEY]), dict(item.extra.get(CONTEXT_KEY) or {})
    return None


class OfflineInterviewerLLM(llm.LLM):
    """Words interview moves from templates. Holds no interview state: everything it needs is in the move."""

    def __init__(self, library: PromptLibrary | None = None) -> None:
        super().__init__()
        self.library = library or default_prompt_library()

    @property
    def model(self) -> str:
        return f"offline-interviewer ({self.library.version})"

    @property
    def provider(self) -> str:
        return "interviewlab"

    def chat(
        self,
        *,
        chat_ctx: ChatContext,
        tools: list[Tool] | None = None,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
        parallel_tool_calls: NotGivenOr[bool] = NOT_GIVEN,
        tool_choice: NotGivenOr[ToolChoice] = NOT_GIVEN,
        extra_kwargs: NotGivenOr[dict[str, Any]] = NOT_GIVEN,
    ) -> OfflineInterviewerStream:
        return OfflineInterviewerStream(self, chat_ctx=chat_ctx, tools=tools or [], conn_options=conn_options)

    def reply_for(self, chat_ctx: ChatContext) -> str:
        found = move_in(chat_ctx)
        if found is None:
            return NO_MOVE_REPLY
        move, context = found
        workspace = context.get("workspace")
        wording = OfflineWording(
            self.library.offline,
            role=context.get("role"),
            workspace=self.library.workspace_phrases("console" if workspace == "console" else "editor"),
        )
        return wording.word(move)


class OfflineInterviewerStream(llm.LLMStream):
    async def _run(self) -> None:
        offline: OfflineInterviewerLLM = self._llm  # type: ignore[assignment]
        request_id = "offline-" + uuid.uuid4().hex[:10]
        text = offline.reply_for(self._chat_ctx)
        words = text.split(" ")
        for start in range(0, len(words), WORDS_PER_CHUNK):
            piece = " ".join(words[start : start + WORDS_PER_CHUNK])
            self._event_ch.send_nowait(
                llm.ChatChunk(
                    id=request_id,
                    delta=llm.ChoiceDelta(role="assistant", content=(" " if start else "") + piece),
                )
            )
        self._event_ch.send_nowait(
            llm.ChatChunk(
                id=request_id,
                usage=llm.CompletionUsage(
                    completion_tokens=len(words), prompt_tokens=0, total_tokens=len(words)
                ),
            )
        )
