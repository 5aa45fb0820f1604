"""The article this project exists for (shared/examples/egypt-pakistan-military-
production.txt): an Egyptian minister meets Pakistan's ambassador in Cairo about military
manufacturing and praises the Pakistan-Saudi defence pact."""

from newsmonitor.tagging import Tagger

TITLE = 'مصر وباكستان تبحثان تعزيز التعاون في مجال التصنيع العسكري'

BODY = """بحث مسؤولون مصريون وباكستانيون في القاهرة، الأحد، سبل التعاون الثنائي في مجالات التصنيع العسكري والمدني.

والتقى وزير الدولة المصري للإنتاج الحربي، المهندس محمد صلاح الدين مصطفى، بسفير باكستان في القاهرة، عامر شوكت، حيث أشاد باتفاقية الدفاع الاستراتيجي المشترك التي تم توقيعها بين باكستان والسعودية مؤخراً، والتي تهدف إلى تعزيز التعاون العسكري بين البلدين.

وأوضح بيان وزارة الإنتاج الحربي المصرية أن الوزير استعرض الإمكانيات التصنيعية والتكنولوجية والفنية للشركات والوحدات التابعة للوزارة، والتي تضم 15 شركة صناعية ومراكز أخرى، مؤكداً أن الدور الأساسي للوزارة يتمثل في تلبية احتياجات القوات المسلحة والشرطة من المنتجات العسكرية، بما يشمل الذخائر الصغيرة والمتوسطة والثقيلة، والأسلحة، والمعدات، والدبابات، والمركبات المدرعة، والأنظمة الإلكترونية المتطورة.

وأعرب الوزير عن تطلعه إلى عقد شراكات استراتيجية بين شركات الإنتاج الحربي المصرية والشركات الباكستانية العاملة في مجالات تصنيع مماثلة، بما يعود بالنفع على الجانبين. وأكد حرص الوزارة على الانفتاح والتعاون مع جميع الشركات العالمية العاملة في مختلف مجالات التصنيع، تنفيذاً لتوجيهات القيادة السياسية بالسعي إلى توطين أحدث التكنولوجيات في مختلف المجالات، وتوسيع دائرة منتجات الوزارة العسكرية والمدنية، ورفع جودتها وقدرتها التنافسية في الأسواق العالمية.

كما وجه الوزير دعوة للشركات الباكستانية للمشاركة في المعرض الدولي للصناعات الدفاعية “EDEX 2025″، المقرر إقامته في مركز مصر للمعارض الدولية خلال الفترة من 1 إلى 4 ديسمبر 2025.

من جهته، أكد السفير الباكستاني أن العلاقات بين بلاده ومصر راسخة ومتجذرة تاريخياً، وتقوم على أسس من الاحترام المتبادل والقيم الثقافية المتقاربة، مشيراً إلى أن مصر كانت أول دولة في الشرق الأوسط تفتح فيها باكستان سفارة بعد حصولها على الاستقلال مباشرة.

وأضاف أن البلدين عملا خلال السنوات الماضية على تعزيز التعاون في مختلف المجالات السياسية والاقتصادية والدفاعية والثقافية، في ظل تفاهم متبادل لدفع العلاقات الثنائية إلى الأمام.

وأشار السفير الباكستاني إلى اهتمام الشركات الباكستانية بالتعاون مع وزارة الإنتاج الحربي المصرية في مختلف المجالات التصنيعية، مستعرضاً ما تتمتع به شركاته ووحداتها التابعة من إمكانيات تصنيعية وتكنولوجية وفنية وبشرية وبحثية وبنية تحتية على أعلى مستوى."""


def tagged():
    return Tagger.load().tag(TITLE, BODY)


def test_it_names_egypt_pakistan_and_saudi_arabia():
    assert tagged()["countries"] == ["EG", "PK", "SA"]


def test_it_files_it_under_egypt_pakistan_first_and_pakistan_saudi_arabia():
    result = tagged()
    assert result["pairs"] == [["EG", "PK"], ["PK", "SA"]]
    assert result["primary_pair"] == ["EG", "PK"]


def test_sharing_one_sentence_does_not_make_egypt_and_saudi_arabia_a_pair():
    result = tagged()
    assert ["EG", "SA"] not in result["pairs"]
    assert all(d["pair"] != ["EG", "SA"] for d in result["pair_details"])


def test_its_topics_include_defence_industry_and_diplomacy():
    topics = tagged()["topics"]
    assert "defence-industry" in topics
    assert "diplomacy-visits" in topics
    assert topics == sorted(topics)


def test_the_pairs_carry_scores_cues_and_the_sentences_as_printed():
    details = {tuple(d["pair"]): d for d in tagged()["pair_details"]}
    egypt_pakistan, pakistan_saudi = details[("EG", "PK")], details[("PK", "SA")]
    assert egypt_pakistan["primary"] is True and pakistan_saudi["primary"] is False
    assert egypt_pakistan["score"] > pakistan_saudi["score"] > 0
    assert egypt_pakistan["evidence"][0] == TITLE
    assert any("بسفير باكستان في القاهرة" in s for s in egypt_pakistan["evidence"])
    assert any("بين باكستان والسعودية" in s for s in pakistan_saudi["evidence"])
    assert "ambassador" in egypt_pakistan["cues"]
    assert "between" in pakistan_saudi["cues"]


def test_the_countries_come_with_their_forms_counts_and_salience():
    details = {d["code"]: d for d in tagged()["country_details"]}
    assert {"مصر", "القاهرة", "المصري", "ومصر"} <= set(details["EG"]["forms"])
    assert {"وباكستان", "الباكستانية"} <= set(details["PK"]["forms"])
    assert details["SA"]["forms"] == ["والسعودية"]
    assert details["EG"]["first_position"] == 0 and details["PK"]["first_position"] == 1
    assert details["EG"]["mentions"] > details["SA"]["mentions"] == 1
    assert details["EG"]["salience"] > details["SA"]["salience"]
    assert all(0 <= d["salience"] <= 1 for d in details.values())


def test_the_topics_show_their_matching_terms():
    details = {d["topic"]: d for d in tagged()["topic_details"]}
    assert "التصنيع العسكري" in details["defence-industry"]["terms"]
    assert "الإنتاج الحربي" in details["defence-industry"]["terms"]
    assert details["defence-industry"]["score"] > 0
