import csv
import io

import pytest

from quiz_app.csvsafe import safe_cell, write_csv


@pytest.mark.parametrize(
    "hostile",
    ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", " =HYPERLINK(\"http://x\")", "=cmd|' /C calc'!A0",
     "\u00a0=1", "%0A=1"],
)
def test_formula_starts_are_neutralised(hostile: str) -> None:
    cell = safe_cell(hostile)
    assert cell.startswith("'") and cell[1:] == hostile


@pytest.mark.parametrize(("value", "expected"), [(3, "3"), (0.5, "0.5"), (-2, "-2"), (True, "true"),
                                                 (None, ""), ("Almaty", "Almaty"), ("a=b", "a=b")])
def test_ordinary_values_are_kept(value, expected) -> None:
    assert safe_cell(value) == expected


def test_written_csv_parses_back_with_safe_cells() -> None:
    text = write_csv(["name", "score"], [["=evil()", 1], ['quote " and, comma', 0.5]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "score"], ["'=evil()", "1"], ['quote " and, comma', "0.5"]]
