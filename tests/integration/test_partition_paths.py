"""One relay, no partitions configured: a client naming its own partition (``/p/main``) is served, one naming a
partition the database does not have is refused in Chinese and nothing is logged."""

from __future__ import annotations

from console.net.client import RelayClient
from console.services.demo_seed import DEMO_PASSWORD
from tests.integration.harness import run, running_relay, wait_until


def test_a_relay_serves_its_own_partition_by_path_and_refuses_an_unknown_partition(seeded_db):
    url, _demo = seeded_db

    async def scenario() -> tuple[dict, str, int, int]:
        async with running_relay(url) as relay:
            own = RelayClient(f"{relay.url}/p/main", "d01", DEMO_PASSWORD, subscribe=False)
            own.start()
            await own.wait_live()
            account = own.account
            await own.close()
            head = relay.writer.state.seq
            unknown = RelayClient(f"{relay.url}/p/zz", "d01", DEMO_PASSWORD, subscribe=False)
            unknown.start()
            await wait_until(lambda: unknown.login_error is not None, what="the unknown partition refused")
            await unknown.close()
            return account, str(unknown.login_error), head, relay.writer.state.seq

    account, refusal, head_before, head_after = run(scenario())
    assert account["account"] == "d01"
    assert "没有这个辖区分区：zz" in refusal
    assert head_after == head_before
