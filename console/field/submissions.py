"""What grid workers collect for the records (审核入库): 人口, 房屋, 单位, 矛盾纠纷 and 隐患.

Every output is the ``args`` of a ``submission.submit`` command. Some person and house
submissions change a record already in the books (same key), so the reviewer sees a diff.
"""

from __future__ import annotations

import random

from console.domain.places import Address, District
from console.domain.records import HOUSE_USES, Record, RecordKind, VersionStatus
from console.domain.state import State
from console.domain.workers import Worker
from console.field import names
from console.field.codes import LOCAL_REGIONS, MIGRANT_REGIONS, birth_date, credit_code, id_number
from console.field.narrative import Narrator

KIND_MIX = ((RecordKind.PERSON, 35), (RecordKind.HOUSE, 25), (RecordKind.UNIT, 10), (RecordKind.DISPUTE, 15),
            (RecordKind.HAZARD, 15))
FLOATING_SHARE = 0.4  # old-town compounds rent to many migrants
# GB/T 3304: 汉 回 苗 壮 布依 满 土家
_ETHNICITIES = (("01", 960), ("03", 8), ("06", 6), ("08", 8), ("09", 5), ("11", 5), ("15", 8))
_HOUSE_USES = (("owner", 45), ("rental", 30), ("group_rental", 6), ("vacant", 9), ("business", 10))
_OCCUPANTS = {"owner": (1, 5), "rental": (1, 4), "group_rental": (8, 20), "vacant": (0, 0), "business": (0, 3)}
_USE_CHANGES = {"owner": "rental", "rental": "group_rental", "group_rental": "rental", "vacant": "rental",
                "business": "vacant"}

# type -> (weight, (parties, description) templates); {p1} {p2} are people's names
_DISPUTES: dict[str, tuple[float, tuple[tuple[str, str], ...]]] = {
    "婚姻家庭邻里": (35, (
        ("{c}{b}幢{room}室{p1}与楼下住户{p2}", "楼上楼下因卫生间漏水多次发生争吵"),
        ("{p1}与邻居{p2}", "因空调外机噪音问题邻里发生口角"),
        ("{p1}与丈夫{p2}", "夫妻因家庭琐事争吵，女方要求调解"),
        ("{p1}与兄弟{p2}", "兄弟二人因赡养老人费用分摊产生矛盾"))),
    "物业管理": (20, (
        ("{c}业主{p1}与物业公司", "业主对物业费上涨不满，拒交物业费"),
        ("{c}部分业主与物业公司", "地下车库漏水，业主要求物业赔偿"),
        ("{c}业主{p1}与物业公司", "小区停车位分配引发业主不满"))),
    "劳资": (10, (
        ("{p1}等{k}名务工人员与{r}{door}号装修公司", "务工人员反映被拖欠工资两个月"),
        ("{p1}与{r}{door}号餐饮店老板{p2}", "员工离职后未结清工资，要求支付"))),
    "经济活动": (10, (
        ("{p1}与{p2}", "借款到期未还引发纠纷"),
        ("{p1}与{r}{door}号美容店", "预付卡消费后商家停业，顾客要求退款"))),
    "环境污染": (5, (
        ("{c}居民与{r}{door}号餐饮店", "餐饮店油烟直排，居民多次投诉未果"),
        ("{c}居民与{r}{door}号酒吧", "店铺夜间噪音扰民"))),
    "征地拆迁安置": (3, (("{p1}与旧改实施单位", "对老旧小区改造补偿方案有异议"),)),
    "医患": (3, (("{p1}与社区卫生服务中心", "对诊疗费用有异议，要求说明"),)),
    "村(社区)务管理": (4, (("{c}居民{p1}与社区居委会", "对加装电梯意见征询结果有异议"),)),
    "土地山林水利权属": (1, (("{p1}与{p2}", "因房前屋后空地使用权产生争议"),)),
    "其他": (9, (
        ("{p1}与{p2}", "因宠物狗咬伤人赔偿问题产生纠纷"),
        ("{p1}与{r}{door}号快递网点", "因快递丢失赔偿问题产生纠纷"))),
}
_HAZARDS: dict[str, tuple[float, tuple[str, ...]]] = {
    "消防": (40, ("{c}{b}幢楼道内电动车违规充电", "{c}{b}幢消防通道被杂物堵塞", "{r}{door}号沿街商铺私拉电线",
                 "{c}{b}幢楼道灭火器过期，消火栓无水")),
    "安全生产": (15, ("{r}{door}号装修工地高空作业未系安全带", "{r}{door}号餐饮店液化气瓶与灶具未分离存放")),
    "食品卫生": (10, ("{r}{door}号小吃店从业人员无健康证", "{r}{door}号早餐店后厨卫生脏乱")),
    "公共安全": (20, ("{r}与{r2}交叉口窨井盖松动", "{c}{b}幢外墙瓷砖脱落，存在坠物风险", "{r}沿河护栏损坏")),
    "赌博": (3, ("{r}{door}号棋牌室疑似有人以打麻将为名赌博",)),
    "毒品": (1, ("{c}{b}幢{room}室出租屋有可疑人员频繁出入，疑似涉毒",)),
    "盗窃": (6, ("{c}非机动车棚监控损坏，近期电动车电瓶多次被盗",)),
    "其他": (5, ("{c}{b}幢顶楼违章搭建",)),
}


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([k for k, _ in pairs], [w for _, w in pairs])[0]


def _pending(record: Record) -> bool:
    return any(v.status is VersionStatus.PENDING for v in record.versions)


class SubmissionGenerator:
    """Builds ``submission.submit`` args for grid workers of ``district``."""

    def __init__(self, rng: random.Random, district: District, update_share: float = 0.3) -> None:
        self.rng, self.update_share = rng, update_share
        self.narrator = Narrator(rng, district)
        self._by_grid: dict[str, list[Address]] = {}
        for a in district.addresses:
            self._by_grid.setdefault(a.grid_code, []).append(a)

    def make(self, worker: Worker, state: State) -> dict | None:
        """A submission from ``worker`` about their own grid; None when there is nothing new to file."""
        rng = self.rng
        kind = _weighted(rng, KIND_MIX)
        grid = worker.grid_code
        args = None
        if kind in (RecordKind.PERSON, RecordKind.HOUSE) and rng.random() < self.update_share:
            args = self._update(kind, grid, state)
        if args is None:
            args = self._new(kind, grid, state)
        return None if args is None else {"worker": worker.id, **args}

    # -- new records ----------------------------------------------------------------------------

    def _new(self, kind: RecordKind, grid: str, state: State) -> dict | None:
        if kind is RecordKind.HOUSE:
            return self._house(grid, state)
        addr = self.rng.choice(self._by_grid[grid])
        if kind is RecordKind.PERSON:
            return self._person(addr)
        if kind is RecordKind.UNIT:
            return self._unit(addr)
        if kind is RecordKind.DISPUTE:
            return self._dispute(addr)
        return self._hazard(addr)

    def _person(self, addr: Address) -> dict:
        rng = self.rng
        male = rng.random() < 0.52
        floating = rng.random() < FLOATING_SHARE
        region = rng.choice(MIGRANT_REGIONS if floating else LOCAL_REGIONS)
        born = birth_date(rng, 1968, 2004) if floating else birth_date(rng, 1938, 2006)
        fields = {
            "id_number": id_number(rng, region, born, male), "name": names.person_name(rng),
            "sex": "1" if male else "2", "ethnicity": _weighted(rng, _ETHNICITIES), "address_code": addr.code,
            "floating": floating,
        }
        if rng.random() < 0.85:
            fields["phone"] = names.phone_number(rng)
        note = "新登记流动人口，已核验身份证件" if floating else "入户采集实有人口信息"
        return {"kind": RecordKind.PERSON.value, "fields": fields, "note": note}

    def _house(self, grid: str, state: State) -> dict | None:
        rng = self.rng
        unknown = [a for a in self._by_grid[grid] if f"house:{a.code}" not in state.records_by_key]
        if not unknown:
            return None
        addr = rng.choice(unknown)
        use = _weighted(rng, _HOUSE_USES)
        occupants = rng.randint(*_OCCUPANTS[use])
        fields = {"address_code": addr.code, "use": use, "occupants": occupants, "owner": names.person_name(rng)}
        note = {"rental": "出租房屋登记，已签订治安责任书",
                "group_rental": f"发现群租房，住{occupants}人，已告知房东整改"}
        return {"kind": RecordKind.HOUSE.value, "fields": fields, "note": note.get(use, "实有房屋采集")}

    def _unit(self, addr: Address) -> dict:
        rng = self.rng
        individual = rng.random() < 0.7
        fields = {
            "name": names.business_name(rng, individual, addr.road),
            "credit_code": credit_code(rng, LOCAL_REGIONS[0], individual), "address_code": addr.code,
            "key_unit": rng.random() < 0.06, "contact": f"{names.person_name(rng)} {names.phone_number(rng)}",
        }
        return {"kind": RecordKind.UNIT.value, "fields": fields, "note": "沿街商铺采集"}

    def _dispute(self, addr: Address) -> dict:
        rng = self.rng
        kind = _weighted(rng, [(k, v[0]) for k, v in _DISPUTES.items()])
        parties, description = rng.choice(_DISPUTES[kind][1])
        people = {"p1": names.person_name(rng), "p2": names.person_name(rng)}
        resolved = rng.random() < 0.4
        fields = {
            "type": kind, "parties": self.narrator.fill(parties, addr, **people),
            "description": self.narrator.fill(description, addr), "address_code": addr.code, "resolved": resolved,
        }
        return {"kind": RecordKind.DISPUTE.value, "fields": fields,
                "note": "已现场调解，双方达成一致" if resolved else "已登记，持续跟进调处"}

    def _hazard(self, addr: Address) -> dict:
        rng = self.rng
        kind = _weighted(rng, [(k, v[0]) for k, v in _HAZARDS.items()])
        rectified = rng.random() < 0.3
        fields = {"type": kind, "description": self.narrator.fill(rng.choice(_HAZARDS[kind][1]), addr),
                  "address_code": addr.code, "rectified": rectified}
        return {"kind": RecordKind.HAZARD.value, "fields": fields,
                "note": "已当场督促整改" if rectified else "已拍照留存，督促限期整改"}

    # -- changes to records already in the books --------------------------------------------------

    def _update(self, kind: RecordKind, grid: str, state: State) -> dict | None:
        """A changed copy of an effective person or house record of ``grid`` with nothing under review."""
        records = [r for r in state.records.values()
                   if r.kind is kind and r.grid_code == grid and r.current() is not None and not _pending(r)]
        if not records:
            return None
        record = self.rng.choice(records)
        fields = dict(record.current().fields)
        note = self._change_person(fields, grid) if kind is RecordKind.PERSON else self._change_house(fields)
        return {"kind": kind.value, "fields": fields, "record": record.id, "note": note}

    def _change_person(self, fields: dict, grid: str) -> str:
        rng = self.rng
        if fields.get("floating") and rng.random() < 0.2:
            fields["floating"] = False
            return "已办理本地落户，转为常住人口"
        if rng.random() < 0.5:
            fields["phone"] = names.phone_number(rng)
            return "联系电话变更"
        moved = [a for a in self._by_grid[grid] if a.code != fields["address_code"]]
        fields["address_code"] = rng.choice(moved).code
        return "本网格内搬迁，居住地址变更"

    def _change_house(self, fields: dict) -> str:
        before = fields["use"]
        after = _USE_CHANGES[before]
        fields["use"], fields["occupants"] = after, self.rng.randint(*_OCCUPANTS[after])
        return f"房屋用途变更: {HOUSE_USES[before]}→{HOUSE_USES[after]}，现住{fields['occupants']}人"
