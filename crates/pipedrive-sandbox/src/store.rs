//! The in-memory account: tables of JSON records plus the account's fixed setup
//! (users, pipeline, stages, activity types, standard fields).
pub(crate) use crate::defaults::{new_activity, new_org, new_person, new_product, new_stage};
use crate::render::Stats;
use crate::util::{Rng, fmt_time, get_bool, get_id, get_str};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// One stored record: the raw fields, with references kept as plain ids.
pub(crate) type Rec = Map<String, Value>;

/// Records of one kind keyed by id, with the next id to hand out.
#[derive(Debug, Default, Clone)]
pub(crate) struct Table {
    pub rows: BTreeMap<u64, Rec>,
    pub last_id: u64,
}

impl Table {
    /// A table whose ids start after `first - 1`.
    pub(crate) fn starting_at(first: u64) -> Self {
        Table {
            rows: BTreeMap::new(),
            last_id: first.saturating_sub(1),
        }
    }

    /// Stores `rec` under a new id (written into `rec["id"]` first) and returns the id.
    pub(crate) fn insert(&mut self, rec: Rec) -> u64 {
        self.last_id += 1;
        let id = self.last_id;
        let mut full = Map::with_capacity(rec.len() + 1);
        full.insert("id".to_owned(), Value::from(id));
        for (k, v) in rec {
            if k != "id" {
                full.insert(k, v);
            }
        }
        self.rows.insert(id, full);
        id
    }

    pub(crate) fn get(&self, id: u64) -> Option<&Rec> {
        self.rows.get(&id)
    }

    pub(crate) fn get_mut(&mut self, id: u64) -> Option<&mut Rec> {
        self.rows.get_mut(&id)
    }
}

/// Kinds of items that carry custom fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Entity {
    Deal,
    Person,
    Org,
    Product,
    /// v2-only: projects have no v1 routes.
    Project,
}

/// Custom field definition as the write and render paths need it.
#[derive(Debug, Clone)]
pub(crate) struct CustomField {
    pub key: String,
    pub field_type: String,
    pub options: Vec<(u64, String)>,
}

/// The whole account.
#[derive(Debug)]
pub(crate) struct Store {
    pub rng: Rng,
    pub company_id: u64,
    /// The user every accepted token belongs to.
    pub me: u64,
    pub users: Table,
    pub pipelines: Table,
    pub stages: Table,
    pub orgs: Table,
    pub persons: Table,
    pub deals: Table,
    pub activities: Table,
    pub activity_types: Table,
    pub products: Table,
    pub filters: Table,
    pub deal_products: Table,
    /// v2 deal installments (a payment schedule of a deal's one-time products).
    pub installments: Table,
    /// v2 additional discounts on a deal as a whole; their public id is `uuid`.
    pub discounts: Table,
    /// v2 deal/lead conversion jobs (they complete at once).
    pub conversions: Vec<Rec>,
    pub followers: Table,
    pub participants: Table,
    /// Uploaded files' records; their bytes are in `file_data`.
    pub files: Table,
    /// Bytes of live uploaded files by file id (dropped on delete).
    pub file_data: BTreeMap<u64, Arc<Vec<u8>>>,
    pub deal_fields: Table,
    pub person_fields: Table,
    pub org_fields: Table,
    pub product_fields: Table,
    pub project_fields: Table,
    /// v2 projects; deleted ones keep `status: deleted`.
    pub projects: Table,
    /// v2 project templates (seeded, read-only).
    pub project_templates: Table,
    /// v2 project tasks; subtasks name their `parent_task_id`.
    pub tasks: Table,
    /// v2 project boards and the phases on them.
    pub boards: Table,
    pub phases: Table,
    /// v2 product variations, each with its own prices.
    pub product_variations: Table,
    /// v2 product images (one per product); their bytes are in `image_data`.
    pub product_images: Table,
    pub image_data: BTreeMap<u64, Arc<Vec<u8>>>,
    /// Leads in creation order (their ids are UUIDs).
    pub leads: Vec<Rec>,
    /// Next id for an option of an enum/set field.
    pub next_option_id: u64,
    /// Seconds since the epoch used for seed data ("now" of the seeded account).
    pub epoch: i64,
    /// Derived counts for read requests, valid until the next write.
    pub stats_cache: Mutex<Option<Arc<Stats>>>,
    /// True while a write request runs: derived counts are then computed fresh.
    pub writing: AtomicBool,
}

/// The seeded account's "now": 2024-06-03 09:00:00 UTC, so seeded data never depends on
/// the wall clock.
pub(crate) const SEED_EPOCH: i64 = 1_717_405_200;

impl Store {
    /// An account with one user, the default pipeline, activity types and standard
    /// fields; no deals, contacts or products.
    pub(crate) fn new(rng_seed: u64) -> Store {
        let mut s = Store {
            rng: Rng::new(rng_seed ^ 0x005E_ED0F_5A4D_B0C5),
            company_id: 7_700_001,
            me: 0,
            users: Table::starting_at(101),
            pipelines: Table::default(),
            stages: Table::default(),
            orgs: Table::default(),
            persons: Table::default(),
            deals: Table::default(),
            activities: Table::default(),
            activity_types: Table::default(),
            products: Table::default(),
            filters: Table::default(),
            deal_products: Table::default(),
            installments: Table::default(),
            discounts: Table::default(),
            conversions: Vec::new(),
            followers: Table::default(),
            participants: Table::default(),
            files: Table::default(),
            file_data: BTreeMap::new(),
            deal_fields: Table::default(),
            person_fields: Table::default(),
            org_fields: Table::default(),
            product_fields: Table::default(),
            project_fields: Table::default(),
            projects: Table::default(),
            project_templates: Table::default(),
            tasks: Table::default(),
            boards: Table::default(),
            phases: Table::default(),
            product_variations: Table::default(),
            product_images: Table::default(),
            image_data: BTreeMap::new(),
            leads: Vec::new(),
            next_option_id: 100,
            epoch: SEED_EPOCH,
            stats_cache: Mutex::new(None),
            writing: AtomicBool::new(false),
        };
        s.me = s.add_user("Alex Admin", "alex.admin@sandbox.example", true);
        s.setup_pipeline();
        s.setup_activity_types();
        s.setup_standard_fields();
        crate::defaults::setup_projects(&mut s);
        s
    }

    pub(crate) fn add_user(&mut self, name: &str, email: &str, admin: bool) -> u64 {
        let t = fmt_time(self.epoch - 400 * 86_400 + self.users.rows.len() as i64 * 3_600);
        let rec = json!({
            "name": name,
            "default_currency": "USD",
            "locale": "en_US",
            "lang": 1,
            "email": email,
            "phone": null,
            "activated": true,
            "last_login": fmt_time(self.epoch - 3_600),
            "created": t,
            "modified": t,
            "has_created_company": self.users.rows.is_empty(),
            "access": [{"app": "sales", "admin": admin, "permission_set_id": "sandbox-sales"}],
            "active_flag": true,
            "timezone_name": "Europe/London",
            "timezone_offset": "+00:00",
            "role_id": 1,
            "icon_url": null,
        });
        self.users.insert(obj(rec))
    }

    fn setup_pipeline(&mut self) {
        let t = fmt_time(self.epoch - 400 * 86_400);
        self.pipelines.insert(obj(json!({
            "name": "Sales pipeline",
            "url_title": "sales-pipeline",
            "order_nr": 0,
            "active": true,
            "deal_probability": true,
            "add_time": t,
            "update_time": t,
        })));
        let stages = [
            ("Qualified", 10),
            ("Contact Made", 25),
            ("Demo Scheduled", 50),
            ("Proposal Made", 75),
            ("Negotiations Started", 90),
        ];
        for (i, (name, prob)) in stages.iter().enumerate() {
            self.stages.insert(obj(json!({
                "order_nr": i + 1,
                "name": name,
                "active_flag": true,
                "deal_probability": prob,
                "pipeline_id": 1,
                "rotten_flag": false,
                "rotten_days": null,
                "add_time": t,
                "update_time": t,
            })));
        }
    }

    fn setup_activity_types(&mut self) {
        let t = fmt_time(self.epoch - 400 * 86_400);
        for (i, (name, key)) in [
            ("Call", "call"),
            ("Meeting", "meeting"),
            ("Task", "task"),
            ("Deadline", "deadline"),
            ("Email", "email"),
            ("Lunch", "lunch"),
        ]
        .iter()
        .enumerate()
        {
            self.activity_types.insert(obj(json!({
                "order_nr": i + 1,
                "name": name,
                "key_string": key,
                "icon_key": key,
                "active_flag": true,
                "color": null,
                "is_custom_flag": false,
                "add_time": t,
                "update_time": t,
            })));
        }
    }

    fn setup_standard_fields(&mut self) {
        let deal: &[(&str, &str, &str)] = &[
            ("title", "Title", "varchar"),
            ("creator_user_id", "Creator", "user"),
            ("user_id", "Owner", "user"),
            ("value", "Value", "monetary"),
            ("currency", "Currency", "varchar_options"),
            ("weighted_value", "Weighted value", "monetary"),
            ("probability", "Probability", "double"),
            ("org_id", "Organization", "org"),
            ("pipeline_id", "Pipeline", "double"),
            ("person_id", "Contact person", "people"),
            ("stage_id", "Stage", "stage"),
            ("status", "Status", "status"),
            ("add_time", "Deal created", "date"),
            ("update_time", "Update time", "date"),
            ("stage_change_time", "Last stage change", "date"),
            ("next_activity_date", "Next activity date", "date"),
            ("last_activity_date", "Last activity date", "date"),
            ("won_time", "Won time", "date"),
            ("lost_time", "Lost time", "date"),
            ("close_time", "Deal closed on", "date"),
            ("lost_reason", "Lost reason", "varchar_options"),
            ("visible_to", "Visible to", "visible_to"),
            ("expected_close_date", "Expected close date", "date"),
            ("label", "Label", "enum"),
        ];
        let person: &[(&str, &str, &str)] = &[
            ("name", "Name", "varchar"),
            ("first_name", "First name", "varchar"),
            ("last_name", "Last name", "varchar"),
            ("org_id", "Organization", "org"),
            ("owner_id", "Owner", "user"),
            ("phone", "Phone", "phone"),
            ("email", "Email", "varchar"),
            ("add_time", "Person created", "date"),
            ("update_time", "Update time", "date"),
            ("visible_to", "Visible to", "visible_to"),
            ("label", "Label", "enum"),
            ("open_deals_count", "Open deals", "int"),
        ];
        let org: &[(&str, &str, &str)] = &[
            ("name", "Name", "varchar"),
            ("owner_id", "Owner", "user"),
            ("address", "Address", "address"),
            ("people_count", "People", "int"),
            ("add_time", "Organization created", "date"),
            ("update_time", "Update time", "date"),
            ("visible_to", "Visible to", "visible_to"),
            ("label", "Label", "enum"),
            ("open_deals_count", "Open deals", "int"),
        ];
        let product: &[(&str, &str, &str)] = &[
            ("name", "Name", "varchar"),
            ("code", "Product code", "varchar"),
            ("description", "Description", "text"),
            ("unit", "Unit", "varchar"),
            ("tax", "Tax", "double"),
            ("category", "Category", "enum"),
            ("owner_id", "Owner", "user"),
            ("active_flag", "Active", "boolean"),
            ("selectable", "Selectable", "boolean"),
            ("visible_to", "Visible to", "visible_to"),
            ("prices", "Price", "price"),
            ("add_time", "Add time", "date"),
            ("update_time", "Update time", "date"),
        ];
        let t = fmt_time(self.epoch - 400 * 86_400);
        let me = self.me;
        for (table, list) in [
            (&mut self.deal_fields, deal),
            (&mut self.person_fields, person),
            (&mut self.org_fields, org),
            (&mut self.product_fields, product),
        ] {
            for (i, (key, name, ty)) in list.iter().enumerate() {
                table.insert(field_record(
                    key,
                    name,
                    ty,
                    i + 1,
                    &t,
                    me,
                    false,
                    Value::Null,
                ));
            }
        }
    }

    /// The field table of an entity.
    pub(crate) fn fields(&self, e: Entity) -> &Table {
        match e {
            Entity::Deal => &self.deal_fields,
            Entity::Person => &self.person_fields,
            Entity::Org => &self.org_fields,
            Entity::Product => &self.product_fields,
            Entity::Project => &self.project_fields,
        }
    }

    pub(crate) fn fields_mut(&mut self, e: Entity) -> &mut Table {
        match e {
            Entity::Deal => &mut self.deal_fields,
            Entity::Person => &mut self.person_fields,
            Entity::Org => &mut self.org_fields,
            Entity::Product => &mut self.product_fields,
            Entity::Project => &mut self.project_fields,
        }
    }

    /// Active custom fields of an entity, in field id order.
    pub(crate) fn custom_fields(&self, e: Entity) -> Vec<CustomField> {
        self.fields(e)
            .rows
            .values()
            .filter(|f| get_bool(f, "edit_flag") && get_bool(f, "active_flag"))
            .map(|f| CustomField {
                key: get_str(f, "key").to_owned(),
                field_type: get_str(f, "field_type").to_owned(),
                options: f
                    .get("options")
                    .and_then(Value::as_array)
                    .map(|opts| {
                        opts.iter()
                            .filter_map(|o| {
                                Some((
                                    o.get("id").and_then(Value::as_u64)?,
                                    o.get("label").and_then(Value::as_str)?.to_owned(),
                                ))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// Live records of a collection, by the names `Sandbox::count` accepts; 0 for a
    /// name it does not know.
    pub(crate) fn count(&self, collection: &str) -> usize {
        self.count_of(collection).unwrap_or(0)
    }

    /// Live records of a collection, or `None` for a name it does not know.
    pub(crate) fn count_of(&self, collection: &str) -> Option<usize> {
        let c = collection.to_ascii_lowercase().replace(['_', '-'], "");
        let active = |t: &Table| {
            t.rows
                .values()
                .filter(|r| get_bool(r, "active_flag"))
                .count()
        };
        let live = |t: &Table, key: &str, gone: &str| {
            t.rows.values().filter(|r| get_str(r, key) != gone).count()
        };
        let not_deleted = |t: &Table| {
            t.rows
                .values()
                .filter(|r| !get_bool(r, "is_deleted"))
                .count()
        };
        Some(match c.as_str() {
            "deals" | "deal" => self
                .deals
                .rows
                .values()
                .filter(|d| get_str(d, "status") != "deleted")
                .count(),
            "persons" | "person" | "people" => active(&self.persons),
            "organizations" | "organization" | "orgs" | "org" => active(&self.orgs),
            "activities" | "activity" => active(&self.activities),
            "activitytypes" => active(&self.activity_types),
            "products" | "product" => active(&self.products),
            "leads" | "lead" => self.leads.len(),
            "users" | "user" => self.users.rows.len(),
            "stages" | "stage" => active(&self.stages),
            "pipelines" | "pipeline" => self
                .pipelines
                .rows
                .values()
                .filter(|p| get_bool(p, "active"))
                .count(),
            "filters" | "filter" => active(&self.filters),
            "dealproducts" => self.deal_products.rows.len(),
            "installments" | "dealinstallments" => self.installments.rows.len(),
            "discounts" | "dealdiscounts" => self.discounts.rows.len(),
            "followers" => self.followers.rows.len(),
            "participants" | "dealparticipants" => self.participants.rows.len(),
            "files" | "file" => active(&self.files),
            "dealfields" => active(&self.deal_fields),
            "personfields" => active(&self.person_fields),
            "organizationfields" | "orgfields" => active(&self.org_fields),
            "productfields" => active(&self.product_fields),
            "projectfields" => active(&self.project_fields),
            "projects" | "project" => live(&self.projects, "status", "deleted"),
            "tasks" | "task" => not_deleted(&self.tasks),
            "boards" | "board" => not_deleted(&self.boards),
            "phases" | "phase" => not_deleted(&self.phases),
            "projecttemplates" => self.project_templates.rows.len(),
            "productvariations" | "variations" => self.product_variations.rows.len(),
            "productimages" | "images" => self.product_images.rows.len(),
            _ => return None,
        })
    }

    /// Marks the start or end of a write: cached derived counts are dropped either way.
    pub(crate) fn set_writing(&self, on: bool) {
        self.writing.store(on, Ordering::SeqCst);
        *self.stats_cache.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The lead with this id, if any.
    pub(crate) fn lead_index(&self, id: &str) -> Option<usize> {
        self.leads.iter().position(|l| get_str(l, "id") == id)
    }

    /// True when a user with this id exists.
    pub(crate) fn user_exists(&self, id: u64) -> bool {
        self.users.get(id).is_some()
    }

    /// True for a pipeline that exists and is not deleted.
    pub(crate) fn pipeline_is_live(&self, id: u64) -> bool {
        self.pipelines
            .get(id)
            .is_some_and(|p| get_bool(p, "active"))
    }

    /// The default pipeline: the live one with the lowest `order_nr`.
    pub(crate) fn default_pipeline(&self) -> Option<u64> {
        self.pipelines
            .rows
            .values()
            .filter(|p| get_bool(p, "active"))
            .min_by_key(|p| (get_id(p, "order_nr").unwrap_or(0), get_id(p, "id")))
            .and_then(|p| get_id(p, "id"))
    }

    /// The first active stage of a pipeline (by order).
    pub(crate) fn first_stage(&self, pipeline_id: u64) -> Option<u64> {
        self.stages
            .rows
            .values()
            .filter(|s| get_id(s, "pipeline_id") == Some(pipeline_id) && get_bool(s, "active_flag"))
            .min_by_key(|s| {
                (
                    get_id(s, "order_nr").unwrap_or(0),
                    get_id(s, "id").unwrap_or(0),
                )
            })
            .and_then(|s| get_id(s, "id"))
    }
}

/// A JSON object literal as a record (non-objects give an empty record).
pub(crate) fn obj(v: Value) -> Rec {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// A field definition record.
#[allow(clippy::too_many_arguments)]
pub(crate) fn field_record(
    key: &str,
    name: &str,
    field_type: &str,
    order_nr: usize,
    time: &str,
    user: u64,
    custom: bool,
    options: Value,
) -> Rec {
    obj(json!({
        "key": key,
        "name": name,
        "order_nr": order_nr,
        "field_type": field_type,
        "add_time": time,
        "update_time": time,
        "last_updated_by_user_id": user,
        "active_flag": true,
        "edit_flag": custom,
        "index_visible_flag": true,
        "details_visible_flag": true,
        "add_visible_flag": true,
        "important_flag": false,
        "bulk_edit_allowed": true,
        "searchable_flag": custom,
        "filtering_allowed": true,
        "sortable_flag": true,
        "options": options,
        "mandatory_flag": key == "title" || key == "name",
    }))
}
