"""Uploads from the browser: checked (size, zip bombs), then ingested by the core in a background
thread whose progress the page polls; the result is the ingest summary and the quarantine report."""

from __future__ import annotations

import secrets
import shutil
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lokus.errors import InputFileError, LokusError, Phrase
from lokus.i18n import t

MAX_UNZIPPED = 500 * 1024 * 1024  # total uncompressed bytes an XLSX may expand to
MAX_RATIO = 200  # uncompressed / compressed, per member
MAX_MEMBERS = 10_000
KINDS = ("registry", "measurements")
REPORT_ROWS = 200


def check_upload(path: Path) -> None:
    """Refuse an XLSX (any zip container) that would expand too far before anything reads it."""
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic != b"PK\x03\x04":
        return
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise InputFileError("error.file.not_table", path=path.name, detail=Phrase("error.file.damaged_zip")) from None
    total = sum(i.file_size for i in infos)
    worst = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
    if len(infos) > MAX_MEMBERS or total > MAX_UNZIPPED or worst > MAX_RATIO:
        raise InputFileError("web.upload.zip_bomb", path=path.name, size=total // (1024 * 1024))


@dataclass
class Job:
    id: str
    username: str
    scope: str
    path: Path
    kind: str
    snapshot: str | None
    stage: str = "queued"
    fraction: float = 0.0
    done: bool = False
    error: LokusError | None = None
    failed: bool = False
    summary: dict[str, Any] = field(default_factory=dict)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    audited: bool = False

    def view(self, lang: str) -> dict[str, Any]:
        error = None
        if self.error is not None:
            error = self.error.message(lang)
        elif self.failed:
            error = t("web.error.internal", lang)
        return {"id": self.id, "file": self.path.name, "kind": self.kind, "stage": self.stage,
                "stage_text": t(f"web.upload.stage.{self.stage}", lang), "percent": round(self.fraction * 100),
                "done": self.done, "error": error, "summary": self.summary,
                "quarantine": [_quarantine_row(q, lang) for q in self.quarantine], "snapshot": self.snapshot}


def _quarantine_row(stored: dict[str, Any], lang: str) -> dict[str, Any]:
    """A quarantined row as the page shows it: its reasons' labels and sentences in the reader's ``lang`` (the
    job keeps the codes and the snapshot's kind, not words in the language of whoever started it)."""
    from lokus.quarantine import reason_cells

    return {**stored, **reason_cells(stored.get("reasons") or "", stored.get("kind"), lang)}


class UploadJobs:
    """Ingest jobs, one at a time, each visible only to the user who started it."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._ingest_lock = threading.Lock()

    def for_user(self, username: str) -> list[Job]:
        with self._lock:
            return [j for j in self._jobs.values() if j.username == username][-10:]

    def get(self, job_id: str, username: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.username == username else None

    def start(self, user: Any, path: Path, *, kind: str, snapshot: str | None) -> Job:
        if kind not in KINDS:
            from lokus.errors import ConfigError

            raise ConfigError(key="kind", value=kind, valid_values=", ".join(KINDS))
        job = Job(secrets.token_urlsafe(12), user.username, user.scope, path, kind, snapshot)
        with self._lock:
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job,), daemon=True, name=f"lokus-upload-{job.id}").start()
        return job

    def _run(self, job: Job) -> None:
        from lokus.workspace import Workspace

        def progress(stage: str, fraction: float | None) -> None:
            job.stage = stage
            if fraction is not None:
                job.fraction = max(0.0, min(1.0, fraction))

        with self._ingest_lock:
            ws = Workspace.__new__(Workspace)
            ws.path, ws.con, ws.read_only = self.store.root.path, self.store.root.con.cursor(), False
            try:
                job.stage = "read"
                from lokus.quarantine import quarantine_rows

                if job.kind == "registry":
                    from lokus.registry import ingest_registry

                    summary = ingest_registry(ws, job.path, snapshot=job.snapshot, district=job.scope,
                                              progress=progress)
                    job.snapshot = summary.snapshot
                    job.summary = {k: v for k, v in summary.summary_json().items() if k != "by_village"}
                else:
                    from lokus.measurements import ingest_measurements

                    msum = ingest_measurements(ws, job.path, snapshot=job.snapshot, district=job.scope)
                    job.snapshot = msum.snapshot
                    job.summary = {k: v for k, v in msum.summary_json().items() if k != "by_village"}
                # The one quarantine, unaudited here: the page that shows it records the view with the account.
                # Codes only: the page says them in the language of whoever looks (Job.view).
                job.quarantine = [
                    {k: r.get(k) for k in ("kind", "source_line", "reasons", "nik", "name", "village_code")}
                    for r in quarantine_rows(ws, job.snapshot)[:REPORT_ROWS]
                ]
                job.stage, job.fraction = "done", 1.0
                self.store.bump()
            except LokusError as exc:
                job.error, job.stage = exc, "failed"
            except Exception:  # noqa: BLE001 - one sentence for the person, the log has the rest
                import logging

                logging.getLogger("lokus.web").exception("upload %s failed", job.id)
                job.failed, job.stage = True, "failed"
            finally:
                job.done = True
                ws.con.close()
                shutil.rmtree(job.path.parent, ignore_errors=True)
