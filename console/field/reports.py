"""Realistic incident reports from grid workers and 110 callers, and a Poisson report schedule.

Every output is the ``args`` of an ``incident.report`` command (see console.domain.catalogue).
"""

from __future__ import annotations

import math
import random

from console.domain.incidents import Source
from console.domain.places import Address
from console.domain.workers import Worker
from console.field import names
from console.field.district import DemoDistrict
from console.field.narrative import Narrator

# category -> (weight, priority weights for 1..4, narrative templates). A template may start with
# "!N " to force priority N; placeholders as in console.field.narrative.
_P_ROUTINE = (0, 4, 56, 40)
GRID_MIX: dict[str, tuple[float, tuple[int, ...], tuple[str, ...]]] = {
    "200200": (18, (0, 8, 62, 30), (
        "{c}{b}幢两户居民因噪音问题发生口角，情绪激动，需调解",
        "{r}{door}号沿街商铺与顾客因退货发生争执，双方僵持不下",
        "{c}业主与物业因停车收费发生纠纷，现场聚集约{k}人",
        "{c}{b}幢楼上楼下因漏水多次争吵，今日再次发生推搡",
        "租客{s}某某与房东因押金退还发生纠纷，要求调解",
    )),
    "200600": (1.5, (0, 70, 30, 0), (
        "{c}{b}幢居民{s}某某反映遭丈夫殴打，面部有伤，情绪低落",
        "邻居反映{c}{b}幢{room}室传出哭喊声，疑似家庭暴力",
    )),
    "200100": (2, (40, 60, 0, 0), (
        "{r}{door}号烧烤店门口多人酒后斗殴，有人受伤",
        "{c}门口两名男子因停车互殴，一人头部流血",
    )),
    "400200": (16, _P_ROUTINE, (
        "{c}{b}幢楼道内堆放电动车充电，存在消防隐患",
        "{c}{b}幢消防通道被杂物堵塞，消防车无法通行",
        "{r}{door}号沿街店铺私拉电线为电瓶车充电",
        "{c}{b}幢楼道灭火器过期，消火栓无水",
        "{c}地下车库堆放大量纸箱等易燃物",
    )),
    "601500": (6, _P_ROUTINE, (
        "{r}{door}号装修工地高空作业未系安全带",
        "{r}{door}号餐饮店液化气瓶与灶具未分离存放",
        "{c}{b}幢外墙脚手架搭设不规范，存在坠落风险",
    )),
    "500200": (10, (0, 10, 60, 30), (
        "独居老人{s}某某求助，家中水管爆裂",
        "{c}{b}幢{age}岁独居老人{s}某某行动不便，家中断粮，请求帮助",
        "{c}居民{s}某某钥匙反锁屋内，家中有幼儿",
        "残疾人{s}某某轮椅损坏无法出行，请求协助",
    )),
    "500100": (1.5, (10, 70, 20, 0), (
        "{c}{age}岁老人{s}某某(患阿尔茨海默症)上午外出至今未归，身穿{color}上衣",
    )),
    "600600": (10, (0, 0, 45, 55), (
        "{r}{door}号门口占道经营，影响行人通行",
        "{r}沿线流动摊贩聚集，垃圾乱扔",
        "{c}{b}幢楼顶违章搭建阳光房",
        "{r}{door}号店铺油烟直排，居民投诉",
        "{r}{door}号附近共享单车乱停放堵塞盲道",
    )),
    "601300": (5, (0, 10, 60, 30), (
        "{r}与{r2}交叉口窨井盖缺失",
        "{c}{b}幢外自来水管破裂，路面积水",
        "!2 {c}{b}幢楼道内闻到燃气味",
    )),
    "600200": (5, _P_ROUTINE, (
        "{r}{door}号附近路灯损坏，夜间照明不足",
        "路灯损坏",
        "{c}{b}幢停电，配电箱有焦糊味",
    )),
    "600700": (2, (0, 0, 40, 60), ("{r}{door}号门口通信线缆垂落，影响通行",)),
    "600900": (2, (0, 0, 40, 60), ("{r}{door}号餐饮店夜间噪音扰民", "{r}旁河道漂浮垃圾较多")),
    "601200": (3, (0, 5, 60, 35), ("{r}{door}号附近发现流浪人员一名，衣着单薄",)),
    "601400": (2, _P_ROUTINE, ("{r}{door}号小吃店无证经营，卫生条件差",)),
    "900000": (4, (0, 10, 60, 30), (
        "{c}{b}幢{room}室群租房疑似住人超员，隔断多间",
        "{c}{b}幢{room}室疑似有人聚众赌博",
        "{r}{door}号足浴店深夜人员进出频繁",
    )),
    "200300": (2, _P_ROUTINE, ("{c}门口广场舞音响音量过大，居民投诉",)),
    "300200": (2, _P_ROUTINE, ("{r}与{r2}交叉口车辆乱停导致拥堵",)),
}

CALL_MIX: dict[str, tuple[float, tuple[int, ...], tuple[str, ...]]] = {
    "100100": (10, (0, 20, 60, 20), (
        "报警人称停放在{c}{b}幢楼下的电动车被盗", "报警人称家中被盗，门锁有撬痕",
    )),
    "100300": (6, (0, 40, 60, 0), ("报警人称接到冒充公检法电话，已转账{k}万元",)),
    "200100": (6, (60, 40, 0, 0), ("报警人称{r}{door}号门口有人打架，有人受伤",)),
    "200200": (14, (0, 10, 60, 30), (
        "报警人称与邻居因漏水问题发生纠纷", "报警人称在{r}{door}号与店主发生争执",
    )),
    "200600": (3, (10, 70, 20, 0), ("报警人称被丈夫殴打，现躲在{c}{b}幢楼下",)),
    "300100": (6, (50, 50, 0, 0), ("报警人称{r}与{r2}交叉口两车相撞，有人受伤",)),
    "400100": (3, (90, 10, 0, 0), ("报警人称{c}{b}幢楼道冒烟，疑似起火",)),
    "500100": (4, (10, 70, 20, 0), ("报警人称家中{age}岁老人走失，身穿{color}上衣",)),
    "500200": (8, (0, 10, 60, 30), ("报警人称钥匙反锁屋内，灶上还烧着水",)),
    "600600": (8, (0, 0, 40, 60), ("报警人称{r}{door}号门口占道经营，要求处理",)),
    "601300": (5, (0, 10, 50, 40), ("报警人称{c}{b}幢停水，水管破裂",)),
    "600900": (5, (0, 0, 40, 60), ("报警人称{r}{door}号夜间施工噪音扰民",)),
}


class ReportGenerator:
    """Builds ``incident.report`` args for field reports and 110 calls inside a demo district."""

    def __init__(self, rng: random.Random, demo: DemoDistrict) -> None:
        self.rng, self.demo = rng, demo
        self.lattice = demo.lattice
        self._all = list(demo.district.addresses)
        self._by_grid: dict[str, list[Address]] = {}
        for a in self._all:
            self._by_grid.setdefault(a.grid_code, []).append(a)
        self.narrator = Narrator(rng, demo.district)
        self._recent_callers: list[tuple[str, Address]] = []

    def _nearest(self, lng: float, lat: float, grid_code: str) -> Address:
        pool = self._by_grid.get(grid_code) or self._all
        kx = math.cos(math.radians(lat))
        return min(pool, key=lambda a: ((a.lng - lng) * kx) ** 2 + (a.lat - lat) ** 2)

    def _narrative(self, template: str, addr: Address) -> tuple[str, int | None]:
        """The filled template and the priority a leading ``!N `` forces, if any."""
        if template.startswith("!"):
            return self.narrator.fill(template[3:], addr), int(template[1])
        return self.narrator.fill(template, addr), None

    def _pick(self, mix: dict, addr: Address) -> tuple[str, int, str]:
        rng = self.rng
        code = rng.choices(list(mix), [v[0] for v in mix.values()])[0]
        _, pweights, templates = mix[code]
        narrative, forced = self._narrative(rng.choice(templates), addr)
        priority = forced or rng.choices((1, 2, 3, 4), pweights)[0]
        return code, priority, narrative

    def make(self, worker: Worker, lng: float, lat: float) -> dict:
        """A grid worker's report from where they stand (or the nearest standard address)."""
        rng = self.rng
        addr = self._nearest(lng, lat, worker.grid_code)
        if rng.random() < 0.55:
            lng, lat = addr.lng, addr.lat
        else:
            lng += rng.uniform(-8, 8) / self.lattice.kx
            lat += rng.uniform(-8, 8) / self.lattice.ky
        code, priority, narrative = self._pick(GRID_MIX, addr)
        return {  # no source: the relay sets 网格员上报 for the field (docs/PROTOCOL.md)
            "worker": worker.id, "category": code, "priority": priority,
            "lng": lng, "lat": lat, "address": addr.text, "narrative": narrative,
        }

    def make_110_call(self) -> dict:
        """A 110 call for dispatcher intake; about one in ten repeats a recent caller (重复警情)."""
        rng = self.rng
        if self._recent_callers and rng.random() < 0.1:
            caller, addr = rng.choice(self._recent_callers)
        else:
            caller = names.phone_number(rng)
            addr = rng.choice(self._all)
            self._recent_callers = [*self._recent_callers[-19:], (caller, addr)]
        code, priority, narrative = self._pick(CALL_MIX, addr)
        return {
            "category": code, "priority": priority, "source": Source.CALL_110.value,
            "lng": addr.lng, "lat": addr.lat, "address": addr.text, "narrative": narrative, "caller": caller,
        }


class ReportSchedule:
    """A Poisson process of reports with mean gap ``mean_interval_s``, polled with :meth:`due`."""

    def __init__(self, rng: random.Random, mean_interval_s: float, start_s: float = 0.0) -> None:
        if mean_interval_s <= 0:
            raise ValueError("mean_interval_s must be positive")
        self.rng, self.mean = rng, mean_interval_s
        self._next = start_s + rng.expovariate(1.0 / mean_interval_s)

    def due(self, now_s: float) -> int:
        """How many reports fell due up to ``now_s`` since the previous call."""
        n = 0
        while self._next <= now_s:
            n += 1
            self._next += self.rng.expovariate(1.0 / self.mean)
        return n
