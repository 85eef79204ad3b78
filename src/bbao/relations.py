"""The relations a claim may use, each with the sign it carries.

The sign must be readable from the predicate alone (so the relation graph keeps it), so every allowed
relation has exactly one sign, and a claim's ``sign`` column must agree with it. The choice of relation
follows the RO/BFO domain and range axioms (see README, "Data model"): material entity -> process uses
'capable of (negatively|positively) regulating', disease -> process uses the BBAO disease relations,
drug -> disease uses 'ameliorates condition' or 'exacerbates condition', and so on.
"""

from __future__ import annotations

from typing import Literal

Sign = Literal["positive", "negative", "none"]
SIGNS: tuple[Sign, ...] = ("positive", "negative", "none")

#: CURIE of each allowed relation -> the sign it expresses.
ALLOWED_RELATIONS: dict[str, Sign] = {
    # material entity -> process
    "RO:0002596": "none",  # capable of regulating
    "RO:0002597": "negative",  # capable of negatively regulating
    "RO:0002598": "positive",  # capable of positively regulating
    "RO:0000056": "none",  # participates in
    # process -> process
    "RO:0002211": "none",  # regulates
    "RO:0002212": "negative",  # negatively regulates
    "RO:0002213": "positive",  # positively regulates
    # material entity -> material entity
    "RO:0018027": "positive",  # is agonist of
    "RO:0018029": "negative",  # is antagonist of
    "RO:0002436": "none",  # molecularly interacts with
    "RO:0003000": "none",  # produces
    "RO:0003001": "none",  # produced by
    "RO:0003003": "positive",  # increases expression of
    "RO:0011003": "none",  # regulates quantity of
    "RO:0002566": "none",  # causally influences
    "RO:0002206": "none",  # expressed in
    # entity -> condition
    "RO:0003307": "negative",  # ameliorates condition
    "RO:0003309": "positive",  # exacerbates condition
    "RO:0003304": "positive",  # contributes to condition
    "RO:0019501": "positive",  # confers susceptibility to condition
    "RO:0003308": "none",  # correlated with condition
    "RO:0020333": "none",  # indicates risk of developing
    # disease -> gene, cell, phenotype, process
    "RO:0004003": "none",  # has material basis in germline mutation in
    "RO:0004020": "none",  # disease has basis in dysfunction of
    "RO:0002200": "none",  # has phenotype
    "BBAO:0000050": "positive",  # disease has positive effect on
    "BBAO:0000051": "negative",  # disease has negative effect on
}
