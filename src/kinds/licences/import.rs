//! The columns of a licence ledger: the national 双公示 template (行政许可), gongshi's
//! own export, or the contract's keys; and the template's columns for the `.xlsx`
//! export.

use crate::exports::TemplateColumn;
use crate::import::spec::{Field, ImportSpec, Value, PARTY_TYPES};

/// The national 双公示 template for 行政许可 (全国信用信息共享平台), in its order, with
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
    ("行政许可决定文书名称", "document_name"),
    ("行政许可决定文书号", "decision_no"),
    ("许可类别", "category"),
    ("许可证书名称", "certificate"),
    ("许可编号", "licence_no"),
    ("许可内容", "content"),
    ("许可决定日期", "decided"),
    ("有效期自", "valid_from"),
    ("有效期至", "valid_to"),
    ("许可机关", "authority"),
    ("许可机关统一社会信用代码", "authority_uscc"),
    ("当前状态", "status"),
    ("数据来源单位", "source"),
    ("数据来源单位统一社会信用代码", "source_uscc"),
    ("备注", ""),
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
            &["行政许可决定文书号", "许可决定文书号"],
            Value::Code,
        ),
        f(
            "document_name",
            &["行政许可决定文书名称", "许可决定文书名称"],
            Value::Text,
        ),
        f("party", &["行政相对人名称"], Value::Text),
        f(
            "party_type",
            &["行政相对人类别"],
            Value::Choice(PARTY_TYPES),
        ),
        f(
            "uscc",
            &["行政相对人代码_1（统一社会信用代码）", "统一社会信用代码"],
            Value::Code,
        ),
        f("legal_rep", &["法定代表人"], Value::Text),
        f("id_number", &["证件号码"], Value::Code),
        f("category", &["许可类别"], Value::Text),
        f("certificate", &["许可证书名称"], Value::Text),
        f("licence_no", &["许可编号", "许可证编号"], Value::Code),
        f("content", &["许可内容"], Value::Text),
        f("decided", &["许可决定日期"], Value::Date),
        f("valid_from", &["有效期自"], Value::Date),
        f("valid_to", &["有效期至"], Value::EndDate),
        f("authority", &["许可机关"], Value::Text),
        f("authority_uscc", &["许可机关统一社会信用代码"], Value::Code),
        f(
            "status",
            &["当前状态", "状态"],
            Value::Choice(&[
                ("有效", "valid"),
                // The national template's code for 有效. Its 2 (无效) says neither
                // 已撤销 nor 已过期, so it is not read as either.
                ("1", "valid"),
                ("已撤销", "revoked"),
                ("撤销", "revoked"),
                ("已过期", "expired"),
                ("过期", "expired"),
                ("valid", "valid"),
                ("revoked", "revoked"),
                ("expired", "expired"),
            ]),
        ),
        f("online", &["上网公示日期"], Value::Date),
    ],
    group: None,
    distinctive: &["decision_no", "document_name", "licence_no", "category"],
};
