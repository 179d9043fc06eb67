import pytest
from tests.mapping.factories import NetworkMemberFactory, kind
from mapping.models import NetworkSnapshot

pytestmark = pytest.mark.browser

DEMO = [("Dave", "family", "inner", "daily", ["everyday","emotional","illness"]),
        ("Sarah", "family", "inner", "weekly", ["emotional"]),
        ("Biscuit", "pet", "inner", "daily", ["emotional"]),
        ("Jean", "friend", "middle", "weekly", ["emotional"]),
        ("Pat next door", "neighbour", "middle", "weekly", ["everyday"]),
        ("Dr Okafor", "professional", "middle", "monthly", ["illness"]),
        ("Walking group", "group", "outer", "weekly", []),
        ("Library", "place", "outer", "monthly", []),
        ("Tom", "family", "outer", "less-often", []),
        ("Pharmacy", "professional", "outer", "monthly", ["illness"]),
        ("Facebook group for diabetes", "online", "outer", "daily", ["emotional"]),
        ("Allotment", "activity", "middle", "weekly", []),]

@pytest.mark.parametrize("width", [1280, 768])
def test_shot(login_page, member_kinds, facilitator_user, session, width):
    snap = NetworkSnapshot.objects.create(session=session)
    for label, k, c, contact, sup in DEMO:
        NetworkMemberFactory(snapshot=snap, label=label, kind=kind(k), circle=c, contact=contact,
            gives_illness_support="illness" in sup, gives_everyday_support="everyday" in sup, gives_emotional_support="emotional" in sup)
    page = login_page(facilitator_user)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/sessions/{session.pk}/network/")
    page.screenshot(path=f"/tmp/net_{width}.png", full_page=True)
    page.screenshot(path=f"/tmp/net_{width}_top.png")
    page.locator("#network-map").screenshot(path=f"/tmp/net_{width}_map.png")
    page.locator("#member-list").screenshot(path=f"/tmp/net_{width}_list.png")
    page.locator("#network-feedback").screenshot(path=f"/tmp/net_{width}_feedback.png")
    page.emulate_media(media="print")
    page.screenshot(path=f"/tmp/net_{width}_print.png", full_page=True)
