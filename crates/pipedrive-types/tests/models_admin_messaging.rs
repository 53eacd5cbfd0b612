//! Users, roles, billing, filters, channels and call logs: every fixture of those
//! endpoints decodes into its model with the documented fields typed (nothing left in
//! `extra`) and nothing lost on re-encoding; plus property tests for `User` and `CallLog`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::strategies::*;
use common::{fixtures_dir, round_trip};
use pipedrive_types::*;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Fixtures this file covers; a new fixture of these resources must be added here.
const COVERED: &[&str] = &[
    "delete_callLogs_id",
    "delete_channels_channel-id_conversations_conversation-id",
    "delete_channels_id",
    "delete_filters",
    "delete_filters_id",
    "delete_roles_id",
    "delete_roles_id_assignments",
    "get_billing_subscriptions_addons",
    "get_callLogs",
    "get_callLogs_id",
    "get_filters",
    "get_filters_helpers",
    "get_filters_id",
    "get_roles",
    "get_roles_id",
    "get_roles_id_assignments",
    "get_roles_id_settings",
    "get_users",
    "get_users_find",
    "get_users_id",
    "get_users_id_followers",
    "get_users_id_permissions",
    "get_users_id_roleAssignments",
    "get_users_id_roleSettings",
    "get_users_me",
    "post_callLogs",
    "post_callLogs_id_recordings",
    "post_channels",
    "post_channels_messages_receive",
    "post_filters",
    "post_roles",
    "post_roles_id_assignments",
    "post_roles_id_settings",
    "post_users",
    "put_filters_id",
    "put_roles_id",
    "put_users_id",
];

#[test]
fn every_fixture_of_these_resources_is_covered() {
    let resources = [
        "users", "roles", "billing", "filters", "channels", "callLogs",
    ];
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        if stem
            .split('_')
            .nth(1)
            .is_some_and(|r| resources.contains(&r))
        {
            assert!(COVERED.contains(&stem), "fixture {stem} has no test");
        }
    }
}

fn no_extra<'a>(label: &str, unknown: impl Iterator<Item = (&'a String, &'a Value)>) {
    let keys: Vec<&String> = unknown.map(|(k, _)| k).collect();
    assert!(keys.is_empty(), "{label}: untyped keys {keys:?}");
}

// ---------------------------------------------------------------- users

fn assert_user_typed(user: &User) {
    no_extra("user", user.unknown_fields());
    for access in user.access.as_deref().unwrap() {
        no_extra("user access", access.unknown_fields());
    }
    if let Some(language) = &user.language {
        no_extra("user language", language.unknown_fields());
    }
}

#[test]
fn user_lists() {
    for name in ["get_users", "get_users_find"] {
        let env: Envelope<Items<User>> = round_trip(name);
        let users = env.data.unwrap();
        assert_eq!(users.len(), 2, "{name}");
        let john = &users[0];
        assert_eq!(john.id, Some(UserId(1)));
        assert_eq!(john.name.as_deref(), Some("John Doe"));
        assert_eq!(john.lang, Some(Number::from(1)));
        assert_eq!(john.activated, Some(Flag::TRUE));
        assert_eq!(john.is_you, Some(Flag::TRUE));
        assert_eq!(john.role_id, Some(RoleId(1)));
        assert_eq!(john.timezone_offset.as_deref(), Some("+03:00"));
        assert_eq!(john.access.as_ref().unwrap().len(), 3);
        let settings = john.access_to(&UserAccessApp::AccountSettings).unwrap();
        assert_eq!(settings.admin, Some(Flag::TRUE));
        assert_eq!(
            settings.permission_set_id.as_deref(),
            Some("982c5ce5-b8ba-4b47-b102-9da024f4b990")
        );
        assert_eq!(john.company_id, None);
        let jane = &users[1];
        assert_eq!(jane.has_created_company, Some(Flag::FALSE));
        assert_eq!(
            jane.access_to(&UserAccessApp::Sales).unwrap().admin,
            Some(Flag::FALSE)
        );
        assert!(jane.access_to(&UserAccessApp::AccountSettings).is_none());
        for user in users.iter() {
            assert_user_typed(user);
        }
    }
}

#[test]
fn single_user() {
    for name in ["get_users_id", "post_users", "put_users_id"] {
        let env: Envelope<User> = round_trip(name);
        let user = env.data.unwrap();
        assert_eq!(user.id, Some(UserId(2)), "{name}");
        assert_eq!(user.email.as_deref(), Some("jane@pipedrive.com"));
        assert_eq!(user.last_login.as_deref(), Some("2019-09-11 11:43:54"));
        assert_eq!(user.active_flag, Some(Flag::TRUE));
        assert_eq!(user.icon_url.as_deref(), Some("text"));
        assert_user_typed(&user);
    }
}

#[test]
fn current_user_with_company() {
    let env: Envelope<User> = round_trip("get_users_me");
    let me = env.data.unwrap();
    assert_eq!(me.name.as_deref(), Some("Me"));
    assert_eq!(me.company_id, Some(CompanyId(54235233)));
    assert_eq!(me.company_name.as_deref(), Some("Pipedrive"));
    assert_eq!(me.company_domain.as_deref(), Some("pipedrive-12g53f"));
    assert_eq!(me.company_country.as_deref(), Some("EE"));
    assert_eq!(me.company_industry.as_deref(), Some("IT Services"));
    let language = me.language.as_ref().unwrap();
    assert_eq!(language.language_code.as_deref(), Some("en"));
    assert_eq!(language.country_code.as_deref(), Some("US"));
    assert_eq!(
        me.access.as_ref().unwrap()[1].app,
        Some(UserAccessApp::Global)
    );
    assert_user_typed(&me);
}

#[test]
fn user_followers_are_user_ids() {
    let env: Envelope<Vec<UserId>> = round_trip("get_users_id_followers");
    assert_eq!(env.data.unwrap(), vec![UserId(2), UserId(5), UserId(8)]);
}

#[test]
fn user_permissions() {
    let env: Envelope<UserPermissions> = round_trip("get_users_id_permissions");
    let p = env.data.unwrap();
    assert_eq!(p.can_add_custom_fields, Some(Flag::TRUE));
    assert_eq!(p.can_bulk_edit_items, Some(Flag::TRUE));
    assert_eq!(p.can_change_visibility_of_items, Some(Flag::TRUE));
    assert_eq!(p.can_create_own_workflow, Some(Flag::TRUE));
    no_extra("permissions", p.unknown_fields());
    assert_eq!(p.allows("can_bulk_edit_items"), Some(true));
    assert_eq!(p.allows("can_use_api"), None);

    // Permissions the reference does not show stay in `extra` and are still readable.
    let p: UserPermissions =
        serde_json::from_value(json!({"can_use_api": 1, "can_merge_deals": false, "x": "y"}))
            .unwrap();
    assert_eq!(p.allows("can_use_api"), Some(true));
    assert_eq!(p.allows("can_merge_deals"), Some(false));
    assert_eq!(p.allows("x"), None);
}

fn assert_default_visibility(s: &RoleSettings) {
    for v in [
        &s.deal_default_visibility,
        &s.lead_default_visibility,
        &s.org_default_visibility,
        &s.person_default_visibility,
        &s.product_default_visibility,
    ] {
        let v = v.as_ref().unwrap();
        assert_eq!(v.level(), &VisibilityLevel::OwnerOnly);
        assert!(v.is_numeric());
    }
    no_extra("role settings", s.unknown_fields());
}

#[test]
fn role_settings() {
    for name in ["get_users_id_roleSettings", "get_roles_id_settings"] {
        let env: Envelope<RoleSettings> = round_trip(name);
        assert_default_visibility(&env.data.unwrap());
    }
}

#[test]
fn role_assignments() {
    for name in ["get_users_id_roleAssignments", "get_roles_id_assignments"] {
        let env: Envelope<Items<RoleAssignment>> = round_trip(name);
        assert!(!env.pagination().unwrap().has_more());
        let a = &env.data.unwrap()[0];
        assert_eq!(a.user_id, Some(UserId(1234567)), "{name}");
        assert_eq!(a.role_id, Some(RoleId(2)));
        assert_eq!(a.parent_role_id, Some(RoleId(1)));
        assert_eq!(a.name.as_deref(), Some("Admins"));
        assert_eq!(a.active_flag, Some(Flag::TRUE));
        assert_eq!(a.r#type.as_deref(), Some("1"));
        no_extra("role assignment", a.unknown_fields());
    }
    let env: Envelope<RoleAssignment> = round_trip("post_roles_id_assignments");
    let a = env.data.unwrap();
    assert_eq!(
        (a.user_id, a.role_id, a.name.as_deref()),
        (Some(UserId(1234567)), Some(RoleId(2)), None)
    );
    no_extra("added role assignment", a.unknown_fields());
}

// ---------------------------------------------------------------- roles

#[test]
fn roles() {
    let env: Envelope<Items<Role>> = round_trip("get_roles");
    let roles = env.data.unwrap();
    assert_eq!(roles.len(), 3);
    let reviewers = &roles[2];
    assert_eq!(reviewers.id, Some(RoleId(3)));
    assert_eq!(reviewers.parent_role_id, Some(RoleId(2)));
    assert_eq!(reviewers.name.as_deref(), Some("Reviewers"));
    assert_eq!(reviewers.level, Some(Number::from(2)));
    assert_eq!(reviewers.assignment_count, Some(Number::from("1")));
    assert_eq!(reviewers.assignments(), Some(1));
    assert_eq!(reviewers.sub_roles(), Some(0));
    for role in roles.iter() {
        no_extra("role", role.unknown_fields());
    }

    let env: Envelope<Role> = round_trip("get_roles_id");
    let role = env.data.as_ref().unwrap();
    assert_eq!(role.id, Some(RoleId(2)));
    assert_eq!(role.active_flag, Some(Flag::TRUE));
    assert_eq!(role.level, None);
    no_extra("role", role.unknown_fields());
    // The role's settings ride along in `additional_data` and fit `RoleSettings`.
    let settings = &env.additional_data.as_ref().unwrap().extra["settings"];
    let settings: RoleSettings = serde_json::from_value(settings.clone()).unwrap();
    assert_default_visibility(&settings);
}

#[test]
fn role_writes() {
    for name in ["post_roles", "put_roles_id"] {
        let env: Envelope<IdResult> = round_trip(name);
        let r = env.data.unwrap();
        assert_eq!(r.id, Some(Number::from(2)), "{name}");
        no_extra(name, r.unknown_fields());
    }
    for name in ["delete_roles_id", "delete_roles_id_assignments"] {
        let env: Envelope<DeleteResult> = round_trip(name);
        assert_eq!(env.data.unwrap().id, Some(Number::from(2)), "{name}");
    }
    let env: Envelope<RoleSettingResult> = round_trip("post_roles_id_settings");
    let r = env.data.unwrap();
    assert_eq!(r.id, Some(RoleId(2)));
    assert_eq!(
        r.deal_default_visibility
            .as_ref()
            .and_then(Visibility::code),
        Some(1)
    );
    assert_eq!(r.lead_default_visibility, None);
    no_extra("role setting result", r.unknown_fields());
}

// ---------------------------------------------------------------- billing

#[test]
fn billing_addons() {
    let env: Envelope<Items<BillingAddon>> = round_trip("get_billing_subscriptions_addons");
    let codes: Vec<&str> = env
        .data
        .as_ref()
        .unwrap()
        .iter()
        .map(|a| {
            no_extra("addon", a.unknown_fields());
            a.code.as_deref().unwrap()
        })
        .collect();
    assert_eq!(codes, ["leadbooster_v2", "prospector", "smart_docs_v2"]);
}

// ---------------------------------------------------------------- filters

#[test]
fn filters_without_conditions() {
    let env: Envelope<Items<Filter>> = round_trip("get_filters");
    let list = env.data.unwrap();
    let single: Envelope<Filter> = round_trip("get_filters_id");
    for f in [&list[0], single.data.as_ref().unwrap()] {
        assert_eq!(f.id, Some(FilterId(1)));
        assert_eq!(f.name.as_deref(), Some("All open deals"));
        assert_eq!(f.r#type, Some(FilterKind::Deals));
        // `temporary_flag` is `null` in the fixture.
        assert_eq!(f.temporary_flag, None);
        assert_eq!(f.user_id, Some(UserId(927097)));
        assert_eq!(f.visible_to.as_ref().and_then(Visibility::code), Some(7));
        assert_eq!(f.custom_view_id, Some(Number::from(1)));
        assert_eq!(
            f.update_time.as_ref().map(|t| t.as_str()),
            Some("2019-10-15 11:01:53")
        );
        assert!(f.conditions.is_none());
        no_extra("filter", f.unknown_fields());
    }
}

#[test]
fn filters_with_conditions() {
    for name in ["post_filters", "put_filters_id"] {
        let env: Envelope<Filter> = round_trip(name);
        let f = env.data.unwrap();
        assert_eq!(
            f.name.as_deref(),
            Some("Deal title is 'my title'"),
            "{name}"
        );
        assert_eq!(f.temporary_flag, Some(Flag::FALSE));
        assert_eq!(
            f.visible_to.as_ref().unwrap().level(),
            &VisibilityLevel::OwnerOnly
        );
        no_extra("filter", f.unknown_fields());

        let root = f.conditions.as_ref().unwrap();
        assert_eq!(root.glue, Some(FilterGlue::And));
        no_extra("condition root", root.unknown_fields());
        let groups = root.conditions.as_ref().unwrap();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].glue, Some(FilterGlue::And));
        assert_eq!(groups[1].glue, Some(FilterGlue::Or));
        // The `or` group holds a single `null`, kept so it is written back.
        assert_eq!(groups[1].conditions, Some(vec![None]));
        assert_eq!(groups[1].iter().count(), 0);
        for g in groups {
            no_extra("condition group", g.unknown_fields());
        }

        let lines: Vec<&FilterCondition> = root.iter().collect();
        assert_eq!(lines.len(), 1);
        let c = lines[0];
        assert_eq!(c.object, Some(FilterObject::Deal));
        assert_eq!(c.field_id, Some(Number::from("123141")));
        assert_eq!(c.field(), Some(FieldId(123141)));
        assert_eq!(c.operator, Some(FilterOperator::Equal));
        assert_eq!(c.value, Some(json!("my title")));
        assert_eq!(c.extra_value, None);
        no_extra("condition", c.unknown_fields());
    }
}

#[test]
fn filter_deletes() {
    let env: Envelope<DeleteResult> = round_trip("delete_filters_id");
    assert_eq!(env.data.unwrap().id, Some(Number::from(1)));
    let env: Envelope<DeleteManyResult> = round_trip("delete_filters");
    assert_eq!(
        env.data.unwrap().id,
        Some(vec![Number::from(1), Number::from(2), Number::from(3)])
    );
}

#[test]
fn filter_helpers() {
    let env: Envelope<FilterHelpers> = round_trip("get_filters_helpers");
    let h = env.data.unwrap();
    no_extra("filter helpers", h.unknown_fields());

    let ops = h.operators.as_ref().unwrap();
    assert_eq!(ops.len(), 22);
    let varchar = ops.get("varchar").unwrap();
    assert!(matches!(varchar, OperatorLabels::Map(_)));
    assert_eq!(varchar.len(), 7);
    assert_eq!(varchar.label("LIKE '%$%'"), Some("contains"));
    assert!(varchar.operators().all(|o| o.is_known()));
    assert_eq!(
        ops.get("stage").unwrap().label("has_been"),
        Some("has been")
    );
    // `enum` comes as a list of one-entry objects.
    let enumeration = ops.get("enum").unwrap();
    assert!(matches!(enumeration, OperatorLabels::List(l) if l.len() == 4));
    assert_eq!(enumeration.label("IS NOT NULL"), Some("is not empty"));
    assert_eq!(
        enumeration.operators().collect::<Vec<_>>(),
        [
            FilterOperator::Equal,
            FilterOperator::NotEqual,
            FilterOperator::IsNull,
            FilterOperator::IsNotNull
        ]
    );
    // Every operator any field type offers is a known `FilterOperator`.
    for (ty, labels) in ops.iter() {
        for op in labels.operators() {
            assert!(op.is_known(), "{ty}: {op}");
        }
    }

    let rel = h.relative_dates.as_ref().unwrap();
    no_extra("relative dates", rel.unknown_fields());
    assert_eq!(rel.intervals.as_ref().unwrap().len(), 8);
    assert_eq!(
        rel.dates
            .as_ref()
            .unwrap()
            .get("in_2_weeks")
            .map(String::as_str),
        Some("in 2 weeks")
    );
    assert_eq!(
        rel.deal_specific
            .as_ref()
            .unwrap()
            .get("rotten_time")
            .map(String::as_str),
        Some("Rotten time")
    );

    let address = h.address_field_components.as_ref().unwrap();
    assert_eq!(address.len(), 10);
    assert_eq!(
        address.get("postal_code").map(String::as_str),
        Some("ZIP/Postal code")
    );
}

// ---------------------------------------------------------------- channels

#[test]
fn channel() {
    let env: Envelope<Channel> = round_trip("post_channels");
    let c = env.data.unwrap();
    assert_eq!(
        c.id,
        Some(ChannelId::from("e283f878-7ef9-4294-8e5c-04a7d003fd92"))
    );
    assert_eq!(c.name.as_deref(), Some("My Channel"));
    assert_eq!(
        c.provider_channel_id.as_deref(),
        Some("e283f878-7ef9-4294-8e5c-04a7d003fd92")
    );
    assert_eq!(c.marketplace_client_id.as_deref(), Some("57da5c3c55a82bb4"));
    assert_eq!(c.pd_company_id, Some(CompanyId(123)));
    assert_eq!(c.pd_user_id, Some(UserId(321)));
    assert_eq!(c.provider_type, Some(ChannelProviderType::OtherProvider));
    assert_eq!(c.template_support, Some(Flag::FALSE));
    assert_eq!(
        c.created_at.as_ref().map(|t| t.as_str()),
        Some("2022-03-01 00:00:00")
    );
    no_extra("channel", c.unknown_fields());
}

#[test]
fn channel_message() {
    let env: Envelope<ChannelMessage> = round_trip("post_channels_messages_receive");
    let m = env.data.unwrap();
    assert_eq!(
        m.channel_id,
        Some(ChannelId::from("a8aa4db0-91bb-4e90-b9c0-0c6291307e2f"))
    );
    assert_eq!(
        m.conversation_id.as_deref(),
        Some("063ffa46-831c-4027-a04c-b65e17f077b7")
    );
    assert_eq!(m.message.as_deref(), Some("This is a message"));
    assert_eq!(m.status, Some(ChannelMessageStatus::Sent));
    assert_eq!(m.reply_by.as_deref(), Some("2022-03-01T07:58:35.449Z"));
    no_extra("channel message", m.unknown_fields());
    let attachments = m.attachments.as_ref().unwrap();
    assert_eq!(attachments.len(), 1);
    let a = &attachments[0];
    assert_eq!(a.r#type.as_deref(), Some("image/png"));
    assert_eq!(a.name.as_deref(), Some("Image Name"));
    assert_eq!(a.size, Some(Number::from(600)));
    assert!(a.preview_url.as_deref().unwrap().ends_with(".preview.png"));
    no_extra("attachment", a.unknown_fields());
}

#[test]
fn success_only_answers() {
    for name in [
        "delete_channels_id",
        "delete_channels_channel-id_conversations_conversation-id",
        "delete_callLogs_id",
        "post_callLogs_id_recordings",
    ] {
        let env: Envelope<Value> = round_trip(name);
        assert!(env.success, "{name}");
        assert!(env.data.is_none(), "{name}");
    }
}

// ---------------------------------------------------------------- call logs

fn assert_full_call_log(log: &CallLog) {
    assert_eq!(
        log.id,
        Some(CallLogId::from("CAd92b224eb4a39b5ad8fea92ff0e"))
    );
    assert_eq!(log.activity_id, Some(ActivityId(7007)));
    assert_eq!(log.person_id, Some(PersonId(333222111)));
    assert_eq!(log.org_id, Some(OrganizationId(123456789)));
    assert_eq!(log.deal_id, Some(DealId(553229734)));
    assert_eq!(log.subject.as_deref(), Some("Just call me maybe"));
    assert_eq!(log.duration, Some(Number::from("0")));
    assert_eq!(log.duration_seconds(), Some(0));
    assert_eq!(log.outcome, Some(CallOutcome::Busy));
    assert_eq!(log.from_phone_number.as_deref(), Some("+37277774841"));
    assert_eq!(log.has_recording, Some(Flag::FALSE));
    assert_eq!(
        log.start_time.as_ref().map(|t| t.as_str()),
        Some("2022-12-12T01:01:01.000Z")
    );
    assert_eq!(log.user_id, Some(UserId(777707777)));
    assert_eq!(log.company_id, Some(CompanyId(66660666)));
    assert_eq!(log.note.as_deref(), Some("A note for the call log"));
    no_extra("call log", log.unknown_fields());
}

#[test]
fn call_logs() {
    let env: Envelope<Items<CallLog>> = round_trip("get_callLogs");
    assert_eq!(env.pagination().unwrap().next_start, Some(Number::from(1)));
    let logs = env.data.unwrap();
    assert_full_call_log(&logs[0]);
    let second = &logs[1];
    assert_eq!(second.outcome, Some(CallOutcome::NoAnswer));
    assert_eq!(second.has_recording, Some(Flag::TRUE));
    assert_eq!(second.deal_id, None);
    assert_eq!(second.from_phone_number, None);
    no_extra("call log", second.unknown_fields());

    for name in ["get_callLogs_id", "post_callLogs"] {
        let env: Envelope<CallLog> = round_trip(name);
        let log = env.data.unwrap();
        assert_full_call_log(&log);
        assert_eq!(
            log.end_time.as_ref().map(|t| t.as_str()),
            Some("2022-12-12T01:02:01.000Z")
        );
    }
}

// ---------------------------------------------------------------- properties

fn string_json() -> BoxedStrategy<Value> {
    text().prop_map(Value::from).boxed()
}

/// A JSON object with a random subset of `fields` (some `null`) and a few unknown keys,
/// in shuffled order.
fn object_json(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> impl Strategy<Value = Value> {
    let fields: Vec<BoxedStrategy<(String, Option<Value>)>> = fields
        .into_iter()
        .map(|(k, s)| maybe(s).prop_map(move |v| (k.to_owned(), v)).boxed())
        .collect();
    (
        fields,
        prop::collection::vec(("new_[a-z]{1,8}", custom_value()), 0..3),
    )
        .prop_flat_map(|(known, unknown)| {
            let mut entries: Vec<(String, Value)> = known
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect();
            entries.extend(unknown);
            Just(entries).prop_shuffle()
        })
        .prop_map(|entries| Value::Object(entries.into_iter().collect()))
}

fn user_json() -> impl Strategy<Value = Value> {
    let access = prop::collection::vec(
        object_json(vec![
            (
                "app",
                prop_oneof![
                    prop::sample::select(vec!["sales", "global", "account_settings"])
                        .prop_map(Value::from),
                    string_json(),
                ]
                .boxed(),
            ),
            ("admin", flag_json().boxed()),
            ("permission_set_id", string_json()),
        ]),
        0..4,
    )
    .prop_map(Value::from);
    let language = object_json(vec![
        ("language_code", string_json()),
        ("country_code", string_json()),
    ]);
    let mut fields: Vec<(&'static str, BoxedStrategy<Value>)> = vec![
        ("id", id_json().boxed()),
        ("role_id", id_json().boxed()),
        ("company_id", id_json().boxed()),
        ("lang", any::<u32>().prop_map(Value::from).boxed()),
        ("activated", flag_json().boxed()),
        ("has_created_company", flag_json().boxed()),
        ("active_flag", flag_json().boxed()),
        ("is_you", flag_json().boxed()),
        ("access", access.boxed()),
        ("language", language.boxed()),
    ];
    for key in [
        "name",
        "default_currency",
        "locale",
        "email",
        "phone",
        "last_login",
        "created",
        "modified",
        "timezone_name",
        "timezone_offset",
        "icon_url",
        "company_name",
        "company_domain",
        "company_country",
        "company_industry",
    ] {
        fields.push((key, string_json()));
    }
    object_json(fields)
}

fn call_log_json() -> impl Strategy<Value = Value> {
    let outcome = prop_oneof![
        prop::sample::select(vec![
            "connected",
            "no_answer",
            "left_message",
            "left_voicemail",
            "wrong_number",
            "busy",
        ])
        .prop_map(Value::from),
        string_json(),
    ];
    let mut fields: Vec<(&'static str, BoxedStrategy<Value>)> = vec![
        ("id", string_json()),
        ("activity_id", id_json().boxed()),
        ("person_id", id_json().boxed()),
        ("org_id", id_json().boxed()),
        ("deal_id", id_json().boxed()),
        ("user_id", id_json().boxed()),
        ("company_id", id_json().boxed()),
        ("duration", number_json().boxed()),
        ("outcome", outcome.boxed()),
        ("has_recording", flag_json().boxed()),
    ];
    for key in [
        "subject",
        "from_phone_number",
        "to_phone_number",
        "start_time",
        "end_time",
        "note",
    ] {
        fields.push((key, string_json()));
    }
    object_json(fields)
}

/// Decodes `json` as `T`, checks re-encoding is lossless and returns the model.
fn json_round_trip<T>(json: &Value) -> Result<T, TestCaseError>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let text = serde_json::to_string(json).unwrap();
    let typed: T = serde_json::from_str(&text)
        .map_err(|e| TestCaseError::fail(format!("decode {text}: {e}")))?;
    let encoded = serde_json::to_value(&typed).unwrap();
    prop_assert_eq!(encoded, serde_json::from_str::<Value>(&text).unwrap());
    Ok(typed)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn user_json_round_trip(json in user_json()) {
        let user: User = json_round_trip(&json)?;
        // A typed key in extra only records a null (or an id sent as text), as received.
        for (key, value) in &user.extra {
            if User::FIELDS.contains(&key.as_str()) {
                prop_assert!(value.is_null() || value.is_string(), "typed key {} in extra", key);
                prop_assert_eq!(Some(value), json.get(key));
            }
        }
        // In a list envelope too.
        let page = json!({"success": true, "data": [json.clone(), json]});
        let env: Envelope<Items<User>> = json_round_trip(&page)?;
        prop_assert_eq!(env.data.unwrap().len(), 2);
    }

    #[test]
    fn call_log_json_round_trip(json in call_log_json()) {
        let log: CallLog = json_round_trip(&json)?;
        // A typed key in extra only records a null (or an id sent as text), as received.
        for (key, value) in &log.extra {
            if CallLog::FIELDS.contains(&key.as_str()) {
                prop_assert!(value.is_null() || value.is_string(), "typed key {} in extra", key);
                prop_assert_eq!(Some(value), json.get(key));
            }
        }
        if let Some(outcome) = json.get("outcome").and_then(Value::as_str) {
            prop_assert_eq!(log.outcome.as_ref().map(CallOutcome::as_str), Some(outcome));
        }
    }

    #[test]
    fn user_typed_round_trip(
        id in any::<u64>(),
        name in prop::option::of(text()),
        role in prop::option::of(any::<u64>()),
        apps in prop::collection::vec((text().prop_map(UserAccessApp::from), any::<bool>()), 0..3),
        active in prop::option::of(any::<bool>()),
    ) {
        let user = User {
            id: Some(UserId(id)),
            name,
            role_id: role.map(RoleId),
            access: Some(apps.into_iter().map(|(app, admin)| UserAccess {
                app: Some(app),
                admin: Some(Flag::from(admin)),
                ..UserAccess::default()
            }).collect()),
            active_flag: active.map(Flag::from),
            ..User::default()
        };
        let back: User = serde_json::from_value(serde_json::to_value(&user).unwrap()).unwrap();
        prop_assert_eq!(back, user);
    }

    #[test]
    fn call_log_typed_round_trip(
        id in text(),
        outcome in prop::option::of(text().prop_map(CallOutcome::from)),
        duration in prop::option::of(any::<u32>()),
        person in prop::option::of(any::<u64>()),
        recording in prop::option::of(any::<bool>()),
    ) {
        let log = CallLog {
            id: Some(CallLogId::from(id)),
            outcome,
            duration: duration.map(|d| Number::from(d.to_string())),
            person_id: person.map(PersonId),
            has_recording: recording.map(Flag::from),
            ..CallLog::default()
        };
        let back: CallLog = serde_json::from_value(serde_json::to_value(&log).unwrap()).unwrap();
        prop_assert_eq!(back.duration_seconds(), duration.map(u64::from));
        prop_assert_eq!(back, log);
    }
}
