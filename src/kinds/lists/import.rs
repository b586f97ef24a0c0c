//! The columns of a list's entries, and of the list they are on (from `--list
//! key=value`, a block of `key | value` rows above the table, or gongshi's own export).

use crate::import::spec::{Field, Group, ImportSpec, Value, PARTY_TYPES};

const fn f(key: &'static str, headers: &'static [&'static str], value: Value) -> Field {
    Field {
        key,
        headers,
        value,
    }
}

pub const IMPORT: ImportSpec = ImportSpec {
    fields: &[
        f("name", &["企业名称", "主体名称", "名称"], Value::Text),
        f("uscc", &["统一社会信用代码"], Value::Code),
        f("reason", &["列入原因", "列入事由"], Value::Text),
        f("party_type", &["主体类别"], Value::Choice(PARTY_TYPES)),
        f("id_number", &["证件号码"], Value::Code),
        f("listed", &["列入日期"], Value::Date),
        f("document_no", &["列入文书号", "认定文书号"], Value::Code),
        f("valid_until", &["列入有效期至"], Value::EndDate),
        f("removed", &["移出日期"], Value::Date),
        f("removed_reason", &["移出原因", "移出事由"], Value::Text),
    ],
    group: Some(Group {
        key: "list",
        items: "entries",
        fields: &[
            f(
                "kind",
                &["名单类别"],
                Value::Choice(&[
                    ("守信激励（红名单）", "honour"),
                    ("红名单", "honour"),
                    ("守信激励", "honour"),
                    ("重点关注名单", "watch"),
                    ("重点关注", "watch"),
                    ("失信惩戒（黑名单）", "black"),
                    ("黑名单", "black"),
                    ("严重失信主体名单", "black"),
                    ("honour", "honour"),
                    ("watch", "watch"),
                    ("black", "black"),
                ]),
            ),
            f("title", &["名单名称"], Value::Text),
            f("authority", &["认定机关"], Value::Text),
            f("document_no", &["文号"], Value::Code),
            f("basis", &["认定依据"], Value::Text),
            f("published", &["公布日期"], Value::Date),
            f("valid_until", &["有效期至"], Value::EndDate),
        ],
        id_headers: &["名单标识", "list_id"],
    }),
    distinctive: &["reason", "listed"],
};
