"""How fast the import framework (safeguarding.core.imports) loads a long table, against the raw
database driver in the same run, and whether its memory stays flat as the file grows.

    .venv/bin/python benchmarks/imports.py [--rows 200000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hub_imports \
        .venv/bin/python benchmarks/imports.py

A CSV of --rows values (indicator, area, period typed as 31/03/2015, value: the long form the
performance framework will import) is written to a temporary directory and loaded into a
scratch table, created for the run and dropped after it:

- framework: read_table -> per-row checks (parse_date, a number) -> BulkWriter, in one
  transaction, as an app's import does;
- raw: csv.reader -> the same parsing -> the driver (SQLite executemany in one transaction;
  PostgreSQL COPY).

It prints rows/s of both, the ratio, and the framework's peak Python memory (tracemalloc) for
a quarter of the rows and for all of them: equal peaks mean it streams. On SQLite the database
is a temporary file; on PostgreSQL it is DATABASE_URL's (only the scratch table is touched).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AREAS = ["Preston", "Burnley", "Pendle", "Lancaster", "Wyre", "Fylde", "Chorley", "Ribble Valley"]


def write_csv(path: Path, rows: int) -> None:
    start = date(2015, 3, 31)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Indicator", "Area", "Period", "Value"])
        for number in range(rows):
            period = start + timedelta(days=number % 365)
            writer.writerow(
                [f"IND-{number % 97:03d}", AREAS[number % 8], f"{period:%d/%m/%Y}", number % 1000]
            )


def scratch_model():
    from django.db import models

    class ImportBenchmarkValue(models.Model):  # noqa: DJ008 - never shown
        indicator = models.CharField(max_length=20)
        area = models.CharField(max_length=50)
        period = models.DateField()
        value = models.FloatField()

        class Meta:
            app_label = "core"
            db_table = "import_benchmark_value"

    return ImportBenchmarkValue


def through_framework(model, path: Path) -> int:
    from django.db import transaction

    from safeguarding.core.imports import (
        BulkWriter,
        Column,
        ImportReport,
        parse_date,
        read_table,
    )

    columns = [
        Column("indicator", "Indicator", required=True),
        Column("area", "Area", required=True),
        Column("period", "Period", required=True, date=True),
        Column("value", "Value", required=True),
    ]
    report = ImportReport()
    with transaction.atomic():
        table = read_table(lambda: path.open("rb"), path.name, columns)
        writer = BulkWriter(model, ["indicator", "area", "period", "value"])
        for number, values in table.rows():
            try:
                period = parse_date(values["period"])
                value = float(values["value"])
            except ValueError as error:
                report.add_error(number, "Period", str(error))
                continue
            writer.add(values["indicator"], values["area"], period, value)
        writer.flush()
        if not report.ok:
            transaction.set_rollback(True)
    return writer.written


def _parsed(path: Path):
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for indicator, area, period, value in reader:
            yield indicator, area, datetime.strptime(period, "%d/%m/%Y").date(), float(value)  # noqa: DTZ007 - a date, no time


def through_driver(model, path: Path) -> int:
    from django.db import connection, transaction

    table = model._meta.db_table
    columns = "indicator, area, period, value"
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in _parsed(path):
                    copy.write_row(row)
                    count += 1
        else:
            rows = list(_parsed(path))  # executemany wants a sequence on this driver
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)",  # noqa: S608
                rows,
            )
            count = len(rows)
    return count


def timed(run, model, path: Path) -> float:
    model.objects.all().delete()
    started = time.perf_counter()
    count = run(model, path)
    elapsed = time.perf_counter() - started
    assert model.objects.count() == count  # noqa: S101 - the run must really have loaded
    return count / elapsed


def peak_memory(model, path: Path) -> int:
    model.objects.all().delete()
    tracemalloc.start()
    through_framework(model, path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="hub-import-bench-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(scratch / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.db import connection

    model = scratch_model()
    with connection.schema_editor() as editor:
        editor.create_model(model)
    try:
        full, quarter = scratch / "values.csv", scratch / "quarter.csv"
        write_csv(full, options.rows)
        write_csv(quarter, options.rows // 4)
        framework = timed(through_framework, model, full)
        raw = timed(through_driver, model, full)
        small, large = peak_memory(model, quarter), peak_memory(model, full)
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(model)
    driver = "COPY" if connection.vendor == "postgresql" else "executemany"
    print(f"{options.rows:,} rows on {connection.vendor}")
    print(f"framework (read_table + BulkWriter): {framework:,.0f} rows/s")
    print(f"raw driver ({driver}):               {raw:,.0f} rows/s")
    print(f"ratio framework/raw: {framework / raw:.0%}")
    print(
        f"framework peak Python memory: {small / 2**20:.1f} MiB for {options.rows // 4:,} rows, "
        f"{large / 2**20:.1f} MiB for {options.rows:,}"
    )


if __name__ == "__main__":
    main()
