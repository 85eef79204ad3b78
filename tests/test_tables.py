"""The command line's rows as an aligned table, TSV, CSV or JSON: what users read and what they pipe on."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bbao.tables import TABLE_FORMATS, format_table, read_tsv

COLUMNS = ["regulator", "regulatorLabel", "sign", "claim"]
ROWS = [
    ["CHEBI:33569", "noradrenaline", "negative", "BBAC:0000005"],
    ["PR:000009758", "leptin", "positive", "BBAC:0000022"],
    ["HGNC:3020", "DRD1", "positive", ""],
]


def test_the_formats():
    assert TABLE_FORMATS == ("table", "tsv", "csv", "json")


def test_table_pads_columns_to_the_widest_cell_with_a_rule_under_the_header():
    out = format_table(COLUMNS, ROWS)
    assert out.splitlines() == [
        "regulator     regulatorLabel  sign      claim",
        "------------  --------------  --------  ------------",
        "CHEBI:33569   noradrenaline   negative  BBAC:0000005",
        "PR:000009758  leptin          positive  BBAC:0000022",
        "HGNC:3020     DRD1            positive",
    ]
    assert not out.endswith("\n")
    assert out == format_table(COLUMNS, ROWS, "table")


def test_table_lines_have_no_padding_at_their_end_but_keep_a_cells_own_spaces():
    lines = format_table(["a", "b"], [["x", ""], ["longer", "y"], ["z", "trailing "]]).splitlines()
    assert lines[2:] == ["x", "longer  y", "z       trailing "]


def test_table_cuts_cells_beyond_max_width_with_an_ellipsis():
    rows = [["CHEBI:33569", "The sympathetic nerve is the main efferent pathway of the BBA"]]
    out = format_table(["id", "excerpt"], rows, max_width=12)
    lines = out.splitlines()
    assert lines[0] == "id           excerpt"
    assert lines[1] == "-----------  ------------"
    assert lines[2] == "CHEBI:33569  The sympath…"
    assert len(lines[2].split("  ")[1]) == 12
    # a cell at the limit is not cut, nor is the header when it fits
    assert format_table(["id"], [["ABCDEFGHIJKL"]], max_width=12).splitlines()[2] == "ABCDEFGHIJKL"


def test_a_header_longer_than_max_width_is_cut_too():
    out = format_table(["regulatorLabel"], [["x"]], max_width=5)
    assert out.splitlines() == ["regu…", "-----", "x"]


def test_max_width_does_not_apply_to_other_formats():
    long = "x" * 50
    assert format_table(["a"], [[long]], "tsv", max_width=5) == f"a\n{long}"
    assert json.loads(format_table(["a"], [[long]], "json", max_width=5)) == [{"a": long}]


def test_table_footer_comes_last():
    out = format_table(COLUMNS, ROWS, footer="(3 rows)")
    assert out.splitlines()[-1] == "(3 rows)"
    assert out.splitlines()[:-1] == format_table(COLUMNS, ROWS).splitlines()
    assert format_table(["a"], [], footer="(0 rows)").splitlines() == ["a", "-", "(0 rows)"]


def test_the_footer_belongs_to_the_table_only():
    assert "rows" not in format_table(COLUMNS, ROWS, "tsv", footer="(3 rows)")
    assert "rows" not in format_table(COLUMNS, ROWS, "csv", footer="(3 rows)")


def test_tsv_has_a_header_row_and_one_line_per_row():
    out = format_table(COLUMNS, ROWS, "tsv")
    assert out.splitlines() == ["\t".join(COLUMNS)] + ["\t".join(row) for row in ROWS]
    assert not out.endswith("\n")


def test_csv_quotes_delimiters_quotes_and_line_breaks():
    rows = [["Yang, Liu", 'the "BBA"', "two\nlines", "plain"]]
    out = format_table(["a", "b", "c", "d"], rows, "csv")
    assert out == 'a,b,c,d\n"Yang, Liu","the ""BBA""","two\nlines",plain'
    assert list(csv.reader(io.StringIO(out))) == [["a", "b", "c", "d"], *rows]


def test_tsv_escapes_what_would_break_a_row_and_reads_back():
    rows = [["a\tb", 'say "c"'], ["line\nbreak\r", "back\\slash"]]
    out = format_table(["x", "y"], rows, "tsv")
    assert out.splitlines() == ["x\ty", 'a\\tb\tsay "c"', "line\\nbreak\\r\tback\\\\slash"]  # quotes stay
    assert read_tsv(out) == (["x", "y"], rows)


def test_read_tsv_refuses_a_ragged_row():
    with pytest.raises(ValueError, match="line 2 has 1 cells for 2 columns"):
        read_tsv("x\ty\nonly")


def test_json_is_a_list_of_objects_keyed_by_column():
    out = format_table(COLUMNS, ROWS, "json")
    data = json.loads(out)
    assert data == [dict(zip(COLUMNS, row, strict=True)) for row in ROWS]
    assert list(data[0]) == COLUMNS  # keys in column order
    assert json.loads(format_table(COLUMNS, [], "json")) == []


def test_json_keeps_non_ascii_text_readable():
    out = format_table(["excerpt"], [["activating β_2 -AR"]], "json")
    assert "β_2" in out
    assert json.loads(out) == [{"excerpt": "activating β_2 -AR"}]


@pytest.mark.parametrize("fmt", ["xml", "TABLE", "", "markdown"])
def test_an_unknown_format_is_refused_with_the_choices(fmt):
    with pytest.raises(ValueError, match="table, tsv, csv, json") as info:
        format_table(COLUMNS, ROWS, fmt)
    assert repr(fmt) in str(info.value)


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
@pytest.mark.parametrize("row", [["only one"], ["x", "y", "z"]], ids=["short", "long"])
def test_a_row_with_the_wrong_number_of_cells_is_refused_in_every_format(fmt, row):
    # a row that does not fit the columns would shift every later cell of a TSV/CSV file one column over
    with pytest.raises(ValueError):
        format_table(["a", "b"], [row], fmt)
