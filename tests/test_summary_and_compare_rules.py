"""``summarize`` counts labels, ``compare`` weighs probabilities: documented, since the two can disagree.

Review r32 (outputs, finding 11): on one side and one issue of one text, ``summarize`` gave concern
(a 1-1 tie, to the stronger stance) and ``compare_sides`` cooperation (probability-weighted share
0.63), with nothing saying that their rules differ.
"""

import numpy as np

import stancelib.comparison as comparison
import stancelib.summary as summary
from stancelib import SentenceLabel, summarize


def _label(text, stance, stance_p, issue_p=0.98):
    layout = (("issue", ("trade",)), ("stance", ("warning", "concern", "cooperation", "neutral")),
              ("side", ("us", "china")))
    values = np.asarray([issue_p, *stance_p, 0.9, 0.1], dtype=np.float32).tobytes()
    return SentenceLabel(text, (0, len(text)), ("trade",), stance, "us", min(issue_p, max(stance_p)),
                         _scores=(layout, values))


def test_a_tie_of_labels_and_a_weighed_share_can_name_different_stances_as_documented():
    # written for this test: an unsure concern sentence that leans to cooperation, and a sure cooperation one
    labels = [_label("Washington voiced some unease about the tariff plan.", "concern", (0.03, 0.6, 0.31, 0.06)),
              _label("Washington welcomed the joint tariff review.", "cooperation", (0.01, 0.01, 0.95, 0.03))]
    counted = summarize(labels)["trade"].side("us")
    assert (counted.stance, counted.share) == ("concern", 0.5)
    weighed = comparison._view("trade", labels, ["warning", "concern", "cooperation", "neutral"])
    assert weighed.stance == "cooperation" and weighed.firm
    said = {name: " ".join(doc.split()) for name, doc in (("summary", summary.__doc__),
                                                            ("comparison", comparison.__doc__),
                                                            ("summarize", summarize.__doc__))}
    assert ":func:`summarize` *counts labels*" in said["summary"] and "*weigh probabilities*" in said["summary"]
    assert ":func:`stancelib.summarize` counts labels" in said["comparison"]
    assert "by counting labels" in said["summarize"] and "disagree" in said["summarize"]
