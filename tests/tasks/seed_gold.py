"""Hand-written expectations for the seed plan (shizhong-2023-2025), read from the article
texts by a person — never produced by the code under test.

TASKS: for seven articles across six chapters, every commitment as (a phrase the task's text
must contain, its due date or None). The article's units (the closing parenthesis, copied by
hand) are every task's units: no sentence of these articles names its own.
POLICIES: every explicit promise of a policy in the whole plan, (article, phrase, kind).
`score` matches proposals to expectations one to one and gives precision and recall; the
test (test_seed_proposals.py) and bench/bench_task_proposals.py both print it.
"""

from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "src/planwatch/sample_data/shizhong-2023-2025.txt"

UNITS = {
    3: ["区发展改革局", "区科技局", "区工业和信息化局", "区投资促进局"],
    13: ["区商务局"],
    18: ["区发展改革局", "区工业和信息化局", "区自然资源局", "市生态环境局市中区分局"],
    20: ["区自然资源局", "区住房和城乡建设局", "区城市管理局", "区水务局", "区市场监管局", "市生态环境局市中区分局"],
    25: ["区发展改革局", "区自然资源局", "区住房和城乡建设局", "区城市管理局", "区水务局", "区大数据局"],
    30: ["区投资促进局"],
    39: ["区人力资源和社会保障局"],
}

TASKS = {
    3: [
        ("持续优化“两高”管控政策", None),
        ("改造提升汽车制造、电力装备、工程机械等传统优势产业", None),
        ("全面落实“工赋泉城”行动", None),
        ("开展融链固链专项行动", None),
        ("加快构建绿色制造体系", None),
        ("鼓励企业实施智能化、数字化、绿色化技术改造", None),
    ],
    13: [
        ("加快老商埠商业金带振兴崛起", None),
        ("开展消费扩容提质行动", None),
        ("持续完善落实青年人首套住房政策措施", None),
        ("加快推进一刻钟便民生活圈试点城市建设", None),
    ],
    18: [
        ("制定实施全区碳达峰碳中和路径行动方案", None),
        ("加快淘汰山东水泥厂、卧虎山建材厂落后产能", None),
        ("积极参与全国碳排放权交易", None),
        ("开展低碳园区、低碳社区、低碳企业等净零碳工程试点", None),
        ("推进“无废城市”建设", None),
        ("完成省、市下达单位地区生产总值二氧化碳排放目标任务", "2025-12-31"),
    ],
    20: [
        ("持续打好蓝天、碧水、净土保卫战", None),
        ("深化大气污染源头防控", None),
        ("实施陡沟河、大涧沟河道生态治理工程", None),
        ("基本完成入河排污口整治", "2025-12-31"),
        ("加强土壤污染防控修复", None),
    ],
    25: [
        ("统筹地下空间、停车泊位、路网交通、公共服务设施等方面布局建设", None),
        ("基本完成雨污分流改造和内涝治理工作", "2025-12-31"),
        ("积极推进城市治理数字化转型", None),
    ],
    30: [
        ("健全完善“1+11+17+N”一体化招商联动机制", None),
        ("积极探索产业链招商、基金招商、股权招商、产品招商、亲情招商等新模式新手段", None),
        ("加大制造业利用外资力度", None),
        ("定期推出合作项目", None),
    ],
    39: [
        ("落实高质量就业行动", None),
        ("数字就业社区建设", None),
        ("扩大公益性岗位、灵活就业补贴范围", None),
        ("农村集体经营性建设用地入市增值收益分配机制", None),
        ("深化收入分配制度改革", None),
    ],
}

POLICIES = [
    (3, "“两高”管控政策", "revise"),
    (3, "各项扶持政策", "implement"),
    (10, "普惠性创新政策体系", "new"),
    (11, "人才政策", "implement"),
    (13, "消费券政策", "new"),
    (13, "青年人首套住房政策措施", "revise"),
    (18, "碳达峰碳中和路径行动方案", "new"),
    (28, "省创建世界一流企业实施意见", "implement"),
    (29, "政策制度体系", "revise"),
    (36, "推动文化创意产业新旧动能转换政策", "implement"),
    (38, "精品创作扶持政策", "revise"),
    (40, "教师激励措施", "new"),
    (41, "国家、省、市生育政策", "implement"),
    (41, "促进人口长期均衡发展的落实措施", "new"),
    (42, "全面放开三孩政策及配套措施", "implement"),
    (44, "配套政策", "revise"),
]


def _task_match(proposal, article: int, phrase: str, due) -> bool:
    return (proposal.article == article and phrase in proposal.text and proposal.due == due
            and proposal.units == UNITS[article])  # fmt: skip


def _policy_match(proposal, article: int, phrase: str, kind: str) -> bool:
    return proposal.article == article and phrase in proposal.name and proposal.kind == kind


def _score(proposals, expected, match) -> tuple[float, float, list, list]:
    """(precision, recall, unmatched expectations, unmatched proposals), one to one."""
    left = list(proposals)
    missed = []
    for item in expected:
        hit = next((p for p in left if match(p, *item)), None)
        if hit is None:
            missed.append(item)
        else:
            left.remove(hit)
    found = len(expected) - len(missed)
    return found / max(len(proposals), 1), found / len(expected), missed, left


def score_tasks(proposals):
    mine = [p for p in proposals if p.article in TASKS]
    expected = [(a, phrase, due) for a, items in TASKS.items() for phrase, due in items]
    return _score(mine, expected, _task_match)


def score_policies(proposals):
    return _score(proposals, POLICIES, _policy_match)
