"""Reading a task as a department's notice words it: the framing stripped, abbreviations spelt out.

A notice wraps a duty in words addressed to the township ("请各乡镇于月底前完成辖区……",
"由镇政府负责……", "配合做好……工作") that say who, when and where, not what. `task_core`
keeps the what; `canonical` then writes the abbreviations a list or a notice may use in one
full form, so that "双拥" and "拥军优属、拥政爱民" are the same words on both sides.
"""

from __future__ import annotations

import re
import unicodedata

from township.matching.text import normalise

# Abbreviation → the full form, applied to tasks and item names alike (longest first, so that
# 人社局 is read before 社保). Every entry is a pair the published lists or county notices use:
# the lists name departments both ways ("人社局" / "人力资源和社会保障局", "林草局" / "林业和
# 草原局"), and notices shorten duties ("双拥" for "拥军优属、拥政爱民", "低保" for "最低生活
# 保障"). The full forms are written without punctuation, as `normalise` leaves them. Only
# abbreviations that cannot be read any other way belong here: "环保" is kept (环境保护 and
# 生态环境保护 both shorten to it, and both contain it spelt out), "社保" is not 社会保障.
SYNONYMS: dict[str, str] = {
    "人社局": "人力资源和社会保障局",
    "人社": "人力资源和社会保障",
    "双拥": "拥军优属拥政爱民",
    "低保": "最低生活保障",
    "医保局": "医疗保障局",
    "医保": "医疗保障",
    "社保": "社会保险",
    "住建局": "住房和城乡建设局",
    "住建": "住房和城乡建设",
    "发改委": "发展和改革委员会",
    "发改": "发展和改革",
    "卫健委": "卫生健康委员会",
    "卫健": "卫生健康",
    "林草局": "林业和草原局",
    "文旅局": "文化体育广播电视和旅游局",
    "市场监管": "市场监督管理",
    "工信局": "工业和信息化局",
    "网信办": "网络安全和信息化委员会办公室",
    "编办": "机构编制委员会办公室",
    "残联": "残疾人联合会",
    "妇联": "妇女联合会",
    "关工委": "关心下一代工作委员会",
    "综治": "社会治安综合治理",
    "计生": "计划生育",
    "环保": "环境保护",
    "三资": "资金资产资源",
    "禁烧": "禁止焚烧",
    "湖长制": "河长制",
    "河湖长制": "河长制",
    "防溺水": "预防溺水",
}
_SYNONYM_PATTERN = re.compile("|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)))

# The framing of a notice, as departments write it. Each pattern removes words that say who is
# asked, when, where or how earnestly, never what: "请各乡镇（街道）", "由镇政府负责", "于月底前",
# "在 2025 年 6 月 30 日前", "辖区内", "切实", "并将结果报送县民政局".
_ADDRESSEE = re.compile(
    r"^(?:请|由|要求|督促|责成)*"
    r"(?:(?:(?:各|你|本|全县各|所属|相关|有关)(?:乡镇|乡|镇|街道|苏木)"  # 各乡镇, 你镇, 本乡
    r"|乡镇(?!企业)|乡\(镇\)|乡\(镇、街道\)"
    r"|(?:乡|镇|街道|苏木)(?=人民政府|政府|党委))"  # a bare 乡 or 镇 only as a body: 乡道, 镇区 stay
    r"(?:\([^)]{1,6}\))?(?:人民政府|政府|党委)?(?:要|须|需|应|必须|务必|继续)?)?"  # 各乡(镇), 各乡镇(街道)
)
# A date needs a year, month, day or period before its 前/内: a bare 前 or 内 is a word's ("学前教育").
_NUMBER = r"[\d一二三四五六七八九十]"
_DATE = re.compile(
    r"(?:于|在|到|截至|截止)?"
    rf"(?:\d{{2,4}}年(?:{_NUMBER}{{1,3}}月)?(?:{_NUMBER}{{1,3}}日)?|{_NUMBER}{{1,3}}月(?:{_NUMBER}{{1,3}}日)?"
    r"|\d{1,2}日|本月|下月|本周|本季度|本年|年|月|季度|周)"
    r"(?:底|末|中旬|上旬|下旬)?(?:之前|前|以前|内)"
)
_WHEN = re.compile(r"(?:每年|每季度|每月|每周|定期|按时|及时|尽快|全年|年内|近期|当前|今年|明年|\d{4}年度?)")
_WHERE = re.compile(r"本辖区|辖区内|辖区|全乡|全镇|各村\(社区\)|各村社区|各村|本地区|本区域|区域内")
# Not 统一, 集中 or 规范: they name duties too ("统一战线", "集中供水", "规范化建设").
_MANNER = re.compile(r"认真|切实|扎实|全面|进一步|积极|严格|深入|广泛|持续|全力|大力|有序|依法|务必|必须")
_LEAD_VERBS = re.compile(
    r"^(?:负责|配合|协助|协同|支持|参与|牵头|做好|抓好|开展|组织|组织开展|完成|落实|推进|推动|加强|"
    r"实施|抓紧|着力|认真|搞好|办好|执行|承担|继续|启动|部署|上级|县(?!级)|的|督促|督导|指导|上报|报送)+"
)
# "组织人员对辖区内加油站开展安全检查": the object and the work, 加油站安全检查.
_STAFFED = re.compile(r"^(?:组织|安排|抽调)?(?:专门)?(?:人员|专人|力量)(?=负责|对|开展|做好|进行|参与)")
_OBJECT_FIRST = re.compile(r"^对(.+?)开展(.+)$")
# Clauses that say why, how hard or to what end, not what: "结合实际", "党委、政府要高度重视",
# "根据《关于……的通知》要求", "确保接种率达到95%以上". Dropped when another clause remains.
_ASIDE = re.compile(r"^(?:结合|根据|按照|为了|为(?=确保|进一步|切实|做好|加强|全面|深入|推动|保障)|确保|力争|严禁|做到)"
                    r"|高度重视|要求$")
# "把做好双拥工作作为重要任务": the duty inside.
_FRAME = re.compile(r"^把(.+?)(?:作为|当作|列为).*$")
# A closing clause that says where the result goes, not what the work is: "并于月底前将结果报
# 县民政局", "报送相关材料", "形成台账备查".
_REPORTING = re.compile(r"(?:[，,]|并|同时)+(?:及时|按时|于\S{0,8}?前)?(?:将|把)?(?:工作)?(?:情况|结果|总结|材料|报表|台账)?(?:报送|上报|报至|报告|报县|报市|报区|汇总上报|备查)[^，,。；;]*$")
# A department named before the duty: "配合县人社局开展……", "协助县市场监督管理局做好……". Only
# before a verb or the clause's end, so that "市场主体登记辅助事项办理" keeps its 市 and 办.
_DEPARTMENT = re.compile(
    r"^(?:配合|协助|会同|协同|按照|根据|联合)?(?:县|市|区|州|地区)[^，,、]{1,14}?"
    r"(?:局|委员会|委|办公室|办|部|中心|站|所|院|队|大队)(?:要求|安排|部署)?"
    r"(?=开展|做好|抓好|组织|落实|推进|完成|负责|实施|对|的|$)"
)
_TRAILING = re.compile(r"(?:的通知|通知|任务|有关工作|相关工作|等工作|工作|事宜|事项|相关|有关|等|情况|名单)+$")
_CLAUSE = re.compile(r"[，,；;：:]")
_SPACES = re.compile(r"\s+")
_NUMBERING = re.compile(r"^(?:[(（]?[0-9一二三四五六七八九十]+[)）、.．:]|第[一二三四五六七八九十]+[条项、])\s*")


def _plain(text: str) -> str:
    """NFKC (full-width brackets and digits to half width) without spaces."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def task_core(text: str) -> str:
    """The duty a task line asks for, its numbering and notice framing removed (not yet normalised)."""
    core = _NUMBERING.sub("", _plain(text)).rstrip("。；;，,")
    core = _REPORTING.sub("", core)
    for pattern in (_DATE, _WHEN, _WHERE, _MANNER):
        core = pattern.sub("", core)
    clauses = [clause for clause in map(_clause_core, _CLAUSE.split(core)) if clause]
    duties = [clause for clause in clauses if not _ASIDE.search(clause)]
    stripped = "，".join(duties or clauses)
    return _TRAILING.sub("", stripped) or stripped or core


def _clause_core(clause: str) -> str:
    """One clause without its leading addressee, department and verbs ("请各乡镇配合县人社局开展")."""
    previous = None
    while previous != clause:  # as often as they come, in any order
        previous = clause
        clause = _LEAD_VERBS.sub("", _DEPARTMENT.sub("", _ADDRESSEE.sub("", clause)))
        clause = _OBJECT_FIRST.sub(r"\1\2", _STAFFED.sub("", _FRAME.sub(r"\1", clause)))
    return clause.strip("、")


def expand_synonyms(text: str) -> str:
    """Text with every abbreviation of SYNONYMS written in its full form."""
    return _SYNONYM_PATTERN.sub(lambda match: SYNONYMS[match.group()], text)


def synonym_variants(text: str) -> list[str]:
    """The abbreviations and full forms a text's SYNONYMS entries stand for, to look items up by."""
    full_forms = set(SYNONYMS.values())
    expanded = expand_synonyms(text)
    found = [short for short, full in SYNONYMS.items() if full in expanded]
    return found + [full for full in full_forms if full in expanded]


def canonical(text: str) -> str:
    """A task or item name as compared: synonyms spelt out, then the catalogue's normalisation."""
    return expand_synonyms(normalise(_plain(text)))
