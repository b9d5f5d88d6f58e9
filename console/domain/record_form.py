"""What a form for a submission needs, as data: per record kind its fields (Chinese label, required,
type) and the code tables they draw from (GB/T 2261.1 sex, GB/T 3304 ethnicity, house uses, dispute
and hazard types).

The relay serves :func:`code_tables` to the phone page (``/field/codes.json``), whose checks mirror
:mod:`console.domain.records`; the console's review queue reads the same labels and names.
"""

from __future__ import annotations

from console.domain.records import (
    DISPUTE_TYPES,
    ETHNICITY_CODES,
    HAZARD_TYPES,
    HOUSE_USES,
    RELATIONS,
    SEX_CODES,
    RecordKind,
    field_specs,
)

# GB/T 3304 民族代码 (records.py checks the codes; these are their names)
_ETHNICITY = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族",
    "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族",
    "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族",
    "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族",
    "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族",
    "门巴族", "珞巴族", "基诺族", "其他", "外国血统中国籍人士",
)
ETHNICITY_NAMES = dict(zip([f"{i:02d}" for i in range(1, 57)] + ["97", "98"], _ETHNICITY, strict=True))
assert set(ETHNICITY_NAMES) == ETHNICITY_CODES

# field order and labels per kind (the domain's field names)
FIELD_LABELS: dict[RecordKind, dict[str, str]] = {
    RecordKind.PERSON: {"name": "姓名", "id_number": "身份证号", "sex": "性别", "ethnicity": "民族",
                        "address_code": "居住地址", "floating": "流动人口", "phone": "联系电话",
                        "move_in": "迁入日期", "relation": "与房屋关系", "workplace": "工作单位",
                        "self_declared": "本人扫码申报"},
    RecordKind.HOUSE: {"address_code": "房屋地址", "use": "房屋用途", "occupants": "居住人数", "owner": "房主"},
    RecordKind.UNIT: {"name": "单位名称", "credit_code": "统一社会信用代码", "address_code": "单位地址",
                      "key_unit": "重点单位", "contact": "联系人"},
    RecordKind.DISPUTE: {"type": "纠纷类型", "parties": "当事人", "description": "情况描述",
                         "address_code": "发生地址", "resolved": "已化解"},
    RecordKind.HAZARD: {"type": "隐患类型", "description": "隐患描述", "address_code": "所在地址",
                        "rectified": "已整改"},
}


def code_tables() -> dict:
    """JSON-ready: ``kinds`` (value, label, fields [{name, label, required, type}]) and ``tables``
    (name -> [[code, text], …]) for every ``choice:NAME`` type."""
    kinds = []
    for kind in RecordKind:
        specs = field_specs(kind)
        labels = FIELD_LABELS[kind]
        assert set(labels) == set(specs), kind
        kinds.append({"value": kind.value, "label": kind.label, "fields": [
            {"name": name, "label": label, "required": specs[name].required, "type": specs[name].type}
            for name, label in labels.items()]})
    return {"kinds": kinds, "tables": {
        "sex": [[code, name] for code, name in SEX_CODES.items()],
        "ethnicity": [[code, name] for code, name in ETHNICITY_NAMES.items()],
        "use": [[code, name] for code, name in HOUSE_USES.items()],
        "dispute_type": [[t, t] for t in DISPUTE_TYPES],
        "hazard_type": [[t, t] for t in HAZARD_TYPES],
        "relation": [[r, r] for r in RELATIONS],
    }}
