"""Generate ontology/src/go-relations.tsv from Debian r-bioc-go.db's GO.sqlite (development aid, not shipped).

Usage: ``python tools/go_relations.py [GO.sqlite [REFERENCE_DIR]] > ontology/src/go-relations.tsv`` (install the
Debian package ``r-bioc-go.db`` first; REFERENCE_DIR is the verified reference, ``../shared/reference``), then
``bbao imports --reference REFERENCE_DIR`` and ``bbao build``.

Rows: every part of / regulates / negatively regulates / positively regulates edge of go_bp/mf/cc_parents
between two GO classes of the reference fragment (fragments/go.ttl), plus the shortest is_a/part_of paths that
connect two verified GO terms (reference terms.tsv) which GO connects but the fragment's is_a edges and those
part of edges do not, through classes outside the fragment ("intermediates"), each placed by its is_a edges.
"""
import csv
import sqlite3
import sys
from collections import defaultdict, deque

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

SQLITE = sys.argv[1] if len(sys.argv) > 1 else "/usr/lib/R/site-library/GO.db/extdata/GO.sqlite"
REF = sys.argv[2] if len(sys.argv) > 2 else "../shared/reference"
REL = {"part of": "BFO:0000050", "regulates": "RO:0002211", "negatively regulates": "RO:0002212",
       "positively regulates": "RO:0002213", "isa": "rdfs:subClassOf"}


def curie(node) -> str:
    return str(node).rsplit("/", 1)[1].replace("_", ":")


frag = Graph().parse(f"{REF}/fragments/go.ttl")
F = {curie(s) for s in frag.subjects(RDF.type, OWL.Class) if "/GO_" in str(s)}
frag_isa = defaultdict(set)
for s, o in frag.subject_objects(RDFS.subClassOf):
    if "/GO_" in str(s) and "/GO_" in str(o):
        frag_isa[curie(s)].add(curie(o))
with open(f"{REF}/terms.tsv", encoding="utf-8") as handle:
    verified = {r["curie"] for r in csv.DictReader(handle, delimiter="\t") if r["curie"].startswith("GO:")}

db = sqlite3.connect(SQLITE)
label = dict(db.execute("SELECT go_id, term FROM go_term"))
obsolete = {r[0] for r in db.execute("SELECT go_id FROM go_obsolete")}
out = defaultdict(list)  # subject -> [(rel, object, table)]
for ns in ("bp", "mf", "cc"):
    for a, b, rel in db.execute(
            f"SELECT a.go_id, b.go_id, p.relationship_type FROM go_{ns}_parents p "
            f"JOIN go_term a ON a._id = p._id JOIN go_term b ON b._id = p._parent_id"):
        out[a].append((rel, b, f"go_{ns}_parents"))
for a in F:  # the fragment's is_a edges are GO.sqlite's
    assert {b for rel, b, _ in out[a] if rel == "isa"} >= frag_isa[a] - {x for x in frag_isa[a] if not x.startswith("GO:")}, a

def closure(start, parents):
    seen, todo = {start}, [start]
    while todo:
        for p in parents(todo.pop()):
            if p not in seen:
                seen.add(p)
                todo.append(p)
    return seen

def go_up(x):
    return [b for rel, b, _ in out[x] if rel in ("isa", "part of")]

inter: set[str] = set()
while True:
    kept = F | inter
    rows = {(a, rel, b, t) for a in kept for rel, b, t in out[a] if b in kept and (rel != "isa" or a in inter)}
    up = defaultdict(set)
    for a in F:
        up[a] |= frag_isa[a]
    for a, rel, b, _ in rows:
        if rel in ("isa", "part of"):
            up[a].add(b)
    added = False
    for a in sorted(verified):
        missing = (closure(a, go_up) & verified) - closure(a, lambda x: up[x])
        for target in sorted(missing):
            # shortest is_a/part_of path a -> target in GO
            prev, queue = {a: None}, deque([a])
            while queue:
                x = queue.popleft()
                if x == target:
                    break
                for y in go_up(x):
                    if y not in prev:
                        prev[y] = x
                        queue.append(y)
            node = prev[target]
            while node is not None and node != a:
                if node not in kept:
                    inter.add(node)
                    added = True
                node = prev[node]
    # every intermediate must reach the fragment by is_a
    for x in list(inter):
        if not any(rel == "isa" and b in F | inter for rel, b, _ in out[x]):
            sys.exit(f"{x} has no is_a parent in the fragment")
    if not added:
        break

for x in F | inter:
    assert x not in obsolete, x
    assert x in label, x
w = sys.stdout
w.write("subject\tsubject_label\trelation\tobject\tobject_label\tsource\n")
for a, rel, b, table in sorted(rows, key=lambda r: (r[0], REL[r[1]], r[2])):
    w.write(f"{a}\t{label[a]}\t{REL[rel]}\t{b}\t{label[b]}\t"
            f"r-bioc-go.db 3.16.0-1 GO.sqlite {table} relationship_type '{rel}' (GO 2022-07-01)\n")
print("intermediates:", sorted((x, label[x]) for x in inter), file=sys.stderr)
