"""Pairs are relations an article reports (a meeting, a call, a visit, an agreement, a
deal, a dispute, a strike), not states that merely share a text: not a list, not two
states' parallel statements, not a venue, not a company's, team's or currency's
nationality. Sentences written for these tests."""

from newsmonitor.tagging import Tagger


def tag(body, title=""):
    return Tagger.load().tag(title, body).as_dict()


def pairs(body, title=""):
    return tag(body, title)["pairs"]


# --- what is not a pair ---------------------------------------------------------------------

def test_a_list_of_participants_is_not_a_set_of_pairs():
    result = tag("افتتح المعرض بمشاركة وفود من مصر والسعودية والإمارات والأردن وقطر.",
                 "معرض دولي للسياحة في برلين")
    assert result["countries"] == ["AE", "DE", "EG", "JO", "QA", "SA"]
    assert result["pairs"] == [] and result["primary_pair"] is None


def test_parallel_statements_about_a_third_make_no_pair_between_the_speakers():
    result = tag("رحبت مصر والسعودية بالاتفاق الموقع بين إثيوبيا وإريتريا.")
    assert ["EG", "SA"] not in result["pairs"]
    assert result["pairs"] == [["ER", "ET"]]


def test_two_separate_aid_announcements_pair_each_donor_with_the_receiver_only():
    result = tag("أعلنت كل من الصين والهند، في بيانين منفصلين، إرسال فرق إنقاذ إلى ميانمار.",
                 "الصين ترسل فرق إنقاذ إلى ميانمار والهند تعلن مساعدات منفصلة")
    assert result["pairs"] == [["CN", "MM"], ["IN", "MM"]]


def test_a_venue_is_not_a_party():
    result = tag("عقدت في مسقط جولة جديدة من المحادثات غير المباشرة بين إيران والولايات المتحدة.",
                 "جولة محادثات في مسقط بين طهران وواشنطن")
    assert "OM" in result["countries"]
    assert result["pairs"] == [["IR", "US"]]


def test_a_host_city_is_not_a_party():
    result = tag("تستضيف القاهرة الأحد جولة مفاوضات بين السودان وجنوب السودان.")
    assert result["pairs"] == [["SD", "SS"]]


def test_a_companys_nationality_makes_no_pair():
    result = tag("أعلنت شركة تويوتا اليابانية استدعاء مليون سيارة بينها آلاف بيعت في السعودية.")
    assert result["countries"] == ["JP", "SA"] and result["pairs"] == []


def test_a_currency_rate_names_states_but_makes_no_pair():
    result = tag("تراجع الجنيه المصري أمام الدولار الأمريكي والريال السعودي في البنوك.")
    assert result["countries"] == ["EG", "SA", "US"]
    assert result["pairs"] == []


def test_a_football_match_is_not_a_relation_but_a_sports_agreement_is():
    assert pairs("تأهل منتخب السنغال إلى نصف النهائي بعد فوزه على الكاميرون بهدفين في المباراة.") == []
    assert pairs("وقعت وزارة الرياضة القطرية ونظيرتها المغربية مذكرة تفاهم لتبادل الخبرات.",
                 "قطر والمغرب توقعان مذكرة تفاهم في مجال الرياضة") == [["MA", "QA"]]


def test_refugees_nationality_is_not_their_states_act():
    assert pairs("تستضيف عمّان مؤتمرا للمانحين لدعم اللاجئين السوريين.") == []


# --- what is a pair -------------------------------------------------------------------------

def test_coordinated_subjects_with_a_dual_verb():
    result = tag("", "مصر وباكستان تبحثان تعزيز التعاون في مجال التصنيع العسكري")
    assert result["pairs"] == [["EG", "PK"]]
    assert "dual-verb" in result["pair_details"][0]["cues"]


def test_between_x_and_y():
    assert pairs("وقعت في نواكشوط اتفاقية للتعاون الجمركي بين المغرب وموريتانيا.") == [["MA", "MR"]]


def test_the_ambassador_of_x_in_y_with_the_capital_standing_for_its_state():
    assert pairs("قدم سفير ماليزيا لدى السعودية نسخة من أوراق اعتماده.") == [["MY", "SA"]]
    assert pairs("استقبل الوزير سفير اليابان في القاهرة لبحث مشروعات النقل.") == [["EG", "JP"]]


def test_a_visit_to_a_capital():
    result = tag("بدأ وزير الخارجية الإيراني زيارة رسمية إلى إسلام آباد يلتقي خلالها كبار المسؤولين.")
    assert result["pairs"] == [["IR", "PK"]]


def test_a_minister_and_his_counterpart():
    assert pairs("بحث وزير الخارجية البرازيلي مع نظيره الأرجنتيني تنشيط التجارة.") == [["AR", "BR"]]


def test_a_strike_on_another_state():
    result = tag("شن الطيران الإسرائيلي غارات على مواقع عسكرية في سوريا.")
    assert result["pairs"] == [["IL", "SY"]]


def test_contacts_with_two_states_pair_each_with_the_subject_not_with_each_other():
    result = tag("قال وزير الكهرباء العراقي إن حكومته أجرت اتصالات بتركمانستان وبإيران لتأمين الغاز.")
    assert result["pairs"] == [["IQ", "IR"], ["IQ", "TM"]]


def test_a_mediator_pairs_with_each_side():
    result = tag("أعلنت الإمارات نجاح وساطة جديدة أسفرت عن تبادل الأسرى بين روسيا وأوكرانيا.",
                 "تبادل للأسرى بين روسيا وأوكرانيا بوساطة إماراتية")
    assert result["pairs"] == [["AE", "RU"], ["AE", "UA"], ["RU", "UA"]]


def test_a_condemnation_pairs_the_condemner_with_the_condemned():
    result = tag("كما أدانت وزارة الخارجية المصرية في بيان منفصل الاقتحام، ودعت السلطات الإسرائيلية إلى احترام "
                 "الوضع القائم.", "مصر تدين اقتحام المسجد الأقصى")
    assert result["pairs"] == [["EG", "IL"]]


def test_both_countries_points_back_to_the_pair():
    result = tag("أشاد الوزير باتفاقية الدفاع التي وقعت بين باكستان والسعودية. وتهدف إلى تعزيز التعاون بين البلدين.")
    detail = result["pair_details"][0]
    assert detail["pair"] == ["PK", "SA"] and "both-countries" in detail["cues"]
    assert len(detail["evidence"]) == 2


# --- the shape of the answer ------------------------------------------------------------------

def test_the_strongest_pair_is_primary_and_details_carry_evidence_as_printed():
    body = ("وصل الرئيس التركي إلى الرياض في زيارة رسمية، والتقى ولي العهد السعودي. "
            "وعلى هامش الزيارة، بحث وزير الخارجية التركي مع نظيره الأردني الأوضاع في المنطقة.")
    result = tag(body, "الرئيس التركي يصل إلى الرياض في زيارة رسمية")
    assert result["primary_pair"] == ["SA", "TR"]
    assert result["pairs"] == [["JO", "TR"], ["SA", "TR"]]
    primary = [d for d in result["pair_details"] if d["primary"]]
    assert len(primary) == 1 and primary[0]["pair"] == ["SA", "TR"]
    assert primary[0]["evidence"][0] == "الرئيس التركي يصل إلى الرياض في زيارة رسمية"
    assert all(d["score"] > 0 and d["cues"] for d in result["pair_details"])


def test_no_pair_means_a_null_primary():
    result = tag("أعلنت الحكومة الأردنية موازنة العام المقبل.")
    assert result["pairs"] == [] and result["primary_pair"] is None and result["pair_details"] == []
