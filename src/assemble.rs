//! Assemble: gathers each enterprise's records into one credit file (一企一档) and
//! plans every page of the site ([`SiteModel`]). Nothing is rendered here.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Day, PartyType};
use crate::publish::PublicSite;
use crate::urls;
use ahash::AHashMap;
use std::collections::HashMap;

/// Everything public about one enterprise, by index into the [`PublicSite`] vectors.
#[derive(Debug, Clone, Default)]
pub struct Entity {
    pub uscc: String,
    pub name: String,
    /// (batch index, record index)
    pub grades: Vec<(usize, usize)>,
    /// (list index, entry index)
    pub list_entries: Vec<(usize, usize)>,
    pub penalties: Vec<usize>,
    pub licences: Vec<usize>,
}

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSpec {
    Home,
    EntitiesIndex { page: usize },
    Entity(usize),
    GradesIndex,
    GradeBatch { batch: usize, page: usize },
    ListsIndex,
    List(usize),
    Penalties { page: usize },
    Penalty(usize),
    Licences { page: usize },
    Licence(usize),
    Markdown(usize),
    Search,
    DataIndex,
}

/// The public site with its enterprises gathered and its pages planned.
#[derive(Debug)]
pub struct SiteModel {
    pub site: PublicSite,
    /// Sorted by USCC.
    pub entities: Vec<Entity>,
    pub pages: Vec<PageSpec>,
    /// Index of `content/index.md` among the pages, which feeds the home page.
    pub home_page: Option<usize>,
}

impl SiteModel {
    /// The entity with this USCC (entities are sorted by USCC).
    pub fn entity_of(&self, uscc: Option<&str>) -> Option<&Entity> {
        let u = uscc?;
        self.entities
            .binary_search_by(|e| e.uscc.as_str().cmp(u))
            .ok()
            .map(|i| &self.entities[i])
    }

    /// Site-relative path of a page.
    pub fn path_of(&self, spec: PageSpec) -> String {
        let s = &self.site;
        match spec {
            PageSpec::Home => urls::HOME.into(),
            PageSpec::EntitiesIndex { page } => urls::paged(urls::ENTITIES, page),
            PageSpec::Entity(i) => urls::entity(&self.entities[i].uscc),
            PageSpec::GradesIndex => urls::GRADES.into(),
            PageSpec::GradeBatch { batch, page } => {
                urls::paged(&urls::batch(&s.batches[batch].slug), page)
            }
            PageSpec::ListsIndex => urls::LISTS.into(),
            PageSpec::List(i) => urls::list(&s.lists[i].slug),
            PageSpec::Penalties { page } => urls::paged(urls::PENALTIES, page),
            PageSpec::Penalty(i) => urls::penalty(&s.penalties[i].id),
            PageSpec::Licences { page } => urls::paged(urls::LICENCES, page),
            PageSpec::Licence(i) => urls::licence(&s.licences[i].id),
            PageSpec::Markdown(i) => s.pages[i].path.clone(),
            PageSpec::Search => urls::SEARCH.into(),
            PageSpec::DataIndex => urls::DATA.into(),
        }
    }

    pub fn page_count(&self, items: usize) -> usize {
        items.div_ceil(self.site.config.paginate).max(1)
    }
}

/// Entities being gathered: slots in a vector, found by USCC (borrowed from the site,
/// so no key is allocated per record), with the date of the record that named them.
struct Gathered<'s> {
    index: AHashMap<&'s str, usize>,
    slots: Vec<(Entity, Day)>,
}

impl<'s> Gathered<'s> {
    /// The entity for `uscc`, created on first sight; its name is the one of its
    /// newest record.
    fn slot(&mut self, uscc: &'s str, name: &str, date: Day) -> &mut Entity {
        let i = *self.index.entry(uscc).or_insert_with(|| {
            let entity = Entity {
                uscc: uscc.to_string(),
                name: name.to_string(),
                ..Default::default()
            };
            self.slots.push((entity, date));
            self.slots.len() - 1
        });
        let slot = &mut self.slots[i];
        if date > slot.1 {
            slot.0.name = name.to_string();
            slot.1 = date;
        }
        &mut slot.0
    }
}

/// Every public record of each USCC, sorted by USCC.
fn gather_entities(site: &PublicSite) -> Vec<Entity> {
    // At most one entity per record.
    let records = site.batches.iter().map(|b| b.records.len()).sum::<usize>()
        + site.lists.iter().map(|l| l.entries.len()).sum::<usize>()
        + site.penalties.len()
        + site.licences.len();
    let mut g = Gathered {
        index: AHashMap::with_capacity(records),
        slots: Vec::new(),
    };
    for (bi, b) in site.batches.iter().enumerate() {
        for (ri, r) in b.records.iter().enumerate() {
            g.slot(&r.uscc, &r.name, b.header.published)
                .grades
                .push((bi, ri));
        }
    }
    for (li, l) in site.lists.iter().enumerate() {
        for (ei, e) in l.entries.iter().enumerate() {
            g.slot(&e.uscc, &e.name, l.header.published)
                .list_entries
                .push((li, ei));
        }
    }
    for (pi, p) in site.penalties.iter().enumerate() {
        let r = &p.record;
        if let (Some(uscc), false) = (&r.uscc, r.party_type == PartyType::Person) {
            g.slot(uscc, &r.party, r.decided).penalties.push(pi);
        }
    }
    for (li, l) in site.licences.iter().enumerate() {
        let r = &l.record;
        if let (Some(uscc), false) = (&r.uscc, r.party_type == PartyType::Person) {
            g.slot(uscc, &r.party, r.decided).licences.push(li);
        }
    }
    let mut entities: Vec<Entity> = g.slots.into_iter().map(|(e, _)| e).collect();
    entities.sort_unstable_by(|a, b| a.uscc.cmp(&b.uscc));
    entities
}

/// Top folders whose pages are generated from data.
const GENERATED: [&str; 7] = [
    "entities",
    "grades",
    "lists",
    "penalties",
    "licences",
    "search",
    "data",
];

/// Generated paths are unique by construction (USCCs, decision ids and file names
/// are); only a Markdown page can land on a taken path.
fn check_page_paths(model: &SiteModel) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, page) in model.site.pages.iter().enumerate() {
        if Some(i) == model.home_page {
            continue;
        }
        let top = page.path.split('/').next().unwrap_or("");
        let clash = if GENERATED.contains(&top) {
            Some(format!("the generated section /{top}/"))
        } else {
            seen.insert(&page.path, i)
                .map(|other| format!("{}", model.site.pages[other].source.display()))
        };
        if let Some(other) = clash {
            diags.push(
                Diagnostic::whole_file(&page.source, format!("this page would be written to /{}, which is taken by {other}", page.path))
                    .with_hint("rename or move the file; the folders entities, grades, lists, penalties, licences, search and data are generated"),
            );
        }
    }
    diags
}

/// Gathers entities and plans pages. Fails when a Markdown page would overwrite a
/// generated page.
pub fn assemble(site: PublicSite) -> Result<SiteModel, Diagnostics> {
    let entities = gather_entities(&site);
    let home_page = site.pages.iter().position(|p| p.path.is_empty());
    let mut model = SiteModel {
        site,
        entities,
        pages: Vec::new(),
        home_page,
    };

    let per = model.site.config.paginate;
    let pages_of = |n: usize| n.div_ceil(per).max(1);
    let mut pages = vec![
        PageSpec::Home,
        PageSpec::GradesIndex,
        PageSpec::ListsIndex,
        PageSpec::Search,
        PageSpec::DataIndex,
    ];
    pages.extend((1..=pages_of(model.entities.len())).map(|page| PageSpec::EntitiesIndex { page }));
    pages.extend((0..model.entities.len()).map(PageSpec::Entity));
    for (batch, b) in model.site.batches.iter().enumerate() {
        pages.extend(
            (1..=pages_of(b.records.len())).map(|page| PageSpec::GradeBatch { batch, page }),
        );
    }
    pages.extend((0..model.site.lists.len()).map(PageSpec::List));
    pages.extend(
        (1..=pages_of(model.site.penalties.len())).map(|page| PageSpec::Penalties { page }),
    );
    pages.extend((0..model.site.penalties.len()).map(PageSpec::Penalty));
    pages.extend((1..=pages_of(model.site.licences.len())).map(|page| PageSpec::Licences { page }));
    pages.extend((0..model.site.licences.len()).map(PageSpec::Licence));
    pages.extend(
        (0..model.site.pages.len())
            .filter(|&i| Some(i) != home_page)
            .map(PageSpec::Markdown),
    );
    model.pages = pages;

    let diags = check_page_paths(&model);
    diags.into_result(model)
}
