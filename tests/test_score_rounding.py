"""What ``SentenceLabel.scores`` promises about sums: 1 before rounding, within 0.00005 a label after.

Review r32 (outputs, finding 10): the docstring said stance and side probabilities sum to 1, but
they are rounded to 4 decimals each, so a third of labels sum to 0.9999 or 1.0001. They are not
renormalised (that would move the chosen label's score away from ``confidence`` and change the
shares ``compare`` weighs); the docstring now says so.
"""

from stancelib import SentenceLabel, classify

from .conftest import SEED_ARTICLE


def test_single_label_heads_sum_to_one_within_the_rounding_and_keep_confidence():
    labels = classify(SEED_ARTICLE.read_text(encoding="utf-8"))
    off = 0
    for lab in labels:
        for head in ("stance", "side"):
            per = lab.scores[head]
            total = sum(per.values())
            assert abs(total - 1) <= 5e-5 * len(per) + 1e-9
            off += round(total, 6) != 1
        if lab.confidence_head != "ood":
            chosen = [lab.scores["stance"][lab.stance], lab.scores["side"][lab.side],
                      *(lab.scores["issue"][c] for c in lab.issues)]
            assert lab.confidence == min(chosen)
    assert off  # the article holds sums that are not exactly 1, which the docstring must therefore not promise
    doc = " ".join(SentenceLabel.__doc__.split())
    assert "sum to 1 before rounding" in doc and "within 0.00005 per label" in doc
