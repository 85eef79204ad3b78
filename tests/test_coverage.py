"""The coverage table: every statement of the review covered by claims or excused, every claim tied to a
statement, each defect named with its file and line; the build refuses a table that does not hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from bbao import paths
from bbao.cli import main
from bbao.coverage import COVERAGE, COVERAGE_COLUMNS, check_coverage, read_coverage, summary
from bbao.source import load_source


def shipped_statements():
    source = load_source(paths.source_dir())
    problems: list = []
    statements = read_coverage(source, problems)
    assert problems == []
    assert statements is not None, "ontology/src/coverage.tsv is missing"
    return source, statements


def test_the_shipped_table_ties_every_statement_and_every_claim():
    source, statements = shipped_statements()
    assert check_coverage(source) == []
    assert len(statements) >= 120  # the review's factual statements, one row each
    named = {cid for s in statements for cid in s.claims}
    assert named == {c.id for c in source.claims}
    counts = summary(statements)
    assert counts["covered"] + counts["out_of_scope"] == counts["statements"] == len(statements)
    assert counts["covered"] > counts["out_of_scope"]


def test_statements_follow_the_review_in_order():
    source, statements = shipped_statements()
    assert [s.id for s in statements] == [f"S{n:03d}" for n in range(1, len(statements) + 1)]
    assert source.review_text is not None
    from bbao.source import normalize_text

    review = normalize_text(source.review_text)
    positions = [review.find(normalize_text(s.text)) for s in statements]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)


@pytest.mark.parametrize("words, obj, level", [
    # a prospect stays a hypothesis: "providing new ideas for the treatment of comorbidities like AD and osteoporosis"
    ("providing new ideas for the treatment", "MONDO:0004975", "hypothesis"),
    # the review's "spatial learning", not GO 'visual learning' (BBAO:0000047, under GO 'learning')
    ("impaired spatial learning ability in offspring", "BBAO:0000047", "experimental_finding"),
    # "TBI disrupts the HPA axis": an effect of the disease on the axis, not the basis of the disease
    ("TBI disrupts the HPA axis", "BBAO:0000017", "established"),
])
def test_statements_the_issue_names_are_covered_by_the_right_claims(words, obj, level):
    source, statements = shipped_statements()
    statement = next(s for s in statements if words in s.text)
    assert statement.status == "covered"
    claims = {c.id: c for c in source.claims}
    found = [claims[cid] for cid in statement.claims if claims[cid].object == obj]
    assert found and all(c.knowledge_level == level for c in found), statement


def table(tmp_path: Path, source_copy: Path, *rows: str) -> Path:
    path = source_copy / COVERAGE
    path.write_text("\t".join(COVERAGE_COLUMNS) + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_text_not_in_the_review_a_missing_claim_and_an_untied_claim_are_named(source_copy, tmp_path):
    first = load_source(source_copy).claims[0]
    others = [c.id for c in load_source(source_copy).claims[1:]]
    path = table(tmp_path, source_copy,
                 f"S001\tabstract\tThe brain regulates the moon\t{first.id}\tcovered\t",
                 "S002\tabstract\tThe central nervous system regulates bone remodeling\tBBAC:9999999\tcovered\t",
                 f"S003\tabstract\tskeletal system\t{'|'.join(others)}\tcovered\t")
    problems = [str(p) for p in check_coverage(load_source(source_copy))]
    assert f"{path}:2:3 (text): S001: text not found in the review: 'The brain regulates the moon'" in problems
    assert f"{path}:3:4 (claims): S002: BBAC:9999999 is not a claim of claims.tsv" in problems
    assert len(problems) == 2  # every claim is named once


def test_a_claim_no_statement_names_is_reported_at_its_line(source_copy, tmp_path):
    source = load_source(source_copy)
    kept = [c.id for c in source.claims if c.id != source.claims[3].id]
    table(tmp_path, source_copy, f"S001\tabstract\tskeletal system\t{'|'.join(kept)}\tcovered\t")
    problems = [str(p) for p in check_coverage(load_source(source_copy))]
    claim = source.claims[3]
    assert problems == [f"{source_copy / 'claims.tsv'}:{claim.line} (id): {claim.id} is tied to no statement of "
                        f"{COVERAGE}: name it in the claims of the statement it encodes"]


def test_rows_need_claims_when_covered_and_a_reason_when_excused(source_copy, tmp_path):
    ids = "|".join(c.id for c in load_source(source_copy).claims)
    path = table(tmp_path, source_copy,
                 f"S001\tabstract\tskeletal system\t{ids}\tcovered\t",
                 "S002\tabstract\tskeletal system\t\tcovered\t",
                 "S003\tabstract\tskeletal system\t\tout_of_scope\t",
                 "S003\tabstract\tskeletal system\t\tout_of_scope\tframing",
                 "S4\tnowhere\tskeletal system\t\tmaybe\t")
    problems = [str(p) for p in check_coverage(load_source(source_copy))]
    assert problems == [
        f"{path}:3:4 (claims): S002 is covered but names no claim",
        f"{path}:4:6 (reason): S003 is out of scope but gives no reason",
        f"{path}:5:1 (statement): duplicate statement id S003 (first on line 4)",
        f"{path}:6:1 (statement): statement id 'S4' must be S followed by three or more digits",
        f"{path}:6:2 (section): S4: unknown section 'nowhere'",
        f"{path}:6:5 (status): S4: status 'maybe' must be one of covered, out_of_scope",
    ]


def test_the_build_refuses_an_untied_claim_naming_it(source_copy, tmp_path, capsys):
    source = load_source(source_copy)
    kept = [c.id for c in source.claims[1:]]
    table(tmp_path, source_copy, f"S001\tabstract\tskeletal system\t{'|'.join(kept)}\tcovered\t")
    out = tmp_path / "release" / "ontology"
    assert main(["build", "--source", str(source_copy), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{source.claims[0].id} is tied to no statement of coverage.tsv" in err and "Traceback" not in err
    assert not out.exists()


def test_without_a_table_nothing_is_checked(source_copy):
    (source_copy / COVERAGE).unlink(missing_ok=True)
    source = load_source(source_copy)
    assert read_coverage(source, []) is None and check_coverage(source) == []
