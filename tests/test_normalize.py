"""normalize_text: the surface differences of real pages that carry no label, read one way."""

import pickle
import re
import string

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancelib.lexicon import normalize_text, normalize_texts, opening_dateline, tokenize
from stancelib.model import ReadoutClassifier

from . import dateline_cases

DATELINES = [
    "WASHINGTON (Reuters) - ",
    "BEIJING, Dec. 3 (Xinhua) -- ",
    "BEIJING, Dec 3 (Reuters) - ",
    "UNITED NATIONS — ",
    "UNITED NATIONS (AP) — ",
    "HONG KONG, 3 March -- ",
    "WASHINGTON, D.C. – ",
    "KYIV, Ukraine — ",
    "DES MOINES, Iowa, Oct. 19 -- ",
    "SHARM EL-SHEIKH, Egypt, Nov 15 (AFP) - ",
    "New Delhi, Nov 15 (PTI) - ",
    "WASHINGTON—",
    "BEIJING/WASHINGTON, Dec 3 (Reuters) - ",
    "SEOUL, South Korea (AP) — ",
    "TOKYO, Dec. 3 Kyodo - ",
    "MOSCOW, December 3. /TASS/. ",
    "Beijing (CNN) — ",
    "Hong Kong, Dec 3 (Reuters) - ",
]

#: Openings that look like a dateline and are not one: they are kept.
NOT_DATELINES = [
    "CUI: We oppose any such move.",               # a transcript's speaker label
    "NATO — the alliance — said it was watching.",  # an actor, not a place
    "US - China ties are at a low.",               # too short for a place in capitals
    "U.S. — China ties are at a low.",             # the country, not a place
    "The US (AP) - a headline fragment.",          # a place not in capitals needs a date before its agency
    "Washington - Beijing ties are at a low.",
    "Q: Did the two leaders discuss Taiwan?",
    "ROUNDUP OF CHINESE- AND ARABIC-LANGUAGE REPORTS",  # a suspended hyphen, not a dash
]

SENTENCE = "The Chinese side firmly opposes the U.S. sanctions, the ministry said."


@pytest.mark.parametrize("dateline", DATELINES)
def test_a_wire_dateline_opening_a_sentence_is_dropped(dateline):
    assert normalize_text(dateline + SENTENCE) == SENTENCE


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_what_only_looks_like_a_dateline_is_kept(text):
    assert normalize_text(text).startswith(text.split()[0].replace("US", "U.S."))
    assert len(tokenize(normalize_text(text))) == len(tokenize(text))


@pytest.mark.parametrize("text", dateline_cases.NOT_DATELINES)
def test_a_reviewers_openings_that_only_look_like_datelines_keep_every_word(text):
    assert opening_dateline(text) == ""
    # every word stays but a courtesy title ("MR. PRICE — ": the speaker's label keeps his name)
    assert tokenize(normalize_text(text)) == tokenize(re.sub(r"\bUS\b", "U.S.", re.sub(r"^MR\. ", "", text)))


@pytest.mark.parametrize("dateline, sentence", dateline_cases.DATELINES)
def test_a_reviewers_datelines_are_dropped_and_nothing_after_them(dateline, sentence):
    assert normalize_text(dateline + sentence) == normalize_text(sentence)
    if dateline.isascii():  # opening_dateline reads the text as given; normalize_text folds accents first
        assert opening_dateline(dateline + sentence) == dateline


def test_us_in_capitals_is_the_country_and_us_in_lower_case_the_pronoun():
    assert tokenize(normalize_text("The US and China; US-China talks; the US's view."))[:4] == ["the", "u.s", "and", "china"]
    assert "us" not in tokenize(normalize_text("The US and China; US-China talks; the US's view."))
    assert tokenize(normalize_text("He told us that the U.S. would act.")) == \
        ["he", "told", "us", "that", "the", "u.s", "would", "act"]
    assert normalize_text("USA and AUKUS and BUS") == "USA and AUKUS and BUS"  # only the word US
    assert normalize_text("CHINA WARNS US OVER TAIWAN") == "CHINA WARNS U.S. OVER TAIWAN"  # capitals: the country
    assert normalize_text("China-US ties; US-DPRK talks; US$5") == "China-U.S. ties; U.S.-DPRK talks; U.S.$5"
    assert normalize_text("lang=en-US at https://x.gov/US/page") == "lang=en-US at https://x.gov/US/page"


def test_html_character_references_are_decoded():
    assert normalize_text("&ldquo;We oppose it,&rdquo; she said of China&rsquo;s &quot;move&quot; &amp; its &#39;cost&#39;.") == \
        "“We oppose it,” she said of China’s \"move\" & its 'cost'."
    assert normalize_text("AT&T and R&D; Q&A") == "AT&T and R&D; Q&A"


def test_invisible_characters_accents_and_compatibility_forms():
    assert normalize_text("Tai\u00adwan and Wash\u200bington\ufeff") == "Taiwan and Washington"
    assert normalize_text("Erdoğan met Lula in Brasília， Türkiye said.") == "Erdogan met Lula in Brasilia, Turkiye said."
    assert normalize_text("two\u00a0sides") == "two sides"
    assert normalize_text("“We oppose it,” she said — firmly.") == "“We oppose it,” she said — firmly."  # quotes and dashes stay
    assert normalize_text("外交部 said") == "外交部 said"  # other scripts are left as they are


def test_plain_ascii_text_without_us_or_dateline_is_returned_as_is():
    text = "The two sides agreed to keep talking."
    assert normalize_text(text) is text
    assert normalize_texts([text, "The US said."]) == [text, "The U.S. said."]


@pytest.mark.parametrize("titled, plain", [
    ("Mr. Xi told Mr. Biden that Taiwan is a red line.", "Xi told Biden that Taiwan is a red line."),
    ("Mr Trump said Mr Xi had agreed.", "Trump said Xi had agreed."),
    ("Ms. Yellen and Mrs Raimondo met Messrs. He and Wang.", "Yellen and Raimondo met He and Wang."),
    ("MR. PRICE: We oppose it.", "PRICE: We oppose it."),
    ("Dr. Tedros welcomed it; Mme Lagarde did too.", "Tedros welcomed it; Lagarde did too."),
])
def test_a_courtesy_title_before_a_name_is_dropped(titled, plain):
    assert normalize_text(titled) == plain


@pytest.mark.parametrize("text", [
    "The forms say Mr. or Ms. before a surname.",  # no name straight after the title
    "Troops from DR Congo and MS-13 gangs; the MS Office suite.",  # capitals that are not titles
    "The Mrna vaccine; Drones over the strait; Msgr. Parolin spoke.",  # words that start like a title
    "He said, mr. xi, that it was over.",  # a title is before a capital
])
def test_what_only_looks_like_a_courtesy_title_is_kept(text):
    assert normalize_text(text) == text


@pytest.mark.parametrize("named, plain", [
    ("Chinese President Xi Jinping spoke with U.S. President Joe Biden.", "Xi spoke with Biden."),
    ("President Xi told President Trump that Taiwan is a red line.", "Xi told Trump that Taiwan is a red line."),
    ("Xi Jinping's call with Donald J. Trump", "Xi's call with Trump"),
    ("US President Donald Trump and Russian President Vladimir Putin", "Trump and Putin"),
    ("Taiwan's President Lai Ching-te; China's President Xi", "Taiwan's Lai Ching-te; Xi"),
    ("Joseph R. Biden Jr. took office; Barack Obama left.", "Biden Jr. took office; Obama left."),
    ("American President Biden met Philippine President Marcos.", "Biden met Philippine Marcos."),
])
def test_a_presidents_title_and_given_name_are_dropped(named, plain):
    assert normalize_text(named) == plain


@pytest.mark.parametrize("text", [
    "Vice President Harris met Vice-President Han; vice president Vance spoke.",  # the title says more than the name
    "Former President Trump and then-President Obama; former president Biden.",
    "The president Trump named; the Chinese president Xi.",  # "president" in lower case is not read
    "President-elect Trump said the President would not attend.",  # "President" alone: no name after it
    "Presidents Xi and Biden met; President Lee and President Zhang did not.",  # plural; names not listed
    "Joe Manchin and Donald Tusk; Vladimir Lenin; Xi Jinpings.",  # given names before other surnames
    "The Xi-Biden call; SuperPresident Xi; Anti-President Trump.",  # not a title standing as a word
])
def test_what_only_looks_like_a_presidents_title_or_given_name_is_kept(text):
    assert normalize_text(text) == text


@pytest.mark.parametrize("attributed, plain", [
    ("China will retaliate, Reuters reported.", "China will retaliate."),
    ("China will retaliate, the Associated Press reported on Monday.", "China will retaliate."),
    ('"We will respond," the AP said.', '"We will respond".'),
    ("Beijing is angry, according to Bloomberg News.", "Beijing is angry."),
    ("The talks stalled, according to a Kyodo News report.", "The talks stalled."),
    ("According to Reuters, the two sides agreed.", "The two sides agreed."),
    ("The New York Times reported on Monday that Chinese hackers breached it.", "Chinese hackers breached it."),
])
def test_a_news_outlets_attribution_opening_or_closing_a_sentence_is_dropped(attributed, plain):
    assert normalize_text(attributed) == plain


@pytest.mark.parametrize("text", [
    "The U.S. move is bullying, Xinhua said.",  # Chinese state media can speak for China (guide, Clarification 18)
    "According to the Global Times, the drills were a warning.",
    "China will retaliate, Reuters reported, citing two officials.",  # the sources it cites may be actors
    "Wang told Reuters that China would respond.",  # Wang speaks
    "Reuters: The Pentagon said on Monday that it acted.",  # a reporter's question in a briefing
    "China will respond, the report said.",  # which report: its issuer may be a party
    "The AP reported the vote was close.",  # no "that": only the plain form is dropped
])
def test_what_an_outlet_did_not_just_report_is_kept(text):
    assert normalize_text(text) == text


words = st.lists(st.text(alphabet=string.ascii_letters, min_size=1, max_size=12), min_size=1, max_size=12)
invisible = st.sampled_from(["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])


@given(words, st.data())
def test_invisible_characters_inside_words_change_no_token(ws, data):
    text = " ".join(ws)
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=4))
    marked = text
    for cut in sorted(cuts, reverse=True):
        marked = marked[:cut] + data.draw(invisible) + marked[cut:]
    assert tokenize(normalize_text(marked)) == tokenize(normalize_text(text))


@given(words, st.data())
def test_accents_on_letters_change_no_token(ws, data):
    text = " ".join(ws)
    marks = data.draw(st.lists(st.sampled_from(["\u0301", "\u0300", "\u0308", "\u0303", "\u030c", "\u0327"]),
                               min_size=len(text), max_size=len(text)))
    accented = "".join(c + m if c.isalpha() else c for c, m in zip(text, marks))
    assert tokenize(normalize_text(accented)) == tokenize(normalize_text(text))


@given(st.sampled_from(DATELINES), words)
def test_a_dateline_before_any_sentence_changes_no_token(dateline, ws):
    sentence = " ".join(ws)
    sentence = sentence[0].upper() + sentence[1:]  # a sentence opens with a capital (TASS's dateline has no dash)
    assert tokenize(normalize_text(dateline + sentence)) == tokenize(normalize_text(sentence))


@given(words, st.data())
def test_a_courtesy_title_before_any_capitalised_word_changes_no_token(ws, data):
    ws = [w[0].upper() + w[1:] for w in ws]
    at = data.draw(st.integers(0, len(ws) - 1))
    title = data.draw(st.sampled_from(["Mr. ", "Mr ", "Ms. ", "Mrs ", "MR. ", "Dr. "]))
    titled = " ".join(ws[:at] + [title + ws[at]] + ws[at + 1:])
    assert tokenize(normalize_text(titled)) == tokenize(normalize_text(" ".join(ws)))


NEXT_TO_A_NAME = {"vice", "former", "us", "american", "chinese", "russian", "donald", "joe", "joseph", "barack",
                  "vladimir", "jinping"}


@given(words, st.integers(0, 12), st.sampled_from([
    ("Chinese President Xi Jinping", "Xi"), ("President Xi", "Xi"), ("Xi Jinping", "Xi"),
    ("U.S. President Joe Biden", "Biden"), ("US President Donald J. Trump", "Trump"), ("Barack Obama", "Obama")]))
def test_a_presidents_full_name_anywhere_changes_no_token(ws, at, forms):
    # not a word the fold reads with the name beside it: a title it keeps (see above), a country before
    # "President", a given name before the surname or "Jinping" after "Xi" ("Joe" + "Joe Biden" is "Joe Biden")
    ws = [w for w in ws if w.lower() not in NEXT_TO_A_NAME] or ["said"]
    at = min(at, len(ws))
    full, surname = forms
    named, plain = (" ".join(ws[:at] + [name] + ws[at:]) for name in (full, surname))
    assert tokenize(normalize_text(named)) == tokenize(normalize_text(plain))


@given(words, st.sampled_from([", Reuters reported.", ", the Associated Press said.", ", according to AFP.",
                                ", Bloomberg News reported on Tuesday."]))
def test_an_outlets_closing_attribution_after_any_sentence_changes_no_token(ws, attribution):
    sentence = " ".join(ws)
    assert tokenize(normalize_text(sentence + attribution)) == tokenize(normalize_text(sentence + "."))


@given(st.text(max_size=80).filter(lambda t: "&" not in t))  # "&amp;lt;" decodes one level per call
def test_normalising_again_changes_nothing_for_text_without_a_dateline(text):
    once = normalize_text(text)
    if normalize_text(once) != once:  # only a second dateline or attribution under the first may go
        assert len(normalize_text(once)) < len(once)


def test_a_second_attribution_goes_on_a_second_pass():
    once = normalize_text("China will respond, the AP said, Reuters reported.")
    assert once == "China will respond, the AP said." and normalize_text(once) == "China will respond."


# ---- the model reads normalised text -------------------------------------------------------------

PAIRS = [  # (as the corpus writes it, as a real page may)
    ("The U.S. firmly opposes the move, the State Department said.",
     "The US firmly opposes the move, the State Department said."),
    ("China warned it would take countermeasures over Taiwan.",
     "BEIJING, Dec. 3 (Reuters) - China warned it would take counter\u00admeasures over Tai\u200bwan."),
    ("The two leaders agreed to keep talking.", "WASHINGTON (AP) — The two leaders agreed to keep talking."),
    ("Erdogan called for a ceasefire.", "Erdoğan called for a ceasefire."),
]


@pytest.fixture(scope="module")
def fitted(small_records):
    texts = [r["text"] for r in small_records]
    y = {f: [r[f] for r in small_records] for f in ("issue", "stance", "side")}
    return {flag: ReadoutClassifier(cv=0, normalize=flag).fit(texts, y) for flag in (True, False)}


def test_a_model_trained_with_normalize_labels_both_surfaces_alike(fitted):
    clf = fitted[True]
    plain, real = [p[0] for p in PAIRS], [p[1] for p in PAIRS]
    a, b = clf.predict_proba(plain), clf.predict_proba(real)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    compiled = clf.compile()
    c = compiled.predict_proba(real)
    assert all(np.allclose(a[k], c[k], atol=1e-5) for k in a)
    assert np.array_equal(clf.token_coverage(plain)[0], clf.token_coverage(real)[0])
    assert clf.explain(real[1]) == clf.explain(plain[1])


def test_without_normalize_the_surface_reaches_the_features(fitted):
    clf = fitted[False]
    a = clf.predict_proba([p[0] for p in PAIRS])
    b = clf.predict_proba([p[1] for p in PAIRS])
    assert not all(np.array_equal(a[k], b[k]) for k in a)
    assert clf.token_coverage([PAIRS[2][1]])[0][0] == clf.token_coverage([PAIRS[2][0]])[0][0] + 2  # washington, ap


def test_normalize_is_a_parameter_saved_with_the_model_and_its_export(fitted):
    from sklearn.base import clone

    from stancelib.compiled import CompiledModel

    clf = fitted[True]
    assert clf.get_params()["normalize"] is True and clone(clf).normalize is True
    assert pickle.loads(pickle.dumps(clf)).normalize is True
    meta, arrays = clf.compile().to_parts()
    assert meta["normalize"] is True and CompiledModel.from_parts(meta, arrays).normalize is True
    off_meta, _ = fitted[False].compile().to_parts()
    assert off_meta["normalize"] is False


def test_a_model_pickled_before_normalize_existed_reads_texts_as_given(fitted):
    state = fitted[False].__getstate__()
    assert "normalize" not in state  # off is what older models did: it pickles as they did
    old = ReadoutClassifier.__new__(ReadoutClassifier)
    old.__setstate__(dict(state))
    assert old.get_params()["normalize"] is False
    texts = [p[1] for p in PAIRS]
    assert old.predict(texts) == fitted[False].predict(texts)
    assert fitted[True].__getstate__()["normalize"] is True


# ---- the bundled model, and the script that measures this -----------------------------------------

def test_the_bundled_model_reads_normalised_text(model):
    assert model.normalize is True  # `model` is the session's load_model(): no copy of its own (0.2 s)


def test_surface_changes_the_bundled_model_normalises_change_no_label():
    """stancelib.evaluation.surface_changes on 400 held-out sentences: every change normalize_text undoes changes no
    label of the bundled model (before it read normalised text, a Reuters dateline changed the side
    of 20% of them); the script reports the rest as they are."""
    from stancelib.evaluation import SURFACE_CHANGES, heldout_records, surface_changes, surface_table

    rows = surface_changes([r["text"] for r in heldout_records()][:400])
    assert [r["change"] for r in rows] == list(SURFACE_CHANGES)
    for r in rows:
        if r["normalised"]:
            assert (r["issue"], r["stance"], r["side"]) == (0, 0, 0), r
    assert {r["change"] for r in rows if r["sentences"] == 0} <= {"British spellings", "U.S. for US"}
    assert surface_table(rows).count("\n") == len(rows) + 1


def test_the_robustness_script_prints_its_table_and_writes_json(tmp_path, capsys):
    import json

    from stancelib.evaluation import SURFACE_CHANGES
    from training.robustness import main

    assert main(["--sentences", "60", "--json", str(tmp_path / "r.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("60 sentences of the held-out documents; model: bundled (normalize=True)")
    assert "| Reuters dateline | yes |" in out and "regenerate: python -m training.robustness" in out
    rows = json.loads((tmp_path / "r.json").read_text())
    assert [r["change"] for r in rows] == list(SURFACE_CHANGES)


# ---- hard-wrapped text: a line break inside a sentence reads as a space -----------------------------------

@given(words, st.integers(0, 12), st.sampled_from(["\n", "\r\n", "\n  ", " \n", "\r", "\f", "\u2028", "\n\n"]))
def test_a_line_break_between_any_two_words_changes_no_token(ws, at, brk):
    at = min(max(at, 1), max(len(ws) - 1, 1))
    wrapped = " ".join(ws[:at]) + brk + " ".join(ws[at:])
    assert tokenize(normalize_text(wrapped)) == tokenize(normalize_text(" ".join(ws)))


def test_folds_read_across_a_line_break():
    # "Mr." + line break + "Xi" and a president's full name wrapped between its words fold as on one line
    assert normalize_text("Mr.\nXi told Ms.\r\nYellen that.") == "Xi told Yellen that."
    assert normalize_text("U.S. President\nJoe Biden called Chinese\nPresident Xi\nJinping.") == "Biden called Xi."


@pytest.mark.parametrize("wrapped, joined", [
    ("deepen coop-\neration on climate", "deepen cooperation on climate"),
    ("curb fent-\r\nanyl flows", "curb fentanyl flows"),
    ("the two econ-\n  omies", "the two economies"),
    ("military-to-\nmilitary talks", "military-to-military talks"),   # a compound's own hyphen stays
    ("a long-\nterm plan", "a long-term plan"),
    ("the right of self-\ndefence", "the right of self-defence"),
    ("the U.S.-\nChina talks", "the U.S.-China talks"),              # before a capital: no word was broken
    ("pages 3-\n4", "pages 3-4"),
    ("the one-\nChina policy", "the one-China policy"),
    ("COVID-\n19 rules", "COVID-19 rules"),
    ("China-\nbased firms", "China-based firms"),                   # a capitalised first part: a compound
    ("in-\ndepth talks", "in-depth talks"),
])
def test_a_word_hyphenated_across_a_line_break_is_joined(wrapped, joined):
    assert normalize_text(wrapped) == joined


def test_a_text_without_line_breaks_is_untouched_by_unwrapping():
    text = "The two sides held \"candid\" talks\ton trade - and tariffs."
    assert normalize_text(text) == text
