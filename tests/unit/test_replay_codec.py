"""The lean position codec: every position event decodes to exactly what was committed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from console.domain.events import POSITION_REPORTED, Event
from console.store import positions as plog

T0 = 1_763_800_000_000


def roundtrip(event: Event, key: str | None = "k") -> tuple[dict, Event]:
    row = plog.encode(event, key, src=7)
    as_selected = tuple(row[c.name] for c in plog.COLUMNS)
    return row, plog.decode(as_selected, (event.actor, event.data["worker"]))


def fix(**data) -> Event:
    return Event(42, T0, POSITION_REPORTED, "fieldsim", {"worker": "W0001", **data})


def test_what_the_simulator_sends_fits_the_narrow_columns():
    event = fix(lng=120.6201234, lat=31.3101234, at=T0 - 800, speed=1.25, heading=271.5)
    row, back = roundtrip(event)
    assert back == event
    assert row["extra"] is None
    assert (row["lng"], row["lat"], row["fix_lag"], row["speed"], row["heading"]) == (1206201234, 313101234, 800,
                                                                                      125, 2715)


def test_values_that_do_not_scale_exactly_are_kept_verbatim():
    event = fix(lng=120.6 + 1 / 1000, lat=31, at=5, heading=90, accuracy=12.5)  # float noise, ints, a new key
    row, back = roundtrip(event)
    assert back == event and back.data.keys() == event.data.keys()
    assert type(back.data["lat"]) is int and type(back.data["heading"]) is int
    assert row["extra"] is not None and "speed" not in back.data


def test_key_hash_depends_on_actor_and_key():
    assert plog.key_hash("fieldsim", "k1") == plog.key_hash("fieldsim", "k1")
    assert plog.key_hash("fieldsim", "k1") != plog.key_hash("w0001", "k1")
    assert plog.key_hash("fieldsim", None) is None
    assert -(2 ** 63) <= plog.key_hash("a", "b") < 2 ** 63


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(lng=st.floats(-180, 180) | st.integers(-180, 180), lat=st.floats(-90, 90), at=st.integers(0, 2 ** 50),
       speed=st.none() | st.floats(0, 100), heading=st.none() | st.floats(0, 360) | st.integers(0, 360),
       decimals=st.integers(0, 9))
def test_any_position_round_trips(lng, lat, at, speed, heading, decimals):
    data = {"lng": lng, "lat": round(lat, decimals), "at": at}
    if speed is not None:
        data["speed"] = speed
    if heading is not None:
        data["heading"] = heading
    event = fix(**data)
    _, back = roundtrip(event)
    assert back == event
    assert {k: type(v) for k, v in back.data.items()} == {k: type(v) for k, v in event.data.items()}
