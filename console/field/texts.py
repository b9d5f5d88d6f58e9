"""What simulated grid workers write: incident feedback, return reasons, extension requests, order results."""

from __future__ import annotations

import random

from console.domain.orders import OrderKind

# Feedback on an incident by category family: the longest code prefix in FEEDBACK_FAMILIES wins, so a
# 消防隐患 (400200) gets fire-safety text and a 治安纠纷 (200200) mediation text; "" is the fallback.
FEEDBACK_FAMILIES: dict[str, str] = {
    "10": "crime", "2001": "violence", "2006": "violence", "2002": "dispute", "2003": "order", "2004": "vice",
    "2005": "vice", "20": "order", "30": "traffic", "4001": "fire", "4002": "fire_hazard", "40": "rescue",
    "5001": "missing", "50": "help", "6001": "medical", "6002": "utility", "6007": "utility", "6013": "utility",
    "6006": "street", "6009": "environment", "6012": "welfare", "6014": "food", "6005": "food",
    "6015": "safety", "60": "referral", "65": "assist", "70": "crowd", "80": "rescue", "90": "tip",
    "95": "complaint", "": "general",
}
FEEDBACK_TEXTS: dict[str, tuple[str, ...]] = {
    "crime": ("已到场保护现场，固定证据，移交派出所办案民警", "已协助民警走访周边，收集监控线索，移交办案单位"),
    "violence": ("已到场制止，双方已分开，伤者已送医，移交民警处理", "已协助民警将当事人带回派出所调查处理"),
    "dispute": ("已到场处置，双方已调解，签订调解协议", "经现场调解，双方达成谅解，矛盾已化解",
                "已组织双方及物业协商，达成一致意见，已告知报事人"),
    "order": ("已到场劝离，现场秩序已恢复", "已协助民警疏导，聚集人员已散去"),
    "vice": ("已协助民警到场核查，相关线索已移交", "已上门核实，未发现异常，已登记备查"),
    "traffic": ("已到场疏导交通，车辆已移至路边，移交交警处理", "现场交通已恢复，双方已自行协商处理"),
    "fire": ("火情已扑灭，无人员伤亡，现场已移交消防", "已组织群众疏散，配合消防处置完毕"),
    "fire_hazard": ("消防隐患已整改，现场拍照留存", "楼道堆放杂物已清理，消防通道已恢复畅通",
                    "已督促业主移出楼道充电电动车，张贴消防安全提示", "已通知物业更换过期灭火器，限期整改"),
    "rescue": ("险情已排除，现场已设置警示标志", "已协助抢险，受困人员已转移，无人员伤亡"),
    "missing": ("走失老人已找到，已送回家中交家属", "已发动网格群众协查，走失人员已找回"),
    "help": ("已协助老人联系家属，家属已到场", "已上门帮助解决困难，求助人表示满意",
             "已联系社区志愿者上门帮扶，已告知求助人"),
    "medical": ("已协助联系120，患者已送医", "已联系社区卫生服务中心上门处理"),
    "utility": ("已联系抢修单位到场，故障已排除", "已通知维修，明日上午修复，已告知报事人"),
    "street": ("已劝离占道摊贩，现场已清理", "已通知城管到场处理，违规行为已纠正"),
    "environment": ("已通知环保部门到场检查，已责令整改", "已联系保洁清理，现场环境已恢复"),
    "welfare": ("已联系救助站，人员已接走安置", "已协助办理临时救助，已告知民政部门"),
    "food": ("已通知市场监管部门到场检查，已责令停业整改", "已联系市场监管部门，相关证照已核查"),
    "safety": ("已责令停工整改，安全措施已落实", "已督促存放整改，气瓶已与灶具分离，现场拍照留存"),
    "referral": ("已联系相关部门处理完毕", "已移交职能部门处理，已告知报事人"),
    "assist": ("已配合兄弟警种完成协助任务", "已按要求协助核查完毕"),
    "crowd": ("已到场劝导，聚集人员已疏散", "已协助民警做好稳控，诉求已登记转交"),
    "tip": ("已上门核实，情况属实，已登记", "经核实，线索已移交社区民警跟进"),
    "complaint": ("已联系投诉人说明情况，投诉人表示认可", "已核实投诉事项，已督促整改并回复"),
    "general": ("现场已恢复正常，群众表示满意", "已到场核实处理完毕，已告知报事人"),
}


def feedback_family(category: str) -> str:
    """The feedback family of a 6-digit category code (longest matching prefix)."""
    prefix = max((p for p in FEEDBACK_FAMILIES if category.startswith(p)), key=len)
    return FEEDBACK_FAMILIES[prefix]


def incident_feedback(rng: random.Random, category: str) -> str:
    """A worker's feedback on an incident of ``category``, fitting what the incident was about."""
    return rng.choice(FEEDBACK_TEXTS[feedback_family(category)])


INCIDENT_RETURN_REASONS = (
    "不属本网格，事发地在相邻网格，请改派属地网格员", "事发地址有误，现场未发现所述情况，请核实后重派",
    "本人正在处置另一起紧急警情，无法及时到场，请改派", "涉及刑事案件线索，超出网格员处置范围，请派民警处置",
)
EXTENSION_REASONS = (
    "需协调物业及相关职能部门共同处置，预计3个工作日内办结",
    "当事人外出未归，需另约时间上门，申请延期",
    "整改需采购配件、联系施工单位，申请延期",
    "双方分歧较大，需多次调解，申请延期",
)
EXTENSION_HOURS = (24, 48, 72)

# order kind -> results ({t} is the target); for checks, the results when the facts are as recorded
_ORDER_RESULTS: dict[OrderKind, tuple[str, ...]] = {
    OrderKind.VERIFY_PERSON: ("经上门核实，{t}现居住于此，身份信息与登记一致", "已核实{t}在此居住，联系电话已更新",
                              "经向房东及邻居了解，{t}确在此居住，已留存照片"),
    OrderKind.VERIFY_HOUSE: ("已核查{t}，房屋使用情况与登记一致", "{t}现为出租，承租人已登记，与台账一致",
                             "已核查{t}，房东自住，情况属实"),
    OrderKind.VISIT: ("已入户走访{t}，了解家庭情况，宣传反诈知识，无异常",
                      "已走访{t}独居老人，身体状况良好，已留联系方式", "已入户走访{t}，住户反映楼道照明不足，已报物业"),
    OrderKind.MEDIATE: ("已组织双方调解，达成口头协议，矛盾已化解", "经调解双方各让一步，已签订调解协议书",
                        "调解未果，已引导当事人通过人民调解委员会或诉讼途径解决"),
    OrderKind.PATROL: ("已按要求完成巡查，未发现异常", "巡查中发现电动车楼道充电两处，已现场劝导整改",
                       "巡查中发现消防通道堵塞，已通知物业清理"),
}
_NOT_AS_RECORDED: dict[OrderKind, tuple[str, ...]] = {
    OrderKind.VERIFY_PERSON: ("经核实，{t}已于上月搬离，现住址不详，建议注销居住登记",
                              "上门核实，实际居住人与登记的{t}不符，已重新采集信息"),
    OrderKind.VERIFY_HOUSE: ("{t}实际为群租，隔断多间，住人超员，与登记不符，已告知房东限期整改",
                             "{t}现已空置，与登记的出租情况不符，已更新信息"),
}
_ORDER_RETURN_REASONS: dict[OrderKind, tuple[str, ...]] = {
    OrderKind.VERIFY_PERSON: ("多次上门无人应答，登记电话为空号，无法核查，申请退回",
                              "该人员户籍地址不在本网格，请改派属地网格员"),
    OrderKind.VERIFY_HOUSE: ("房屋已列入拆迁范围并已拆除，地址无效，申请退回", "房东拒不配合入户，请民警协同核查"),
    OrderKind.VISIT: ("住户长期在外地，联系后表示近期不回，申请退回", "目标地址不在本网格，请改派"),
    OrderKind.MEDIATE: ("一方当事人拒绝调解，建议转司法所处理", "纠纷已进入诉讼程序，不宜再行调解"),
    OrderKind.PATROL: ("巡查区域不在本网格，请改派", "本人病假，请改派其他网格员"),
}


def order_result(rng: random.Random, kind: OrderKind, target_text: str, confirmed_share: float) -> tuple[str, bool]:
    """Feedback on an order and whether the facts were found as recorded (always true for non-checks)."""
    confirmed = not kind.is_verification or rng.random() < confirmed_share
    texts = _ORDER_RESULTS[kind] if confirmed else _NOT_AS_RECORDED[kind]
    return rng.choice(texts).format(t=target_text), confirmed


def order_return_reason(rng: random.Random, kind: OrderKind) -> str:
    return rng.choice(_ORDER_RETURN_REASONS[kind])
