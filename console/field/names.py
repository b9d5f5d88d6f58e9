"""Deterministic Chinese names for the demo district: people, roads and compounds.

Every function draws only from the ``random.Random`` it is given, so a seed fixes the output.
"""

from __future__ import annotations

import random

# Common surnames with rough relative frequencies (Jiangsu leans on 张/王/陈/徐/朱/周).
_SURNAMES = (
    ("王", 60), ("张", 60), ("陈", 55), ("李", 50), ("徐", 35), ("朱", 30), ("周", 30), ("吴", 30),
    ("刘", 28), ("沈", 22), ("顾", 18), ("钱", 15), ("陆", 15), ("杨", 15), ("孙", 14), ("黄", 14),
    ("赵", 12), ("蒋", 12), ("潘", 10), ("许", 10), ("金", 10), ("姚", 9), ("殷", 7), ("邹", 7),
    ("范", 7), ("汤", 6), ("韩", 6), ("冯", 6), ("曹", 6), ("丁", 6), ("程", 5), ("缪", 4), ("庞", 4),
    ("贝", 3), ("葛", 4), ("薛", 4), ("严", 4), ("俞", 4), ("袁", 4), ("叶", 4),
)
_SURNAME_CHARS = [s for s, _ in _SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in _SURNAMES]

_GIVEN = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文玲红斌燕"
    "宇浩凯鹏婷雪琳晨欣佳俊峰亮辉颖倩蕾萍梅兰国荣春志忠海波宁健晓"
    "雯瑜悦怡彬莉丹蓉新林清云飞鑫诚睿瑞嘉源泽"
)

_ROAD_STEMS = (
    "干将", "白塔", "观前", "十梓", "大儒", "平江", "悬桥", "菉葭", "狮林", "拙政", "钮家", "混堂",
    "迎晓", "仓前", "中张家", "丁香", "卫道", "大新", "传芳", "萧家", "建新", "东花桥", "南显子", "北显子",
    "潘儒", "醋库", "史家", "胡厢使", "柳枝", "华阳", "百家", "钮扣", "牛角浜", "苑桥", "齐门", "娄门",
    "临顿", "凤凰", "望星桥", "西北", "东北", "新华", "富郎中", "耦园", "小新桥",
)

_COMPOUND_STEMS = (
    "平江", "锦绣", "桃花", "新苑", "怡园", "金桂", "翠竹", "丽景", "枫桥", "馨和", "绿荫", "春晖",
    "东园", "阳光", "紫藤", "瑞华", "文星", "水巷", "清和", "书香", "拙政", "梅林", "盛世", "钟楼",
    "菱塘", "荷风", "玉兰", "和谐", "怡景", "华庭", "长乐", "安泰", "吉庆", "沧浪", "双塔", "福寿",
)
_COMPOUND_SUFFIXES = ("花园", "小区", "新村", "公寓", "苑", "家园", "里", "坊", "雅苑", "名邸")

_PHONE_PREFIXES = ("138", "139", "137", "150", "151", "152", "158", "159", "186", "187", "188", "181", "189",
                   "133", "177", "199")

_TRADES = ("面馆", "便利店", "水果店", "理发店", "五金店", "小吃店", "烟酒店", "大药房", "洗衣店", "手机维修",
           "快递驿站", "棋牌室", "足浴店", "烧烤店", "早餐店", "花店", "茶叶店", "超市", "生鲜店", "房产中介")
_INDUSTRIES = ("餐饮管理", "物业管理", "商贸", "网络科技", "家政服务", "建筑装饰", "文化传媒", "酒店管理", "教育咨询",
               "电子商务")

_COMMUNITY_STEMS = (
    "平江", "桃花坞", "菉葭巷", "钮家巷", "华阳", "狮林", "中张家巷", "拙政园", "北寺塔", "东北街",
    "迎晓里", "新桥", "大儒巷", "悬桥", "唐寅",
)


def person_name(rng: random.Random) -> str:
    """A plausible full name: surname + one or two given-name characters."""
    surname = rng.choices(_SURNAME_CHARS, _SURNAME_WEIGHTS)[0]
    if rng.random() < 0.72:
        return surname + rng.choice(_GIVEN) + rng.choice(_GIVEN)
    return surname + rng.choice(_GIVEN)


def surname(rng: random.Random) -> str:
    """A surname alone (for anonymised narratives like 王某某)."""
    return rng.choices(_SURNAME_CHARS, _SURNAME_WEIGHTS)[0]


def business_name(rng: random.Random, individual: bool, road: str) -> str:
    """A shop (个体工商户) such as 王记面馆 or 干将便利店, or a company such as 苏州锦绣商贸有限公司."""
    if not individual:
        return f"苏州{rng.choice(_COMPOUND_STEMS)}{rng.choice(_INDUSTRIES)}有限公司"
    trade = rng.choice(_TRADES)
    return rng.choice((f"{surname(rng)}记{trade}", f"{road[:-1]}{trade}", f"{rng.choice(_COMPOUND_STEMS)}{trade}"))


def phone_number(rng: random.Random) -> str:
    """An 11-digit mobile number with a real carrier prefix."""
    return rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def unique_person_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct names where the name space allows, repeating only if it runs out."""
    seen: set[str] = set()
    out: list[str] = []
    tries = 0
    while len(out) < count:
        name = person_name(rng)
        tries += 1
        if name in seen and tries < count * 20:
            continue
        seen.add(name)
        out.append(name)
    return out


def road_names(rng: random.Random, east_west: int, north_south: int) -> tuple[list[str], list[str]]:
    """Distinct road names: east-west roads end in 路 (some 巷), north-south in 街 (some 巷)."""
    stems = rng.sample(_ROAD_STEMS, east_west + north_south)
    ew = [s + ("巷" if rng.random() < 0.2 and not s.endswith("巷") else "路") for s in stems[:east_west]]
    ns = [s + ("巷" if rng.random() < 0.25 and not s.endswith("巷") else "街") for s in stems[east_west:]]
    return ew, ns


def compound_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct residential compound names (e.g. 锦绣花园, 桃花新村)."""
    pool = [s + x for s in _COMPOUND_STEMS for x in _COMPOUND_SUFFIXES]
    base = rng.sample(pool, len(pool))
    n = len(base)
    return [base[i % n] + ("" if i < n else f"{i // n + 1}期") for i in range(count)]


def community_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct 社区 names."""
    return [s + "社区" for s in rng.sample(_COMMUNITY_STEMS, count)]
