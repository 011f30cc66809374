"""The code-size limit holds for every door a submission comes through (API route and console)."""

from __future__ import annotations

import pytest

from api.sandbox.limits import MAX_CODE_BYTES
from api.sandbox.submissions import CodeTooLarge, run_submission


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
