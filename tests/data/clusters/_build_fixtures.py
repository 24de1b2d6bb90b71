"""Writes the cluster fixtures (one JSON file per document) from the stories below.

All text is invented for these tests. Each story is a list of paragraphs; each copy says by hand
which paragraphs it keeps and in what order, its own headline, word edits and added boilerplate,
the way a wire story changes between sites. Same-topic stories that must stay apart share
background paragraphs verbatim, as real wire copy does.

Run by hand after editing: ``.venv/bin/python tests/data/clusters/_build_fixtures.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent

CAC_RULES = (
    "The Cyberspace Administration of China introduced interim measures for generative AI services in August 2023. "
    "Under the rules, providers must submit security assessments, explain how training data was obtained and show "
    "that outputs are screened for content the authorities consider harmful before a service can launch."
)
CAC_FIRST = (
    "The first group of approvals, announced at the end of August, included Baidu's Ernie Bot, Zhipu AI, ByteDance's "
    "Doubao, Baichuan, SenseTime and MiniMax. Media outlets have since counted each set of announcements as a new "
    "batch, although the regulator does not number them itself."
)
OPENAI_SUITS = (
    "OpenAI faces a growing number of legal challenges in the United States over how it collects data. Authors, "
    "software developers and news organisations have all filed suits, and judges have so far allowed parts of several "
    "cases to proceed while dismissing others."
)
ZH_RULES = (
    "根据《生成式人工智能服务管理暂行办法》，面向境内公众提供具有舆论属性或者社会动员能力的生成式人工智能服务，"
    "应当按照国家有关规定开展安全评估，并履行算法备案和变更、注销备案手续。"
)
ZH_DISPLAY = "已上线的生成式人工智能应用或功能，应在显著位置或产品详情页面公示所使用的已备案生成式人工智能服务情况，注明模型名称及备案号。"

STORIES: dict[str, dict] = {
    "cn-batch4-en": {
        "lang": "en",
        "date": dt.datetime(2024, 1, 18, 3, 0, tzinfo=dt.timezone.utc),
        "paras": [
            "BEIJING, Jan 18 - Chinese regulators have approved a fourth batch of 14 generative artificial intelligence "
            "models for public use, bringing the number of large language models cleared under the country's filing "
            "regime to more than 40, according to people familiar with the matter and a notice published by the "
            "Beijing municipal internet office.",
            "The new batch, which was completed on Jan 17, is made up entirely of models developed by companies based "
            "in Beijing. Among them are Xiaomi's MiLM, a model from the enterprise software group 4Paradigm and the Yi "
            "series from 01.AI, the start-up founded by the investor Kai-Fu Lee.",
            "Companies that pass the review may offer chatbots and other generative services to the general public "
            "rather than only to business customers or invited testers. Several of the newly approved firms said they "
            "would open their apps to users within weeks.",
            CAC_RULES,
            CAC_FIRST,
            "Analysts said the pace of approvals showed Beijing wanted the domestic industry to compete with US rivals "
            "while keeping tight control over what chatbots can say. \"The message is that the door is open, but only "
            "through one gate,\" said a technology policy researcher at a university in Shanghai who asked not to be named.",
            "Xiaomi said in a statement that its model would first be built into the voice assistant on its phones and "
            "electric cars. 4Paradigm's shares rose 6 per cent in Hong Kong trading after the news.",
        ],
        "copies": [
            {"title": "China approves fourth batch of 14 AI models", "keep": [0, 1, 2, 3, 4, 5, 6],
             "suffix": ["Reporting by Li Wen in Beijing; Editing by Mark Holt"]},
            {"title": "Beijing clears 14 more generative AI models, total tops 40", "keep": [0, 1, 2, 3, 4, 5],
             "suffix": ["© 2024 Asia Tech Wire. All rights reserved.", "Subscribe to our newsletter for daily updates."]},
            {"title": "Xiaomi, 4Paradigm and 01.AI among 14 models in China's fourth AI approval round",
             "keep": [1, 0, 6, 2, 3, 4, 5], "replace": [("artificial intelligence", "AI"), ("per cent", "%")]},
            {"title": "CHINA-AI/APPROVALS (UPDATE 1) China approves 14 more AI models", "keep": [0, 1, 2, 3, 5],
             "suffix": ["Related: China's AI rules explained", "This article was syndicated from a wire service."]},
            {"title": "China's fourth batch of approved AI models: what we know", "keep": [0, 1, 3, 4, 2, 6],
             "replace": [("BEIJING, Jan 18 - Chinese", "Chinese")],
             "suffix": ["(Writing by Tom Reed; Editing by Anna Kim)"]},
        ],
    },
    "cn-batch5-en": {
        "lang": "en",
        "date": dt.datetime(2024, 3, 29, 6, 0, tzinfo=dt.timezone.utc),
        "paras": [
            "SHANGHAI, March 29 - China has approved a fifth batch of 20 generative artificial intelligence models for "
            "public release, with companies from Shanghai, Guangdong and Zhejiang making up most of the list, the "
            "Shanghai municipal cyberspace office said on Friday.",
            "The approvals, dated March 28, take the number of models cleared for public use to 117 by the authorities' "
            "own count. Among the newly listed services are a chatbot from the e-commerce group Meituan, a coding "
            "assistant from the games developer miHoYo and an education model from the tutoring company Zuoyebang.",
            "Unlike the fourth batch in January, which contained only Beijing companies, the latest round spreads "
            "approvals across several provinces, a sign that local regulators have taken on more of the review work, "
            "lawyers who advise the companies said.",
            CAC_RULES,
            CAC_FIRST,
            "Shares of listed companies on the list were mixed. A spokesperson for Meituan said its assistant would be "
            "rolled out to merchants first and to consumers later in the year.",
        ],
        "copies": [
            {"title": "China approves fifth batch of 20 AI models", "keep": [0, 1, 2, 3, 4, 5],
             "suffix": ["Reporting by Zhou Min in Shanghai; Editing by Mark Holt"]},
            {"title": "Meituan, miHoYo models in China's fifth AI approval round", "keep": [1, 0, 2, 3, 4, 5],
             "suffix": ["© 2024 Asia Tech Wire. All rights reserved."]},
            {"title": "China's AI approvals spread beyond Beijing as 20 more models cleared", "keep": [0, 1, 2, 3, 4],
             "replace": [("artificial intelligence", "AI")]},
        ],
    },
    "openai-suit-press-en": {
        "lang": "en",
        "date": dt.datetime(2024, 10, 9, 14, 0, tzinfo=dt.timezone.utc),
        "paras": [
            "NEW YORK, Oct 9 - The Harbor Daily Press, a regional newspaper group that publishes 11 titles along the US "
            "East Coast, has sued OpenAI and Microsoft, accusing the companies of copying millions of its articles "
            "without permission to train the models behind ChatGPT.",
            "The complaint, filed on Tuesday in federal court in Manhattan, says the chatbot can reproduce long passages "
            "of paywalled reporting nearly word for word, and that the companies built a commercial product worth "
            "billions of dollars on the work of the group's journalists.",
            "The publisher is seeking damages and an order requiring OpenAI to destroy models and training sets that "
            "contain its material. It says talks over a licensing deal broke down in the summer after the two sides "
            "failed to agree on a price.",
            OPENAI_SUITS,
            "An OpenAI spokesperson said the company respects the rights of content creators and believes its use of "
            "publicly available data is protected by fair use. Microsoft declined to comment.",
            "Media lawyers said the case could turn on whether the newspaper can show that the chatbot's answers compete "
            "directly with its own subscriptions. \"Reproduction of whole articles is much harder to defend than learning "
            "general patterns,\" said a copyright professor at Fordham University.",
            "The Harbor Daily Press said its digital subscriptions fell by 8 per cent last year, a decline it partly "
            "attributes to readers getting news summaries from AI assistants.",
        ],
        "copies": [
            {"title": "Newspaper group sues OpenAI, Microsoft over copyright", "keep": [0, 1, 2, 3, 4, 5, 6],
             "suffix": ["Reporting by Dana Cole in New York; Editing by Peter Marsh"]},
            {"title": "Harbor Daily Press takes ChatGPT maker to court", "keep": [0, 1, 2, 3, 4, 5],
             "suffix": ["Copyright 2024 Metro Business Journal. Sign up for our morning briefing."]},
            {"title": "OpenAI hit with another copyright lawsuit, this time from a regional publisher",
             "keep": [1, 0, 2, 4, 3, 5], "replace": [("NEW YORK, Oct 9 - ", "")]},
            {"title": "East Coast newspapers sue OpenAI", "keep": [0, 1, 2, 4, 5],
             "suffix": ["Follow us on social media for the latest technology news.", "Share this article"]},
        ],
    },
    "openai-suit-voice-en": {
        "lang": "en",
        "date": dt.datetime(2024, 11, 14, 20, 0, tzinfo=dt.timezone.utc),
        "paras": [
            "LOS ANGELES, Nov 14 - A group of 23 voice actors has filed a lawsuit against OpenAI, alleging that the "
            "company's text-to-speech tools imitate their voices closely enough to take work away from them, in the "
            "latest legal challenge to the ChatGPT maker.",
            "The actors, who have worked on animated films, video games and audiobooks, say in the complaint that "
            "recordings they made for other clients were scraped from the internet and used to train the voice models "
            "without consent or payment.",
            "They are asking the court in Los Angeles to certify a class action on behalf of all professional voice "
            "performers whose recordings were used, and to bar OpenAI from offering voices that are \"substantially "
            "similar\" to any of them.",
            OPENAI_SUITS,
            "OpenAI said it had not yet been served with the complaint and could not comment on its details, but that "
            "its voices were created with paid actors who agreed to the terms.",
            "The performers' union has campaigned for rules that require consent before a person's voice is copied by "
            "software. Two US states passed laws this year giving performers control over digital replicas of their voices.",
        ],
        "copies": [
            {"title": "Voice actors sue OpenAI over cloned voices", "keep": [0, 1, 2, 3, 4, 5],
             "suffix": ["Reporting by Sam Ortiz in Los Angeles; Editing by Peter Marsh"]},
            {"title": "23 voice actors file class action against ChatGPT maker", "keep": [0, 2, 1, 4, 3],
             "suffix": ["Copyright 2024 Metro Business Journal. Sign up for our morning briefing."]},
            {"title": "OpenAI accused of copying actors' voices", "keep": [0, 1, 2, 4, 5],
             "replace": [("text-to-speech", "text to speech")]},
        ],
    },
    "eu-gpai-code-en": {
        "lang": "en",
        "date": dt.datetime(2025, 7, 10, 9, 0, tzinfo=dt.timezone.utc),
        "paras": [
            "BRUSSELS, July 10 - The European Commission on Thursday published a voluntary code of practice for "
            "general-purpose artificial intelligence models, giving companies such as OpenAI, Google and Mistral a "
            "template for meeting obligations under the EU's AI Act that take effect next month.",
            "The code, drafted by 13 independent experts after consultations with more than 1,000 participants, has "
            "three chapters covering transparency, copyright and the safety of the most powerful models.",
            "Companies that sign it will be presumed to comply with the law's requirements for general-purpose models, "
            "reducing their administrative burden and legal uncertainty, the Commission said. Those that do not sign "
            "must show compliance in other ways.",
            "Under the transparency chapter, providers must keep documentation describing how their models were trained "
            "and share it with the EU's AI Office and with businesses that build products on top of them. The "
            "copyright chapter asks firms to respect website opt-outs when crawling.",
            "Industry groups had lobbied for a delay, arguing that the rules were arriving before technical standards "
            "were ready. Some civil society organisations said the final text had been watered down after pressure "
            "from US technology companies.",
            "The obligations for general-purpose models apply from Aug 2, 2025, while enforcement powers of the AI "
            "Office begin a year later for new models.",
        ],
        "copies": [
            {"title": "EU publishes AI code of practice for general-purpose models", "keep": [0, 1, 2, 3, 4, 5],
             "suffix": ["Reporting by Claire Dubois in Brussels; Editing by Ed Lane"]},
            {"title": "Brussels unveils voluntary rulebook for ChatGPT-style AI", "keep": [0, 2, 1, 3, 5, 4],
             "suffix": ["This story has been corrected to fix the number of chapters in paragraph 2."]},
            {"title": "What the EU's new AI code asks of OpenAI, Google and Mistral", "keep": [0, 1, 3, 2, 4],
             "replace": [("artificial intelligence", "AI"), ("European Commission", "EU Commission")]},
            {"title": "EU AI Act: code of practice for GPAI published", "keep": [0, 1, 2, 3, 5],
             "suffix": ["Read more: AI Act timeline", "© 2025 Policy Desk Europe"]},
        ],
    },
    "bj-batch-zh": {
        "lang": "zh",
        "date": dt.datetime(2025, 4, 2, 2, 0, tzinfo=dt.timezone.utc),
        "paras": [
            "记者从北京市互联网信息办公室获悉，截至3月31日，北京市又有12款生成式人工智能服务完成备案，"
            "本市累计完成备案的生成式人工智能服务已达105款，数量继续居全国首位。",
            "本批新增备案的服务涵盖智能客服、代码辅助、医疗问诊、法律咨询和教育辅导等领域，备案主体包括小米、"
            "第四范式、零一万物等科技企业，以及多家高校孵化的初创公司。",
            ZH_RULES,
            ZH_DISPLAY,
            "北京市网信办有关负责人表示，下一步将继续加强对生成式人工智能服务的备案指导，优化备案流程，"
            "压实企业主体责任，推动人工智能产业健康有序发展。",
            "业内人士认为，北京在大模型领域集聚了大量研发力量和算力资源。去年以来，北京先后出台多项支持政策，"
            "在算力补贴、数据开放和场景应用方面为企业提供便利，备案数量的快速增长正是这些政策效果的体现。",
            "据了解，此次公布的备案信息已同步报送国家互联网信息办公室，公众可通过北京市网信办官方网站查询已备案服务的名称、主体和备案编号。",
        ],
        "copies": [
            {"title": "北京新增12款生成式人工智能服务完成备案", "keep": [0, 1, 2, 3, 4, 5, 6],
             "suffix": ["（责任编辑：王芳）"]},
            {"title": "北京累计备案生成式AI服务达105款 居全国首位", "keep": [0, 1, 2, 3, 4, 5],
             "suffix": ["来源：京城科技报", "本文转载自其他媒体，版权归原作者所有，如有侵权请联系删除。"]},
            {"title": "又有12款！北京生成式人工智能服务备案再扩容", "keep": [1, 0, 4, 5, 2, 3],
             "replace": [("生成式人工智能", "生成式AI")]},
            {"title": "北京市网信办：12款生成式人工智能服务完成备案", "keep": [0, 1, 2, 3, 4, 6],
             "suffix": ["扫一扫关注我们的微信公众号", "京ICP证030173号 京公网安备11000002000001号"]},
            {"title": "小米、第四范式等企业大模型服务在京完成备案", "keep": [0, 1, 3, 2, 5],
             "suffix": ["（编辑：李强 审核：赵敏）"]},
        ],
    },
    "sh-batch-zh": {
        "lang": "zh",
        "date": dt.datetime(2025, 7, 3, 2, 0, tzinfo=dt.timezone.utc),
        "paras": [
            "记者从上海市互联网信息办公室获悉，截至6月30日，上海市又有9款生成式人工智能服务完成备案，"
            "本市累计完成备案的生成式人工智能服务已达47款。",
            "本批新增备案的服务主要集中在金融风控、工业设计、游戏制作和城市治理等领域，备案主体包括商汤科技、"
            "稀宇科技、米哈游等企业。",
            ZH_RULES,
            ZH_DISPLAY,
            "上海市网信办有关负责人表示，将进一步加强对生成式人工智能服务的备案指导和事后监管，支持企业在确保安全的前提下开展技术创新，"
            "推动人工智能与实体经济深度融合。",
            "上海是国内人工智能企业最为集中的城市之一。去年发布的相关行动方案提出，到明年底本市大模型产业规模要实现显著增长，"
            "并在徐汇、浦东等地建设一批人工智能产业集聚区。",
        ],
        "copies": [
            {"title": "上海新增9款生成式人工智能服务完成备案", "keep": [0, 1, 2, 3, 4, 5],
             "suffix": ["（责任编辑：陈洁）"]},
            {"title": "上海累计备案生成式AI服务达47款", "keep": [0, 1, 2, 3, 4],
             "suffix": ["来源：申城财经", "本文转载自其他媒体，版权归原作者所有，如有侵权请联系删除。"]},
            {"title": "商汤、米哈游等企业新增大模型服务完成备案", "keep": [1, 0, 4, 5, 2, 3],
             "replace": [("生成式人工智能", "生成式AI")]},
            {"title": "上海市网信办：又有9款生成式人工智能服务完成备案", "keep": [0, 1, 2, 3, 5],
             "suffix": ["扫一扫关注我们的微信公众号"]},
        ],
    },
    "cac-total-zh": {
        "lang": "zh",
        "date": dt.datetime(2025, 4, 8, 8, 0, tzinfo=dt.timezone.utc),
        "paras": [
            "国家互联网信息办公室4月8日发布消息，截至2025年3月31日，全国共有346款生成式人工智能服务在国家网信办完成备案，"
            "另有一批应用通过地方网信部门完成登记。",
            "据介绍，今年一季度新增备案的生成式人工智能服务共44款，涉及办公助手、搜索问答、图像生成、视频生成和智能体等多种类型，"
            "提供者既有互联网平台企业，也有传统行业龙头企业。",
            "国家网信办有关负责人指出，备案和登记是两种不同的程序：直接调用已备案模型能力、通过API接口或其他方式实现生成式人工智能功能的应用，"
            "由地方网信部门进行登记，无需重复备案。",
            "该负责人表示，网信部门将持续做好生成式人工智能服务备案和登记工作，及时公开备案信息，同时加强对已上线服务的监督检查，"
            "对违规行为依法予以处置。",
            "专家认为，备案数量稳步增长，说明我国生成式人工智能技术正加速走向实际应用。但也有业内人士提醒，部分应用存在同质化竞争问题，"
            "企业应在细分场景中寻找差异化优势。",
            "根据网信办此前公布的数据，截至去年12月31日，全国累计已有302款生成式人工智能服务完成备案，其中当年新增238款。",
        ],
        "copies": [
            {"title": "国家网信办：346款生成式人工智能服务已完成备案", "keep": [0, 1, 2, 3, 4, 5],
             "suffix": ["（责任编辑：刘洋）"]},
            {"title": "全国已备案生成式AI服务增至346款 一季度新增44款", "keep": [0, 1, 2, 3, 5],
             "suffix": ["来源：科技日报网"]},
            {"title": "备案与登记有何不同？网信办公布最新生成式人工智能服务数据", "keep": [2, 0, 1, 4, 3, 5],
             "suffix": ["点击阅读原文", "扫一扫关注我们的微信公众号"]},
        ],
    },
    "chip-export-en": {
        "lang": "en",
        "date": dt.datetime(2024, 12, 3, 15, 0, tzinfo=dt.timezone.utc),
        "paras": [
            "WASHINGTON, Dec 3 - The US Commerce Department said on Tuesday it would require export licences for a wider "
            "range of advanced AI chips and chipmaking tools bound for China, tightening controls it first imposed two "
            "years ago.",
            "Officials said licence applications from companies shipping to Chinese customers would face a presumption "
            "of denial, though some approvals could be granted for products used in consumer devices. The rules add "
            "140 Chinese entities to the trade blacklist.",
            "Beijing's commerce ministry said it firmly opposed the move and would take necessary measures to protect "
            "the rights of Chinese firms. Chipmakers warned the restrictions would cost them sales without slowing "
            "China's progress in artificial intelligence.",
            "Analysts said the decision would push Chinese developers further towards domestic accelerators, which "
            "still trail the most advanced US parts in performance and software support. Several Chinese cloud "
            "providers have stockpiled imported chips over the past year in anticipation of tighter rules, according "
            "to people familiar with their purchasing.",
        ],
        "copies": [
            {"title": "US widens licence rules for AI chip exports to China", "keep": [0, 1, 2, 3],
             "suffix": ["Reporting by Jo Park in Washington; Editing by Ed Lane"]},
        ],
    },
    "drug-approval-zh": {
        "lang": "zh",
        "date": dt.datetime(2025, 5, 20, 2, 0, tzinfo=dt.timezone.utc),
        "paras": [
            "国家药品监督管理局近日批准一款人工智能辅助诊断软件上市，该产品可对胸部CT影像中的肺结节进行自动识别和风险分级，"
            "这是今年以来获批的第三款同类医疗器械。",
            "据介绍，该软件基于深度学习算法开发，在多家三甲医院开展的临床试验中，对直径5毫米以上结节的检出率超过95%，"
            "可帮助医生缩短阅片时间、减少漏诊。",
            "药监部门提醒，人工智能辅助诊断软件只能作为医生诊断的参考，不能替代医生作出最终诊断结论。医疗机构在使用过程中应当"
            "加强质量管理，发现不良事件及时报告。业内人士表示，随着审批路径逐步清晰，预计将有更多医疗人工智能产品进入临床应用，"
            "但数据安全和算法透明度仍是监管关注的重点。",
            "据悉，该产品的注册申请于去年提交，审评过程中企业按照要求补充了多中心临床数据和算法更新管理方案。",
        ],
        "copies": [
            {"title": "又一款AI辅助诊断软件获批上市", "keep": [0, 1, 2, 3], "suffix": ["（责任编辑：孙丽）"]},
        ],
    },
}


def build() -> list[dict]:
    docs = []
    for story, spec in STORIES.items():
        joiner = "\n\n"
        for n, copy in enumerate(spec["copies"]):
            paras = [spec["paras"][i] for i in copy["keep"]] + copy.get("suffix", [])
            text = joiner.join(paras)
            for old, new in copy.get("replace", []):
                text = text.replace(old, new)
            published = spec["date"] + dt.timedelta(hours=3 * n)
            docs.append({"story": story, "language": spec["lang"], "source": f"site-{n + 1}",
                         "title": copy["title"], "published": published.isoformat(), "text": text})
    return docs


def main() -> None:
    for old in OUT.glob("doc-*.json"):
        old.unlink()
    for doc_id, doc in enumerate(build(), start=1):
        doc = {"id": doc_id, **doc}
        path = OUT / f"doc-{doc_id:02d}-{doc['story']}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {doc_id} documents to {OUT}")


if __name__ == "__main__":
    main()
