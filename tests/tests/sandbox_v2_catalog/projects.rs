//! Projects over HTTP: boards and phases, project fields on projects, tasks with one
//! level of subtasks.
use super::*;

#[test]
fn projects_sit_on_boards_and_carry_project_fields() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    // The seeded board, its phases and the templates.
    let boards = get(&c, "/boards");
    assert_eq!(boards[0]["name"], "Delivery");
    let seeded = id(&boards[0]);
    let phases = call(
        &c,
        v2(Method::Get, "/phases")
            .query("board_id", &seeded)
            .unwrap(),
    );
    assert_eq!(phases.as_array().unwrap().len(), 3);
    let templates = get(&c, "/projectTemplates");
    assert_eq!(templates.as_array().unwrap().len(), 2);
    assert_eq!(templates[0]["projects_board_id"], seeded);
    assert_eq!(
        get(&c, &format!("/projectTemplates/{}", id(&templates[0]))),
        templates[0]
    );
    assert_eq!(status_of(&c, v2(Method::Get, "/projectTemplates/999")), 404);
    let req = v2(Method::Post, "/projectTemplates")
        .json(&json!({"title": "x"}))
        .unwrap();
    assert_eq!(status_of(&c, req), 404, "templates are read only");

    // A board of our own with two phases, and a project field.
    let board = post(&c, "/boards", json!({"name": "Rollouts"}));
    assert_eq!(board["order_nr"], 2);
    let b = id(&board);
    let plan = post(&c, "/phases", json!({"name": "Plan", "board_id": b}));
    let ship = post(&c, "/phases", json!({"name": "Ship", "board_id": b}));
    assert_eq!(
        (&plan["order_nr"], &ship["order_nr"]),
        (&json!(1), &json!(2))
    );
    let field = post(
        &c,
        "/projectFields",
        json!({"field_name": "Region", "field_type": "varchar"}),
    );
    let key = field["field_code"].as_str().unwrap().to_owned();
    assert_eq!(
        get(&c, &format!("/projectFields/{key}"))["field_name"],
        "Region"
    );
    let codes: Vec<Value> = get(&c, "/projectFields")
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field_code"].clone())
        .collect();
    assert!(codes.contains(&json!("label_ids")) && codes.contains(&json!(key)));

    let deal = id(&post(&c, "/deals", json!({"title": "Big one"})));
    let (status, made) = full(
        &c,
        v2(Method::Post, "/projects")
            .json(
                &json!({"title": "Rollout A", "description": "First wave", "board_id": b,
                "deal_ids": [deal], "start_date": "2024-07-01", "end_date": "2024-09-30",
                "custom_fields": {key.clone(): "EMEA"}}),
            )
            .unwrap(),
    );
    assert_eq!(status, 201);
    let p = id(&made);
    assert_eq!(
        made["phase_id"], plan["id"],
        "a board alone puts it in the first phase"
    );
    assert_eq!(made["status"], "open");
    assert_eq!(made["deal_ids"], json!([deal]));
    assert_eq!(made["custom_fields"][&key], "EMEA");
    assert_eq!(made["archive_time"], Value::Null);
    assert_eq!(get(&c, &format!("/projects/{p}")), made);

    let path = format!("/projects/{p}");
    let changed = patch(
        &c,
        &path,
        json!({"description": null, "end_date": null, "status": "completed", "phase_id": ship["id"],
               "custom_fields": {key.clone(): null}}),
    );
    assert_eq!(
        (&changed["description"], &changed["end_date"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(changed["status"], "completed");
    assert_eq!(changed["phase_id"], ship["id"]);
    assert_eq!(changed["custom_fields"][&key], Value::Null);
    assert_eq!(
        (&changed["title"], &changed["deal_ids"]),
        (&json!("Rollout A"), &json!([deal])),
        "absent is left alone"
    );
    let log = get(&c, &format!("{path}/changelog"));
    assert_eq!(log[0]["new_values"]["status"], "completed");
    assert_eq!(log[0]["old_values"]["description"], "First wave");
    assert_eq!(log[0]["old_values"][&key], "EMEA");
    assert_eq!(get(&c, &format!("{path}/permittedUsers")), json!([101]));

    for bad in [
        json!({"title": null}),
        json!({"status": "paused"}),
        json!({"phase_id": phases[0]["id"], "board_id": b}),
        json!({"deal_ids": [999]}),
        json!({"start_date": "2024-10-01", "end_date": "2024-09-01"}),
        json!({"custom_fields": {"nope": 1}}),
    ] {
        let req = v2(Method::Patch, &path).json(&bad).unwrap();
        assert_eq!(status_of(&c, req), 400, "{bad}");
    }
    let req = v2(Method::Post, "/projects")
        .json(&json!({"description": "no title"}))
        .unwrap();
    assert_eq!(status_of(&c, req), 400);

    // Lists, search, a template, archiving and deleting.
    let from_template = post(
        &c,
        "/projects",
        json!({"title": "Onboard Zed", "template_id": id(&templates[0])}),
    );
    assert_eq!(from_template["board_id"], seeded);
    let by_deal = call(
        &c,
        v2(Method::Get, "/projects")
            .query("deal_id", &deal)
            .unwrap(),
    );
    assert_eq!(ids(&by_deal), [p]);
    let open = call(
        &c,
        v2(Method::Get, "/projects")
            .query("status", &"open")
            .unwrap(),
    );
    assert_eq!(ids(&open), [id(&from_template)]);
    let found = call(
        &c,
        v2(Method::Get, "/projects/search")
            .query("term", &"rollout")
            .unwrap(),
    );
    assert_eq!(found["items"][0]["item"]["id"], p);
    assert_eq!(found["items"][0]["item"]["type"], "project");
    let (status, _) = error_of(&c, v2(Method::Delete, &format!("/boards/{b}")));
    assert_eq!(status, 400, "a board with projects stays");

    let archived = call(&c, v2(Method::Post, &format!("{path}/archive")));
    assert!(archived["archive_time"].as_str().unwrap().ends_with('Z'));
    assert_eq!(ids(&get(&c, "/projects")), [id(&from_template)]);
    assert_eq!(ids(&get(&c, "/projects/archived")), [p]);
    call(&c, v2(Method::Delete, &path));
    assert!(get(&c, "/projects/archived").as_array().unwrap().is_empty());
    let deleted = call(
        &c,
        v2(Method::Get, "/projects/archived")
            .query("status", &"deleted")
            .unwrap(),
    );
    assert_eq!(ids(&deleted), [p]);
    assert_eq!(status_of(&c, v2(Method::Get, "/projects/999")), 404);
    assert_eq!(
        status_of(&c, v2(Method::Post, "/projects/999/archive")),
        404
    );

    // Board and phase writes; a board goes with its phases once its projects are gone.
    let renamed = patch(
        &c,
        &format!("/phases/{}", id(&ship)),
        json!({"name": "Launch", "order_nr": 1}),
    );
    assert_eq!(
        (&renamed["name"], &renamed["order_nr"]),
        (&json!("Launch"), &json!(1))
    );
    let req = v2(Method::Patch, &format!("/boards/{b}"))
        .json(&json!({"order_nr": 9}))
        .unwrap();
    assert_eq!(status_of(&c, req), 400);
    assert_eq!(
        patch(&c, &format!("/boards/{b}"), json!({"name": "Waves"}))["name"],
        "Waves"
    );
    call(&c, v2(Method::Delete, &format!("/boards/{b}")));
    assert_eq!(ids(&get(&c, "/boards")), [seeded]);
    assert_eq!(
        status_of(
            &c,
            v2(Method::Get, "/phases").query("board_id", &b).unwrap()
        ),
        404
    );
    assert_eq!(
        status_of(&c, v2(Method::Get, "/phases")),
        400,
        "board_id is required"
    );
    let req = v2(Method::Post, "/phases")
        .json(&json!({"name": "Late", "board_id": b}))
        .unwrap();
    assert_eq!(status_of(&c, req), 400);
    assert_eq!(status_of(&c, v2(Method::Get, "/boards/999")), 404);
    assert_eq!(sb.count("projects"), 1);
}

#[test]
fn tasks_have_one_level_of_subtasks() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let project = id(&post(&c, "/projects", json!({"title": "Launch"})));
    let (status, parent) = full(
        &c,
        v2(Method::Post, "/tasks")
            .json(
                &json!({"title": "Prepare", "project_id": project, "assignee_id": 101,
                "description": "All of it", "due_date": "2024-08-01"}),
            )
            .unwrap(),
    );
    assert_eq!(status, 201);
    assert_eq!(parent["assignee_ids"], json!([101]));
    assert_eq!(
        (&parent["is_done"], &parent["parent_task_id"]),
        (&json!(false), &Value::Null)
    );
    let child = post(
        &c,
        "/tasks",
        json!({"title": "Slides", "project_id": project, "parent_task_id": id(&parent), "milestone": 1}),
    );
    assert_eq!(child["parent_task_id"], parent["id"]);
    assert_eq!(child["is_milestone"], true);

    let done = patch(
        &c,
        &format!("/tasks/{}", id(&child)),
        json!({"done": 1, "description": null}),
    );
    assert_eq!(done["is_done"], true);
    assert!(done["marked_as_done_time"].as_str().unwrap().ends_with('Z'));
    assert_eq!(done["title"], "Slides", "absent is left alone");
    let cleared = patch(
        &c,
        &format!("/tasks/{}", id(&parent)),
        json!({"due_date": null, "assignee_ids": []}),
    );
    assert_eq!(
        (&cleared["due_date"], &cleared["assignee_ids"]),
        (&Value::Null, &json!([]))
    );
    assert_eq!(cleared["description"], "All of it");

    let list = |query: &[(&str, &str)]| {
        let mut req = v2(Method::Get, "/tasks");
        for (k, v) in query {
            req = req.query(k, v).unwrap();
        }
        ids(&call(&c, req))
    };
    assert_eq!(list(&[("is_done", "true")]), [id(&child)]);
    assert_eq!(list(&[("parent_task_id", "null")]), [id(&parent)]);
    assert_eq!(
        list(&[("project_id", &project.to_string())]),
        [id(&parent), id(&child)]
    );

    for bad in [
        json!({"title": "Deeper", "project_id": project, "parent_task_id": id(&child)}),
        json!({"title": "Orphan"}),
        json!({"title": "Nowhere", "project_id": 999}),
        json!({"title": "Odd", "project_id": project, "done": 2}),
        json!({"title": "Nobody", "project_id": project, "assignee_ids": [999]}),
    ] {
        let req = v2(Method::Post, "/tasks").json(&bad).unwrap();
        assert_eq!(status_of(&c, req), 400, "{bad}");
    }

    // Deleting a task deletes its subtasks.
    call(&c, v2(Method::Delete, &format!("/tasks/{}", id(&parent))));
    assert!(list(&[]).is_empty());
    assert_eq!(status_of(&c, v2(Method::Get, "/tasks/999")), 404);
    let req = v2(Method::Patch, "/tasks/999")
        .json(&json!({"title": "x"}))
        .unwrap();
    assert_eq!(status_of(&c, req), 404);
}
