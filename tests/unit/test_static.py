"""The relay's static site: the web field client under /field/, and nothing else."""

from __future__ import annotations

import json
import re

import pytest
from websockets.datastructures import Headers
from websockets.http11 import Request

from console.relay.static import StaticSite, load_assets


@pytest.fixture(scope="module")
def site() -> StaticSite:
    return StaticSite()


def get(site: StaticSite, path: str, **headers: str):
    return site.respond(Request(path, Headers({"Host": "relay", **headers})))


def test_index_is_served_with_html_type_policy_and_etag(site):
    response = get(site, "/field/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-cache"
    assert int(response.headers["Content-Length"]) == len(response.body)
    assert "移动端登录".encode() in response.body
    assert get(site, "/field/index.html?v=2").body == response.body


@pytest.mark.parametrize(("name", "content_type"), [
    ("app.js", "text/javascript; charset=utf-8"), ("style.css", "text/css; charset=utf-8"),
    ("icon.svg", "image/svg+xml"), ("categories.json", "application/json; charset=utf-8"),
])
def test_assets_carry_their_content_type(site, name, content_type):
    response = get(site, "/field/" + name)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_category_table_is_the_shipped_one(site):
    rows = json.loads(get(site, "/field/categories.json").body)
    assert {"code": "200200", "name": "治安纠纷", "patrol": True} in rows  # a police unit's 现场上报 may choose it
    assert {"code": "600600", "name": "城管执法"} in rows


def test_revalidation_with_the_etag_gives_304_without_body(site):
    etag = get(site, "/field/app.js").headers["ETag"]
    response = get(site, "/field/app.js", **{"If-None-Match": etag})
    assert response.status_code == 304
    assert response.body == b""
    assert get(site, "/field/app.js", **{"If-None-Match": '"stale"'}).status_code == 200


@pytest.mark.parametrize("path", [
    "/field/../relay/server.py", "/field/%2e%2e/relay/server.py", "/field/..%2f..%2fpyproject.toml",
    "/field/a/../../x", "/field/..\\server.py", "/field/%00index.html",
])
def test_path_traversal_is_refused(site, path):
    response = get(site, path)
    assert response.status_code == 400
    assert b"import" not in response.body


@pytest.mark.parametrize("path", ["/", "/field/missing.js", "/field/app.py", "/etc/passwd", "/fieldx/index.html"])
def test_unknown_paths_are_404(site, path):
    assert get(site, path).status_code == 404


def test_bare_prefix_redirects_to_the_directory(site):
    response = get(site, "/field")
    assert response.status_code == 301
    assert response.headers["Location"] == "/field/"


def test_websocket_upgrades_pass_through(site):
    assert get(site, "/", Upgrade="websocket", Connection="Upgrade") is None
    assert get(site, "/field/", Upgrade="WebSocket", Connection="Upgrade") is None


def test_only_known_types_in_the_web_root_are_served(tmp_path):
    (tmp_path / "page.html").write_text("<p>hi</p>", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "run.py").write_text("print()", encoding="utf-8")
    assets = load_assets(tmp_path)
    assert set(assets) == {"page.html", "categories.json", "codes.json"}


def test_code_tables_are_served_from_the_domain(site):
    """The phone's form and checks read the record kinds and code tables the relay checks with."""
    import json

    from console.domain.records import ETHNICITY_CODES, HOUSE_USES

    codes = json.loads(get(site, "/field/codes.json").body)
    person = next(k for k in codes["kinds"] if k["value"] == "person")
    assert {f["name"]: f["type"] for f in person["fields"]}["id_number"] == "id_number"
    assert {c for c, _ in codes["tables"]["ethnicity"]} == ETHNICITY_CODES
    assert dict(codes["tables"]["use"]) == HOUSE_USES


def test_the_page_needs_nothing_from_elsewhere(site):
    page = get(site, "/field/").body.decode()
    referenced = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert {"relay.js", "call.js", "app.js", "style.css", "icon.svg"} <= set(referenced)
    for name in referenced:
        assert get(site, "/field/" + name).status_code == 200, name
    for name, asset in site.assets.items():
        if name != "categories.json":
            body = asset.body.replace(b'xmlns="http://www.w3.org/2000/svg"', b"")  # a namespace, not a download
            assert not re.search(rb"https?://|//[a-z0-9.-]+\.(?:com|cn|net|org)/", body), name


def test_the_department_page_is_a_second_site_with_the_same_rules(site):
    page = get(site, "/dept/")
    assert page.status_code == 200 and "Content-Security-Policy" in page.headers
    referenced = re.findall(r'(?:src|href)="([^"]+)"', page.body.decode())
    assert {"relay.js", "deadline.js", "dept.js", "style.css"} <= set(referenced)
    for name in [*referenced, "categories.json"]:
        assert get(site, "/dept/" + name).status_code == 200, name
    assert get(site, "/dept").status_code == 301 and get(site, "/dept/../field/app.js").status_code == 400
    assert get(site, "/dept/app.js").status_code == 404  # the field client's files are not the department's
    for name, asset in site.sites["/dept/"].items():
        body = asset.body.replace(b'xmlns="http://www.w3.org/2000/svg"', b"")
        assert not re.search(rb"https?://|//[a-z0-9.-]+\.(?:com|cn|net|org)/", body), name
    for script in (site.sites["/dept/"]["dept.js"], site.assets["notices.js"], site.assets["warnings.js"]):
        assert not re.search(rb"innerHTML|insertAdjacentHTML|document\.write", script.body)


def test_both_pages_get_the_shared_modules_from_one_place(site):
    """relay.js, signin.js, ui.js, outbox.js, base.css and the icon live once (console/web) and are
    served under each page's prefix, byte for byte the same."""
    for name in ("relay.js", "signin.js", "ui.js", "outbox.js", "base.css", "icon.svg"):
        field, dept = get(site, "/field/" + name), get(site, "/dept/" + name)
        assert field.status_code == dept.status_code == 200, name
        assert field.body == dept.body, name


def test_a_page_repeating_a_shared_file_is_refused(tmp_path):
    site, shared = tmp_path / "site", tmp_path / "shared"
    site.mkdir()
    shared.mkdir()
    (site / "relay.js").write_text("//", encoding="utf-8")
    (shared / "relay.js").write_text("//", encoding="utf-8")
    with pytest.raises(ValueError, match=r"relay\.js"):
        load_assets(site, shared)
