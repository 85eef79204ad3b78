"""Bad curated input gives a clear error naming file, line and column, and writes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bbao.build import BUILT, build
from bbao.errors import BBAOError
from bbao.source import CLAIM_COLUMNS, LOGICAL_DEFINITIONS, TERM_COLUMNS, load_source, normalize_text


def edit(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a TSV file (``line`` counts the header as line 1)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(rows)


def append_row(path: Path, line: int) -> None:
    """Append a copy of row ``line`` at the end of the file."""
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*rows, rows[line - 1]]) + "\n", encoding="utf-8")


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
    edit(source_copy / "claims.tsv", 4, "section", "introduction")
    message = problems_of(source_copy, tmp_path)
    assert f"claims.tsv:3:{col('excerpt')} (excerpt): BBAC:0000002 has no supporting excerpt" in message
    assert f"claims.tsv:4:{col('section')} (section): BBAC:0000003: unknown section 'introduction'" in message


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
    assert "claims.tsv: not UTF-8 text" in message
    assert "metadata.toml: malformed TOML" in message


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
