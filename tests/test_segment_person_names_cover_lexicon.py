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
    for name in """    abu dhabi|academics|african union|alibaba|amcham|america|american|american side|analysts|ankara|apple|argentin*|
    asean|asml|australia*|austria|baidu|bangladesh*|beijing|belgium|berlin|boeing|both countries|both delegations|
    both governments|both leaders|both militaries|both readouts|both sides|brasilia|brazil*|britain|british|
    brookings|brunei|brussels|budapest|bundestag|bureau of industry and security|business council|byd|bytedance|
    cairo|canad*|canberra|carnegie endowment|catl|chamber of commerce|chatham house|china|chinese|chinese embassy|
    chinese leader|chinese people's political consultative conference|chinese readout|chinese side|colombia*|
    commerce department|commerce ministry|congress|congressman|congresswoman|council on foreign relations|cppcc|
    critics|csis|czech*|danish|dea|deepseek|defense department|democratic progressive party|democrats|denmark|
    department of defense|dpp|duma|dutch|each side|eastern theater command|economists|egypt*|emirati|ethiopia*|eu|
    european parliament|european union|european*|experts|fbi|fiji*|filipino|finland|finnish|foreign ministry|
    foxconn|france|french|g-7|g20 partners|g7|german*|germany|google|greece|group of seven|gulf states|hanoi|
    heritage foundation|homeland security|house of commons|house of lords|huawei|hungar*|iaea|iiss|imf|india*|
    indonesia*|industry groups|intel|investors|iran|ireland|irish|islamabad|israel|israel*|italian|italy|jakarta|
    japan*|joint statement|jointly|justice department|kazakhstan|kenya*|kmt|knesset|kremlin|kuomintang|kyiv|laos|
    legislative yuan|lithuania*|lok sabha|london|lowy institute|madrid|mainland affairs council|malaysia*|manila|
    many|markets|marshall islands|mep|meps|merics|meta|mexic*|mfa|micron|mofcom|moscow|mp|mps|national assembly|
    national people's congress|national security council|nato|nepal*|netherlands|new delhi|new zealand|nigeria*|
    north korea|norway|norwegian|npc|nsc|nvidia|observers|ofac|openai|others|ottawa|pakistan*|palau|parliament|
    parliamentarian|parliamentarians|parliamentary|parliaments|pentagon|people's liberation army|peru|philippin*|
    pla|poland|political consultative conference|prague|prc|presidential office|professor|pyongyang|qatar*|qualcomm|
    rand corporation|republican|republicans|researchers|riyadh|russia*|samoa|samsung|saudi*|scholars|senator|
    senators|senior administration official|senior fellow|sensetime|seoul|shein|singaporean|sk hynix|smic|some|
    south africa*|south korea*|southern theater command|spain|specialist|sri lanka*|state council|state department|
    strategic policy institute|sweden|swedish|swiss|switzerland|taipei|taiwan affairs office|taiwan's armed forces|
    taiwan's authorities|taiwan's cabinet|taiwan's coast guard|taiwan's defence ministry|taiwan's defense ministry|
    taiwan's foreign ministry|taiwan's government|taiwan's leader|taiwan's legislature|taiwan's military|
    taiwan's ministry of national defense|taiwan's national security council|taiwan's premier|taiwan's president|
    taiwan's presidential office|taiwan's ruling party|taiwanese|tehran|temu|tencent|tesla|thai|thailand|
    the administration|the ambassador|the chinese president|the chinese readout|the chinese side|the delegations|
    the deputy secretary|the embassy|the eu|the hague|the leaders|the ministry|the pentagon|the prc|the premier|
    the president|the secretary|the sides|the two|the two countries|the two delegations|the two governments|
    the two leaders|the two militaries|the two ministers|the two presidents|the two sides|the u.s. side|the un|
    the under secretary|the united states|the vice premier|the vice president|the white house|the who|they|
    think tank|tiktok|together|tokyo|tonga|treasury|tsmc|turkey|turkish|tuvalu|two sides|u.k.|u.s.|
    u.s. china business council|u.s. readout|u.s. side|uae|uk|ukrainian*|united arab emirates|united kingdom|
    united nations|united states|us|ustr|vanuatu|vietnam|vietnamese|vilnius|warsaw|washington|white house|
    world bank|world health organization|world trade organization|wto|xiaomi|xinhua|zelensky*|zhongnanhai|zte""".split("|")
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
