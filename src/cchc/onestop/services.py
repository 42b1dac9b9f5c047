"""Writes: import a one-stop export file into ``Dossier`` (preview, then confirm).

The pipeline, the same on both databases:

1. read the file as rows (``parsing.read_rows``), find the header, map columns;
2. check every row in Python (``RowChecker``): a bad row is listed with its line
   number and a Vietnamese reason, good rows go on;
3. in chunks of ``CHUNK`` rows: stage the chunk in a temporary table —
   PostgreSQL through ``COPY … FROM STDIN`` (psycopg's ``cursor.copy``), SQLite
   through ``executemany`` — and merge it into ``onestop_dossier`` with
   ``INSERT … SELECT … ON CONFLICT (agency_id, code) DO NOTHING``: a dossier
   already imported is never added twice, so re-importing a file adds nothing;
4. the finished rows of chunks that met known dossiers are set aside, and one
   ``UPDATE … FROM`` them at the end brings in results that a later export added
   (a finished date, a postal return); it never erases a result.

Two shortcuts, which change no result:

* Fast path for new dossiers (PostgreSQL): a chunk is first copied straight into
  ``onestop_dossier`` (no staging, no merge — about half the server's work per
  row), inside a savepoint. If any of its dossiers is already there (or repeats
  within the file) the unique index refuses the COPY, the savepoint undoes it
  and that chunk and the rest of the file take steps 3–4.
* Overlap: steps 1–2, and writing a chunk as COPY text, run in a helper thread
  one chunk ahead (``_read_ahead``, both databases): while PostgreSQL (its own
  process, the other CPU core) writes a chunk, Python checks the next.

With these and the byte-wise collation of ``code`` (migration 0002), the
10-million-row benchmark went from ~30,000 to over 100,000 rows/s.

Short transactions, one per chunk (``CHUNK`` rows on PostgreSQL, ``SQLITE_CHUNK``
on SQLite), so that other users' reads and writes go on during a large import:
on SQLite a writer holds the whole database, and a single transaction for a
million rows kept everybody else waiting until "database is locked". Each chunk
commits its new dossiers (tagged with the batch) and the batch's progress; the
results of known dossiers are applied at the end, after the whole file has been
read, also chunk by chunk. A file that turns out unreadable half-way changes
nothing in the end: the dossiers it added (``batch_id``) and the procedures it
created are deleted again (:func:`_undo`), and so are those of a run cut short by
a killed worker before its job runs again.

Confirming a previewed batch queues it (``onestop.tasks.import_batch``, a
background job); the state column moves preview → queued → running → done or
failed by conditional updates, so a second confirmation of the same batch
returns at once with a message instead of importing it twice.
"""

from __future__ import annotations

import hashlib
import io
import operator
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.accounts.predicates import recorded, require
from cchc.agencies.models import Agency
from cchc.agencies.selectors import in_province
from cchc.onestop import parsing
from cchc.onestop.models import Channel, Dossier, ImportBatch, Procedure
from cchc.onestop.parsing import BadFile, BadValue, Cached, fold

# Largest upload accepted through the web page (the benchmark imports from disk).
MAX_UPLOAD_MB = getattr(settings, "CCHC_MAX_DOSSIER_FILE_MB", 100)
MAX_STORED_ERRORS = 1000  # per batch; the total is always counted
PREVIEW_ROWS = 10
CHUNK = 50_000  # rows per transaction on PostgreSQL
SQLITE_CHUNK = 5_000  # … on SQLite, where a write transaction blocks every other writer
STAGING = "onestop_staging"
KNOWN = "onestop_staging_known"  # staged rows of dossiers that were already there
ANALYZE_AFTER = 100_000  # rows created by one import
COLUMNS = (
    "agency_id",
    "code",
    "procedure_id",
    "channel",
    "online_level",
    "received",
    "due",
    "finished",
    "returned_by_post",
    "batch_id",
)


# --- checking rows ----------------------------------------------------------------------


class RowChecker:
    """Turns a file row into a staging tuple (see ``COLUMNS``) or raises ``BadValue``.

    Written for speed (it runs once per row of a 10-million-row file): one
    ``itemgetter`` picks the mapped cells, every cell parser is memoised, dates
    are kept as ISO text (what SQLite stores and COPY reads; ISO text compares
    like the dates), and the procedure is carried as its key until
    ``resolve_procedures`` gives it an id, once per chunk.
    """

    def __init__(self, province: Agency, mapping: dict[str, int], width: int):
        # Unmapped fields read the None that ``check`` appends after the last column.
        # The parsers are subscripted (``self.date[raw]``): a dict lookup once seen.
        self.width = width
        self.pick = operator.itemgetter(*(mapping.get(f, width) for f in parsing.FIELDS))
        self.agency = Cached(self._agency_parser(province))
        self.date = Cached(lambda raw: _iso(parsing.parse_date(raw)))
        self.channel = Cached(parsing.parse_channel)
        self.level = Cached(parsing.parse_level)
        self.flag = Cached(parsing.parse_flag)
        self.procedure_code = Cached(lambda raw: str(raw).strip()[:100] or None)
        self.procedure_name = Cached(_procedure_name_key)
        self.procedure_names: dict[str, str] = {}  # every key met: its name
        self.new_procedures: dict[str, str] = {}  # … of them met since the last chunk
        self.procedure_ids: dict[str | None, int | None] = {None: None}
        self.created_procedures: set[int] = set()  # by this import (deleted if it fails)

    @staticmethod
    def _agency_parser(province: Agency):
        """Match an agency by code, short name, name or alias within the province.

        A name shared by two units is ambiguous and refused (the code then must be used).
        """
        by_name: dict[str, int | None] = {}
        units = list(in_province(province).values("pk", "code", "short_name", "name", "aliases"))
        for unit in units:
            names = {unit["name"], unit["short_name"], *unit["aliases"].splitlines()}
            for key in {fold(n) for n in names if n and n.strip()}:
                by_name[key] = None if by_name.get(key, unit["pk"]) != unit["pk"] else unit["pk"]
        by_code = {unit["code"].lower(): unit["pk"] for unit in units}

        def parse(raw: object) -> int:
            text = str(raw or "").strip()
            if not text:
                raise BadValue(_("agency missing"))
            if text.lower() in by_code:
                return by_code[text.lower()]
            key = fold(text)
            if key not in by_name:
                raise BadValue(_("agency “%(v)s” not found in the directory") % {"v": text})
            if by_name[key] is None:
                raise BadValue(
                    _("agency name “%(v)s” matches several units, use the code") % {"v": text}
                )
            return by_name[key]

        return parse

    def check(self, row: list[object]) -> tuple:
        row.append(None)
        if len(row) <= self.width:  # a short line: the missing cells are empty
            row.extend([None] * (self.width + 1 - len(row)))
        code, p_code, p_name, agency, channel, level, received, due, finished, post = self.pick(row)
        code = str(code).strip() if code is not None else ""
        if not code:
            raise BadValue(_("dossier code missing"))
        if len(code) > 64 or "\t" in code or "\n" in code or "\\" in code or "\r" in code:
            raise BadValue(
                _("dossier code “%(v)s” is too long or has invalid characters") % {"v": code[:70]}
            )
        agency_id = self.agency[agency]
        date = self.date
        received = date[received]
        if received is None:
            raise BadValue(_("date received missing"))
        due = date[due]
        finished = date[finished]
        if due is not None and due < received:
            raise BadValue(_("promised return date before the date received"))
        if finished is not None and finished < received:
            raise BadValue(_("result return date before the date received"))
        level = self.level[level]
        channel = self.channel[channel]
        if channel is None:  # not given: an online level 3/4 means submitted online
            channel = Channel.ONLINE.value if level and level >= 3 else Channel.DIRECT.value
        procedure = self.procedure_code[p_code] if p_code else None
        if procedure is None and p_name:
            procedure = self.procedure_name[p_name]
        if procedure is not None and procedure not in self.procedure_names:
            name = " ".join(str(p_name or "").split())
            self.procedure_names[procedure] = self.new_procedures[procedure] = name
        return (
            agency_id,
            code,
            procedure,
            channel,
            level,
            received,
            due,
            finished,
            self.flag[post],
        )

    def take_new_procedures(self) -> dict[str, str]:
        """The procedures (key: name) met since the last call (called by the reading thread)."""
        new, self.new_procedures = self.new_procedures, {}
        return new

    def resolve_procedures(self, new: dict[str, str]) -> None:
        """Create these procedures if need be and learn their ids (the database thread)."""
        if not new:
            return
        known = set(Procedure.objects.filter(code__in=new).values_list("code", flat=True))
        Procedure.objects.bulk_create(
            [Procedure(code=key, name=name) for key, name in new.items() if key not in known],
            ignore_conflicts=True,
        )
        for code, pk in Procedure.objects.filter(code__in=new).values_list("code", "pk"):
            self.procedure_ids[code] = pk
            if code not in known:
                self.created_procedures.add(pk)


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def _procedure_name_key(raw: object) -> str | None:
    """A procedure named without its code is keyed by a hash of the name."""
    text = fold(raw)
    return "name:" + hashlib.sha1(text.encode()).hexdigest()[:20] if text else None


@dataclass
class Checked:
    """What reading a file found: the header, the mapping, counts, errors, first good rows."""

    header: list[str]
    header_line: int
    mapping: dict[str, int]
    rows_total: int = 0
    rows_bad: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    sample: list[tuple] = field(default_factory=list)


def _open(source: BinaryIO | bytes | str | Path) -> BinaryIO:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    if isinstance(source, str | Path):
        return open(source, "rb")  # noqa: SIM115 — closed by the caller's ``with``
    return source


def _read(
    source: BinaryIO,
    file_name: str,
    province: Agency,
    mapping: dict[str, int] | None,
) -> tuple[Checked, RowChecker, Iterator[tuple]]:
    """Read the header now; return it with a generator of the good rows (errors collected)."""
    header_line, header, rows = parsing.find_header(parsing.read_rows(source, file_name))
    mapping = dict(mapping) if mapping else parsing.guess_mapping(header)
    found = Checked([str(h or "") for h in header], header_line, mapping)
    parsing.check_mapping(mapping, len(header))
    checker = RowChecker(province, mapping, len(header))

    def good_rows() -> Iterator[tuple]:
        for line, row in enumerate(rows, start=header_line + 1):
            if not any(row) and all(cell in (None, "") for cell in row):
                continue  # blank line (``any`` first: in C, true for almost every row)
            found.rows_total += 1
            try:
                yield checker.check(row)
            except BadValue as exc:
                found.rows_bad += 1
                if len(found.errors) < MAX_STORED_ERRORS:
                    found.errors.append((line, str(exc)))

    return found, checker, good_rows()


def check_upload(uploaded) -> None:
    """Refuse a file that is too large or of the wrong type, with a clear message."""
    name = uploaded.name.lower()
    if not name.endswith((".csv", ".xlsx")):
        raise ValidationError(_("Only .csv or .xlsx files are accepted."), code="type")
    if uploaded.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(mb)d MB. Split it by month or by agency.")
            % {"mb": MAX_UPLOAD_MB},
            code="size",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")


# --- preview (dry run) ---------------------------------------------------------------------


def _require_import(user, province: Agency) -> None:
    """Refuse unless ``user`` may import dossiers of ``province`` (onestop/rules.py)."""
    require(
        user,
        "onestop.import_dossiers",
        province,
        _("Only the reform office of the province can import its dossiers."),
    )


def preview(
    province: Agency, uploaded, user, mapping: dict[str, int] | None = None
) -> tuple[ImportBatch, Checked]:
    """Store the upload as a batch awaiting confirmation and check every row (writes no dossier)."""
    _require_import(user, province)
    check_upload(uploaded)
    batch = ImportBatch(
        province=province, file_name=Path(uploaded.name).name, created_by=recorded(user)
    )
    found = _dry_run(batch, uploaded, mapping)
    batch.file.save(batch.file_name, uploaded, save=True)
    return batch, found


def read_header(batch: ImportBatch) -> list[str]:
    """The header cells of a stored upload (for the mapping form)."""
    with batch.file.open("rb") as handle:
        try:
            _line, header, _rows = parsing.find_header(parsing.read_rows(handle, batch.file_name))
        except BadFile as exc:
            raise ValidationError(str(exc), code="file") from None
    return [str(h or "") for h in header]


def remap(batch: ImportBatch, mapping: dict[str, int], user) -> Checked:
    """Check the stored file again with the mapping the user chose."""
    _require_import(user, batch.province)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError(_("This import has already been processed."))
    with batch.file.open("rb") as handle:
        found = _dry_run(batch, handle, mapping)
    batch.save()
    return found


def _dry_run(batch: ImportBatch, source: BinaryIO, mapping) -> Checked:
    try:
        found, _checker, good = _read(source, batch.file_name, batch.province, mapping)
        for row in good:
            if len(found.sample) < PREVIEW_ROWS:
                found.sample.append(row)
    except BadFile as exc:
        raise ValidationError(str(exc), code="file") from None
    batch.mapping = found.mapping
    batch.rows_total, batch.rows_bad = found.rows_total, found.rows_bad
    batch.errors = [list(e) for e in found.errors]
    return found


def confirm(batch: ImportBatch, user) -> ImportBatch:
    """Queue a previewed batch for import (with its possibly user-corrected mapping).

    One conditional update takes the batch out of *preview*: of two confirmations
    at once (two tabs, two officers, a double click) the second finds it taken and
    gets a message at once, instead of waiting on the first import.
    """
    _require_import(user, batch.province)
    from cchc.onestop.tasks import import_batch  # the tasks module imports this one

    with transaction.atomic():
        taken = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.QUEUED
        )
        if not taken:
            raise ValidationError(
                _(
                    "This import has already been confirmed (it is being processed or has finished)."
                ),
                code="taken",
            )
        import_batch.enqueue(batch.pk)  # with the database queue: in this transaction
    batch.refresh_from_db()
    return batch


def run_batch(batch_pk: int) -> ImportBatch | None:
    """The job of a confirmed batch: claim it, undo any cut-short run, import the file.

    A file that cannot be read marks the batch failed with the reason (the job
    succeeds: running it again would not help); any other error undoes the
    partial import and raises, for the queue to try again.
    """
    batch = ImportBatch.objects.select_related("province").filter(pk=batch_pk).first()
    waiting = (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
    if batch is None or batch.status not in waiting:
        return None
    rerun = batch.status == ImportBatch.Status.RUNNING  # an earlier run was cut short
    if not ImportBatch.objects.filter(pk=batch_pk, status=batch.status).update(
        status=ImportBatch.Status.RUNNING
    ):
        return None
    batch.status = ImportBatch.Status.RUNNING
    if rerun:
        _undo(batch.pk, ())  # the dossiers that run added (a killed worker)
    try:
        with batch.file.open("rb") as handle:
            return _import(batch, handle)
    except ValidationError as exc:
        fail_batch(batch.pk, " ".join(exc.messages))
        batch.refresh_from_db()
        return batch


def discard(batch_pk: int) -> None:
    """Remove what a failed batch added (its job was cut short every time)."""
    if ImportBatch.objects.filter(pk=batch_pk, status=ImportBatch.Status.FAILED).exists():
        _undo(batch_pk, ())


def fail_batch(batch_pk: int, message: str) -> None:
    ImportBatch.objects.filter(pk=batch_pk).exclude(status=ImportBatch.Status.DONE).update(
        status=ImportBatch.Status.FAILED, message=message, finished_at=timezone.now()
    )


# --- import ------------------------------------------------------------------------------


def import_file(
    province: Agency,
    source: BinaryIO | bytes | str | Path,
    file_name: str | None = None,
    user=None,
    mapping: dict[str, int] | None = None,
) -> ImportBatch:
    """Import a file in one step (tests, benchmark, command line); returns the batch.

    Raises ``ValidationError`` with a Vietnamese message for an unreadable file; the
    database is then unchanged. ``user``: the acting user (``SYSTEM`` for a command).
    """
    _require_import(user, province)
    file_name = file_name or Path(str(source)).name
    batch = ImportBatch(
        province=province, file_name=file_name, created_by=recorded(user), mapping=mapping or {}
    )
    batch.status = ImportBatch.Status.RUNNING
    batch.save()
    handle = _open(source)
    try:
        return _import(batch, handle)
    except BaseException:
        batch.delete()  # nothing of a failed one-step import stays
        raise
    finally:
        if handle is not source:
            handle.close()


def _import(batch: ImportBatch, source: BinaryIO) -> ImportBatch:
    """Import the file into the dossiers, chunk by chunk; undo it all if it fails."""
    checker = None
    try:
        found, checker, good = _read(source, batch.file_name, batch.province, batch.mapping)
        batch.mapping = found.mapping
        batch.save(update_fields=["mapping"])
        postgres = connection.vendor == "postgresql"
        chunks = _read_ahead(
            _prepared_chunks(good, checker, batch.pk, postgres),
            before_next=lambda item: checker.resolve_procedures(item[1]),
        )
        staged, created, updated = _stage_and_merge(chunks, checker, batch.pk)
    except BaseException as exc:
        _undo(batch.pk, checker.created_procedures if checker else ())
        if isinstance(exc, BadFile):
            raise ValidationError(str(exc), code="file") from None
        raise
    batch.rows_total, batch.rows_bad = found.rows_total, found.rows_bad
    batch.rows_created, batch.rows_updated = created, updated
    batch.rows_duplicate = staged - created - updated
    batch.errors = [list(e) for e in found.errors]
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def _undo(batch_id: int, procedures: Iterable[int]) -> None:
    """Delete the dossiers a batch added (chunk by chunk) and the procedures it created."""
    size = SQLITE_CHUNK if connection.vendor == "sqlite" else CHUNK
    after = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            # Forward along the primary key: each round starts where the last one stopped.
            cursor.execute(
                "SELECT id FROM onestop_dossier WHERE id > %s AND batch_id = %s ORDER BY id "
                "LIMIT %s",
                [after, batch_id, size],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                break
            Dossier.objects.filter(pk__in=ids)._raw_delete(connection.alias)
            after = ids[-1]
    procedures = list(procedures)
    if procedures:
        used = Dossier.objects.filter(procedure__in=procedures).values("procedure")
        Procedure.objects.filter(pk__in=procedures).exclude(pk__in=used).delete()


def _copy_text(chunk: list[tuple], ids: dict, batch_id: int) -> str:
    """Rows in COPY's text format (tab-separated, \\N for NULL; codes hold no tab or backslash)."""
    null = "\\N"
    end = f"\t{batch_id}\n"
    lines = []
    for agency, code, proc, channel, level, received, due, finished, post in chunk:
        proc = ids[proc]
        lines.append(
            f"{agency}\t{code}\t{null if proc is None else proc}\t{channel}\t"
            f"{null if level is None else level}\t{received}\t{due or null}\t"
            f"{finished or null}\t{'t' if post else 'f'}{end}"
        )
    return "".join(lines)


def _copy(cursor, table: str, text: str) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        copy.write(text)


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prepared_chunks(
    rows: Iterable[tuple], checker: RowChecker, batch_id: int, postgres: bool
) -> Iterator[tuple[list[tuple], dict[str, str], str | None]]:
    """The good rows in chunks: (rows, the procedures first met in them, COPY text).

    The COPY text (PostgreSQL) needs the ids of the chunk's procedures: it is
    written here when they are all known — the procedures of earlier chunks are
    created before the next chunk is read (``_read_ahead``'s ``before_next``) —
    else it is left (None) to the database thread, after it has created them.
    """
    for chunk in _chunks(rows, CHUNK if postgres else SQLITE_CHUNK):
        new = checker.take_new_procedures()
        ready = postgres and not new
        yield chunk, new, _copy_text(chunk, checker.procedure_ids, batch_id) if ready else None


def _read_ahead(items: Iterator, before_next) -> Iterator:
    """Yield from ``items`` while a helper thread already produces the next item.

    Reading and checking rows is pure Python (it holds the GIL); the database
    thread mostly waits on PostgreSQL, and psycopg releases the GIL while it
    waits, so the check of chunk n + 1 runs during the merge of chunk n.
    ``before_next(item)`` runs in this thread on each item before the helper
    starts on the next. The helper thread touches no database (Django connections
    belong to a thread); it uses the caller's language for the error messages. An
    error raised while reading comes out of ``ahead.result()`` here, as if read in
    this thread.
    """
    end = object()
    language = translation.get_language()

    def use_language() -> None:
        if language:
            translation.activate(language)
        else:
            translation.deactivate_all()

    with ThreadPoolExecutor(1, "onestop-read", use_language) as pool:
        ahead = pool.submit(next, items, end)
        while (item := ahead.result()) is not end:
            before_next(item)
            ahead = pool.submit(next, items, end)
            yield item


def _stage_and_merge(
    chunks: Iterable[tuple[list[tuple], dict[str, str], str | None]],
    checker: RowChecker,
    batch_id: int,
) -> tuple[int, int, int]:
    """Stage and merge the chunks into the dossier table; (staged, created, updated).

    One transaction per chunk, and one per chunk of the results applied at the end;
    the staging tables are temporary tables of this connection, kept across them.
    """
    postgres = connection.vendor == "postgresql"
    direct = postgres  # COPY straight into the dossier table until a chunk meets a known one
    staged = created = known = 0
    ids = checker.procedure_ids
    columns = ", ".join(COLUMNS)
    fields = (
        "agency_id bigint, code varchar(64), procedure_id bigint, channel smallint, "
        "online_level smallint, received date, due date, finished date, "
        "returned_by_post boolean, batch_id bigint"
    )
    with connection.cursor() as cursor:
        for table in (STAGING, KNOWN):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TEMP TABLE {STAGING} ({fields})")
        # ``n`` numbers the known rows, for applying them chunk by chunk.
        serial = "n bigserial" if postgres else "n integer PRIMARY KEY"
        cursor.execute(f"CREATE TEMP TABLE {KNOWN} ({serial}, {fields})")
        try:
            # The chunk's procedures exist already (``before_next`` in ``_import``).
            for chunk, _new_procedures, text in chunks:
                if postgres:
                    text = text or _copy_text(chunk, ids, batch_id)
                    if direct:
                        try:  # a refused COPY rolls its transaction back; its error is Django's
                            with transaction.atomic(), connection.wrap_database_errors:
                                _copy(cursor, "onestop_dossier", text)
                                _progress(batch_id, created + len(chunk))
                        except IntegrityError:
                            direct = False  # this chunk and the next go through the merge
                        else:
                            staged += len(chunk)
                            created += len(chunk)
                            continue
                with transaction.atomic():
                    if postgres:
                        _copy(cursor, STAGING, text)
                    else:
                        cursor.executemany(
                            f"INSERT INTO {STAGING} VALUES ({', '.join(['%s'] * len(COLUMNS))})",
                            [
                                (a, c, ids[p], ch, lv, r, d, f, b, batch_id)
                                for a, c, p, ch, lv, r, d, f, b in chunk
                            ],
                        )
                    # WHERE true: SQLite's parser needs it before ON CONFLICT after a SELECT.
                    cursor.execute(
                        f"INSERT INTO onestop_dossier ({columns}) SELECT {columns} FROM "
                        f"{STAGING} WHERE true ON CONFLICT (agency_id, code) DO NOTHING"
                    )
                    created += cursor.rowcount
                    if cursor.rowcount < len(chunk):  # known dossiers: keep those with a result
                        cursor.execute(
                            f"INSERT INTO {KNOWN} ({columns}) SELECT {columns} FROM {STAGING} "
                            "WHERE finished IS NOT NULL"
                        )
                        known += cursor.rowcount
                    cursor.execute(f"TRUNCATE {STAGING}" if postgres else f"DELETE FROM {STAGING}")
                    staged += len(chunk)
                    _progress(batch_id, created)
            updated = _apply_results(cursor, known, postgres) if known else 0
            if postgres and created > ANALYZE_AFTER:  # fresh statistics for the rates' plans
                cursor.execute("ANALYZE onestop_dossier")
        finally:
            for table in (STAGING, KNOWN):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
    return staged, created, updated


def _progress(batch_id: int, created: int) -> None:
    """The batch page shows the dossiers added so far while the import runs."""
    ImportBatch.objects.filter(pk=batch_id).update(rows_created=created)


def _apply_results(cursor, known: int, postgres: bool) -> int:
    """Bring the results of the known rows into their dossiers (never erasing one)."""
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    if postgres:
        cursor.execute(f"ANALYZE {KNOWN}")
    cursor.execute(f"SELECT min(n), max(n) FROM {KNOWN}")
    first, last = cursor.fetchone()
    size = CHUNK if postgres else SQLITE_CHUNK
    updated = 0
    for start in range(first, last + 1, size):
        with transaction.atomic():
            cursor.execute(
                "UPDATE onestop_dossier SET due = s.due, finished = s.finished, "
                "returned_by_post = s.returned_by_post "
                f"FROM {KNOWN} s WHERE s.n >= %s AND s.n < %s "
                "AND onestop_dossier.agency_id = s.agency_id "
                "AND onestop_dossier.code = s.code "
                f"AND (onestop_dossier.finished {differs} s.finished "
                f"OR onestop_dossier.due {differs} s.due "
                f"OR onestop_dossier.returned_by_post {differs} s.returned_by_post)",
                [start, start + size],
            )
            updated += cursor.rowcount
    return updated
