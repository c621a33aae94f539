"""Generated places for demo data: regions → prefectures → counties → townships, from a seed.

Names are two characters drawn from those common in Chinese place names plus a level's suffix
(青禾省, 安平市, 瑞丰县, 兴隆镇). Sizes vary around the national averages (about 11 prefectures
a province, 9 counties a prefecture, 13 townships a county), so 38,000 townships make a country
of roughly China's shape. The same seed gives the same places.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

NAME_CHARACTERS = (
    "安宝北昌城川大德东丰福富高广海和河红华怀黄吉嘉江金锦景开康兰乐临龙隆鹿茂美明南宁平青清庆泉"
    "仁瑞山上石顺泰桃天田通文西祥新兴阳永玉源云长中禾岚桂溪林松柏荣盛泽"
)
# (suffix, weight) per level: most provinces are 省, most counties 县, most townships 镇 or 乡.
SUFFIXES = {
    "region": (("省", 8), ("自治区", 1)),
    "prefecture": (("市", 7), ("地区", 2), ("自治州", 1)),
    "county": (("县", 6), ("市", 2), ("区", 2)),
    "township": (("镇", 5), ("乡", 4), ("街道", 1)),
}
# (fewest, most) children of a place at each level.
CHILDREN = {"region": (8, 14), "prefecture": (6, 12), "county": (8, 18)}


@dataclass
class DemoPlace:
    """A generated region, prefecture or county, and what lies below it."""

    name: str
    level: str
    children: list[DemoPlace] = field(default_factory=list)
    townships: list[str] = field(default_factory=list)


class PlaceNames:
    """Draws place names, unique among the siblings asked for and never one of `taken`."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def draw(self, level: str, taken: set[str]) -> str:
        """A new name for this level, added to `taken`."""
        suffixes, weights = zip(*SUFFIXES[level])
        while True:
            stem = "".join(self.rng.sample(NAME_CHARACTERS, 2))
            name = stem + self.rng.choices(suffixes, weights)[0]
            if name not in taken:
                taken.add(name)
                return name


def demo_geography(*, townships: int, seed: int, taken_regions: set[str]) -> list[DemoPlace]:
    """Regions holding exactly `townships` generated townships, none named like a region in `taken_regions`."""
    rng = random.Random(seed)
    names = PlaceNames(rng)
    regions: list[DemoPlace] = []
    remaining = townships
    region_names = set(taken_regions)
    while remaining:
        region = DemoPlace(names.draw("region", region_names), "region")
        remaining = _fill(region, remaining, names)
        regions.append(region)
    return regions


def _fill(place: DemoPlace, remaining: int, names: PlaceNames) -> int:
    """Give a place its children (or a county its townships) until full or none remain; return what remains."""
    fewest, most = CHILDREN[place.level]
    size = names.rng.randint(fewest, most)
    taken: set[str] = set()
    if place.level == "county":
        place.townships = [names.draw("township", taken) for _ in range(min(size, remaining))]
        return remaining - len(place.townships)
    child_level = "prefecture" if place.level == "region" else "county"
    while remaining and len(place.children) < size:
        child = DemoPlace(names.draw(child_level, taken), child_level)
        remaining = _fill(child, remaining, names)
        place.children.append(child)
    return remaining


def demo_counties(regions: list[DemoPlace]) -> list[DemoPlace]:
    """Every county of the generated regions, in order."""
    return [county for region in regions for prefecture in region.children for county in prefecture.children]
