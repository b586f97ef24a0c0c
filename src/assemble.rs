//! Assemble: gathers each enterprise's records into one credit file (一企一档) and
//! plans every page of the site ([`SiteModel`]). Nothing is rendered here.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Day, PartyType};
use crate::publish::PublicSite;
use crate::urls;
use std::collections::{BTreeMap, HashMap};

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
    pub entity_index: HashMap<String, usize>,
    pub pages: Vec<PageSpec>,
    /// Index of `content/index.md` among the pages, which feeds the home page.
    pub home_page: Option<usize>,
}

impl SiteModel {
    pub fn entity_of(&self, uscc: Option<&str>) -> Option<&Entity> {
        uscc.and_then(|u| self.entity_index.get(u))
            .map(|&i| &self.entities[i])
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

type Gathered = BTreeMap<String, (Entity, Day)>;

/// The entity for `uscc`, created on first sight; its name is the one of its newest record.
fn entity_slot<'a>(map: &'a mut Gathered, uscc: &str, name: &str, date: Day) -> &'a mut Entity {
    let slot = map.entry(uscc.to_string()).or_insert_with(|| {
        (
            Entity {
                uscc: uscc.to_string(),
                name: name.to_string(),
                ..Default::default()
            },
            date,
        )
    });
    if date > slot.1 {
        slot.0.name = name.to_string();
        slot.1 = date;
    }
    &mut slot.0
}

fn gather_entities(site: &PublicSite) -> Gathered {
    let mut map = Gathered::new();
    let mut add = |uscc: &str, name: &str, date: Day, f: &dyn Fn(&mut Entity)| {
        f(entity_slot(&mut map, uscc, name, date))
    };
    for (bi, b) in site.batches.iter().enumerate() {
        for (ri, r) in b.records.iter().enumerate() {
            add(&r.uscc, &r.name, b.header.published, &|e| {
                e.grades.push((bi, ri))
            });
        }
    }
    for (li, l) in site.lists.iter().enumerate() {
        for (ei, e) in l.entries.iter().enumerate() {
            add(&e.uscc, &e.name, l.header.published, &|x| {
                x.list_entries.push((li, ei))
            });
        }
    }
    for (pi, p) in site.penalties.iter().enumerate() {
        let r = &p.record;
        if let (Some(uscc), false) = (&r.uscc, r.party_type == PartyType::Person) {
            add(uscc, &r.party, r.decided, &|e| e.penalties.push(pi));
        }
    }
    for (li, l) in site.licences.iter().enumerate() {
        let r = &l.record;
        if let (Some(uscc), false) = (&r.uscc, r.party_type == PartyType::Person) {
            add(uscc, &r.party, r.decided, &|e| e.licences.push(li));
        }
    }
    map
}

/// Gathers entities and plans pages. Fails when a Markdown page would overwrite a
/// generated page.
pub fn assemble(site: PublicSite) -> Result<SiteModel, Diagnostics> {
    let entities: Vec<Entity> = gather_entities(&site)
        .into_values()
        .map(|(e, _)| e)
        .collect();
    let entity_index = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.uscc.clone(), i))
        .collect();
    let home_page = site.pages.iter().position(|p| p.path.is_empty());
    let mut model = SiteModel {
        site,
        entities,
        entity_index,
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

    let mut diags = Diagnostics::new();
    let mut taken: HashMap<String, PageSpec> = HashMap::with_capacity(model.pages.len());
    for &spec in &model.pages {
        let path = model.path_of(spec);
        if let Some(previous) = taken.insert(path.clone(), spec) {
            let (md, other) = match (spec, previous) {
                (PageSpec::Markdown(i), o) | (o, PageSpec::Markdown(i)) => (Some(i), o),
                _ => (None, spec),
            };
            let file = md
                .map(|i| model.site.pages[i].source.clone())
                .unwrap_or_else(|| "content".into());
            diags.push(
                Diagnostic::whole_file(file, format!("this page would be written to /{path}, which is taken by {other:?}"))
                    .with_hint("rename or move the file; the folders entities, grades, lists, penalties, licences, search and data are generated"),
            );
        }
    }
    diags.into_result(model)
}
