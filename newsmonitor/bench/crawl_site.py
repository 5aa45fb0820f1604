"""The crawl benchmark's news sites: FEEDS feeds, each on a host of its own on loopback
(127.0.1.1, 127.0.1.2, ... : the whole of 127/8 is the machine itself on Linux, and a
host per feed is what politeness and the outlets' furniture see in production), each
gaining one entry a minute for the length of the run.

What a feed shows is a function of the clock: entry n of feed i appears at
start + offset(i) + 60 n (offsets spread over the minute, so the arrivals are steady
rather than 500 at once) and is dated that moment; the feed lists its latest KEEP
entries with an ETag that changes with the newest, and answers 304 to it. Each entry
links to a page of Arabic text made for it from the word lists below (about 200 words,
two countries in the title and the lead so the tagger finds a pair), the same text
every time it is asked for."""

import random
import selectors
import threading
import time
from datetime import datetime, timezone
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from newsmonitor.timelines.names import country_name

KEEP = 20
COUNTRIES = ["SA", "EG", "AE", "QA", "JO", "LB", "MA", "DZ", "TN", "IQ", "KW", "OM", "TR", "IR", "RU", "CN", "FR",
             "DE", "GB", "US", "PK", "IN", "SD", "LY", "YE", "SY", "ET", "SO", "IT", "ES"]
# Words for the pages, drawn at random slot by slot: templates of whole sentences made
# every page a near-copy of the others, and the grouping step put all of them in one
# story, which no real crawl does (and a story of thousands costs more to keep).
SECTORS = ["الطاقة المتجددة", "التبادل التجاري", "الأمن الغذائي", "النقل البحري", "الصناعات الدوائية",
           "التعليم العالي", "السياحة", "الاتصالات", "المياه", "الاستثمار الزراعي", "مكافحة الإرهاب",
           "الموانئ", "التحول الرقمي", "الرعاية الصحية", "الغاز الطبيعي", "البنية التحتية"]
DUAL_VERBS = ["تبحثان", "تناقشان", "توقعان اتفاقا بشأن", "تعززان", "تراجعان", "تدرسان", "تطلقان"]
LEADS = ["بحث مسؤولون من {a} و{b}", "ناقش وفدان من {a} و{b}", "استعرض وزيرا {a} و{b}",
         "اتفقت {a} و{b} على", "وقعت {a} و{b} مذكرة بشأن"]
CONNECTORS = ["و", "كما", "بينما", "في حين", "إلى جانب ذلك", "من جهته", "وفي السياق نفسه", "ثم", "وبعد ذلك", "لكن"]
VERBS = ["أعلن", "ناقش", "أكد", "رفض", "دعا", "استعرض", "قرر", "افتتح", "انتقد", "طالب", "أوضح", "كشف", "تابع",
         "أقر", "درس", "اقترح", "رحب", "حذر", "أشاد", "نفى", "وافق", "راجع", "موّل", "أطلق", "دشن", "علّق", "مدد",
         "ضاعف", "خفض", "أنجز"]
NOUNS = ["الاتفاق", "المشروع", "الميناء", "الصادرات", "الشركات", "المستثمرين", "الحدود", "الأسعار", "الوفد",
         "البرلمان", "المصنع", "الجامعة", "المستشفى", "المطار", "السفارة", "القرض", "الموازنة", "الضرائب",
         "العقود", "الشحنات", "المزارعين", "الطلاب", "العمال", "الخبراء", "المحطة", "الطريق", "السكك", "المعبر",
         "المنحة", "الديون", "المخزون", "القمح", "النفط", "الكهرباء", "الأسمدة", "الأدوية", "اللقاحات", "البرنامج",
         "المعرض", "المؤتمر", "الممر", "الخط", "السوق", "البنك", "الصندوق", "المنطقة", "الجسر", "السد", "الأسطول",
         "الرحلات", "التأشيرات", "الجمارك", "الرسوم", "الحوافز", "التراخيص", "المناقصة", "الشبكة", "الكابل",
         "المختبر", "المدرسة"]
ADJECTIVES = ["الجديد", "الكبير", "المشترك", "الإقليمي", "الثنائي", "الحكومي", "الخاص", "الأول", "الثاني",
              "المقترح", "المعدل", "الطارئ", "الدائم", "المؤقت", "الرئيسي", "الفرعي", "الساحلي", "الصحراوي",
              "الشمالي", "الجنوبي", "الشرقي", "الغربي", "الوطني", "الدولي", "المحلي", "التجريبي", "السنوي",
              "الموحد", "المتأخر", "الضخم"]
CITIES = ["الإسكندرية", "جدة", "طنجة", "صفاقس", "البصرة", "إربد", "صلالة", "وهران", "مصراتة", "بورتسودان",
          "إسطنبول", "مرسيليا", "هامبورغ", "شنغهاي", "كراتشي", "مومباي", "نابولي", "برشلونة", "الدمام", "أسوان",
          "العقبة", "صور", "حلب", "الموصل", "عدن", "الجديدة", "سوسة", "قسنطينة", "بنغازي", "كسلا"]
UNITS = ["مليون دولار", "ألف طن", "كيلومتر", "ميغاواط", "مليار دينار", "ألف برميل", "ألف مسافر", "مليون يورو"]
WHEN = ["هذا الأسبوع", "خلال الشهر المقبل", "قبل نهاية العام", "منذ أشهر", "في الربع الأول", "بعد مفاوضات طويلة",
        "في وقت سابق", "خلال العامين المقبلين"]


class Entry:
    """Entry n of feed i: what its page says, made from a seed of its own."""

    def __init__(self, feed, n, appears):
        self.feed, self.n, self.appears = feed, n, appears
        rng = random.Random(f"crawl-{feed}-{n}")
        self.countries = [country_name(code, "ar") for code in rng.sample(COUNTRIES, 3)]
        a, b, _c = self.countries
        self.title = f"{a} و{b} {rng.choice(DUAL_VERBS)} {rng.choice(SECTORS)} في {rng.choice(CITIES)}"
        self.paragraphs = [self.lead(rng)] + [self.paragraph(rng) for _ in range(4)]

    def lead(self, rng):
        a, b, _c = self.countries
        return (f"{rng.choice(LEADS).format(a=a, b=b)} {rng.choice(SECTORS)} و{self.phrase(rng)} في "
                f"{rng.choice(CITIES)} {rng.choice(WHEN)}، بحضور {rng.randint(3, 90)} من {rng.choice(NOUNS)}.")

    def paragraph(self, rng):
        return " ".join(self.sentence(rng) for _ in range(4))

    def phrase(self, rng):
        return f"{rng.choice(NOUNS)} {rng.choice(ADJECTIVES)}"

    def sentence(self, rng):
        return (f"{rng.choice(CONNECTORS)} {rng.choice(VERBS)} {self.phrase(rng)} في {rng.choice(self.countries)} "
                f"{self.phrase(rng)} بقيمة {rng.randint(2, 9999)} {rng.choice(UNITS)} {rng.choice(WHEN)}.")


class Sites:
    """The feeds' schedule and documents; `serve()` starts the server. `start` (epoch
    seconds) may be set after serving, once the port is in the feeds' rows."""

    def __init__(self, feeds, start, minutes):
        self.feeds, self.start, self.minutes = feeds, start, minutes
        self.hosts = [f"127.0.{1 + i // 254}.{1 + i % 254}" for i in range(feeds)]
        self.port = None
        self._stop = threading.Event()

    def offset(self, feed):
        return 60 * feed / self.feeds

    def appears(self, feed, n):
        return self.start + self.offset(feed) + 60 * n

    def latest(self, feed, now):
        """The newest entry number feed shows at `now` (-1: none yet)."""
        return min(int((now - self.start - self.offset(feed)) // 60), self.minutes - 1)

    def published(self, until):
        """Every (feed, n) that had appeared by `until`, with its time."""
        return {(f, n): self.appears(f, n) for f in range(self.feeds) for n in range(self.latest(f, until) + 1)}

    def url(self, feed, path):
        return f"http://{self.hosts[feed]}:{self.port}{path}"

    def feed_url(self, feed):
        return self.url(feed, f"/feed/{feed}.xml")

    def article_url(self, feed, n):
        return self.url(feed, f"/news/{feed}/{n}.html")

    def allow_list(self):
        return ",".join(f"{host}:{self.port}" for host in self.hosts)

    def rss(self, feed, latest):
        items = []
        for n in range(latest, max(latest - KEEP, -1), -1):
            entry = Entry(feed, n, self.appears(feed, n))
            items.append(f"<item><title>{escape(entry.title)}</title><link>{self.article_url(feed, n)}</link>"
                         f"<guid>{self.article_url(feed, n)}</guid><pubDate>{formatdate(entry.appears, usegmt=True)}"
                         f"</pubDate><description>{escape(entry.paragraphs[0])}</description></item>")
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>موقع تجريبي {feed}'
                f"</title><link>{self.url(feed, '/')}</link>{''.join(items)}</channel></rss>").encode()

    def page(self, feed, n):
        entry = Entry(feed, n, self.appears(feed, n))
        stamp = datetime.fromtimestamp(entry.appears, timezone.utc).isoformat()
        body = "".join(f"<p>{escape(p)}</p>" for p in entry.paragraphs)
        return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(entry.title)}'
                f'</title><meta property="article:published_time" content="{stamp}"></head><body>'
                f'<nav><a href="/">الرئيسية</a> <a href="/world">العالم</a></nav><article>'
                f"<h1>{escape(entry.title)}</h1>{body}</article>"
                f"<footer>موقع تجريبي {feed}</footer></body></html>").encode()

    def serve(self):
        """One server per host, all on one port, answered from one thread's selector
        (a thread per host waking twice a second would cost more than the requests)."""
        servers = []
        for host in self.hosts:
            server = ThreadingHTTPServer((host, self.port or 0), Handler)
            server.daemon_threads = True
            server.sites = self
            self.port = server.server_address[1]
            servers.append(server)
        threading.Thread(target=self._loop, args=(servers,), daemon=True).start()
        return self

    def _loop(self, servers):
        with selectors.DefaultSelector() as selector:
            for server in servers:
                selector.register(server, selectors.EVENT_READ, server)
            while not self._stop.is_set():
                for key, _ in selector.select(0.5):
                    key.data._handle_request_noblock()
        for server in servers:
            server.server_close()

    def shutdown(self):
        self._stop.set()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        sites, parts = self.server.sites, self.path.strip("/").split("/")
        try:
            if parts[0] == "feed":
                feed = int(parts[1].removesuffix(".xml"))
                return self.feed(sites, feed, sites.latest(feed, time.time()))
            if parts[0] == "news":
                feed, n = int(parts[1]), int(parts[2].removesuffix(".html"))
                if n <= sites.latest(feed, time.time()):
                    return self.send(200, sites.page(feed, n), "text/html; charset=utf-8")
        except (IndexError, ValueError):
            pass
        self.send(404, b"not found", "text/plain")

    def feed(self, sites, feed, latest):
        etag = f'"{feed}-{latest}"'
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, b"", None, etag)
        self.send(200, sites.rss(feed, latest), "application/rss+xml; charset=utf-8", etag)

    def send(self, status, body, content_type, etag=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
