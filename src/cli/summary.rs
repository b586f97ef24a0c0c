//! The closing summary of `build` and `check`: what was published, withheld, written,
//! and what the ledger did.

use gongshi::build::Summary;
use gongshi::diag::{report_warnings, WARNINGS_SHOWN};
use gongshi::ledger::Moved;
use gongshi::out::counted;
use gongshi::rules::{RulesProfile, RulesSetting, Withheld};

pub(super) fn print_summary(s: &Summary, verb: &str) {
    let limit = if verb == "checked" {
        usize::MAX
    } else {
        WARNINGS_SHOWN
    };
    report_warnings(&s.warnings, limit);
    gongshi::say!("{verb} as of {}", s.as_of);
    let chosen = match s.rules {
        RulesSetting::Auto if s.rules_guessed => {
            "the earliest gongshi knows: none was in force that day (rules: auto; see the warning)"
        }
        RulesSetting::Auto if s.rules_by_default && s.profile == RulesProfile::Y2023 => {
            "in force that day (rules: auto, the default since contract v2; v1 applied the 2026 measures to every date: write disclosure.rules: 2026 to keep that)"
        }
        RulesSetting::Auto => "in force that day (rules: auto)",
        RulesSetting::Fixed(_) => "set in site.yaml",
    };
    gongshi::say!(
        "  rules: {} ({}), {chosen}",
        s.profile.key(),
        s.profile.law()
    );
    gongshi::say!(
        "  published: {}, {}",
        s.published_words.join(", "),
        counted(
            s.published.get("pages").copied().unwrap_or(0),
            "page",
            "pages"
        )
    );
    gongshi::say!("  enterprises with a credit file: {}", s.entities);
    let total: usize = s.withheld.values().sum();
    gongshi::say!("  withheld: {total}");
    for reason in Withheld::ALL {
        if let Some(n) = s.withheld.get(&reason) {
            gongshi::say!("    {n:>6}  {}", reason.label());
        }
    }
    if let Some(out) = &s.output {
        gongshi::say!(
            "  wrote {} ({}) to {}",
            counted(s.files, "file", "files"),
            counted(s.pages, "page", "pages"),
            out.display()
        );
    } else {
        gongshi::say!(
            "  {} ({}) would be written",
            counted(s.files, "file", "files"),
            counted(s.pages, "page", "pages")
        );
    }
    match &s.ledger {
        Some(Moved::Forward { appeared, left }) => gongshi::say!(
            "  ledger: {appeared} record(s) went online, {left} left the site (ledger.csv)"
        ),
        Some(Moved::BackDated { latest }) => gongshi::say!(
            "  ledger: left as it was: this build is dated {} and the ledger already holds {latest} (only builds move it forward)",
            s.as_of
        ),
        Some(Moved::Ahead {
            appeared,
            left,
            today,
        }) => gongshi::say!(
            "  ledger: {appeared} record(s) went online, {left} left the site (ledger.csv), as of {as_of}, after today ({today})\n  \
             note: until {as_of}, builds leave ledger.csv as it is (only builds move it forward); for a look at the future, use --no-ledger, or undo this with `git checkout -- ledger.csv`",
            as_of = s.as_of
        ),
        Some(Moved::Off) => gongshi::say!("  ledger: left as it was (--no-ledger)"),
        None => {}
    }
    match s.next_change {
        Some(day) => gongshi::say!(
            "  next change: {day}; rebuild on or before {day} so that the site changes on time"
        ),
        None => {
            gongshi::say!("  next change: none known (nothing public is due to appear or leave)")
        }
    }
    if s.unread > 0 {
        gongshi::say!(
            "  attachments: {} copied without being read for ID numbers, as site.yaml allows ({}): check them by eye",
            s.unread,
            s.allowed_types.join(", ")
        );
    }
    if !s.warnings.is_empty() {
        gongshi::say!(
            "  {}, printed above",
            counted(s.warnings.len(), "warning", "warnings")
        );
    }
    if std::env::var_os("GONGSHI_TIMINGS").is_some() {
        gongshi::say!("  stages (an indented one runs beside the one above it, within its time):");
        for (stage, d) in &s.timings {
            gongshi::say!("    {stage:<10} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
}
