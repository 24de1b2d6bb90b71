"""Issue 16, the digest: a story's evidence once for all its findings, filed and registered as two chart
series, the preview titled as one on its local day, CJK fonts in the HTML. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from monitor.config import load_config
from monitor.delivery.outbox import preview
from monitor.digest import TotalPoint, build_digest, render_text
from monitor.records import Finding, Mention
from storage.analysis import DocumentAnalysis
from tests.agreement.support import NOW, add_document, open_store
from tests.support.configs import feed, write_config

OUTLETS = ["wire", "daily", "tech", "asia"]


def _company(name: str) -> tuple[Finding, Mention]:
    finding = Finding(key=f"new_company:{name.lower()}", kind="new_company",
                      summary=f"Company reported approved for the first time: {name}", company=name)
    return finding, Mention(kind="company_approval", rule="test", snippet=f"{name} was approved", company=name)


def test_one_story_shows_each_piece_of_evidence_once(tmp_path: Path, db_url: str) -> None:
    _, store = open_store(tmp_path, db_url, OUTLETS)
    try:
        findings = tuple(_company(name) for name in ("Lanting", "Qingfeng", "Moyu"))
        for outlet in OUTLETS:  # four reports of one story, each naming the same three new companies
            doc = add_document(store, outlet, "fifth-batch", title="Fifth batch names three newcomers")
            store.save_analysis(DocumentAnalysis(document_id=doc, signature=b"", cluster_id=3,
                                                 mentions=tuple(m for _, m in findings), findings=findings), now=NOW)
        path = write_config(tmp_path, db_url, [feed(o, f"http://127.0.0.1:9/{o}.xml") for o in OUTLETS],
                            digest={"timezone": "Asia/Shanghai"})
        config = load_config(str(path))
        late = dt.datetime(2024, 1, 30, 20, 0, tzinfo=dt.timezone.utc)  # already the 31st in Shanghai
        text = preview(config, store, now=late, fmt="text")
        for outlet in OUTLETS:
            assert text.count(f"https://{outlet}.example.com/fifth-batch") == 1, text
        assert "== Fifth batch names three newcomers (3 findings) ==" in text and text.count("== ") == 2  # + chart
        assert all(f"first time: {name}" in " ".join(text.split()) for name in ("Lanting", "Qingfeng", "Moyu"))
        assert "Preview for 2024-01-31" in text and "Digest 0" not in text
        html = preview(config, store, now=late, fmt="html")
        assert "Preview for 2024-01-31" in html and "Noto Sans CJK SC" in html and "Microsoft YaHei" in html
    finally:
        store.close()


def test_filed_and_registered_totals_are_two_series() -> None:
    totals = [TotalPoint(dt.date(2024, 3, 31), 117, "filed", "dataset"),
              TotalPoint(dt.date(2024, 4, 30), 45, "registered", "dataset"),
              TotalPoint(dt.date(2024, 6, 30), 180, "filed", "dataset"),
              TotalPoint(dt.date(2024, 7, 31), 88, "registered", "dataset"),
              TotalPoint(dt.date(2024, 8, 5), 190, None, "reported")]
    digest = build_digest([], day=dt.date(2024, 8, 6), health=[], totals=totals, digest_id=1, now=NOW)
    series = [(bar.series, bar.total) for bar in digest.chart]
    assert series == [("filed", 117), ("filed", 180), ("filed", 190), ("registered", 45), ("registered", 88)]
    # Each series rises; mixed in one, the bars went 117, 45, 180, 88, 190.
    assert [bar.percent for bar in digest.chart if bar.series == "registered"] == [51, 100]
    text = render_text(digest)
    assert text.index("filed:") < text.index("registered:")
