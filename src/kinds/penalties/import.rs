//! The columns of a penalty ledger: the national 双公示 template (行政处罚), gongshi's
//! own export, or the contract's keys; and the template's columns for the `.xlsx`
//! export.

use crate::exports::TemplateColumn;
use crate::import::spec::{Field, ImportSpec, Value, PARTY_TYPES, SEVERITIES};

/// The national 双公示 template for 行政处罚 (全国信用信息共享平台), in its order, with
/// the export key that fills each column (`""`: no data in gongshi).
pub const NATIONAL_TEMPLATE: &[TemplateColumn] = &[
    ("行政相对人名称", "party"),
    ("行政相对人类别", "party_type"),
    ("行政相对人代码_1（统一社会信用代码）", "uscc"),
    ("行政相对人代码_2（工商注册号）", ""),
    ("行政相对人代码_3（组织机构代码）", ""),
    ("行政相对人代码_4（税务登记号）", ""),
    ("行政相对人代码_5（事业单位证书号）", ""),
    ("行政相对人代码_6（社会组织登记证号）", ""),
    ("法定代表人", "legal_rep"),
    ("法定代表人证件类型", ""),
    ("法定代表人证件号码", ""),
    ("证件类型", ""),
    ("证件号码", ""),
    ("行政处罚决定书文号", "decision_no"),
    ("违法行为类型", "violation_type"),
    ("违法事实", "facts"),
    ("处罚依据", "basis"),
    ("处罚类别", "categories"),
    ("处罚内容", "content"),
    ("罚款金额（万元）", "fine_wan"),
    (
        "没收违法所得、没收非法财物的金额（万元）",
        "confiscated_wan",
    ),
    ("暂扣或吊销证照名称及编号", "licence_action"),
    ("处罚决定日期", "decided"),
    ("处罚有效期", ""),
    ("公示截止期", "publish_until"),
    ("处罚机关", "authority"),
    ("处罚机关统一社会信用代码", "authority_uscc"),
    ("数据来源单位", "source"),
    ("数据来源单位统一社会信用代码", "source_uscc"),
    ("备注", "note"),
];

const fn f(key: &'static str, headers: &'static [&'static str], value: Value) -> Field {
    Field {
        key,
        headers,
        value,
    }
}

pub const IMPORT: ImportSpec = ImportSpec {
    fields: &[
        f(
            "decision_no",
            &["行政处罚决定书文号", "处罚决定书文号", "决定书文号"],
            Value::Code,
        ),
        f(
            "party",
            &["行政相对人名称", "当事人名称", "当事人"],
            Value::Text,
        ),
        f(
            "party_type",
            &["行政相对人类别", "当事人类别"],
            Value::Choice(PARTY_TYPES),
        ),
        f(
            "uscc",
            &[
                "行政相对人代码_1（统一社会信用代码）",
                "统一社会信用代码",
                "行政相对人代码",
            ],
            Value::Code,
        ),
        f("legal_rep", &["法定代表人", "法定代表人姓名"], Value::Text),
        f("id_number", &["证件号码"], Value::Code),
        f("violation_type", &["违法行为类型"], Value::Text),
        f("facts", &["违法事实"], Value::Text),
        f("basis", &["处罚依据"], Value::Text),
        f("categories", &["处罚类别"], Value::List),
        f("content", &["处罚内容"], Value::Text),
        f("fine_wan", &["罚款金额（万元）", "罚款金额"], Value::Number),
        f(
            "confiscated_wan",
            &[
                "没收违法所得、没收非法财物的金额（万元）",
                "没收金额（万元）",
                "没收金额",
            ],
            Value::Number,
        ),
        f("licence_action", &["暂扣或吊销证照名称及编号"], Value::Text),
        f("decided", &["处罚决定日期", "决定日期"], Value::Date),
        f(
            "severity",
            &["失信严重程度", "严重程度", "程度"],
            Value::Choice(SEVERITIES),
        ),
        f(
            "procedure",
            &["处罚程序", "程序"],
            Value::Choice(&[
                ("简易程序", "simple"),
                ("普通程序", "ordinary"),
                ("simple", "simple"),
                ("ordinary", "ordinary"),
            ]),
        ),
        f("domain", &["重点领域"], Value::Text),
        f(
            "publish_until",
            &["公示截止期", "公示截止日期"],
            Value::Date,
        ),
        f("authority", &["处罚机关", "作出处罚决定机关"], Value::Text),
        f(
            "authority_uscc",
            &[
                "处罚机关统一社会信用代码",
                "作出处罚决定机关统一社会信用代码",
            ],
            Value::Code,
        ),
        f(
            "repaired.date",
            &["信用修复日期", "修复日期", "repaired"],
            Value::Date,
        ),
        f("repaired.note", &["信用修复说明", "修复说明"], Value::Text),
        f(
            "revoked.date",
            &["撤销日期", "撤回日期", "revoked"],
            Value::Date,
        ),
        f(
            "revoked.reason",
            &["撤销原因", "撤回原因", "撤销类型"],
            Value::Choice(&[
                ("撤销", "撤销"),
                ("变更", "变更"),
                ("确认违法", "确认违法"),
                ("确认无效", "确认无效"),
            ]),
        ),
        f("revoked.note", &["撤销说明", "撤回说明"], Value::Text),
        f("objection.filed", &["异议提出日期"], Value::Date),
        f(
            "objection.status",
            &["异议状态"],
            Value::Choice(&[
                ("异议处理中", "pending"),
                ("异议成立", "upheld"),
                ("异议不成立", "rejected"),
                ("pending", "pending"),
                ("upheld", "upheld"),
                ("rejected", "rejected"),
            ]),
        ),
        f(
            "objection.resolved",
            &["异议处理日期", "异议办结日期"],
            Value::Date,
        ),
        f("objection.note", &["异议处理说明", "异议说明"], Value::Text),
        f("online", &["上网公示日期"], Value::Date),
        f("note", &["备注"], Value::Text),
    ],
    group: None,
    distinctive: &["decision_no", "violation_type", "categories", "facts"],
};
