"""Bad curated input gives a clear error naming file, line and column, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bbao.build import BUILT, build
from bbao.errors import BBAOError
from bbao.source import CLAIM_COLUMNS, LOGICAL_DEFINITIONS, TERM_COLUMNS, load_source, normalize_text


def rows_of(path: Path) -> list[list[str]]:
    """The rows of a curated table as plain TSV: one row a line, cells split on TAB, no quoting."""
    return [line.split("\t") for line in path.read_bytes().decode("utf-8").split("\n")[:-1]]


def write_rows(path: Path, rows: list[list[str]]) -> None:
    path.write_bytes("".join("\t".join(row) + "\n" for row in rows).encode("utf-8"))


def edit(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a TSV file (``line`` counts the header as line 1)."""
    rows = rows_of(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def append_row(path: Path, line: int) -> None:
    """Append a copy of row ``line`` at the end of the file."""
    rows = rows_of(path)
    write_rows(path, [*rows, rows[line - 1]])


def problems_of(source_dir: Path, tmp_path: Path) -> str:
    """Build into a folder of good artifacts; the build must fail and leave them as they were."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    good = {a.file: f"good {a.file}\n".encode() for a in BUILT if a.folder == "ontology"}
    for name, data in good.items():
        (out / name).write_bytes(data)
    with pytest.raises(BBAOError) as info:
        build(source_dir, out)
    for name, data in good.items():
        assert (out / name).read_bytes() == data, f"{name} was overwritten by a failed build"
    return str(info.value)


def col(name: str, columns=CLAIM_COLUMNS) -> int:
    return columns.index(name) + 1


def test_the_shipped_source_loads():
    from bbao import paths

    source = load_source(paths.source_dir())
    assert len(source.claims) >= 45
    assert len({c.id for c in source.claims}) == len(source.claims)


def test_unknown_curie_prefix(source_copy, tmp_path):
    edit(source_copy / "claims.tsv", 5, "object", "FOO:0001649")
    message = problems_of(source_copy, tmp_path)
    assert f"claims.tsv:5:{col('object')} (object): unknown prefix 'FOO'" in message


def test_malformed_identifier(source_copy, tmp_path):
    edit(source_copy / "claims.tsv", 6, "subject", "CHEBI:33 569")
    message = problems_of(source_copy, tmp_path)
    assert f"claims.tsv:6:{col('subject')} (subject): malformed CURIE" in message


def test_id_absent_from_import_modules(source_copy, tmp_path):
    edit(source_copy / "claims.tsv", 4, "object", "GO:9999999")
    message = problems_of(source_copy, tmp_path)
    assert f"claims.tsv:4:{col('object')} (object)" in message
    assert "GO:9999999 is absent from the import modules" in message


def test_minted_id_absent_from_terms(source_copy, tmp_path):
    edit(source_copy / "claims.tsv", 4, "subject", "BBAO:0999999")
    assert "BBAO:0999999 is absent from terms.tsv" in problems_of(source_copy, tmp_path)


def test_relation_outside_allowed_set(source_copy, tmp_path):
    edit(source_copy / "claims.tsv", 5, "relation", "RO:0002211")  # process-only 'regulates' on a chemical
    edit(source_copy / "claims.tsv", 7, "relation", "BFO:0000050")
    message = problems_of(source_copy, tmp_path)
    assert f"claims.tsv:7:{col('relation')} (relation)" in message
    assert "BFO:0000050 is not in the allowed set" in message
    # RO:0002211 is allowed, but carries no sign, so the negative sign of line 5 is refused
    assert f"claims.tsv:5:{col('sign')} (sign)" in message and "disagrees with RO:0002211" in message


def test_claim_without_evidence(source_copy, tmp_path):
    edit(source_copy / "claims.tsv", 3, "evidence", "")
    message = problems_of(source_copy, tmp_path)
    assert f"claims.tsv:3:{col('evidence')} (evidence): BBAC:0000002 has no evidence" in message


def test_claim_without_source_section_or_excerpt(source_copy, tmp_path):
    edit(source_copy / "claims.tsv", 3, "excerpt", "")
    edit(source_copy / "claims.tsv", 4, "section", "epilogue")
    message = problems_of(source_copy, tmp_path)
    assert f"claims.tsv:3:{col('excerpt')} (excerpt): BBAC:0000002 has no supporting excerpt" in message
    assert f"claims.tsv:4:{col('section')} (section): BBAC:0000003: unknown section 'epilogue'" in message


def test_duplicate_claim_id(source_copy, tmp_path):
    append_row(source_copy / "claims.tsv", 2)
    message = problems_of(source_copy, tmp_path)
    assert "duplicate claim id BBAC:0000001 (first on line 2)" in message


def test_excerpt_not_in_the_review(source_copy, tmp_path):
    edit(source_copy / "claims.tsv", 5, "excerpt", "NE promotes osteoblast differentiation")
    message = problems_of(source_copy, tmp_path)
    assert f"claims.tsv:5:{col('excerpt')} (excerpt): BBAC:0000004: excerpt not found in the review" in message


def test_sign_must_agree_with_relation(source_copy, tmp_path):
    edit(source_copy / "claims.tsv", 6, "sign", "positive")  # NE capable of negatively regulating ...
    assert "sign 'positive' disagrees with RO:0002597, which is 'negative'" in problems_of(source_copy, tmp_path)


def test_external_label_must_match_import_module(source_copy, tmp_path):
    terms = source_copy / "terms.tsv"
    rows = terms.read_text(encoding="utf-8").splitlines()
    line = next(i for i, r in enumerate(rows, 1) if r.startswith("CHEBI:33569\t"))
    edit(terms, line, "label", "norepinephrine")
    message = problems_of(source_copy, tmp_path)
    assert f"terms.tsv:{line}:{col('label', TERM_COLUMNS)} (label)" in message
    assert "differs from the import module's 'noradrenaline'" in message


def test_minted_term_needs_definition_and_mapping(source_copy, tmp_path):
    edit(source_copy / "terms.tsv", 3, "definition", "")
    edit(source_copy / "terms.tsv", 3, "mappings", "")
    message = problems_of(source_copy, tmp_path)
    assert "BBAO:0000002 has no definition" in message
    assert "BBAO:0000002 needs a SKOS mapping" in message


def test_malformed_tables_and_metadata(source_copy, tmp_path):
    (source_copy / "claims.tsv").write_bytes(b"\xff\xfe not text")
    (source_copy / "metadata.toml").write_text("[ontology\ntitle = ", encoding="utf-8")
    message = problems_of(source_copy, tmp_path)
    assert "claims.tsv:1: not UTF-8 text" in message
    assert "metadata.toml:1:10: malformed TOML: Expected ']'" in message


def test_every_problem_is_reported_at_once(source_copy, tmp_path):
    edit(source_copy / "claims.tsv", 3, "evidence", "")
    edit(source_copy / "claims.tsv", 9, "relation", "RO:9999999")
    message = problems_of(source_copy, tmp_path)
    assert "BBAC:0000002 has no evidence" in message and "RO:9999999 is not in the allowed set" in message


def test_normalize_joins_line_break_hyphenation():
    assert normalize_text("os-\n\nteoclastogenesis by upregulating") == "osteoclastogenesis by upregulating"
    assert normalize_text("FGF23\n\nknockout  mice") == "FGF23 knockout mice"


def test_build_refuses_artifacts_that_fail_shacl(source_copy, tmp_path):
    """Allowed relation and matching sign, so the tables pass; but a chemical is no disease (SHACL)."""
    claims = source_copy / "claims.tsv"
    edit(claims, 6, "relation", "BBAO:0000051")  # noradrenaline 'disease has negative effect on' ...
    message = problems_of(source_copy, tmp_path)
    assert "SHACL validation" in message
    assert "BBAC:0000005" in message and "needs a disease as subject, but CHEBI:33569" in message


def test_logical_definitions_are_read_once_into_a_graph_and_the_curies_it_uses():
    from bbao import paths

    source = load_source(paths.source_dir())
    assert source.logical is not None and len(source.logical.graph) > 50
    assert source.logical.path == paths.source_dir() / LOGICAL_DEFINITIONS
    assert {"CHEBI:24621", "CL:0000062", "CL:0000137", "RO:0003001", "UBERON:0001016"} <= set(source.logical_curies)
    assert all(not c.startswith("BBAO:") for c in source.logical_curies)  # minted terms need no import module
    assert source.logical_curies == source.logical.curies() == tuple(sorted(source.logical_curies))
    assert {"CL:0000062", "GO:0001649"} <= source.used_curies()
    line = source.logical.line_of("http://purl.obolibrary.org/obo/CHEBI_24621")
    assert line and "CHEBI_24621" in source.logical.lines[line - 1]


def test_malformed_logical_definitions_name_file_and_line(source_copy, tmp_path):
    path = source_copy / LOGICAL_DEFINITIONS
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[20] = "bbao:BBAO_0000099 owl:equivalentClass [ a owl:Class ; owl:unionOf ( ."
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edit(source_copy / "claims.tsv", 3, "evidence", "")  # reported in the same run
    message = problems_of(source_copy, tmp_path)
    assert f"{LOGICAL_DEFINITIONS}:21: malformed Turtle" in message
    assert "BBAC:0000002 has no evidence" in message


def test_logical_definitions_may_use_only_declared_terms(source_copy, tmp_path):
    path = source_copy / LOGICAL_DEFINITIONS
    text = path.read_text(encoding="utf-8")
    assert "obo:UBERON_0001016" in text
    path.write_text(text.replace("obo:UBERON_0001016", "obo:UBERON_9999999", 1), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "obo:UBERON_0001016" in row)
    message = problems_of(source_copy, tmp_path)
    assert f"{LOGICAL_DEFINITIONS}:{line}: UBERON:9999999 is absent from the import modules and terms.tsv" in message


def test_without_logical_definitions_the_source_still_loads(source_copy):
    (source_copy / LOGICAL_DEFINITIONS).unlink()
    source = load_source(source_copy)
    assert source.logical is None and source.logical_curies == ()


# --- the curated tables are plain TSV: a row is a line, cells split on TAB, no quoting (issue 17) ---

#: A claim of the abstract whose excerpt starts with a quotation mark (review.txt line 27), and a comment
#: that does too: CSV quoting took both marks away, so the excerpt was "not found in the review".
QUOTED = dict.fromkeys(CLAIM_COLUMNS, "") | {
    "id": "BBAC:0000900", "subject": "UBERON:0001017", "relation": "RO:0002596", "object": "GO:0046849",
    "sign": "none", "knowledge_level": "established", "mediator": "UBERON:0000013|GO:0007218",
    "evidence": "ECO:0000304", "section": "abstract",
    "excerpt": '"Brain-Bone Axis" \u2013 a bidirectional communication network between the brain and bone',
    "comment": '"Bidirectional": the review\'s word',
}


def add_quoted_claim(source_dir: Path) -> int:
    """Append the QUOTED claim (and the statement it encodes to coverage.tsv); returns its line."""
    path = source_dir / "claims.tsv"
    rows = rows_of(path)
    write_rows(path, [*rows, [QUOTED[c] for c in CLAIM_COLUMNS]])
    coverage = source_dir / "coverage.tsv"
    with coverage.open("a", encoding="utf-8") as handle:
        handle.write(f"S999\tabstract\t{QUOTED['excerpt']}\t{QUOTED['id']}\tcovered\t\n")
    return len(rows) + 1


def test_a_leading_quotation_mark_is_part_of_the_cell(source_copy):
    line = add_quoted_claim(source_copy)
    claim = next(c for c in load_source(source_copy).claims if c.id == "BBAC:0000900")
    assert claim.excerpt == QUOTED["excerpt"] and claim.comment == QUOTED["comment"]
    assert claim.mediator == ("UBERON:0000013", "GO:0007218") and claim.line == line


def test_cli_builds_a_claim_whose_excerpt_starts_with_a_quote(source_copy, tmp_path, capsys):
    from bbao.cli import main

    line = add_quoted_claim(source_copy)
    out = tmp_path / "out"
    assert main(["build", "--source", str(source_copy), "--out", str(out)]) == 0, capsys.readouterr().err
    assert f"built {line - 1} claims" in capsys.readouterr().out
    excerpt = QUOTED["excerpt"].replace('"', '\\"')
    assert f'"{excerpt}"' in (out / "bbao.nt").read_text(encoding="utf-8")  # the quotes kept, as N-Triples writes them


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_unicode_line_separator_stays_inside_its_cell(source_copy, tmp_path, separator):
    """str.splitlines ends a line at these: the row was cut in two and every later line number moved."""
    claims = source_copy / "claims.tsv"
    edit(claims, 3, "comment", f"first part{separator}second part")
    edit(claims, 9, "evidence", "")
    message = problems_of(source_copy, tmp_path)
    assert f"claims.tsv:9:{col('evidence')} (evidence): BBAC:0000008 has no evidence" in message
    assert message.count("\n") == 0, message  # that one problem only: line 3 is read whole
    edit(claims, 9, "evidence", "ECO:0000304")
    claim = next(c for c in load_source(source_copy).claims if c.id == "BBAC:0000002")
    assert claim.comment == f"first part{separator}second part" and claim.line == 3


@pytest.mark.parametrize("control", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r", "\x00"])
def test_a_control_character_in_a_cell_is_reported_where_it_is(source_copy, tmp_path, control):
    """Also line breaks for str.splitlines, and not allowed in XML 1.0 (RDF/XML): refused, at its own cell,
    and the lines after it keep their numbers."""
    claims = source_copy / "claims.tsv"
    edit(claims, 3, "comment", f"first part{control}second part")
    edit(claims, 9, "evidence", "")
    message = problems_of(source_copy, tmp_path)
    assert f"claims.tsv:3:{col('comment')} (comment): control character U+{ord(control):04X}" in message
    assert f"claims.tsv:9:{col('evidence')} (evidence): BBAC:0000008 has no evidence" in message


def test_crlf_line_ends_read_as_lf(source_copy):
    from bbao import paths

    shipped = load_source(paths.source_dir())
    for name in ("claims.tsv", "terms.tsv"):
        path = source_copy / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    copy = load_source(source_copy)
    assert copy.claims == shipped.claims and copy.terms == shipped.terms


def test_a_byte_order_mark_is_accepted(source_copy):
    from bbao import paths

    shipped = load_source(paths.source_dir())
    for name in ("claims.tsv", "terms.tsv"):
        path = source_copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    copy = load_source(source_copy)
    assert copy.claims == shipped.claims and copy.terms == shipped.terms


def test_a_row_with_the_wrong_number_of_cells_names_line_and_counts(source_copy, tmp_path):
    claims = source_copy / "claims.tsv"
    rows = rows_of(claims)
    rows[3].append("a stray cell")  # line 4: a TAB typed in the comment
    rows[6].pop()  # line 7: the comment's cell lost with its TAB
    rows[8][CLAIM_COLUMNS.index("evidence")] = ""  # line 9: still checked in the same run
    write_rows(claims, rows)
    message = problems_of(source_copy, tmp_path)
    n = len(CLAIM_COLUMNS)
    assert f"claims.tsv:4: {n + 1} cells, but the header has {n} columns" in message
    assert f"claims.tsv:7: {n - 1} cells, but the header has {n} columns" in message
    assert f"claims.tsv:9:{col('evidence')} (evidence): BBAC:0000008 has no evidence" in message


def test_invalid_utf8_names_file_line_and_cell(source_copy, tmp_path):
    claims = source_copy / "claims.tsv"
    lines = claims.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b"osteoblast", b"osteo\xe9blast", 1)  # a Latin-1 byte in the excerpt of line 5
    claims.write_bytes(b"\n".join(lines))
    edit_bytes = (source_copy / "review.txt").read_bytes().split(b"\n")
    edit_bytes[2] += b"\xff"
    (source_copy / "review.txt").write_bytes(b"\n".join(edit_bytes))
    (source_copy / "metadata.toml").write_bytes(b"# caf\xe9\n" + (source_copy / "metadata.toml").read_bytes())
    message = problems_of(source_copy, tmp_path)
    assert f"claims.tsv:5:{col('excerpt')} (excerpt): not UTF-8 text" in message
    assert "review.txt:3: not UTF-8 text" in message
    assert "metadata.toml:1: not UTF-8 text" in message


def test_a_utf16_table_is_named_as_such(source_copy, tmp_path):
    claims = source_copy / "claims.tsv"
    claims.write_bytes(claims.read_text(encoding="utf-8").encode("utf-16"))
    message = problems_of(source_copy, tmp_path)
    assert "claims.tsv:1: not UTF-8 text" in message and "UTF-16" in message


@pytest.mark.parametrize(("header", "expected"), [
    (lambda h: [("quote" if c == "excerpt" else c) for c in h],
     "claims.tsv:1: header lacks column excerpt; unknown column quote"),
    (lambda h: [*h, "notes"], "claims.tsv:1: unknown column notes"),
    (lambda h: h[:-1], "claims.tsv:1: header lacks column comment"),
    (lambda h: [" id", *h[1:]], "claims.tsv:1: header lacks column id; unknown column ' id'"),
    (lambda h: [h[1], h[0], *h[2:]], "claims.tsv:1: the columns must be, in this order: id, subject, relation"),
    (lambda h: [*h[:-1], "sign"], "claims.tsv:1: header lacks column comment; column sign twice"),
])
def test_the_header_must_be_exactly_the_expected_columns(source_copy, tmp_path, header, expected):
    claims = source_copy / "claims.tsv"
    rows = rows_of(claims)
    write_rows(claims, [header(rows[0]), *rows[1:]])
    assert expected in problems_of(source_copy, tmp_path)


def test_cli_reports_a_ragged_row_and_writes_nothing(source_copy, tmp_path, capsys):
    from bbao.cli import main

    terms = source_copy / "terms.tsv"
    rows = rows_of(terms)
    rows[4] = rows[4][:5]
    write_rows(terms, rows)
    out = tmp_path / "out"
    assert main(["build", "--source", str(source_copy), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "terms.tsv:5: 5 cells, but the header has 11 columns" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(("text", "expected"), [
    ('[ontology]\ntitle = "BBAO"\nversion = 2026-11-24\n[ontology]\n', "metadata.toml:4:"),
    ('ontology = "BBAO"\n', "metadata.toml: [ontology] must be a table"),
    ('[[section]]\nkey = "abstract"\nheading = 3\ndirection = "overview"\n',
     "metadata.toml:1: [[section]] heading must be a string (in quotes), not 3"),
    ('[[reference]]\nnumber = "one"\nauthors = "A"\nyear = "2020"\ntitle = "T"\njournal = "J"\n',
     "metadata.toml:1: [[reference]] number must be an integer, not 'one'"),
])
def test_malformed_metadata_is_a_problem_not_a_traceback(source_copy, tmp_path, text, expected):
    (source_copy / "metadata.toml").write_text(text, encoding="utf-8")
    assert expected in problems_of(source_copy, tmp_path)


def test_a_table_with_cr_line_ends_is_refused_at_its_header(source_copy, tmp_path):
    """Rows end at LF or CR LF only: a file saved with classic Mac line ends is one line, and says so."""
    terms = source_copy / "terms.tsv"
    terms.write_bytes(terms.read_bytes().replace(b"\n", b"\r"))
    message = problems_of(source_copy, tmp_path)
    assert "terms.tsv:1: a carriage return (CR) inside the header line" in message and len(message) < 2000
