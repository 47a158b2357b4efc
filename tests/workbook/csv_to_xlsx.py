#!/usr/bin/env python3
"""CSV files into one Excel workbook, a sheet per file, as a council's own workbook
would hold them: numbers as numbers, ISO dates as dates (shown yyyy-mm-dd), the rest
as text, and empty fields as empty cells. Text that a number would not give back
exactly (1.50, 007) stays text, as Excel keeps a value typed after an apostrophe.
Written with Debian's python3-openpyxl in its streaming mode, so a large file is not
held whole. Used by tests/workbook/run.py and tests/bench/xlsx.sh.

Usage: csv_to_xlsx.py OUT.xlsx SHEET=FILE.csv [SHEET=FILE.csv ...]
"""
import csv
import datetime
import re
import sys

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import NamedStyle

INTEGER = re.compile(r"-?(0|[1-9][0-9]{0,14})$")
DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+$")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def cell_value(text):
    """The value a person typing text into Excel would store; None for an empty cell."""
    if text == "":
        return None
    if INTEGER.match(text):
        return int(text)
    if DECIMAL.match(text) and repr(float(text)) == text:
        return float(text)
    if ISO_DATE.match(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def write_workbook(out, sheets):
    """Writes out from sheets, a list of (sheet name, CSV path)."""
    book = openpyxl.Workbook(write_only=True)
    date_style = NamedStyle(name="iso date", number_format="yyyy-mm-dd")
    book.add_named_style(date_style)
    for name, path in sheets:
        sheet = book.create_sheet(name)
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                cells = []
                for text in row:
                    value = cell_value(text)
                    if isinstance(value, datetime.date):
                        cell = WriteOnlyCell(sheet, value=value)
                        cell.style = date_style
                        value = cell
                    cells.append(value)
                sheet.append(cells)
    book.save(out)


if __name__ == "__main__":
    if len(sys.argv) < 3 or any("=" not in a for a in sys.argv[2:]):
        sys.exit(__doc__.strip().splitlines()[-1])
    write_workbook(sys.argv[1], [tuple(a.split("=", 1)) for a in sys.argv[2:]])
