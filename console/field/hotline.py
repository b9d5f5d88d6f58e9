"""The 12345 platform's side: citizens' calls it transfers in, and how departments answer referrals.

:class:`TransferGenerator` builds ``incident.report`` args (source 12345); the functions below
give a department's feedback, its handling unit and the opinion on a referral it returns.
"""

from __future__ import annotations

import random

from console.domain.incidents import Source, departments
from console.domain.places import District
from console.field import names
from console.field.narrative import Narrator

# category -> (weight, narratives); non-police matters 12345 passes on (50 求助, 60 联动, 95 投诉)
TRANSFER_MIX: dict[str, tuple[float, tuple[str, ...]]] = {
    "600600": (20, ("市民来电反映{r}{door}号门口长期占道经营，多次反映未解决，要求处理",
                    "市民反映{c}附近夜间烧烤摊油烟扰民，垃圾随地乱扔", "市民反映{c}{b}幢楼顶违章搭建，要求拆除")),
    "600900": (10, ("市民反映{r}{door}号餐饮店油烟直排，影响居民生活", "市民反映{r}附近工地夜间施工噪音扰民")),
    "601300": (10, ("市民反映{c}{b}幢自来水水压低、水质发黄", "市民来电称{c}{b}幢楼下燃气管道有异味，要求检修")),
    "600200": (6, ("市民反映{c}{b}幢近一周频繁停电，影响生活",)),
    "600300": (6, ("市民反映在{r}{door}号餐饮店工作，被拖欠工资两个月",)),
    "600500": (6, ("市民反映{r}{door}号美容店办理预付卡后停业，无法退款",)),
    "601400": (6, ("市民反映在{r}{door}号超市购买的食品已过期，要求处理",)),
    "600700": (4, ("市民反映{c}{b}幢楼道通信线缆垂落，存在安全隐患",)),
    "601200": (5, ("市民反映{c}有{age}岁独居老人生活困难，请求社区救助",)),
    "500200": (5, ("市民反映家中{age}岁老人行动不便，需要协助就医",)),
    "500300": (8, ("市民咨询居住证办理所需材料及办理地点", "市民咨询{c}周边停车收费标准")),
    "950000": (14, ("市民投诉{c}物业服务差，报修长期无人处理", "市民投诉{r}{door}号商户短斤缺两，要求处理")),
}

# department -> handling units; departments not listed answer through the street's own office
_UNITS: dict[str, tuple[str, ...]] = {
    "600100": ("平江街道社区卫生服务中心",), "600200": ("国网苏州供电公司姑苏营业部",),
    "600300": ("姑苏区劳动保障监察大队",), "600400": ("姑苏区水务局",), "600500": ("平江市场监管所",),
    "600600": ("平江城管中队", "姑苏区城管执法大队"), "600700": ("中国电信苏州分公司", "中国移动苏州分公司"),
    "600800": ("姑苏区文体旅局",), "600900": ("苏州市姑苏生态环境局",), "601000": ("姑苏区市场监管局",),
    "601100": ("苏州市烟草专卖局姑苏分局",), "601200": ("平江街道社会事业局",),
    "601300": ("苏州水务集团抢修中心", "港华燃气抢修中心"), "601400": ("平江市场监管所",),
    "601500": ("平江街道安监办",), "601600": ("姑苏区文体旅局",),
}
_FEEDBACK: dict[str, tuple[str, ...]] = {
    "600600": ("已安排队员到场，责令摊主撤离，现场已恢复整洁，将加强巡查", "违建已立案调查，已下达限期拆除通知书"),
    "600900": ("已现场检查，责令店主安装油烟净化设施，限期整改", "已联系施工单位，夜间停止高噪声作业"),
    "601300": ("抢修人员已到场，更换损坏管段，已恢复正常供水", "已上门检测，燃气管道接口松动已紧固，无泄漏"),
    "600200": ("已排查线路，更换老化开关，已恢复供电",),
    "601200": ("社区已上门走访，为老人申请临时救助并安排助餐服务",),
}
_GENERIC_FEEDBACK = ("已安排人员现场核查处理，并与来电人沟通，来电人表示认可", "已受理并处理完毕，已电话回复来电人")
_RETURN_OPINIONS = ("非本部门职责，建议转{other}处理", "经核实该地址不属本部门管辖范围，请转属地街道处理",
                    "诉求属民事纠纷，非本部门职责，建议当事人通过诉讼途径解决",
                    "转办信息不全，无法联系来电人，请补充后重新转办")


class TransferGenerator:
    """Citizens' calls the 12345 platform transfers into the 110 queue, at standard addresses of ``district``."""

    def __init__(self, rng: random.Random, district: District) -> None:
        self.rng = rng
        self.narrator = Narrator(rng, district)
        self._addresses = sorted(district.addresses, key=lambda a: a.code)

    def make(self) -> dict:
        rng = self.rng
        code = rng.choices(list(TRANSFER_MIX), [v[0] for v in TRANSFER_MIX.values()])[0]
        addr = rng.choice(self._addresses)
        return {
            "category": code, "priority": rng.choices((2, 3, 4), (5, 55, 40))[0],
            "source": Source.HOTLINE_12345.value, "address_code": addr.code,
            "narrative": self.narrator.fill(rng.choice(TRANSFER_MIX[code][1]), addr),
            "caller": names.phone_number(rng),
        }


def handling_unit(rng: random.Random, department: str) -> str:
    return rng.choice(_UNITS.get(department, ("平江街道综合执法局",)))


def department_feedback(rng: random.Random, department: str) -> str:
    return rng.choice(_FEEDBACK.get(department, _GENERIC_FEEDBACK))


def return_opinion(rng: random.Random, department: str) -> str:
    """Why a department sends a referral back, naming another department where that helps."""
    other = rng.choice([name for code, name in departments().items() if code != department])
    return rng.choice(_RETURN_OPINIONS).format(other=f"{other}部门")
