"""References and ids as a user reads them: ``deal.owner.name``, ``deal.organization.id``,
and create-then-get by the returned id, against the sandbox (which expands ``user_id``,
``person_id`` and ``org_id`` on deals as the real API does)."""

from __future__ import annotations

import pickle

import pytest

import pipedrive_rs
from pipedrive_rs.models import OrgRef, PersonRef, UserRef

from conftest import CALLS_DEPRECATED_V1, MockServer, Reply, envelope

pytestmark = CALLS_DEPRECATED_V1


def test_a_deal_names_its_owner_person_and_organization(sandbox_client: pipedrive_rs.Client) -> None:
    c = sandbox_client
    me = c.users.me()
    org = c.organizations.create(name="Acme")
    person = c.persons.create(name="Ann Lee", org_id=org.id)
    created = c.deals.create(title="Forty licences", person_id=person.id, org_id=org.id)

    deal = c.deals.get(created.id)  # the returned id, no None check
    assert deal.id == created.id

    owner = deal.owner
    assert owner is not None
    assert (owner.id, owner.name, owner.email) == (me.id, me.name, me.email)
    organization = deal.organization
    assert organization is not None and (organization.id, organization.name) == (org.id, "Acme")
    # Pipedrive sends the person's id only as `value`; `.id` reads it anyway.
    assert deal.person_id is not None and deal.person_id.id == person.id
    assert deal.person is not None and deal.person.name == "Ann Lee"
    assert deal.creator is not None and deal.creator.id == me.id

    # A reference stands for its id: as an argument, in comparisons, as a dict key.
    fetched = c.persons.get(deal.person_id)
    assert fetched.id == person.id
    assert deal.org_id == org.id and org.id == deal.org_id
    assert org.id in {deal.org_id} and hash(deal.org_id) == hash(org.id)
    assert c.deals.update(deal.id, person_id=deal.person_id).person_id == person.id

    # The person and the organization name their references the same way.
    got = c.persons.get(person.id)
    assert got.organization is not None and got.organization.name == "Acme"
    assert got.owner is not None and got.owner.id == me.id
    # The raw form stays available.
    assert deal.to_dict()["person_id"]["value"] == person.id
    assert "id" not in deal.to_dict()["person_id"]


def test_a_reference_sent_as_a_bare_id_still_reads_as_one(sandbox_client: pipedrive_rs.Client) -> None:
    c = sandbox_client
    org = c.organizations.create(name="Initech")
    activity = c.activities.create(subject="Call", org_id=org.id)
    got = c.activities.get(activity.id)
    organization = got.organization
    assert organization is not None
    assert organization.id == org.id and organization.name == got.org_name
    assert got.owner is not None and isinstance(got.owner.id, int)


def test_a_reference_has_a_readable_repr_and_typed_fields(mock: MockServer, client: pipedrive_rs.Client) -> None:
    mock.reply(
        Reply(
            body=envelope(
                {
                    "id": 1,
                    "user_id": {"id": 7, "name": "Ann", "email": "ann@example.com", "value": 7},
                    "person_id": 12,
                    "org_id": {"name": "Acme", "value": 4},
                }
            )
        )
    )
    deal = client.deals.get(1)
    user: UserRef | None = deal.user_id
    assert user is not None and repr(user) == "UserRef(id=7, name='Ann')"
    assert user.pic_hash is None  # documented, absent
    with pytest.raises(AttributeError):
        _ = user.no_such_field
    person: PersonRef | None = deal.person_id
    assert person is not None and (person.id, person.name, person.object) == (12, None, None)
    assert person.email is None
    org: OrgRef | None = deal.organization
    assert org is not None and org.to_dict() == {"name": "Acme", "value": 4}
    assert int(org) == 4 and [10, 20, 30, 40, 50][org] == 50
    assert org != 5 and org != "4"
    assert "organization" in dir(deal)
    assert pickle.loads(pickle.dumps(deal)).organization == 4


def test_a_returned_record_without_an_id_is_a_decode_error(mock: MockServer, client: pipedrive_rs.Client) -> None:
    mock.reply(Reply(body=envelope({"title": "no id"})))
    with pytest.raises(pipedrive_rs.DecodeError, match="Deal without an id"):
        client.deals.get(5)
    # Lists stay lenient: an item without an id reads as one.
    mock.reply(Reply(body=envelope([{"name": "no id"}])))
    assert [s.name for s in client.stages.list()] == ["no id"]
