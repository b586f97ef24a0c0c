//! The State Council's 节假日安排 as published each year by the General Office of the
//! State Council (国务院办公厅关于……年部分节假日安排的通知, gov.cn): the days off
//! that fall on working days, and the weekend days that are working days (调休).
//! Weekends that are simply weekends are not listed. Sources, per year:
//! - 2022: 国办发明电〔2021〕11号
//! - 2023: 国办发明电〔2022〕16号
//! - 2024: 国办发明电〔2023〕7号
//! - 2025: 国办发明电〔2024〕12号 (after the 2024 revision of the 全国年节及纪念日放假办法)
//! - 2026: 国办发明电〔2025〕7号
//!
//! A new year is one more entry in [`SCHEDULES`] (and a test of its 调休 days).

/// One year's schedule: ranges of days off (inclusive, `MMDD`) and 调休 working days.
pub struct YearSchedule {
    pub year: i32,
    /// Days off, as inclusive `(from, to)` in `MMDD` of this year.
    pub off: &'static [(u16, u16)],
    /// Weekend days that are working days, `MMDD`.
    pub work: &'static [u16],
}

pub static SCHEDULES: &[YearSchedule] = &[
    YearSchedule {
        year: 2022,
        off: &[
            (101, 103),
            (131, 206),
            (403, 405),
            (430, 504),
            (603, 605),
            (910, 912),
            (1001, 1007),
        ],
        work: &[129, 130, 402, 424, 507, 1008, 1009],
    },
    YearSchedule {
        year: 2023,
        off: &[
            (101, 102),
            (121, 127),
            (405, 405),
            (429, 503),
            (622, 624),
            (929, 1006),
        ],
        work: &[128, 129, 423, 506, 625, 1007, 1008],
    },
    YearSchedule {
        year: 2024,
        off: &[
            (101, 101),
            (210, 217),
            (404, 406),
            (501, 505),
            (610, 610),
            (915, 917),
            (1001, 1007),
        ],
        work: &[204, 218, 407, 428, 511, 914, 929, 1012],
    },
    YearSchedule {
        year: 2025,
        off: &[
            (101, 101),
            (128, 204),
            (404, 406),
            (501, 505),
            (531, 602),
            (1001, 1008),
        ],
        work: &[126, 208, 427, 928, 1011],
    },
    YearSchedule {
        year: 2026,
        off: &[
            (101, 103),
            (215, 223),
            (404, 406),
            (501, 505),
            (619, 621),
            (925, 927),
            (1001, 1007),
        ],
        work: &[104, 214, 228, 509, 920, 1010],
    },
];
