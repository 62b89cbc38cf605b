"""OS failures reach a person in their language: never the system's English ``strerror`` inside an
Indonesian sentence."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from lokus.errors import OSReason, OutputError, os_reason


@pytest.mark.parametrize(("exc", "id_text", "en_text"), [
    (OSError(errno.EACCES, "Permission denied"), "izin ditolak", "permission denied"),
    (OSError(errno.EROFS, "Failed to open local file 'x'. Detail: [errno 30] Read-only file system"),
     "sistem berkasnya hanya-baca", "the file system is read-only"),
    (OSError("failed to write: No space left on device (os error 28)"), "disk penuh", "the disk is full"),
    (OSError(errno.EXDEV, "Invalid cross-device link"), "sistem operasi menolaknya (EXDEV)",
     "the operating system refused (EXDEV)"),
    (OSError("something odd"), "sistem operasi menolaknya (?)", "the operating system refused (?)"),
])
def test_os_reasons_are_said_in_each_language(exc: OSError, id_text: str, en_text: str) -> None:
    reason = os_reason(exc)
    assert isinstance(reason, OSReason)
    assert reason.text("id") == id_text and reason.text("en") == en_text


def test_a_folder_that_cannot_be_made_is_said_without_english_in_indonesian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lokus.reports import make_folder

    def refuse(*_a: object, **_k: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(OutputError) as exc:
        make_folder(tmp_path / "new")
    assert exc.value.message("id").endswith(": sistem berkasnya hanya-baca.")
    assert "Read-only" not in exc.value.message("id") and "read-only" in exc.value.message("en")
