//! What a kind's spreadsheet looks like: the columns it reads (by any of the names
//! staff, the national 双公示 templates, gongshi's own exports or the contract give
//! them) and what each holds. Each kind declares its own (`import.rs` in its module).

/// What a column holds, and how its cells are read.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    /// Text, trimmed.
    Text,
    /// A code (USCC, decision or licence number, ID number): full-width characters
    /// made half-width, spaces removed; written quoted. A number Excel made of it is
    /// taken back when no digit was lost, refused when one was.
    Code,
    /// A date: an Excel date, a date serial, `2024-03-02`, `2024/3/2`, `2024年3月2日`.
    Date,
    /// A date, or 长期 for no end (2099-12-31).
    EndDate,
    /// A number (amounts, scores).
    Number,
    /// A list joined by 、 ； ; , or ，.
    List,
    /// One of some values, written as the key or as its label: (label, key). A key of
    /// "" means "nothing": the field is left out.
    Choice(&'static [(&'static str, &'static str)]),
    /// A grade scale of site.yaml, by its key or its name.
    Scale,
}

/// One column a kind reads.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key it fills, dotted for a nested one (`fulfilment.status`).
    pub key: &'static str,
    /// Header names besides the key itself.
    pub headers: &'static [&'static str],
    pub value: Value,
}

/// The header of a file that holds one group of records (a grade batch, a list).
#[derive(Debug, Clone, Copy)]
pub struct Group {
    /// `batch`, `list`.
    pub key: &'static str,
    /// `records`, `entries`.
    pub items: &'static str,
    /// Its fields.
    pub fields: &'static [Field],
    /// A column naming the group of each row (its file name): `批次标识`.
    pub id_headers: &'static [&'static str],
}

/// How a kind is imported.
#[derive(Debug, Clone, Copy)]
pub struct ImportSpec {
    /// The fields of a record, in the order the contract lists them (and the YAML is
    /// written in).
    pub fields: &'static [Field],
    /// For kinds whose files hold one group each.
    pub group: Option<Group>,
    /// Keys whose columns tell this kind from the others.
    pub distinctive: &'static [&'static str],
}

/// 法人及非法人组织 / 个体工商户 / 自然人, as the templates write them.
pub const PARTY_TYPES: &[(&str, &str)] = &[
    ("法人及非法人组织", "legal"),
    ("法人", "legal"),
    ("非法人组织", "legal"),
    ("法人和非法人组织", "legal"),
    ("个体工商户", "individual_business"),
    ("自然人", "person"),
    ("legal", "legal"),
    ("individual_business", "individual_business"),
    ("person", "person"),
];

/// 轻微 / 一般 / 严重.
pub const SEVERITIES: &[(&str, &str)] = &[
    ("轻微", "minor"),
    ("一般", "general"),
    ("严重", "serious"),
    ("minor", "minor"),
    ("general", "general"),
    ("serious", "serious"),
];
