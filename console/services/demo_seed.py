"""Seeds a database with the generated demo district, its roster and the demo accounts."""

from __future__ import annotations

from console.domain.passwords import hash_password
from console.domain.workers import Role, WorkerKind
from console.field.district import DemoDistrict, generate_district
from console.store.store import Store

DEMO_PASSWORD = "jingwang"
GATEWAY_ACCOUNT = ("fieldsim", "fieldsim")
LIAISON_ACCOUNT = ("hotline12345", DEMO_PASSWORD)  # the 12345 platform: every department ("*")
FIELD_ACCOUNTS = 10  # grid workers w0001.. get their own login for the web field client
UNIT_ACCOUNTS = 5  # patrol units get p01.. for the phone page (police_unit: their dispatches)
# every password a demo account is seeded with: the relay refuses to listen beyond loopback while one is in use
DEMO_PASSWORDS = (DEMO_PASSWORD, GATEWAY_ACCOUNT[1])


def demo_accounts(demo: DemoDistrict) -> list[tuple[str, str, str, str | None, str, str, dict]]:
    """(name, password_hash, role, worker_id, display_name, department, scope) for every demo login; the
    gateway is bound to the grid workers and police units the field simulator drives."""
    officer = next(w for w in demo.workers if w.kind is WorkerKind.OFFICER)
    simulated = {"workers": [w.id for w in demo.workers]}
    accounts = [
        ("d01", DEMO_PASSWORD, Role.DISPATCHER, None, "调度员一", ""),
        ("d02", DEMO_PASSWORD, Role.DISPATCHER, None, "调度员二", ""),
        ("c01", DEMO_PASSWORD, Role.STATION_CHIEF, None, "值班长", ""),
        ("t01", DEMO_PASSWORD, Role.TRAINER, None, "教官", ""),
        ("a01", DEMO_PASSWORD, Role.ADMIN, None, "管理员", ""),
        ("m01", DEMO_PASSWORD, Role.OFFICER, officer.id, officer.name, ""),
        ("l01", DEMO_PASSWORD, Role.LIAISON, None, "城管执法联络员", "600600"),
        (LIAISON_ACCOUNT[0], LIAISON_ACCOUNT[1], Role.LIAISON, None, "12345政务服务热线", "*"),
        (GATEWAY_ACCOUNT[0], GATEWAY_ACCOUNT[1], Role.FIELD_GATEWAY, None, "外勤模拟网关", ""),
    ]
    grid_workers = [w for w in demo.workers if w.kind is WorkerKind.GRID_WORKER][:FIELD_ACCOUNTS]
    accounts += [(w.id.lower(), DEMO_PASSWORD, Role.GRID_WORKER, w.id, w.name, "") for w in grid_workers]
    patrols = [w for w in demo.workers if w.kind is WorkerKind.PATROL][:UNIT_ACCOUNTS]
    accounts += [(unit_account(n), DEMO_PASSWORD, Role.POLICE_UNIT, w.id, w.name, "") for n, w in enumerate(patrols)]
    return [(name, hash_password(pw), role.value, worker, display, dept,
             simulated if role is Role.FIELD_GATEWAY else {}) for name, pw, role, worker, display, dept in accounts]


def unit_account(n: int) -> str:
    """The demo login of the ``n``-th patrol unit (0-based): p01, p02 …"""
    return f"p{n + 1:02d}"


def seed_demo(store: Store, seed: int, workers: int) -> DemoDistrict:
    """Migrate, then (re)write the demo reference data and accounts. Returns the district."""
    store.upgrade()
    demo = generate_district(seed=seed, workers=workers)
    store.seed(demo.district, demo.workers, demo_accounts(demo))
    return demo


def demo_is_current(store: Store, seed: int, workers: int) -> bool:
    """True when the store holds this demo's reference data: seeded, with the 12345 liaison and the units'
    phone logins, and a gateway bound to every unit the simulator drives (a database seeded before police
    units were fielded is not)."""
    if not store.is_seeded() or store.account(LIAISON_ACCOUNT[0]) is None or store.account(unit_account(0)) is None:
        return False
    gateway = store.account(GATEWAY_ACCOUNT[0])
    roster = {w.id for w in generate_district(seed=seed, workers=workers).workers}
    return gateway is not None and set(gateway.scope.get("workers", ())) == roster
