"""The code limits hold for every door a submission comes through (API route and console)."""

from __future__ import annotations

import pytest

from api.models import CodeSubmission, Interview
from api.sandbox.limits import MAX_CODE_BYTES
from api.sandbox.submissions import CodeHoldsNul, CodeTooLarge, run_submission, submit_code


@pytest.mark.asyncio
async def test_code_over_the_limit_is_refused_before_anything_runs() -> None:
    oversized = "#" * (MAX_CODE_BYTES + 1)
    with pytest.raises(CodeTooLarge) as refused:
        await run_submission(oversized, "python", None)
    assert refused.value.size_bytes == MAX_CODE_BYTES + 1
    assert str(MAX_CODE_BYTES) in str(refused.value)


@pytest.mark.asyncio
async def test_the_limit_counts_bytes_not_characters() -> None:
    # 'é' is two bytes in UTF-8: half the limit in characters is already over it.
    with pytest.raises(CodeTooLarge):
        await run_submission("é" * (MAX_CODE_BYTES // 2 + 1), "python", None)


@pytest.mark.asyncio
async def test_code_holding_nul_is_refused_for_every_door_and_nothing_is_stored(user, db) -> None:
    # The API's JSON check never sees the console's `/submit FILE`: the domain refuses it for both.
    interview = await Interview.create(user_id=user.id, title="t", status="in_progress")
    with pytest.raises(CodeHoldsNul, match="NUL"):
        await submit_code(interview.id, "print(1)\x00", "python")
    assert await CodeSubmission.filter(interview_id=interview.id).count() == 0
