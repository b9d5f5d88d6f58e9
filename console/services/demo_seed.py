"""Seeds a database with the generated demo district, its roster and the demo accounts."""

from __future__ import annotations

from console.domain.passwords import hash_password
from console.domain.workers import Role
from console.field.district import DemoDistrict, generate_district
from console.store.store import Store

DEMO_PASSWORD = "jingwang"
GATEWAY_ACCOUNT = ("fieldsim", "fieldsim")
FIELD_ACCOUNTS = 10  # grid workers w0001.. get their own login for the web field client


def demo_accounts(demo: DemoDistrict) -> list[tuple[str, str, str, str | None, str]]:
    """(name, password_hash, role, worker_id, display_name) for every demo login."""
    accounts = [
        ("d01", DEMO_PASSWORD, Role.DISPATCHER, None, "调度员一"),
        ("d02", DEMO_PASSWORD, Role.DISPATCHER, None, "调度员二"),
        ("c01", DEMO_PASSWORD, Role.STATION_CHIEF, None, "值班长"),
        ("t01", DEMO_PASSWORD, Role.TRAINER, None, "教官"),
        (GATEWAY_ACCOUNT[0], GATEWAY_ACCOUNT[1], Role.FIELD_GATEWAY, None, "外勤模拟网关"),
    ]
    grid_workers = [w for w in demo.workers if w.kind.value == "grid_worker"][:FIELD_ACCOUNTS]
    accounts += [(w.id.lower(), DEMO_PASSWORD, Role.GRID_WORKER, w.id, w.name) for w in grid_workers]
    return [(name, hash_password(pw), role.value, worker, display) for name, pw, role, worker, display in accounts]


def seed_demo(store: Store, seed: int, workers: int) -> DemoDistrict:
    """Migrate, then (re)write the demo reference data and accounts. Returns the district."""
    store.upgrade()
    demo = generate_district(seed=seed, workers=workers)
    store.seed(demo.district, demo.workers, demo_accounts(demo))
    return demo
