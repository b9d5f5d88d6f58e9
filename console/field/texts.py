"""What simulated grid workers write: incident feedback, return reasons, extension requests, order results."""

from __future__ import annotations

import random

from console.domain.orders import OrderKind

INCIDENT_FEEDBACK = (
    "已到场处置，双方已调解，签订调解协议", "隐患已整改，现场拍照留存", "已联系相关部门处理完毕",
    "已上门核实，情况属实，已登记", "现场已恢复正常，群众表示满意", "已劝离占道摊贩，现场已清理",
    "已协助老人联系家属，家属已到场", "已通知物业维修，明日上午修复，已告知报事人",
)
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
