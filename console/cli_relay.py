"""``jingwang relay``: serve clients and write the database (a standby waits for the writer lease)."""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys

from console import config

EXIT_FENCED = 7  # another relay took the writer lease; this one stopped writing


def open_store(url: str | None):
    """The database at ``url``, or the configured one."""
    from console.store.store import Store

    return Store(url or config.default_db_url())


def _relay_tls(args: argparse.Namespace):
    """The TLS context asked for on the command line, or None for plain ws:// and http://."""
    from console.relay.tls import make_self_signed, server_context

    if args.tls_cert is None and args.tls_key is None:
        if args.tls_self_signed:
            raise ValueError("--tls-self-signed needs --tls-cert and --tls-key (where to write them)")
        return None
    if args.tls_cert is None or args.tls_key is None:
        raise ValueError("--tls-cert and --tls-key go together")
    if args.tls_self_signed:
        make_self_signed(args.tls_cert, args.tls_key, args.tls_self_signed)
    return server_context(args.tls_cert, args.tls_key)


def run_relay(args: argparse.Namespace) -> int:
    """Run the relay until a signal (or until fenced); the exit code."""
    from console.relay.attachment_store import AttachmentStore
    from console.relay.exposure import EXIT_DEMO_ACCOUNTS, DemoAccountsExposed, check_exposure
    from console.relay.recording_store import RecordingStore
    from console.relay.server import Relay
    from console.services.demo_seed import DEMO_PASSWORDS
    from console.services.relay_reads import StoreReads
    from console.store.integrity import DatabaseUnfit, prepare_for_relay
    from console.store.store import StoreLocked

    async def serve() -> str:
        tls = _relay_tls(args)
        stores = _partition_stores(args)
        loop = asyncio.get_running_loop()
        for store in stores:
            await loop.run_in_executor(None, prepare_for_relay, store)  # refuses a corrupt or empty database
        store, port, standby = stores[0], args.port, args.standby
        if len(stores) > 1:  # a standby for several partitions writes the first one whose writer stops
            print(f"STANDBY waiting for the writer lease of {', '.join(s.partition for s in stores)}", flush=True)
            store, port = await _stand_by_for_several(stores, args.host, port, tls)
            standby = False
        store.rules = config.rules()
        accounts = await loop.run_in_executor(None, store.accounts)
        warnings = await loop.run_in_executor(None, lambda: check_exposure(
            args.host, tls is not None, accounts, DEMO_PASSWORDS, allow_demo=args.allow_demo_accounts))
        for warning in warnings:
            print(f"\n{'!' * 72}\n{warning}\n{'!' * 72}\n", file=sys.stderr, flush=True)
        recordings = RecordingStore(config.relay_recordings_dir(), int(config.RECORDING_MAX_MB.get() * 1024 * 1024),
                                    config.RECORDING_RETENTION_DAYS.get())
        attachments = AttachmentStore(config.relay_attachments_dir(), int(config.ATTACHMENT_MAX_MB.get() * 1024 * 1024))
        relay = Relay(store, args.host, port, tls=tls, reads=StoreReads(store.url), recordings=recordings,
                      advertise=args.advertise,
                      attachments=attachments, **config.relay_options())
        relay.stop_on_signals()
        if standby:
            print("STANDBY waiting for the writer lease", flush=True)
        await relay.start(standby=standby)
        public = await _public_listener(relay, args, tls)
        gc.collect()
        gc.freeze()  # the loaded state lives as long as the relay: a full collection of it paused every reply 20-70 ms
        print(f"READY {relay.url}", flush=True)
        if public is not None:
            print(f"PUBLIC {public.url}", flush=True)
        checking = asyncio.create_task(_check_history(store, relay))
        await relay.serve_forever()
        corrupt = checking.result() if checking.done() else None
        checking.cancel()
        if public is not None:
            await public.stop()
        store.dispose()
        if corrupt is not None:
            raise corrupt
        return relay.fenced

    try:
        fenced = asyncio.run(serve())
    except DemoAccountsExposed as exc:
        print(f"jingwang relay: {exc}", file=sys.stderr)
        return EXIT_DEMO_ACCOUNTS
    except DatabaseUnfit as exc:
        print(f"jingwang relay: {exc}", file=sys.stderr)
        return exc.exit_code
    except (StoreLocked, OSError, ValueError) as exc:  # ValueError includes a malformed time-limit file
        print(f"jingwang relay: {exc}", file=sys.stderr)
        return 1
    if fenced:
        print(f"jingwang relay: {fenced}", file=sys.stderr)
        return EXIT_FENCED
    return 0


def _partition_stores(args: argparse.Namespace) -> list:
    """The database opened on each ``--partition`` (none: the database as given, one store)."""
    from console.store.partition import in_partition

    url = args.db or config.default_db_url()
    codes = list(dict.fromkeys(args.partitions))
    if len(codes) > 1 and not args.standby:
        raise ValueError("只有备用中继 (--standby) 可以守候多个分区 / several --partition need --standby")
    return [open_store(in_partition(url, code)) for code in codes] or [open_store(url)]


async def _stand_by_for_several(stores: list, host: str, port: int, tls) -> tuple:
    """Wait for whichever of ``stores``' writer leases lapses first, sending clients to their writers
    meanwhile; that store (holding its lease) and the port bound. The other stores are closed."""
    from console.relay.lease_keeper import take_lease
    from console.relay.standby_door import StandbyDoor

    door = StandbyDoor(stores[0], None, host, port, tls)
    port = await door.open()
    try:
        store = await take_lease(stores, None, config.LEASE_MS.get(), standby=True)
    finally:
        await door.close()
    for other in stores:
        if other is not store:
            other.dispose()
    return store, port


async def _check_history(store, relay):
    """quick_check the history tables while the relay serves (``CHECKED`` when they pass); when they are corrupt,
    stop the relay and return why."""
    from console.store.integrity import DatabaseCorrupt, check_history

    try:
        checked = await asyncio.get_running_loop().run_in_executor(None, check_history, store)
    except DatabaseCorrupt as exc:
        await relay.stop()
        return exc
    if checked:
        print("CHECKED history tables", flush=True)
    return None


async def _public_listener(relay, args: argparse.Namespace, tls):
    """The public e码 listener beside the relay (on --public-port, default the relay's port + 1), or None."""
    port = args.public_port if args.public_port is not None else (args.port + 1 if args.port else 0)
    if not port:
        return None
    from console.ecode.api import PublicApi
    from console.ecode.listener import PublicListener
    from console.ecode.signing import PlateSigner

    listener = PublicListener(PublicApi(relay, PlateSigner.from_settings()), args.host, port, tls=tls)
    await listener.start()
    return listener
