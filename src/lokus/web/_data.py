"""What the web app reads from the workspace: small, read-only queries over the core's tables, and
caches of the expensive core results (ranking, coverage) keyed on the workspace's snapshot state.

Nothing here decides who may see what (that is :mod:`lokus.web._access`); every function takes the
region it is limited to. Views never write data: the only writes are the audit row (:meth:`Store.audit`),
the record of the suppression pattern the app releases (:meth:`Store.public`, in ``published_cells``, so
that a later ``lokus loci --publish`` cannot undo it) and an upload (:mod:`lokus.web._upload`), whose
purpose is to write.
"""

from __future__ import annotations

import hashlib
import secrets
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from lokus.i18n import DEFAULT_LANG
from lokus.loci import GROWTH_TABLE
from lokus.regions import load_regions
from lokus.registry import REGISTRY_TABLE
from lokus.workspace import Workspace

PAGE_SIZE = 50


def like_prefix(code: str) -> str:
    """SQL LIKE pattern for every code at or under ``code``."""
    return code.replace("%", "").replace("_", "") + "%"


class Store:
    """The served workspace. One DuckDB database; each thread reads through its own cursor."""

    def __init__(self, path: str | Path | None) -> None:
        self.root = Workspace(path)
        self.path = self.root.path
        self.secret = secrets.token_bytes(32)  # per process: child ids and CSRF tokens
        self._local = threading.local()
        self.write_lock = threading.RLock()
        self._cache: dict[Any, Any] = {}
        self._cache_lock = threading.Lock()
        self._cov_lock = threading.Lock()
        self._cov: Any = None
        self._cov_version: Any = None
        self._version = 0
        self._map_lock = threading.Lock()

    # -- connections ------------------------------------------------------------------------
    def ws(self) -> Workspace:
        """A Workspace for the calling thread (same database, its own cursor)."""
        ws = getattr(self._local, "ws", None)
        if ws is None:
            ws = Workspace.__new__(Workspace)
            ws.path = self.root.path
            ws.con = self.root.con.cursor()
            ws.read_only = False
            self._local.ws = ws
        return ws

    def close(self) -> None:
        self.root.close()

    def version(self) -> int:
        """Changes whenever this process loads a snapshot (an upload). While the app serves, it holds
        DuckDB's write lock, so no other process can change the workspace underneath it."""
        return self._version

    def bump(self) -> None:
        """Forget every cached result (after an upload)."""
        with self._cache_lock:
            self._version += 1
            self._cache.clear()

    def account(self, username: str) -> Any:
        """The account ``username`` (cached; ``lokus users`` cannot write while the app serves)."""
        from lokus.web._accounts import list_accounts

        accounts = self.cached("accounts", lambda: {a.username: a for a in list_accounts(self.ws())})
        return accounts.get(username)

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        full = (key, self.version())
        with self._cache_lock:
            if full in self._cache:
                return self._cache[full]
        value = build()
        with self._cache_lock:
            stale = [k for k in self._cache if k[0] == key]
            for k in stale:
                del self._cache[k]
            self._cache[full] = value
        return value

    def warm_in_background(self) -> None:
        """:meth:`warm` in a thread of its own (``lokus serve`` starts it before the first visitor)."""
        threading.Thread(target=self.warm, daemon=True, name="lokus-warm").start()

    def warm(self) -> None:
        """Compute the shared results: ranking, village figures, coverage, the released pattern, and then
        the pattern of each account that sees part of the district in detail (a village head's first
        /loci would otherwise wait for it: about 1–3 s on the demo district)."""
        import logging

        try:
            self.village_stats()
            self.ranking()
            self.village_programs()
            self.public()
            self._children_index()
            self.district_map("id")
            for scope in self.partial_scopes():
                self.public(scope)
        except Exception:  # noqa: BLE001 - a page will report it when it needs the result
            logging.getLogger("lokus.web").exception("warming the caches failed")

    def partial_scopes(self) -> list[str]:
        """The scopes of the enabled accounts that see some villages in detail and others through a
        pattern of their own (:meth:`public` with ``known_scope``): village heads, midwives."""
        from lokus.web._access import DETAIL_ROLES
        from lokus.web._accounts import list_accounts

        codes = list(self.village_stats())
        return sorted({a.scope for a in list_accounts(self.ws()) if a.role in DETAIL_ROLES and not a.disabled
                       and not all(a.covers(c) for c in codes)})

    # -- audit --------------------------------------------------------------------------------
    def audit(self, action: str, *, user: str, target: str, rows: int, scope: str | None,
              records: list[str] | None = None, output: str | None = None, pseudonymised: bool = False) -> None:
        """One audit row for the web account ``user`` in the core's hash-chained log (:func:`lokus.privacy.audit`)."""
        from lokus.privacy import audit

        with self.write_lock:
            audit(self.ws(), action, target=target, rows=rows, scope=scope, user=user, records=records,
                  output=output, pseudonymised=pseudonymised)

    def pack_records(self, file_name: str) -> list[str]:
        """The people named in meeting-pack file ``file_name``, as ``lokus pack`` recorded them in the audit
        log when it wrote the file ([] for a pack made from another workspace)."""
        from lokus.privacy import records_of_export

        return records_of_export(self.ws(), "pack.export", file_name)

    # -- snapshots ------------------------------------------------------------------------------
    def latest(self, kind: str) -> str | None:
        def build() -> str | None:
            snaps = self.ws().snapshots(kind)
            return snaps[-1].name if snaps else None
        result: str | None = self.cached(f"latest_{kind}", build)
        return result

    def district(self) -> str | None:
        """The regency (kabupaten) the latest registry covers."""
        def build() -> str | None:
            snap = self.latest("registry")
            if snap is None:
                return None
            row = self.ws().con.execute(
                f"SELECT min(village_code) FROM {REGISTRY_TABLE} WHERE snapshot = ?", [snap]).fetchone()
            return row[0][:5] if row and row[0] else None
        return self.cached("district", build)

    # -- villages ------------------------------------------------------------------------------
    def village_stats(self) -> dict[str, dict[str, Any]]:
        """Per village of the latest registry: people, households, households per decile; and the
        growth status of each child's latest measurement. Cached."""
        def build() -> dict[str, dict[str, Any]]:
            con = self.ws().con
            out: dict[str, dict[str, Any]] = {}
            snap = self.latest("registry")
            regions = load_regions()
            if snap is not None:
                rows = con.execute(
                    f"""SELECT village_code, decile, count(DISTINCT household_id) AS hh, count(*) AS people
                        FROM {REGISTRY_TABLE} WHERE snapshot = ? GROUP BY ALL""", [snap]).fetchall()
                for code, decile, hh, people in rows:
                    v = out.setdefault(code, _empty_village(code, regions))
                    v["households"] += hh
                    v["people"] += people
                    if decile is not None and 1 <= decile <= 10:
                        v["deciles"][decile - 1] += hh
            growth = self.latest("measurements")
            if growth is not None and self.ws().has_table(GROWTH_TABLE):
                rows = con.execute(
                    f"""WITH latest AS (
                          SELECT village_code, zlen, zwei, zwfl,
                                 row_number() OVER (PARTITION BY coalesce(nik, name || birth_date || village_code)
                                                    ORDER BY measure_date DESC, source_line DESC) AS k
                          FROM {GROWTH_TABLE} WHERE snapshot = ? AND zlen IS NOT NULL)
                        SELECT village_code, count(*), count(*) FILTER (zlen < -2), count(*) FILTER (zlen < -3),
                               count(*) FILTER (zwfl < -2), count(*) FILTER (zwei < -2)
                        FROM latest WHERE k = 1 GROUP BY ALL""", [growth]).fetchall()
                for code, measured, stunted, severe, wasted, under in rows:
                    if code is None:
                        continue
                    v = out.setdefault(code, _empty_village(code, regions))
                    v["growth"] = {"measured": measured, "stunted": stunted, "severely_stunted": severe,
                                   "wasted": wasted, "underweight": under}
            return out
        result: dict[str, dict[str, Any]] = self.cached("village_stats", build)
        return result

    def villages_under(self, scope: str) -> list[dict[str, Any]]:
        return [v for code, v in sorted(self.village_stats().items())
                if code == scope or code.startswith(scope + ".")]

    # -- ranking --------------------------------------------------------------------------------
    def ranking(self) -> tuple[pa.Table | None, Any]:
        """The founding rule's ranking of the district's villages (latest snapshots) and its policy."""
        def build() -> tuple[pa.Table | None, Any]:
            from lokus.engine import backend
            from lokus.loci import DEFAULT_POLICY, load_policy, rank_policy, resolve_inputs

            district = self.district()
            if district is None:
                return None, None
            policy = load_policy(DEFAULT_POLICY)
            ws = self.ws()
            stunting = self.latest("stunting_loci")
            inputs = resolve_inputs(ws, policy, registry=self.latest("registry"), stunting_loci=stunting,
                                    region=district)
            return rank_policy(backend(ws.con), policy, inputs, lang=DEFAULT_LANG), policy
        result: tuple[pa.Table | None, Any] = self.cached("ranking", build)
        return result

    def ranking_lang(self, lang: str) -> pa.Table | None:
        """The ranking with its reasons in ``lang``."""
        table, policy = self.ranking()
        if table is None or lang == DEFAULT_LANG:  # the cached ranking's reasons are in the default language
            return table
        from lokus.loci._explain import add_reasons

        return self.cached(f"ranking_{lang}", lambda: add_reasons(table.drop_columns(["reason"]), policy, lang))

    def explain(self, code: str, lang: str) -> list[str]:
        from lokus.loci import explain_unit

        table, policy = self.ranking()
        if table is None:
            return []
        return list(explain_unit(self.ranking_lang(lang) or table, policy, code, lang).lines)

    def priority_loci(self) -> list[str]:
        """The priority loci, best first, as the meeting pack, its maps and ``lokus gaps`` name them
        (:func:`lokus.maps.locus_tables`, :func:`lokus.convergence.default_loci_villages`): the villages
        the policy selects, in rank order, at most :data:`lokus.convergence.DEFAULT_TOP` of them (the
        founding rule selects every village; the cap is what makes them loci)."""
        def build() -> list[str]:
            from lokus.convergence._loci import top_selected

            table, _ = self.ranking()
            return [] if table is None else top_selected(table)
        result: list[str] = self.cached("priority_loci", build)
        return result

    def district_map(self, lang: str) -> bytes | None:
        """The district's priority-loci map (PNG, from :mod:`lokus.maps` as the meeting pack draws it):
        each village's rank, the loci hatched. Drawn once per workspace state and language; None when
        there is no ranking or the district's boundaries are not packaged. Ranks only, no counts."""
        def build() -> bytes | None:
            from lokus.errors import LokusError
            from lokus.maps import draw_map, map_data

            table, policy = self.ranking()
            district = self.district()
            if table is None or district is None:
                return None
            loci = self.priority_loci()
            sources = [s for s in (self.latest("registry"), self.latest("stunting_loci"),
                                   policy.source or policy.name) if s]
            with self._map_lock, tempfile.TemporaryDirectory() as tmp:  # pyplot is not thread-safe
                try:
                    data = map_data(table, None, "loci", region=district, poverty_loci=loci, sources=sources,
                                    lang=lang)
                    out = Path(tmp) / "map.png"
                    draw_map(data, out, lang=lang, dpi=110)
                except LokusError:
                    return None
                return out.read_bytes()
        result: bytes | None = self.cached(f"map_{lang}", build)
        return result

    # -- coverage (programs, gaps, worklists) ----------------------------------------------------
    def with_coverage(self, use: Callable[[Any], Any]) -> Any:
        """Run ``use(coverage)`` on the district's program coverage, computing it once per
        workspace state (it is a temporary table on one connection, so calls are serialised)."""
        from lokus.convergence import compute_coverage

        with self._cov_lock:
            version = self.version()
            if self._cov is None or self._cov_version != version:
                district = self.district()
                if district is None:
                    return None
                con_ws = Workspace.__new__(Workspace)
                con_ws.path, con_ws.con, con_ws.read_only = self.root.path, self.root.con.cursor(), False
                self._cov = compute_coverage(con_ws, region=district)
                self._cov_version = version
            return use(self._cov)

    def village_programs(self) -> dict[str, dict[str, Any]]:
        def build() -> dict[str, dict[str, Any]]:
            table = self.with_coverage(lambda cov: cov.by_village())
            return {r["village_code"]: r for r in table.to_pylist()} if table is not None else {}
        result: dict[str, dict[str, Any]] = self.cached("village_programs", build)
        return result

    def program_codes(self) -> list[str]:
        return self.cached("program_codes", lambda: self.with_coverage(
            lambda cov: [p.code for p in cov.programs]) or [])

    def meeting_changes(self) -> tuple[str, dict[str, dict[str, Any]]] | None:
        """Gaps closed and new per village since the latest saved meeting (``lokus gaps --since``, via
        :func:`lokus.convergence.changes_since`): (meeting name, {village_code: row}); None when no
        meeting is saved. Cached per workspace state."""
        def build() -> tuple[str, dict[str, dict[str, Any]]] | None:
            from lokus.convergence import changes_since, latest_meeting

            if latest_meeting(self.ws()) is None:
                return None

            def use(cov: Any) -> tuple[str, dict[str, dict[str, Any]]] | None:
                changes = changes_since(self.ws(), cov)
                if changes is None:
                    return None
                return changes.meeting, {r["village_code"]: r for r in changes.by_village.to_pylist()}
            result: tuple[str, dict[str, dict[str, Any]]] | None = self.with_coverage(use)
            return result
        value: tuple[str, dict[str, dict[str, Any]]] | None = self.cached("meeting_changes", build)
        return value

    def office_worklist(self, office: str) -> pa.Table | None:
        # The unaudited form: this is a cache, and each page shown from it is audited for its web user
        # (lokus.web._app._worklist); the audited form would record the server's OS account too.
        from lokus.convergence._worklist import _office_worklist as office_worklist

        return self.cached(f"worklist_office_{office}",
                           lambda: self.with_coverage(lambda cov: office_worklist(cov, office)))

    def program_names(self) -> dict[str, str]:
        """Program code → name, from the program catalogue the coverage uses (for people's pages)."""
        names: dict[str, str] | None = self.cached(
            "program_names", lambda: self.with_coverage(lambda cov: {p.code: p.name for p in cov.programs}))
        return names or {}

    def village_worklist(self, village: str) -> pa.Table | None:
        from lokus.convergence._worklist import _village_worklist as village_worklist  # unaudited: as above

        return self.cached(f"worklist_village_{village}",
                           lambda: self.with_coverage(lambda cov: village_worklist(cov, village)))

    # -- what a viewer without detail is shown ----------------------------------------------------
    def public(self, known_scope: str | None = None) -> Any:
        """The protected counts (:class:`lokus.web._public.Public`) of every village the app shows,
        with their kecamatan and district totals; ``known_scope``: the region whose villages the
        viewer sees in detail anyway (their counts count as published). Cached per scope.

        The pattern for a viewer without detail is the app's release: it keeps the states that earlier
        releases of the same snapshots recorded in ``published_cells`` (``lokus loci --publish``, the app
        itself before a restart) and records its own, so a later ``--publish`` stays consistent with it.
        A scope's pattern starts from that release: its blanks stay blank (except the viewer's own
        cells) and more are blanked where his own figures would give one back, so every pattern the app
        serves publishes nothing the recorded release blanks."""
        def build() -> Any:
            from lokus.web._public import families, protect_villages

            villages, gaps = self._public_counts()
            fams = families(gaps)
            known = [c for c in villages if known_scope and (c == known_scope or c.startswith(known_scope + "."))]
            if known_scope:
                return protect_villages(villages, fams, known=known, base=self.public(None))
            pub = protect_villages(villages, fams, history=self._released())
            self._record_release(pub)
            return pub
        return self.cached(f"public_{known_scope or '-'}", build)

    def _public_counts(self) -> tuple[dict[str, dict[str, int]], list[str]]:
        """Every count of every village the app shows (village → variable → count), and the program
        gaps with data."""
        from lokus.web._public import CHANGES, GROWTH, PAIRS

        villages: dict[str, dict[str, int]] = {}
        for code, v in self.village_stats().items():
            row = villages.setdefault(code, {})
            row["households"], row["people"] = v["households"], v["people"]
            row.update({f"decile_{i + 1}": x for i, x in enumerate(v["deciles"])})
            row.update({g: (v["growth"] or {}).get(g) or 0 for g in GROWTH})
        table, _ = self.ranking()
        for r in table.to_pylist() if table is not None else []:
            villages.setdefault(str(r["code"]), {})["decile1_people"] = int(r.get("decile1_people") or 0)
        gaps = sorted({k for r in self.village_programs().values() for k, x in r.items()
                       if k.startswith("gap_") and k != "gap_pairs" and x is not None})
        for code, r in self.village_programs().items():
            row = villages.setdefault(code, {})
            row.update({k: int(r.get(k) or 0) for k in (*PAIRS, *gaps)})
        changes = self.meeting_changes()
        for code, r in (changes[1] if changes else {}).items():
            villages.setdefault(code, {}).update({c: int(r.get(c) or 0) for c in CHANGES})
        return villages, gaps

    def _released(self) -> dict[str, tuple[set[str], set[str]]]:
        """Per recorded variable, the region codes earlier releases of its snapshot published and blanked."""
        from lokus.privacy import published_history
        from lokus.web._public import RECORDED

        out: dict[str, tuple[set[str], set[str]]] = {}
        for var, (kind, name) in RECORDED.items():
            snap = self.latest(kind)
            if snap is not None:
                out[var] = published_history(self.ws(), snap, name)
        return out

    def _record_release(self, pub: Any) -> None:
        """Record the states of the app's released cells in ``published_cells`` (the one write of the
        web's views besides the audit: what was published must bind later releases)."""
        from lokus.privacy import record_cells
        from lokus.web._public import RECORDED

        by_snapshot: dict[str, list[tuple[str, str, str | None, int, bool]]] = {}
        for var, (kind, name) in RECORDED.items():
            snap = self.latest(kind)
            if snap is not None:
                by_snapshot.setdefault(snap, []).extend((name, *cell) for cell in pub.cells(var))
        with self.write_lock:
            for snap, cells in by_snapshot.items():
                record_cells(self.ws(), snap, cells, "web")

    # -- households ------------------------------------------------------------------------------
    def households(self, scope: str, *, q: str = "", village: str | None = None, offset: int = 0,
                   limit: int = PAGE_SIZE) -> tuple[list[dict[str, Any]], int]:
        """Households under ``scope`` (optionally one village; ``q`` matches a member's name or NIK,
        or the household id): head, decile, size. Returns (page, total)."""
        snap = self.latest("registry")
        if snap is None:
            return [], 0
        where = ["snapshot = ?", "village_code LIKE ?"]
        params: list[Any] = [snap, like_prefix(scope)]
        if village:
            where.append("village_code = ?")
            params.append(village)
        having = ""
        query = q.strip()
        if query:
            having = "HAVING bool_or(name ILIKE ? OR nik = ? OR household_id = ?)"
            params += [f"%{query}%", query, query]
        sql = f"""SELECT household_id, any_value(village_code) AS village_code,
                         max(CASE WHEN relationship = 'Kepala Keluarga' THEN name END) AS head_name,
                         max(CASE WHEN relationship = 'Kepala Keluarga' THEN nik END) AS head_nik,
                         min(decile) AS decile, count(*) AS household_size
                  FROM {REGISTRY_TABLE} WHERE {' AND '.join(where)} GROUP BY household_id {having}"""
        rows = self.ws().con.execute(
            f"SELECT *, count(*) OVER () FROM ({sql}) ORDER BY decile NULLS LAST, household_id LIMIT ? OFFSET ?",
            [*params, limit, offset]).fetchall()
        if rows:
            total = int(rows[0][-1])
        elif offset:
            total_row = self.ws().con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
            total = int(total_row[0]) if total_row else 0
        else:
            total = 0
        keys = ("household_id", "village_code", "head_name", "head_nik", "decile", "household_size")
        rows = [r[:-1] for r in rows]
        return [dict(zip(keys, r, strict=True)) for r in rows], total

    def nik_village(self, nik: str) -> str | None:
        """The village where NIK ``nik`` is registered in the latest registry (None: nowhere)."""
        snap = self.latest("registry")
        if snap is None:
            return None
        row = self.ws().con.execute(
            f"SELECT min(village_code) FROM {REGISTRY_TABLE} WHERE snapshot = ? AND nik = ?", [snap, nik]).fetchone()
        return row[0] if row else None

    def household_village(self, household_id: str) -> str | None:
        snap = self.latest("registry")
        if snap is None:
            return None
        row = self.ws().con.execute(
            f"SELECT any_value(village_code) FROM {REGISTRY_TABLE} WHERE snapshot = ? AND household_id = ?",
            [snap, household_id]).fetchone()
        return row[0] if row else None

    def household(self, household_id: str) -> dict[str, Any]:
        snap = self.latest("registry")
        cols = ("nik", "name", "sex", "birth_date", "relationship", "education", "occupation", "disability",
                "pregnant")
        house = ("address", "decile", "kk", "housing_ownership", "floor", "wall", "roof", "water_source",
                 "sanitation", "lighting", "cooking_fuel")
        rows = self.ws().con.execute(
            f"SELECT {', '.join(cols + house)}, village_code FROM {REGISTRY_TABLE} "
            "WHERE snapshot = ? AND household_id = ? ORDER BY source_line", [snap, household_id]).fetchall()
        members = [dict(zip(cols, r[: len(cols)], strict=True)) for r in rows]
        first = rows[0] if rows else (None,) * (len(cols) + len(house) + 1)
        housing = dict(zip(house, first[len(cols): len(cols) + len(house)], strict=True))
        return {"household_id": household_id, "village_code": first[-1], "members": members, "housing": housing}

    # -- children ----------------------------------------------------------------------------------
    def child_id(self, key: str) -> str:
        """An opaque, per-process id for a child (never the NIK in a URL or a log)."""
        return hashlib.blake2b(key.encode(), key=self.secret, digest_size=10).hexdigest()

    def _children_index(self) -> dict[str, dict[str, Any]]:
        """Every child's latest measurement, by opaque id. Cached per workspace state."""
        def build() -> dict[str, dict[str, Any]]:
            snap = self.latest("measurements")
            if snap is None or not self.ws().has_table(GROWTH_TABLE):
                return {}
            rows = self.ws().con.execute(
                f"""SELECT coalesce(nik, name || '|' || birth_date || '|' || village_code) AS k, nik, name, sex,
                           birth_date, measure_date, age_days, weight_kg, lenhei_cm, zlen, zwei, zwfl, village_code,
                           posyandu, household_id
                    FROM {GROWTH_TABLE} WHERE snapshot = ?
                    QUALIFY row_number() OVER (PARTITION BY k ORDER BY measure_date DESC, source_line DESC) = 1""",
                [snap]).fetchall()
            keys = ("key", "nik", "name", "sex", "birth_date", "measure_date", "age_days", "weight_kg", "lenhei_cm",
                    "zlen", "zwei", "zwfl", "village_code", "posyandu", "household_id")
            out = {}
            for r in rows:
                item = dict(zip(keys, r, strict=True))
                item["child_id"] = self.child_id(item["key"])
                out[item["child_id"]] = item
            return out
        result: dict[str, dict[str, Any]] = self.cached("children", build)
        return result

    def children(self, scope: str, village: str | None = None) -> list[dict[str, Any]]:
        items = [c for c in self._children_index().values()
                 if c["village_code"] and (c["village_code"] == scope or c["village_code"].startswith(scope + "."))
                 and (village is None or c["village_code"] == village)]
        return sorted(items, key=lambda c: (c["zlen"] if c["zlen"] is not None else 99, c["name"] or ""))

    def child(self, child_id: str) -> dict[str, Any] | None:
        return self._children_index().get(child_id)

    def child_measurements(self, child: dict[str, Any]) -> pa.Table:
        snap = self.latest("measurements")
        return self.ws().con.sql(
            f"""SELECT name AS child_id, sex, birth_date, measure_date, age_days, weight_kg, lenhei_cm, measure,
                       zlen, zwei, zwfl
                FROM {GROWTH_TABLE}
                WHERE snapshot = ? AND coalesce(nik, name || '|' || birth_date || '|' || village_code) = ?
                ORDER BY measure_date""", params=[snap, child["key"]]).to_arrow_table()

    def child_chart(self, child: dict[str, Any], lang: str) -> bytes:
        """The child's length/height-for-age chart over the WHO curves (SVG), from lokus.growth."""
        from lokus.growth import growth_chart

        table = self.child_measurements(child)
        with tempfile.TemporaryDirectory() as tmp:
            out = growth_chart(table, child["name"] or "-", Path(tmp) / "chart.svg", id_column="child_id",
                               lang=lang, source="web")
            return out.read_bytes()


def _empty_village(code: str, regions: Any) -> dict[str, Any]:
    region = regions.get(code) if code in regions else None
    parent = regions.get(region.parent_code) if region is not None and region.parent_code else None
    return {"code": code, "name": region.name if region else code, "kind": region.local_kind if region else "",
            "kecamatan": parent.name if parent else "", "households": 0, "people": 0, "deciles": [0] * 10,
            "growth": None}


def age_months(birth: date | None, on: date | None) -> float | None:
    if birth is None or on is None:
        return None
    return round((on - birth).days / 30.4375, 1)
