"""Tagging speed: articles per second on one core, start-up time, peak memory, and the
same articles through a naive baseline (one big `re` alternation of every surface
form), printed as a Markdown section for BENCHMARKS.md.

    python -m newsmonitor.bench.tagger_speed [--articles N] [--seconds S] [--seed K]

or `bench.main(argv)` with an argument list (newsmonitor/bench/tagging.py calls
`main([])`); either way the Markdown goes to standard output.

The articles are generated: ~600 words each, from sentences written for this project
in the style of Arabic wire copy, with states, capitals and nisba adjectives drawn at
random (so every article names several states, some of them in relations).
"""

import argparse
import os
import platform
import random
import re
import resource
import statistics
import sys
import time
import tracemalloc

from newsmonitor.tagging import normalize
from newsmonitor.tagging.tagger import Tagger, _cache

TEMPLATES = [
    "بحث وزير الخارجية {adj1} مع نظيره {adj2} في {cap1} سبل تعزيز العلاقات الثنائية بين البلدين.",
    "وقعت {c1} و{c2} مذكرة تفاهم للتعاون في مجالات الطاقة والاستثمار والتبادل التجاري.",
    "أعلنت وزارة الدفاع {adjf1} أن مناورات مشتركة مع قوات من {c2} ستجرى الشهر المقبل.",
    "وصل الرئيس {adj1} إلى {cap2} في زيارة رسمية تستغرق يومين يلتقي خلالها كبار المسؤولين.",
    "وقال المتحدث باسم الحكومة إن بلاده تتابع باهتمام التطورات الأخيرة في المنطقة.",
    "وأشار التقرير إلى أن حجم التبادل التجاري بين {c1} و{c2} ارتفع إلى أربعة مليارات دولار العام الماضي.",
    "وتأتي هذه الخطوة في إطار جهود مشتركة لتطوير البنية التحتية وتحسين مناخ الاستثمار.",
    "من جهته أكد سفير {c1} لدى {c2} حرص بلاده على توسيع التعاون في مختلف المجالات.",
    "وشهدت الأسواق المحلية ارتفاعا ملحوظا في أسعار المواد الغذائية خلال الأسابيع الماضية.",
    "ودعا البيان الختامي إلى وقف فوري لإطلاق النار واستئناف المفاوضات بين الأطراف المعنية.",
    "وتعرضت مواقع عسكرية في {c1} لغارات جوية أسفرت عن سقوط عدد من القتلى والجرحى.",
    "وأعلنت السلطات الصحية تسجيل إصابات جديدة بالكوليرا في عدد من المحافظات الجنوبية.",
    "وافتتح وزير التعليم العالي معرضا دوليا للكتاب بمشاركة مئات من دور النشر العربية والأجنبية.",
    "وحقق منتخب {c1} فوزا مهما على نظيره في المباراة التي أقيمت على الملعب الوطني.",
    "وقال مسؤولون {adjp1} إن المحادثات تناولت ملفات الهجرة غير النظامية ومكافحة التهريب عبر الحدود.",
    "وأكدت الشركة أن المشروع سيوفر آلاف فرص العمل للشباب خلال السنوات الخمس المقبلة.",
    "ويرى محللون أن الأزمة الاقتصادية ستلقي بظلالها على الانتخابات البرلمانية المقبلة.",
    "وأضاف أن الجانبين اتفقا على تشكيل لجنة فنية لمتابعة تنفيذ الاتفاقيات الموقعة.",
    "وتسعى {c1} إلى جذب المزيد من الاستثمارات الأجنبية في قطاعي الصناعة والزراعة.",
    "وكانت العاصمة {adjf2} {cap2} قد استضافت الأسبوع الماضي اجتماعا لوزراء الطاقة في المنطقة.",
    "وتشهد العلاقات بين البلدين تطورا ملحوظا منذ توقيع اتفاقية الشراكة الاستراتيجية.",
    "وأوضح البيان أن الوفد {adj1} سيزور عددا من المصانع والمنشآت الصناعية في {c2}.",
    "وطالبت منظمات حقوقية بالإفراج عن المعتقلين وتحسين ظروف الاحتجاز في السجون.",
    "وسجلت أسعار النفط تراجعا طفيفا في التعاملات الصباحية وسط مخاوف من تباطؤ الطلب العالمي.",
    "وتناول اللقاء التحضيرات الجارية لعقد القمة المقبلة والملفات المطروحة على جدول أعمالها.",
    "وأعرب الوزير عن تقديره للدعم الذي تقدمه {c1} في مجالات التدريب وبناء القدرات.",
    "وأفادت مصادر مطلعة بأن المفاوضات وصلت إلى مراحلها الأخيرة وأن التوقيع بات وشيكا.",
    "ونقلت وكالة الأنباء الرسمية عن مسؤول قوله إن الحكومة ماضية في برنامج الإصلاح المالي.",
]

COUNTRIES = [
    ("مصر", "المصري", "المصرية", "المصريون", "القاهرة"), ("باكستان", "الباكستاني", "الباكستانية", "الباكستانيون", "إسلام آباد"),
    ("السعودية", "السعودي", "السعودية", "السعوديون", "الرياض"), ("تركيا", "التركي", "التركية", "الأتراك", "أنقرة"),
    ("إيران", "الإيراني", "الإيرانية", "الإيرانيون", "طهران"), ("الأردن", "الأردني", "الأردنية", "الأردنيون", "عمان"),
    ("الجزائر", "الجزائري", "الجزائرية", "الجزائريون", "الجزائر"), ("المغرب", "المغربي", "المغربية", "المغاربة", "الرباط"),
    ("الصين", "الصيني", "الصينية", "الصينيون", "بكين"), ("روسيا", "الروسي", "الروسية", "الروس", "موسكو"),
    ("الهند", "الهندي", "الهندية", "الهنود", "نيودلهي"), ("قطر", "القطري", "القطرية", "القطريون", "الدوحة"),
    ("الإمارات", "الإماراتي", "الإماراتية", "الإماراتيون", "أبوظبي"), ("العراق", "العراقي", "العراقية", "العراقيون", "بغداد"),
    ("فرنسا", "الفرنسي", "الفرنسية", "الفرنسيون", "باريس"), ("ألمانيا", "الألماني", "الألمانية", "الألمان", "برلين"),
    ("إثيوبيا", "الإثيوبي", "الإثيوبية", "الإثيوبيون", "أديس أبابا"), ("السودان", "السوداني", "السودانية", "السودانيون", "الخرطوم"),
    ("إندونيسيا", "الإندونيسي", "الإندونيسية", "الإندونيسيون", "جاكرتا"), ("البرازيل", "البرازيلي", "البرازيلية", "البرازيليون", "برازيليا"),
]


def make_articles(n, seed=7, words=600):
    """n (title, body) pairs of about `words` words each."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        a, b = rng.sample(COUNTRIES, 2)
        title = f"{a[0]} و{b[0]} تبحثان تعزيز التعاون في مجالات الطاقة والتجارة"
        body, count = [], 0
        while count < words:
            x, y = rng.sample(COUNTRIES, 2) if rng.random() < 0.3 else (a, b)
            sentence = rng.choice(TEMPLATES).format(
                c1=x[0], c2=y[0], adj1=x[1], adj2=y[1], adjf1=x[2], adjf2=y[2], adjp1=x[3], cap1=x[4], cap2=y[4])
            body.append(sentence)
            count += len(sentence.split())
        paragraphs = [" ".join(body[i:i + 4]) for i in range(0, len(body), 4)]
        out.append((title, "\n\n".join(paragraphs)))
    return out


class RegexBaseline:
    """The naive way: one `re` alternation of every surface form (longest first),
    matched on lightly normalised text, and the countries counted. No clitics
    expanded beyond what the forms list holds, no rules, no pairs, no topics."""

    def __init__(self, tagger):
        forms = sorted(tagger.gazetteer.forms.items(), key=lambda kv: -len(kv[0]))
        self.codes = {key.strip(): form.code for key, form in forms}
        alternation = "|".join(re.escape(key.strip()) for key, _form in forms)
        self.pattern = re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)")

    def tag(self, title, body):
        text = normalize(title + "\n" + body)
        found = {}
        for match in self.pattern.finditer(text):
            code = self.codes.get(match.group())
            if code:
                found[code] = found.get(code, 0) + 1
        return sorted(found)


def _rate(fn, articles, seconds):
    """Articles per CPU second of this process (whole passes over the set, at least
    `seconds` of CPU). CPU time, not wall time: on a shared machine other processes
    would otherwise be counted against the tagger."""
    done, start = 0, time.process_time()
    while True:
        for title, body in articles:
            fn(title, body)
        done += len(articles)
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return done / elapsed


def main(argv=None):
    """Measure and print the Markdown section; `argv` is the argument list (None: sys.argv)."""
    parser = argparse.ArgumentParser(prog="python -m newsmonitor.bench.tagger_speed", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="distinct generated articles (default 300)")
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement (default 3)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    load_before = os.getloadavg()[0]
    articles = make_articles(args.articles, args.seed)
    words = statistics.mean(len((t + " " + b).split()) for t, b in articles)

    _cache.clear()
    started = time.perf_counter()
    tagger = Tagger.load()
    startup = time.perf_counter() - started
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    tracemalloc.start()
    Tagger(tagger.data_dir)
    loaded_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    for title, body in articles[:50]:
        tagger.tag(title, body)
    per_call_peak = tracemalloc.get_traced_memory()[1] - tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()

    for title, body in articles[:20]:  # warm-up
        tagger.tag(title, body)
    rate = _rate(tagger.tag, articles, args.seconds)
    started = time.perf_counter()
    baseline = RegexBaseline(tagger)
    baseline_build = time.perf_counter() - started
    base_rate = _rate(baseline.tag, articles[: max(20, len(articles) // 5)], args.seconds)

    sample = tagger.tag(*articles[0]).as_dict()
    print("### Tagging speed (newsmonitor.tagging)\n")
    print(f"{len(articles)} generated articles of {words:.0f} words on average, one core (CPU time of "
          f"the process), Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {load_before:.2f} before and {os.getloadavg()[0]:.2f} after (other processes "
          f"slow a shared machine down, CPU time included: compare runs on one machine).\n")
    print("| measure | tagger | regex baseline |")
    print("| --- | --- | --- |")
    print(f"| articles / s | {rate:,.0f} | {base_rate:,.0f} |")
    print(f"| ms / article | {1000 / rate:.3f} | {1000 / base_rate:.3f} |")
    print(f"| start-up (build from data files) | {startup:.3f} s | {baseline_build:.3f} s (compile) |")
    print(f"| what it returns | countries, pairs with evidence, topics | countries only |")
    print()
    print(f"- tagger memory: {loaded_peak / 2**20:.1f} MiB traced while building "
          f"({len(tagger.gazetteer.forms):,} country keys, {len(tagger.topics.keys):,} topic keys); "
          f"{per_call_peak / 2**10:.0f} KiB transient per article; peak RSS of the process once the tagger "
          f"is loaded: {rss_loaded:.0f} MiB (Python and its imports included).")
    print(f"- speed-up over the baseline: {rate / base_rate:.1f}x.")
    print(f"- sample: countries {sample['countries']}, pairs {sample['pairs']}, topics {sample['topics']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
