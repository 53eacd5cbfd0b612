//! Saved filters, their condition trees, and the helper tables for building them.
use crate::lenient::{Flag, KeyedMap, Number, Visibility};
use crate::{FieldId, FilterId, UserId};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

string_enum! {
    /// Kind of item a filter selects (`type` of a [`Filter`]).
    pub enum FilterKind {
        /// Deals.
        Deals = "deals",
        /// Leads.
        Leads = "leads",
        /// Organizations.
        Org = "org",
        /// Persons.
        People = "people",
        /// Products.
        Products = "products",
        /// Activities.
        Activity = "activity",
    }
}

string_enum! {
    /// How the members of a condition group combine.
    pub enum FilterGlue {
        /// All must match.
        And = "and",
        /// Any may match.
        Or = "or",
    }
}

string_enum! {
    /// Kind of object whose field a [`FilterCondition`] tests.
    pub enum FilterObject {
        /// A deal field.
        Deal = "deal",
        /// A lead field.
        Lead = "lead",
        /// A person field.
        Person = "person",
        /// An organization field.
        Organization = "organization",
        /// A product field.
        Product = "product",
        /// An activity field.
        Activity = "activity",
    }
}

string_enum! {
    /// Comparison of a [`FilterCondition`]. Which ones a field accepts depends on its
    /// type; [`FilterHelpers::operators`] lists them per type.
    pub enum FilterOperator {
        /// `=`
        Equal = "=",
        /// `!=`
        NotEqual = "!=",
        /// `<`
        Less = "<",
        /// `>`
        Greater = ">",
        /// `<=`
        LessOrEqual = "<=",
        /// `>=`
        GreaterOrEqual = ">=",
        /// `IS NULL`: the field is empty.
        IsNull = "IS NULL",
        /// `IS NOT NULL`: the field has a value.
        IsNotNull = "IS NOT NULL",
        /// `LIKE '$%'`: text starts with the value.
        StartsWith = "LIKE '$%'",
        /// `LIKE '%$%'`: text contains the value.
        Like = "LIKE '%$%'",
        /// `NOT LIKE '$%'`: text does not start with the value.
        NotStartsWith = "NOT LIKE '$%'",
        /// `contains`: a multi-option field includes the value.
        Contains = "contains",
        /// `not_contains`: a multi-option field does not include the value.
        NotContains = "not_contains",
        /// `has_been`: the deal has been in the stage.
        HasBeen = "has_been",
        /// `belongs_to_team`: the user is in the team.
        BelongsToTeam = "belongs_to_team",
        /// `includes`: a range includes the value.
        Includes = "includes",
        /// `ends_at`: a range ends at the value.
        EndsAt = "ends_at",
        /// `does_not_end_at`: a range does not end at the value.
        DoesNotEndAt = "does_not_end_at",
        /// `ends_before`: a range ends before the value.
        EndsBefore = "ends_before",
        /// `ends_e_before`: a range ends on or before the value.
        EndsOnOrBefore = "ends_e_before",
        /// `ends_after`: a range ends after the value.
        EndsAfter = "ends_after",
        /// `ends_e_after`: a range ends on or after the value.
        EndsOnOrAfter = "ends_e_after",
    }
}

model! {
    /// A saved filter.
    ///
    /// Lists leave out `conditions`; a single filter and the answers to adding and
    /// updating one carry the condition tree.
    pub struct Filter {
        /// Id.
        id: Option<FilterId>,
        /// Name.
        name: Option<String>,
        /// Whether the filter is active.
        active_flag: Option<Flag>,
        /// Kind of items it selects.
        r#type: Option<FilterKind>,
        /// Whether the filter is a temporary (unsaved) one.
        temporary_flag: Option<Flag>,
        /// Owner.
        user_id: Option<UserId>,
        /// Creation time.
        add_time: Option<crate::Timestamp>,
        /// Last update time.
        update_time: Option<crate::Timestamp>,
        /// Who can see the filter.
        visible_to: Option<Visibility>,
        /// The list view the filter belongs to.
        custom_view_id: Option<crate::Integer>,
        /// The condition tree.
        conditions: Option<FilterConditions>,
    }
}

model! {
    /// The root of a filter's condition tree: one group, glued with `and`, of condition
    /// groups (in practice an `and` group and an `or` group).
    pub struct FilterConditions {
        /// How the groups combine.
        glue: Option<FilterGlue>,
        /// The groups.
        conditions: Option<Vec<FilterConditionGroup>>,
    }
}

impl FilterConditions {
    /// Every condition of every group, in order (skipping `null` placeholders).
    pub fn iter(&self) -> impl Iterator<Item = &FilterCondition> {
        self.conditions
            .iter()
            .flatten()
            .flat_map(FilterConditionGroup::iter)
    }
}

model! {
    /// A group of conditions sharing one glue.
    pub struct FilterConditionGroup {
        /// How the conditions combine.
        glue: Option<FilterGlue>,
        /// The conditions. The reference example shows `null` standing in for an empty
        /// group's member, hence `Option` items (kept, so they are written back).
        conditions: Option<Vec<Option<FilterCondition>>>,
    }
}

impl FilterConditionGroup {
    /// The conditions, skipping `null` placeholders.
    pub fn iter(&self) -> impl Iterator<Item = &FilterCondition> {
        self.conditions.iter().flatten().flatten()
    }
}

model! {
    /// One condition line: a field of an object compared with a value.
    pub struct FilterCondition {
        /// Kind of object the field belongs to.
        object: Option<FilterObject>,
        /// Id of the field definition (sent as a string, e.g. `"123141"`);
        /// see [`FilterCondition::field`].
        field_id: Option<Number>,
        /// The comparison.
        operator: Option<FilterOperator>,
        /// The value compared with; its JSON type depends on the field.
        value: Option<Value>,
        /// Second value, for comparisons that take two (ranges, relative dates).
        extra_value: Option<Value>,
    }
}

impl FilterCondition {
    /// `field_id` as a field definition id, when it holds a number.
    pub fn field(&self) -> Option<FieldId> {
        self.field_id.as_ref()?.as_u64().map(FieldId)
    }
}

model! {
    /// What can go into filter conditions (`GET /filters/helpers`).
    pub struct FilterHelpers {
        /// Operators allowed per field type (`int`, `varchar`, `date`, `enum`, ...),
        /// each with its label.
        operators: Option<KeyedMap<String, OperatorLabels>>,
        /// Relative dates usable as values of date conditions, by group.
        relative_dates: Option<RelativeDates>,
        /// Parts of an address field usable in conditions, by key, with their labels.
        address_field_components: Option<KeyedMap<String, String>>,
    }
}

model! {
    /// Relative date values of [`FilterHelpers`], by group; each maps the value to use in
    /// a condition to its label.
    pub struct RelativeDates {
        /// Intervals such as `this_month` (`"Relative date intervals"`).
        intervals as "Relative date intervals": Option<KeyedMap<String, String>>,
        /// Points in time such as `yesterday` or `in_2_weeks` (`"Relative dates"`).
        dates as "Relative dates": Option<KeyedMap<String, String>>,
        /// Deal-only values such as `rotten_time` (`"Deal specific"`).
        deal_specific as "Deal specific": Option<KeyedMap<String, String>>,
    }
}

/// Operators of one field type with their labels (`{"=": "is", ...}`).
///
/// Most types send one object; the `enum` type sends a list of one-entry objects
/// instead. Both decode, and the received form is written back.
#[derive(Clone, Debug, PartialEq)]
pub enum OperatorLabels {
    /// An object mapping operator to label.
    Map(KeyedMap<String, String>),
    /// A list of such objects (usually one entry each).
    List(Vec<KeyedMap<String, String>>),
}

impl crate::schema::Describe for OperatorLabels {
    const KIND: crate::schema::FieldKind = crate::schema::FieldKind::Map;
}

impl Default for OperatorLabels {
    fn default() -> Self {
        OperatorLabels::Map(KeyedMap::new())
    }
}

impl OperatorLabels {
    /// Every (operator, label) pair, in key order within each object.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let maps: &[KeyedMap<String, String>] = match self {
            OperatorLabels::Map(m) => std::slice::from_ref(m),
            OperatorLabels::List(l) => l,
        };
        maps.iter()
            .flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The label of one operator (`"="`, `"IS NULL"`, ...).
    pub fn label(&self, operator: &str) -> Option<&str> {
        self.iter().find(|(op, _)| *op == operator).map(|(_, l)| l)
    }

    /// The operators, parsed.
    pub fn operators(&self) -> impl Iterator<Item = FilterOperator> + '_ {
        self.iter().map(|(op, _)| FilterOperator::from(op))
    }

    /// Number of operators.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl Serialize for OperatorLabels {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OperatorLabels::Map(m) => m.serialize(s),
            OperatorLabels::List(l) => l.serialize(s),
        }
    }
}

struct OperatorLabelsVisitor;

impl<'de> Visitor<'de> for OperatorLabelsVisitor {
    type Value = OperatorLabels;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of operator labels, or a list of such objects")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OperatorLabels, A::Error> {
        KeyedMap::deserialize(de::value::MapAccessDeserializer::new(map)).map(OperatorLabels::Map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OperatorLabels, A::Error> {
        Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(OperatorLabels::List)
    }
}

impl<'de> Deserialize<'de> for OperatorLabels {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OperatorLabelsVisitor)
    }
}
