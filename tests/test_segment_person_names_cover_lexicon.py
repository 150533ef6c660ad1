"""Every person the actor lexicon names reaches segmentation (``stancelib.segment._PERSON_NAMES``).

Review r34 (diff_lib), L3: the person names of segment.py are a list typed from the actor lexicon
(stancelib/data/lexicon.json), and a test checked only that each is in the lexicon: a person added to the
lexicon never reached segmentation ("bruce", in the lexicon, was missing). The lexicon marks no actor as a
person, so the names cannot be derived from it; instead every actor entry must be either a person of segment.py
or one of the entries below, which are not a person's name (places, bodies, groups, phrases, patterns with
``*``). A new lexicon entry fails here until it is put on one side.
"""

from stancelib.lexicon import load_lexicon
from stancelib.segment import _PERSON_NAMES, segment

NOT_PEOPLE = frozenset(
    name.strip()
    for name in """    academics|african union|alibaba|amcham|america|american|american side|analysts|ankara|apple|asean|asml|
    australia*|baidu|beijing|berlin|boeing|both countries|both delegations|both governments|both leaders|
    both militaries|both readouts|both sides|brasilia|brazil*|britain|british|brussels|budapest|
    bureau of industry and security|business council|bytedance|cairo|canad*|canberra|chamber of commerce|china|
    chinese|chinese embassy|chinese leader|chinese readout|chinese side|commerce department|commerce ministry|
    congress|congressman|congresswoman|critics|czech*|dea|deepseek|defense department|democratic progressive party|
    democrats|department of defense|dpp|dutch|each side|eastern theater command|economists|egypt*|eu|european union|
    european*|experts|fbi|filipino|foreign ministry|france|french|g-7|g20 partners|g7|german*|germany|
    group of seven|gulf states|hanoi|homeland security|huawei|hungar*|iaea|imf|india*|indonesia*|industry groups|
    intel|investors|iran|islamabad|israel|israel*|italian|italy|jakarta|japan*|joint statement|jointly|
    justice department|kmt|kremlin|kuomintang|kyiv|legislative yuan|lithuania*|london|mainland affairs council|
    malaysia*|manila|many|markets|mexic*|mfa|micron|mofcom|moscow|national security council|nato|netherlands|
    new delhi|north korea|nsc|nvidia|observers|ofac|others|ottawa|pakistan*|pentagon|people's liberation army|
    philippin*|pla|prague|prc|presidential office|professor|pyongyang|qualcomm|republican|republicans|researchers|
    riyadh|russia*|saudi*|scholars|senator|senators|senior administration official|sensetime|seoul|singaporean|smic|
    some|south africa*|south korea*|southern theater command|specialist|state council|state department|taipei|
    taiwan affairs office|taiwan's|taiwanese|tehran|tencent|tesla|the administration|the ambassador|
    the chinese president|the chinese readout|the chinese side|the delegations|the deputy secretary|the embassy|
    the eu|the hague|the leaders|the ministry|the pentagon|the prc|the premier|the president|the secretary|
    the sides|the two|the two countries|the two delegations|the two governments|the two leaders|the two militaries|
    the two ministers|the two presidents|the two sides|the u.s. side|the un|the under secretary|the united states|
    the vice premier|the vice president|the white house|the who|they|think tank|tiktok|together|tokyo|treasury|tsmc|
    turkey|turkish|two sides|u.s.|u.s. readout|u.s. side|ukrainian*|united nations|united states|us|ustr|vietnam|
    vietnamese|vilnius|washington|white house|world bank|world health organization|world trade organization|wto|
    xinhua|zelensky*|zhongnanhai|zte""".split("|")
)


def test_every_actor_of_the_lexicon_is_a_person_of_segment_or_named_here_as_none():
    actors = {phrase for phrases in load_lexicon()["actor"].values() for phrase in phrases}
    unsorted = sorted(actors - _PERSON_NAMES - NOT_PEOPLE)
    assert not unsorted, (f"actor lexicon entries {unsorted}: add a person's name to "
                          "stancelib.segment._PERSON_NAMES, anything else to NOT_PEOPLE here")
    assert not NOT_PEOPLE & _PERSON_NAMES
    assert NOT_PEOPLE <= actors, sorted(NOT_PEOPLE - actors)  # no stale entry


def test_a_lexicon_person_after_an_initialism_opens_a_sentence():
    text = "The talks were held in the U.S. Bruce said the two sides agreed to meet again."
    assert [s.text for s in segment(text)] == [
        "The talks were held in the U.S.", "Bruce said the two sides agreed to meet again."]
