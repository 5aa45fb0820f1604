"""The gazetteer is data a person can read and extend: every UN member and observer
plus Kosovo, Taiwan, Western Sahara and Hong Kong, valid codes, no accidental clashes."""

import json

from babel import Locale

from newsmonitor.tagging import Tagger
from newsmonitor.tagging.normalize import normalize, phrase
from tests.support.paths import ROOT

DATA = ROOT / "newsmonitor" / "tagging" / "data"

UN_MEMBERS = """AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA
CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT
GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV
ML MT MH MR MU MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU
RW KN LC VC WS SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV
UG UA AE GB US UY UZ VU VE VN YE ZM ZW""".split()
EXTRA = ["VA", "PS", "XK", "TW", "EH", "HK"]


def entries():
    return json.loads((DATA / "countries.json").read_text(encoding="utf-8"))["countries"]


def test_every_un_member_and_observer_and_the_four_others_is_there_once():
    assert len(UN_MEMBERS) == 193
    codes = [e["code"] for e in entries()]
    assert len(codes) == len(set(codes))
    assert set(codes) == set(UN_MEMBERS) | set(EXTRA)


def test_codes_are_iso_alpha_2_known_to_cldr_except_kosovo():
    known = set(Locale("en").territories)
    for entry in entries():
        assert entry["code"] == "XK" or entry["code"] in known, entry["code"]


def test_each_entry_has_an_arabic_name_an_english_name_and_well_formed_lists():
    allowed = {"code", "en", "names", "official", "adjectives", "adjective_forms", "capitals", "seats", "weak", "notes"}
    for entry in entries():
        assert set(entry) <= allowed, entry["code"]
        assert entry["names"] and entry["en"]
        for key in allowed - {"code", "en", "notes"}:
            values = entry.get(key, [])
            assert isinstance(values, list) and all(isinstance(v, str) and v.strip() for v in values)
            assert all(not any("a" <= ch.lower() <= "z" for ch in v) for v in values), (entry["code"], values)
        forms = {phrase(v) for k in ("names", "official", "adjectives", "capitals", "seats") for v in entry.get(k, [])}
        assert all(phrase(w) in forms for w in entry.get("weak", [])), entry["code"]  # weak lists existing forms


def test_no_form_is_claimed_by_two_states_unless_declared_ambiguous():
    assert Tagger.load().gazetteer.conflicts == []


def test_the_data_files_are_plain_json_that_a_person_can_edit():
    for name in ("countries.json", "stoplist.json", "topics.json", "pair_cues.json"):
        data = json.loads((DATA / name).read_text(encoding="utf-8"))
        assert data["about"], name


def test_a_tagger_built_from_another_directory_uses_that_data(tmp_path):
    for name in ("stoplist.json", "topics.json", "pair_cues.json"):
        (tmp_path / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    small = {"about": ["test"], "countries": [{"code": "EG", "en": "Egypt", "names": ["مصر"]}]}
    (tmp_path / "countries.json").write_text(json.dumps(small, ensure_ascii=False), encoding="utf-8")
    tagger = Tagger.load(tmp_path)
    assert tagger is Tagger.load(tmp_path) and tagger is not Tagger.load()
    assert tagger.tag("", "مصر وباكستان").as_dict()["countries"] == ["EG"]
    assert tagger.data_version != Tagger.load().data_version


def test_normalisation_folds_what_the_issue_lists():
    assert normalize("مِصْرُ") == "مصر"                      # diacritics
    assert normalize("مـــصـر") == "مصر"                      # tatweel
    assert normalize("أإآٱا") == "ااااا"                      # alef variants
    assert normalize("مستشفى عربى") == "مستشفي عربي"          # yaa variants
    assert normalize("القاهرة") == "القاهره"                   # taa marbuta
    assert normalize("٢٠٢٥ و۳۰") == "2025 و30"                # Arabic-Indic and Persian digits
    assert normalize("إير\u200eان\u200f\u202b") == "ايران"     # bidi controls
    assert normalize("\ufee3\ufebc\ufeae") == "مصر"            # presentation forms
    assert normalize(None) == ""
