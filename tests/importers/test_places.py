"""Tests for importers.places: splitting place names and reading them from a list's titles."""

import pytest

from importers.places import merge_places, parse_place, place_from_titles
from importers.records import Place

XINJIANG = "新疆维吾尔自治区"


@pytest.mark.parametrize(
    "name, expected",
    [
        # Real titles and part titles (spaces as published).
        ("新疆维吾尔自治区和田地区于田县 先拜巴扎镇", Place(XINJIANG, "和田地区", "于田县", "先拜巴扎镇")),
        ("新疆维吾尔自治区喀什地区 巴楚县夏马勒乡 ", Place(XINJIANG, "喀什地区", "巴楚县", "夏马勒乡")),
        ("伊犁州伊宁市潘津镇", Place(None, "伊犁州", "伊宁市", "潘津镇")),
        # A province, a 地级市 and a 县.
        ("河北省石家庄市正定县正定镇", Place("河北省", "石家庄市", "正定县", "正定镇")),
        # Inner Mongolia: 盟, 旗, 苏木.
        ("内蒙古自治区锡林郭勒盟阿巴嘎旗那仁宝拉格苏木", Place("内蒙古自治区", "锡林郭勒盟", "阿巴嘎旗", "那仁宝拉格苏木")),
        # A 县级市 under a 地区, a 街道 under a 区.
        ("新疆维吾尔自治区阿克苏地区库车市乌恰镇", Place(XINJIANG, "阿克苏地区", "库车市", "乌恰镇")),
        ("广东省广州市天河区石牌街道", Place("广东省", "广州市", "天河区", "石牌街道")),
        ("河南省许昌市禹州市顺店镇", Place("河南省", "许昌市", "禹州市", "顺店镇")),
        # Names that contain suffix characters.
        ("浙江省湖州市德清县新市镇", Place("浙江省", "湖州市", "德清县", "新市镇")),
        ("济南市市中区七里山街道", Place(None, "济南市", "市中区", "七里山街道")),
        ("江苏省镇江市京口区正东路街道", Place("江苏省", "镇江市", "京口区", "正东路街道")),
        ("山西省临汾市古县古阳镇", Place("山西省", "临汾市", "古县", "古阳镇")),
        ("河北省保定市易县县城镇", Place("河北省", "保定市", "易县", "县城镇")),
        # Autonomous prefectures and counties.
        (
            "新疆维吾尔自治区昌吉回族自治州木垒哈萨克自治县大石头乡",
            Place(XINJIANG, "昌吉回族自治州", "木垒哈萨克自治县", "大石头乡"),
        ),
        # A municipality is province-level; an office name is not part of the place.
        ("北京市朝阳区建外街道", Place("北京市", None, "朝阳区", "建外街道")),
        ("广西壮族自治区南宁市青秀区南湖街道办事处", Place("广西壮族自治区", "南宁市", "青秀区", "南湖街道")),
        # Only a township.
        ("先拜巴扎镇", Place(None, None, None, "先拜巴扎镇")),
        # Not places.
        ("乡镇", Place()),
        ("距县城十五公里", Place()),
        ("县委编委", Place()),
        ("", Place()),
    ],
)
def test_parse_place_splits_administrative_levels(name, expected):
    assert parse_place(name) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # 000: the title runs over three lines; the part title's short 伊犁州 does not win.
        (
            "\n\n新疆维吾尔自治区伊犁哈萨克自治州\n伊宁市潘津镇\n履职事项清单\n\n2025年7月\n\n"
            "伊犁州伊宁市潘津镇基本履职事项清单\n",
            Place(XINJIANG, "伊犁哈萨克自治州", "伊宁市", "潘津镇"),
        ),
        # A part title completes a title that skips the prefecture.
        (
            "伊宁市潘津镇履职事项清单\n\n伊犁州伊宁市潘津镇配合履职事项清单\n",
            Place(None, "伊犁州", "伊宁市", "潘津镇"),
        ),
        # A markdown converter's heading.
        ("## 河北省石家庄市正定县正定镇履职事项清单\n", Place("河北省", "石家庄市", "正定县", "正定镇")),
        # A title with a bracketed edition.
        ("河北省石家庄市正定县正定镇履职事项清单（2025年版）", Place("河北省", "石家庄市", "正定县", "正定镇")),
        # 002's part titles name no place; body sentences are not titles.
        (
            "基本履职事项清单\n\n第三阶段，形成先拜巴扎镇履职事项清单。\n"
            "先拜巴扎镇是农业型乡镇，位于于田县西部，距县城 15 公里\n"
            "经县委编委初审后，形成履职事项清单初稿。\n",
            Place(),
        ),
        # 002's 编制过程 line mentions "乡镇（街道）履职事项清单"; not a title either.
        ("乡镇（街道）履职事项清单工作开展以来\n", Place()),
    ],
)
def test_place_from_titles(text, expected):
    assert place_from_titles(text.splitlines()) == expected


def test_merge_places_keeps_primary_levels():
    primary = Place(XINJIANG, "伊犁哈萨克自治州", None, "潘津镇")
    fallback = Place(None, "伊犁州", "伊宁市", "别的镇")
    assert merge_places(primary, fallback) == Place(XINJIANG, "伊犁哈萨克自治州", "伊宁市", "潘津镇")
