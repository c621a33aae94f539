"""Word documents shaped like published lists, written with python-docx for LibreOffice to print.

Each builder returns a python-docx Document; `conftest.py` converts them to PDF once per run.
The text is copied from the bundled lists (002: 于田县先拜巴扎镇, 000: 伊宁市潘津镇); the shapes
vary what real documents vary: fonts, sizes, column widths, portrait and landscape sections,
categories merged down (centred or at the top), a title row merged across, header rows repeated
on each page, rows broken by a page break, footers in two styles.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BASIC_HEADER = ("序号", "事项类别", "事项名称")
COORDINATING_HEADER = ("序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "乡镇（街道）配合职责")
RECLAIMED_HEADER = ("序号", "事项类别", "事项名称", "承接部门及工作方式")

TITLE_002 = "新疆维吾尔自治区和田地区于田县先拜巴扎镇履职事项清单"
TITLE_000 = ("新疆维吾尔自治区伊犁哈萨克自治州", "伊宁市潘津镇", "履职事项清单")
MONTH = "2025年7月"
PROFILE_002 = (
    "先拜巴扎镇是农业型乡镇，位于于田县西部，距县城 15 公里、区域面积 85.05 平方公里。全镇户籍人口 "
    "2.1047 万人、常住人口 2.1820 万人，下辖 14 个行政村。全镇耕地 0.33 万亩，村均集体收入 35 万元，"
    "人均收入 2.0739 万元。"
)
COUNTS_002 = (
    "配合履职事项清单是以上级部门为主负责、乡镇为辅配合的履职事项。主要包括党的建设、经济发展、民生服务、"
    "平安法治、乡村振兴、社会管理、民族宗教、社会保障、自然资源、生态环保、城乡建设、商贸流通、文化和旅游、"
    "卫生健康、应急管理及消防、市场监管、综合政务、教育培训监管 18 个类别，共有配合履职事项 98 项，"
    "涉及 37 个部门（单位）。"
)

# 000's basic part: (序号, 事项类别, 事项名称).
BASIC_000 = (
    ("1", "党的建设", "深入学习贯彻习近平新时代中国特色社会主义思想和习近平总书记关于新疆工作的重要讲话重要指示批示精神，完整准确全面贯彻新时代党的治疆方略，宣传和执行党的路线方针政策，执行上级党组织及本级党组织决议，加强政治建设，坚定拥护“两个确立”、坚决做到“两个维护”，开展党内集中教育"),
    ("2", "党的建设", "以铸牢中华民族共同体意识为主线，加强宣传教育，引导各族群众不断增强对伟大祖国、中华民族、中华文化、中国共产党、中国特色社会主义的认同"),
    ("3", "党的建设", "组织开展理论宣讲，深化习近平新时代中国特色社会主义思想进万家活动"),
    ("4", "党的建设", "落实“三会一课”、主题党日等党内组织生活制度，召开民主生活会、组织生活会，严肃本镇党内政治生活"),
    ("5", "党的建设", "做好农村“四老”人员（老干部、老党员、老模范、老军人）申报、服务、管理工作"),
    ("6", "党的建设", "负责村“两委”干部及其后备干部“选育管用”工作"),
    ("7", "党的建设", "加强“四个合格”党员队伍建设，负责本镇党员发展、教育、管理、监督、服务等工作，依规稳妥处置不合格党员，做好党代表推选、日常联络服务工作"),
    ("8", "党的建设", "落实党管人才原则，做好本镇人才引进、服务、管理和使用工作"),
    ("9", "党的建设", "健全党建引领基层治理机制，完善社会参与制度"),
    ("10", "党的建设", "加强基层政权治理能力建设，指导村（居）民委员会换届选举，强化党组织领导把关作用"),
    ("11", "党的建设", "负责本辖区新兴领域党的建设工作"),
    ("12", "党的建设", "加强本镇社会工作人才队伍建设，推进新时代志愿服务工作"),
    ("13", "党的建设", "加强基层阵地建设，优化提升服务功能"),
    ("14", "党的建设", "搭建本镇区域化党建平台，推动党组织联建共建"),
    ("15", "党的建设", "依法履行镇人大主席团职责，负责本镇人大换届选举，做好人大代表的履职服务、保障等工作"),
    ("16", "党的建设", "建立基层政协联络工作机制，联系辖区内政协委员开展政治协商和民主监督，服务保障政协委员履职"),
    ("17", "党的建设", "加强对工会工作的领导，推进基层工会组织建设，维护职工合法权益"),
    ("18", "党的建设", "加强对共青团工作的领导，推进基层团组织建设和少先队工作，做好青少年思想引领、组织动员和联系服务工作，维护青少年合法权益"),
    ("19", "党的建设", "加强对妇联工作的领导，推进基层妇联组织建设，维护妇女儿童合法权益"),
    ("20", "经济发展", "制定和落实本镇经济发展规划，推动经济高质量发展"),
    ("21", "经济发展", "做好本镇优化营商环境工作，帮助市场主体协调解决发展中存在的问题"),
    ("22", "经济发展", "负责本镇经济普查、人口普查、农业普查等统计调查工作，做好经济运行数据的监测、上报"),
    ("23", "民生服务", "落实本镇就业创业优惠政策，开展就业宣传、培训、岗位推荐、就业援助等工作"),
    ("24", "民生服务", "负责本镇适龄学前儿童接受学前教育及义务教育阶段控辍保学工作"),
    ("25", "民生服务", "落实本镇残疾人补贴，开展残疾人培训、就业、关心关爱等工作，保障残疾人合法权益"),
)

# 002's coordinating part: (序号, 事项名称, 对应上级部门, 上级部门职责 paragraphs, 配合职责 paragraphs),
# all under 党的建设; cells keep one paragraph per step or department label, as Word has them.
COORDINATING_002 = (
    ("1", "推荐县级以上党代表工作", "于田县委组织部",
     ("1. 确定县级以上党代表名额分配；", "2. 确定初步人员并进行考察；", "3. 对人选进行审核批复。"),
     ("1. 按照分配的名额组织所辖党支部召开支部党员大会进行酝酿推荐；",
      "2. 根据推荐情况，召开党委会确定推荐人选，将推荐人选上报县委组织部；",
      "3. 协助做好确定人员的考察工作；",
      "4. 将确定代表候选人初步人选在一定范围内公示，公示期不少于5个工作日，并将公示情况上报县委组织部；",
      "5. 根据考察情况，召开党委会研究确定初步人选，上报县委组织部；",
      "6. 根据批复，召开党委会按照不少于20%的差额研究确定预备人选，并报县委组织部；",
      "7. 召开党员大会、代表大会或代表会议，选举产生代表，选举后将选举结果和代表登记表报县委组织部。")),
    ("3", "政协委员人选推荐工作", "政协于田县委员会机关、于田县委组织部、于田县委统一战线工作部",
     ("于田县委组织部：", "1. 负责推荐党内政协委员；", "2. 对推荐人选进行考察、资格联审、公示，确定人选后报县政协。",
      "于田县委统一战线工作部：", "1. 负责推荐党外政协委员；", "2. 对推荐人选进行考察、资格联审、公示，确定人选后报县政协。",
      "政协于田县委员会机关：", "1. 将需要推荐的政协委员的各项要求推送至各乡镇进行推荐；",
      "2. 召开政协主席会议、常委会议协商决定委员名单；",
      "3. 召开县政协全体会议，由委员进行投票选举，通过委员名单，公布选举结果。"),
     ("1. 按权限做好政协委员人选推荐工作；",
      "2. 按照分配的名额和比例，结合实际，在一定范围酝酿协商，提出初步推荐人选，党内推荐人选报县委组织部、党外推荐人选报县委统一战线工作部。")),
    ("4", "从优秀村干部中招录公务员、招聘事业单位工作人员", "于田县委组织部、于田县人力资源和社会保障局、于田县委机构编制委员会办公室",
     ("于田县委组织部：", "1. 将发布招录（招聘）通知下发各乡镇；",
      "2. 会同县人力资源和社会保障局、县委机构编制委员会办公室对各乡镇上报的公务员和事业编制推荐人员进行资格审查；",
      "3. 成立联合考察组，对资格审查合格的初步人选进行考察和政审，并征求相关单位及驻村工作队意见建议；",
      "4. 考察和政审结束后，将符合条件人员信息报县委择优确定拟推荐人选并在所属乡（镇）、村进行公示；",
      "5. 对公示及核查无异议人选报地委组织部；", "6. 指导录取的公务员办理入职等相关手续。",
      "于田县人力资源和社会保障局：", "指导录取的事业编制人员办理入职手续、签订事业编制人员录用合同等。",
      "于田县委机构编制委员会办公室：", "1. 审核各乡镇机关、事业单位空编情况；", "2. 做好招录（招聘）人员入编工作。"),
     ("1. 将发布招录（招聘）通知传达至各村；",
      "2. 做好从优秀村党组织书记中招录（招聘）乡镇公务员和事业编制人员人选的推荐工作；",
      "3. 协助办理人员入编、聘用等手续。")),
    ("5", "县级以上党内表彰激励", "于田县委组织部",
     ("1. 组织开展推荐表彰工作，向上级党组织提出表彰工作方案并组织实施；",
      "2. 收集汇总推荐对象的信息，开展考察、审核、公示、决定等工作；",
      "3. 向上级党组织分级分类推荐自治区级、地区级、县级表彰对象；",
      "4. 举行表彰大会，宣布表彰决定，对获得表彰的党组织、党员颁发证书、奖牌。"),
     ("1. 根据分配的名额和条件，组织基层党组织进行民主推荐，逐级研究提出推荐对象；",
      "2. 对推荐对象进行初审，初审合格后，向县委组织部提出表彰人选。")),
)

# 002's taken-back part: (序号, 事项类别, 事项名称, 承接部门及工作方式 paragraphs).
RECLAIMED_002 = (
    ("1", "经济发展", "对农业资金分配、使用过程的监督管理",
     ("承接部门：于田县农业农村局、于田县财政局",
      "工作方式：按照职责分工，由于田县农业农村局拟定农业资金分配使用方案，提交县委常委会议研究确定后，"
      "做好资金分配工作；由于田县财政局对农业资金使用过程进行监督管理。")),
    ("2", "民生服务", "适龄儿童、少年因身体状况需要延缓入学或者休学审批",
     ("承接部门：于田县教育局",
      "工作方式：由于田县教育局根据申请人员提交的医学身体状况证明等其他相关材料，对是否延缓入学进行评估审批。")),
    ("3", "民生服务", "婚姻登记（仅内地居民）", ("承接部门：于田县民政局", "工作方式：由于田县民政局负责婚姻登记工作。")),
    ("4", "民生服务", "出具婚姻状况证明（婚姻关系证明、分居证明）", ("此项工作不再开展。",)),
)


def new_document(font: str, size: float) -> Document:
    """An A4 document whose Latin and Chinese text use `font` at `size` points."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    return document


def heading(document: Document, text: str, *, size: float = 16) -> None:
    """A centred bold line (title, month, part heading)."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.font.size = True, Pt(size)


def body(document: Document, text: str) -> None:
    """A justified paragraph with a two-character first-line indent, as in a 说明."""
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Pt(24)


def page_break(document: Document) -> None:
    """Start a new page."""
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def landscape(document: Document) -> None:
    """Start a landscape A4 section on a new page."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)


def portrait(document: Document) -> None:
    """Start a portrait A4 section on a new page."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def footer(document: Document, style: str) -> None:
    """Page numbers in every section's footer: "— 9 —" (dash) or "第 9 页 共 35 页" (count)."""
    for section in document.sections:
        section.footer.is_linked_to_previous = False
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("— " if style == "dash" else "第 ")
        _field(paragraph, "PAGE")
        if style == "dash":
            paragraph.add_run(" —")
        else:
            paragraph.add_run(" 页 共 ")
            _field(paragraph, "NUMPAGES")
            paragraph.add_run(" 页")


def _fill(cell, paragraphs: tuple[str, ...] | str) -> None:
    paragraphs = (paragraphs,) if isinstance(paragraphs, str) else paragraphs
    cell.paragraphs[0].text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def _repeat_as_header(row) -> None:
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _centre_vertically(cell) -> None:
    align = OxmlElement("w:vAlign")
    align.set(qn("w:val"), "center")
    cell._tc.get_or_add_tcPr().append(align)


def table(document: Document, header: tuple[str, ...], rows: list[tuple], widths_cm: tuple[float, ...], *, title: str | None = None):
    """A bordered table: an optional title row merged across, a repeated header row, then rows."""
    grid = document.add_table(rows=0, cols=len(header))
    grid.style = "Table Grid"
    grid.autofit = False
    if title:
        cells = grid.add_row().cells
        cells[0].merge(cells[-1]).text = title
        _repeat_as_header(grid.rows[-1])
    for cell, text in zip(grid.add_row().cells, header):
        cell.text = text
    _repeat_as_header(grid.rows[-1])
    for values in rows:
        for cell, value in zip(grid.add_row().cells, values):
            _fill(cell, value)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    return grid


def merge_down(grid, column: int, first: int, last: int, text: str, *, centred: bool) -> None:
    """Merge one column's cells from row `first` to row `last` (0-based) and write `text` once."""
    merged = grid.cell(first, column).merge(grid.cell(last, column))
    merged.text = text
    if centred:
        _centre_vertically(merged)


def categories_merged(grid, rows: list[tuple], *, column: int, offset: int, centred: bool) -> None:
    """Merge each run of equal categories in `column` into one cell, as published lists do."""
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index][column] != rows[start][column]:
            merge_down(grid, column, offset + start, offset + index - 1, rows[start][column], centred=centred)
            start = index


def portrait_basic_list() -> Document:
    """000's title, a 说明, then its basic part over several pages, categories merged and centred."""
    document = new_document("Noto Serif CJK SC", 12)
    for line in TITLE_000:
        heading(document, line, size=20)
    heading(document, MONTH, size=14)
    heading(document, "说 明", size=16)
    document.add_paragraph("一、基本情况")
    body(document, PROFILE_002)
    body(document, COUNTS_002)
    page_break(document)
    heading(document, "伊犁州伊宁市潘津镇基本履职事项清单")
    rows = list(BASIC_000)
    grid = table(document, BASIC_HEADER, rows, (1.5, 2.5, 12.0))
    categories_merged(grid, rows, column=1, offset=1, centred=True)
    footer(document, "dash")
    return document


def landscape_coordinating_list() -> Document:
    """A portrait taken-back table with a title row merged across, then 002's coordinating part on
    landscape pages: multi-paragraph cells, a category merged at the top over a page break."""
    document = new_document("WenQuanYi Zen Hei", 10)
    heading(document, "上级部门收回事项清单", size=14)
    table(document, RECLAIMED_HEADER, list(RECLAIMED_002), (1.2, 2.0, 5.0, 7.8), title="上级部门收回事项清单（一）")
    landscape(document)
    heading(document, "配合履职事项清单", size=14)
    rows = [(number, "党的建设", name, departments, upper, township)
            for number, name, departments, upper, township in COORDINATING_002 * 2]
    grid = table(document, COORDINATING_HEADER, rows, (1.2, 2.0, 3.5, 4.0, 7.5, 6.5))
    merge_down(grid, 1, 1, len(rows), "党的建设", centred=False)
    footer(document, "count")
    return document


def complete_list() -> Document:
    """A short list with all three parts: 002's title and 说明, basic rows on a portrait page,
    the coordinating part on landscape pages, the taken-back part back on a portrait page."""
    document = new_document("Noto Sans CJK SC", 10.5)
    heading(document, TITLE_002, size=18)
    heading(document, MONTH, size=14)
    heading(document, "说 明")
    document.add_paragraph("一、基本情况")
    body(document, PROFILE_002)
    page_break(document)
    heading(document, "基本履职事项清单")
    rows = list(BASIC_000[:6])
    grid = table(document, BASIC_HEADER, rows, (1.5, 3.0, 11.5))
    categories_merged(grid, rows, column=1, offset=1, centred=True)
    landscape(document)
    heading(document, "配合履职事项清单")
    rows = [(number, "党的建设", name, departments, upper, township)
            for number, name, departments, upper, township in COORDINATING_002]
    grid = table(document, COORDINATING_HEADER, rows, (1.2, 2.0, 3.5, 4.0, 7.5, 6.5))
    merge_down(grid, 1, 1, len(rows), "党的建设", centred=True)
    portrait(document)
    heading(document, "上级部门收回事项清单")
    table(document, RECLAIMED_HEADER, list(RECLAIMED_002), (1.2, 2.0, 5.0, 7.8))
    footer(document, "dash")
    return document


def text_only(pages: int) -> Document:
    """Paragraphs of a 说明 on `pages` pages and no table at all."""
    document = new_document("Noto Sans CJK SC", 11)
    heading(document, "说 明")
    for number in range(pages):
        if number:
            page_break(document)
        body(document, PROFILE_002)
    return document


def password_protected() -> Document:
    """A small list page to be exported with an open password."""
    document = new_document("Noto Sans CJK SC", 11)
    table(document, BASIC_HEADER, list(BASIC_000[:3]), (1.5, 2.5, 12.0))
    return document


DOCUMENTS = {
    "portrait_basic": portrait_basic_list,
    "landscape_coordinating": landscape_coordinating_list,
    "complete": complete_list,
    "text_two_pages": lambda: text_only(2),
    "text_twelve_pages": lambda: text_only(12),
}
