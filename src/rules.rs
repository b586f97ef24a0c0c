//! Publication outcomes shared by every kind: why a record is not on the public site
//! as of a date. Each kind's own rules live in its module (see [`crate::kinds`]).

/// Why a record is not on the public site as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Withheld {
    /// Dated after the as-of date.
    NotYetPublic,
    /// 轻微 penalty without `publish_until`.
    Minor,
    /// Its publication period (publish_until or the maximum) has ended.
    Expired,
    /// 信用修复.
    Repaired,
    /// 撤销.
    Revoked,
    /// A list entry taken off its list (移出).
    RemovedFromList,
    /// A list past its valid_until.
    ListExpired,
}

impl Withheld {
    pub const ALL: [Withheld; 7] = [
        Withheld::NotYetPublic,
        Withheld::Minor,
        Withheld::Expired,
        Withheld::Repaired,
        Withheld::Revoked,
        Withheld::RemovedFromList,
        Withheld::ListExpired,
    ];

    /// Its key in `build-info.json`.
    pub fn key(self) -> &'static str {
        match self {
            Withheld::NotYetPublic => "NotYetPublic",
            Withheld::Minor => "Minor",
            Withheld::Expired => "Expired",
            Withheld::Repaired => "Repaired",
            Withheld::Revoked => "Revoked",
            Withheld::RemovedFromList => "RemovedFromList",
            Withheld::ListExpired => "ListExpired",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Withheld::NotYetPublic => "not yet public (dated after as-of)",
            Withheld::Minor => "minor penalty, not published",
            Withheld::Expired => "publication period ended",
            Withheld::Repaired => "credit repaired (信用修复)",
            Withheld::Revoked => "revoked (撤销)",
            Withheld::RemovedFromList => "removed from list (移出)",
            Withheld::ListExpired => "list expired",
        }
    }
}
