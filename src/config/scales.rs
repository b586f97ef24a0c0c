//! Grade scales (site.yaml `grade_scales`): each scale's grades, best first, with the
//! minimum score of each band, checked as site.yaml is read.

use crate::diag::Diagnostics;
use crate::yaml::Source;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScale {
    name: String,
    grades: Vec<RawGrade>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    code: String,
    #[serde(default)]
    label: String,
    min_score: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Grade {
    pub code: String,
    pub label: String,
    pub min_score: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct GradeScale {
    pub id: String,
    pub name: String,
    /// Best first.
    pub grades: Vec<Grade>,
}

impl GradeScale {
    pub fn position(&self, code: &str) -> Option<usize> {
        self.grades.iter().position(|g| g.code == code)
    }
    /// The score band `[min, max)` of the grade at `index` (max is the next better grade's minimum).
    pub fn band(&self, index: usize) -> (Option<f64>, Option<f64>) {
        let min = self.grades[index].min_score;
        let max = self.grades[..index].iter().rev().find_map(|g| g.min_score);
        (min, max)
    }
}

/// The checked scales, by id; problems go to `diags` (`block`: the lines of
/// `grade_scales` in site.yaml).
pub(super) fn resolve_scales(
    raw: BTreeMap<String, RawScale>,
    src: &Source<'_>,
    block: (usize, usize),
    diags: &mut Diagnostics,
) -> BTreeMap<String, GradeScale> {
    let mut scales = BTreeMap::new();
    for (id, scale) in raw {
        let ordered = check_scale(&id, &scale, src, block, diags);
        // Bands that overlap (an error above) would fail every record between them:
        // its scores are not checked until the scale is mended.
        let grades = scale
            .grades
            .into_iter()
            .map(|g| Grade {
                code: g.code,
                label: g.label,
                min_score: g.min_score.filter(|_| ordered),
            })
            .collect();
        scales.insert(
            id.clone(),
            GradeScale {
                id,
                name: scale.name,
                grades,
            },
        );
    }
    scales
}

/// Checks a scale; false when its min_scores do not fall from grade to grade.
fn check_scale(
    id: &str,
    scale: &RawScale,
    src: &Source<'_>,
    block: (usize, usize),
    diags: &mut Diagnostics,
) -> bool {
    let mut ordered = true;
    if scale.name.trim().is_empty() {
        diags.push(src.at(
            block,
            &[id, "name"],
            format!("grade scale `{id}` has an empty name"),
        ));
    }
    if scale.grades.iter().any(|g| g.code.trim().is_empty()) {
        diags.push(src.at(
            block,
            &[id, "grades"],
            format!("grade scale `{id}` lists a grade with an empty code"),
        ));
    }
    if scale.grades.is_empty() {
        diags.push(src.at(
            block,
            &[id, "grades"],
            format!("grade scale `{id}` lists no grades"),
        ));
    }
    let mut last_min: Option<f64> = None;
    // The first grade without a min_score: its band reaches down to every score, so
    // a grade below it with a min_score would overlap it.
    let mut open_below: Option<&str> = None;
    for (i, g) in scale.grades.iter().enumerate() {
        // (Said once: every grade below would say the same.)
        if let (Some(above), Some(_), true) = (open_below, g.min_score, ordered) {
            ordered = false;
            diags.push(
                src.at(
                    block,
                    &[id, "grades"],
                    format!(
                        "grade scale `{id}`: `{above}` has no min_score, so its band takes in every score below the grade above it, and `{}` below it has a min_score: the bands overlap",
                        g.code
                    ),
                )
                .with_hint(format!("give `{above}` a min_score above that of `{}`, or leave min_score out of every grade below `{above}`", g.code)),
            );
        }
        if g.min_score.is_none() && open_below.is_none() {
            open_below = Some(&g.code);
        }
        if scale.grades[..i].iter().any(|o| o.code == g.code) {
            diags.push(src.at(
                block,
                &[id, "grades"],
                format!("grade scale `{id}` lists grade `{}` twice", g.code),
            ));
        }
        if let (Some(prev), Some(min)) = (last_min, g.min_score) {
            if min >= prev {
                ordered = false;
                diags.push(
                    src.at(
                        block,
                        &[id, "grades"],
                        format!(
                            "grade scale `{id}`: min_score of `{}` is not below the grade above it",
                            g.code
                        ),
                    )
                    .with_hint("list grades best first, with falling min_score"),
                );
            }
        }
        if g.min_score.is_some() {
            last_min = g.min_score;
        }
    }
    ordered
}
