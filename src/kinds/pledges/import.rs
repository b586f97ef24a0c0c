//! The columns of a pledge register: gongshi's own export, or the contract's keys.

use crate::import::spec::{Field, ImportSpec, Value, PARTY_TYPES, SEVERITIES};

const fn f(key: &'static str, headers: &'static [&'static str], value: Value) -> Field {
    Field {
        key,
        headers,
        value,
    }
}

pub const IMPORT: ImportSpec = ImportSpec {
    fields: &[
        f("id", &["承诺编号", "承诺书编号"], Value::Code),
        f(
            "party",
            &["承诺主体名称", "承诺主体", "承诺人"],
            Value::Text,
        ),
        f("party_type", &["承诺主体类别"], Value::Choice(PARTY_TYPES)),
        f("uscc", &["统一社会信用代码"], Value::Code),
        f("id_number", &["证件号码"], Value::Code),
        f(
            "type",
            &["承诺类型"],
            Value::Choice(&[
                ("审批替代型（告知承诺）", "approval"),
                ("审批替代型", "approval"),
                ("告知承诺", "approval"),
                ("证明事项告知承诺", "certification"),
                ("主动型承诺", "voluntary"),
                ("主动型", "voluntary"),
                ("信用修复型承诺", "repair"),
                ("信用修复型", "repair"),
                ("行业自律型承诺", "industry"),
                ("行业自律型", "industry"),
                ("approval", "approval"),
                ("certification", "certification"),
                ("voluntary", "voluntary"),
                ("repair", "repair"),
                ("industry", "industry"),
            ]),
        ),
        f("matter", &["承诺事项"], Value::Text),
        f("text", &["承诺内容"], Value::Text),
        f("file", &["承诺书", "承诺书扫描件"], Value::Text),
        f("signed", &["承诺日期"], Value::Date),
        f("valid_until", &["承诺有效期至", "有效期至"], Value::EndDate),
        f("authority", &["受理单位"], Value::Text),
        f("authority_uscc", &["受理单位统一社会信用代码"], Value::Code),
        f(
            "fulfilment.status",
            &["履约状态", "履约情况"],
            Value::Choice(&[
                ("已履约", "kept"),
                ("违诺", "breached"),
                ("履约中", ""),
                ("kept", "kept"),
                ("breached", "breached"),
            ]),
        ),
        f(
            "fulfilment.date",
            &["履约状态日期", "履约日期"],
            Value::Date,
        ),
        f(
            "fulfilment.severity",
            &["失信严重程度"],
            Value::Choice(SEVERITIES),
        ),
        f("fulfilment.note", &["备注", "履约情况说明"], Value::Text),
        f(
            "repaired.date",
            &["信用修复日期", "修复日期", "repaired"],
            Value::Date,
        ),
        f("repaired.note", &["信用修复说明", "修复说明"], Value::Text),
    ],
    group: None,
    distinctive: &["id", "matter", "signed", "type"],
};
