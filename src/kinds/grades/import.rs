//! The columns of a grade sheet (企业名称 / 统一社会信用代码 / 等级 / 得分) and of the
//! batch it belongs to (from `--batch key=value`, a block of `key | value` rows above
//! the table, or gongshi's own export).

use crate::import::spec::{Field, Group, ImportSpec, Value};

const fn f(key: &'static str, headers: &'static [&'static str], value: Value) -> Field {
    Field {
        key,
        headers,
        value,
    }
}

pub const IMPORT: ImportSpec = ImportSpec {
    fields: &[
        f("name", &["企业名称", "单位名称", "名称"], Value::Text),
        f("uscc", &["统一社会信用代码"], Value::Code),
        f(
            "grade",
            &["信用等级", "等级", "评价等级", "考核等级"],
            // A code of the scale: full-width letters are read as ASCII (§13).
            Value::Code,
        ),
        f("score", &["得分", "分数", "考核得分"], Value::Number),
        f("note", &["备注"], Value::Text),
        f("veto", &["一票否决"], Value::Text),
    ],
    group: Some(Group {
        key: "batch",
        items: "records",
        fields: &[
            f("title", &["评价批次", "批次名称"], Value::Text),
            f("scale", &["评价等级体系", "等级体系"], Value::Scale),
            f("domain", &["重点领域"], Value::Text),
            f("sector", &["细分领域"], Value::Text),
            f("period", &["考核周期", "评价周期"], Value::Text),
            f("authority", &["评价机关"], Value::Text),
            f("document_no", &["文号"], Value::Code),
            f("published", &["公布日期"], Value::Date),
            f("valid_until", &["有效期至"], Value::EndDate),
        ],
        id_headers: &["批次标识", "batch_id"],
    }),
    distinctive: &["grade", "score"],
};
