"""The joki rules (pure): each at, just inside and just outside its threshold, and the
explanation an auditor reads."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from hibrida.presence import joki, synthetic
from hibrida.presence.verify import distance_m  # the fences' metric, tested in test_verify

WIB = dt.timezone(dt.timedelta(hours=7))
T0 = dt.datetime(2026, 3, 2, 7, 25, tzinfo=WIB)
HOME = (-6.2500, 107.0000)
P = joki.Params()


def north(point: tuple[float, float], metres: float) -> tuple[float, float]:
    return point[0] + metres / 110_574, point[1]


def ev(i, emp, at=T0, point=HOME, device="", kind="in", setting=joki.OTHER, precise=True):
    return joki.Event(
        id=i,
        employee=emp,
        at=at,
        latitude=point[0],
        longitude=point[1],
        device=device or f"hp-{emp}",
        kind=kind,
        setting=setting,
        precise=precise,
    )


# --- rule 1: shared device -------------------------------------------------------------------


def test_rule_one_phone_for_two_asn_is_a_finding_and_the_lesser_user_is_the_suspect():
    events = [ev(i, 1, T0 + dt.timedelta(days=i), device="hp-x") for i in range(1, 5)]
    events.append(ev(9, 2, T0 + dt.timedelta(days=2, minutes=1), device="hp-x"))
    [hit] = joki.shared_device(events)
    assert hit.employees == (1, 2)
    assert hit.suspects == (9,)
    assert hit.facts["owner"] == 1


def test_rule_uses_exactly_the_window_apart_join_and_one_second_more_do_not():
    window = dt.timedelta(days=P.shared_window_days)
    at_edge = [ev(1, 1, device="hp-x"), ev(2, 2, T0 + window, device="hp-x")]
    assert len(joki.shared_device(at_edge)) == 1
    beyond = [
        ev(1, 1, device="hp-x"),
        ev(2, 2, T0 + window + dt.timedelta(seconds=1), device="hp-x"),
    ]
    assert joki.shared_device(beyond) == []


def test_rule_one_person_on_many_phones_is_not_a_shared_device():
    events = [ev(i, 1, device=f"hp-{i}") for i in range(1, 4)]
    assert joki.shared_device(events) == []


# --- rule 2: co-located burst ------------------------------------------------------------------


def test_rule_colleague_checked_in_from_the_jokis_home_is_a_burst():
    events = [
        ev(1, 1, setting=joki.OWN_HOME),
        ev(2, 2, T0 + dt.timedelta(minutes=2), north(HOME, 5)),
    ]
    [hit] = joki.colocated_burst(events)
    assert hit.employees == (1, 2)
    assert hit.suspects == (2,)  # the joki at their own home is not the doubtful record


def test_rule_the_office_is_never_a_burst_place():
    events = [ev(i, i, T0 + dt.timedelta(seconds=i), setting=joki.OFFICE) for i in range(1, 9)]
    events += [ev(20, 20, setting=joki.FIELD), ev(21, 21, setting=joki.FIELD)]
    assert joki.colocated_burst(events) == []


def test_rule_spouses_both_at_their_registered_home_are_expected():
    events = [ev(1, 1, setting=joki.OWN_HOME), ev(2, 2, T0, north(HOME, 3), setting=joki.OWN_HOME)]
    assert joki.colocated_burst(events) == []


def test_rule_burst_radius_and_minutes_are_inclusive_limits():
    r, m = P.burst_radius_m, dt.timedelta(minutes=P.burst_minutes)
    inside = [ev(1, 1), ev(2, 2, T0 + m, north(HOME, r - 0.5))]
    assert len(joki.colocated_burst(inside)) == 1
    too_far = [ev(1, 1), ev(2, 2, T0, north(HOME, r + 0.5))]
    assert joki.colocated_burst(too_far) == []
    too_late = [ev(1, 1), ev(2, 2, T0 + m + dt.timedelta(seconds=1))]
    assert joki.colocated_burst(too_late) == []


def test_rule_burst_minimum_group_size_is_a_parameter():
    pair = [ev(1, 1), ev(2, 2)]
    assert joki.colocated_burst(pair, joki.Params(burst_min_asn=3)) == []
    trio = [*pair, ev(3, 3, T0 + dt.timedelta(minutes=1))]
    assert len(joki.colocated_burst(trio, joki.Params(burst_min_asn=3))) == 1


def test_rule_coarsened_points_are_left_out():
    events = [ev(1, 1, precise=False), ev(2, 2, precise=False)]
    assert joki.colocated_burst(events) == []
    assert joki.identical_sequence(events) == []


# --- rule 3: identical coordinates -------------------------------------------------------------


def test_rule_exact_same_point_for_two_asn_on_different_days_is_a_replay():
    events = [ev(1, 1, setting=joki.OFFICE), ev(2, 2, T0 + dt.timedelta(days=3))]
    [hit] = joki.identical_sequence(events)
    assert hit.facts["exact"] is True
    assert set(hit.suspects) == {1, 2}


def test_rule_exact_repeats_of_one_person_are_not_this_rule():
    events = [ev(1, 1), ev(2, 1, T0 + dt.timedelta(days=1))]
    assert joki.identical_sequence(events) == []


def test_rule_points_a_few_decimetres_apart_on_one_day_are_no_finding():
    events = [ev(1, 1), ev(2, 2, T0 + dt.timedelta(days=1), north(HOME, 0.3))]
    assert joki.identical_sequence(events) == []


def tracking(days: int, metres: float, seconds: float = 60, kinds=("in",)):
    events, i = [], 0
    for d in range(days):
        for kind in kinds:
            at = T0 + dt.timedelta(days=d, hours=9 if kind == "out" else 0)
            spot = north(HOME, 20 * d + (200 if kind == "out" else 0))
            i += 2
            events.append(ev(i, 1, at, spot, kind=kind, setting=joki.OFFICE))
            events.append(
                ev(i + 1, 2, at + dt.timedelta(seconds=seconds), north(spot, metres), kind=kind)
            )
    return events


def test_rule_two_phones_in_one_hand_on_enough_days_is_a_finding():
    [hit] = joki.identical_sequence(tracking(P.sequence_min_days, P.sequence_radius_m - 0.5))
    assert hit.employees == (1, 2)
    assert len(hit.facts["days"]) == P.sequence_min_days


def test_rule_one_day_fewer_or_a_metre_wider_or_a_minute_later_is_none():
    r, days = P.sequence_radius_m, P.sequence_min_days
    assert joki.identical_sequence(tracking(days - 1, r - 0.5)) == []
    assert joki.identical_sequence(tracking(days, r + 0.5)) == []
    late = P.sequence_minutes * 60 + 1
    assert joki.identical_sequence(tracking(days, r - 0.5, seconds=late)) == []


def test_rule_full_day_mode_needs_check_in_and_check_out_to_coincide():
    strict = joki.Params(sequence_full_day=True)
    mornings = tracking(P.sequence_min_days, 1.0)
    assert joki.identical_sequence(mornings, strict) == []
    whole = tracking(P.sequence_min_days, 1.0, kinds=("in", "out"))
    assert len(joki.identical_sequence(whole, strict)) == 1


# --- rule 4: lost phone --------------------------------------------------------------------------


REPORT = joki.LostReport(1, frozenset({"hp-lama"}), T0 + dt.timedelta(hours=5), "HP hilang")


def test_rule_a_lost_phone_checking_in_after_the_report_is_a_finding():
    later = ev(5, 1, REPORT.reported_at, device="hp-lama")
    [hit] = joki.lost_device([later], [REPORT])
    assert hit.suspects == (5,)
    assert hit.facts["reporter"] == 1


def test_rule_a_check_in_made_before_the_report_and_sent_later_is_not():
    queued = ev(5, 1, REPORT.reported_at - dt.timedelta(seconds=1), device="hp-lama")
    assert joki.lost_device([queued], [REPORT]) == []


def test_rule_the_lost_phone_in_a_colleagues_hand_names_both():
    used = ev(6, 2, REPORT.reported_at + dt.timedelta(days=1), device="hp-lama")
    [hit] = joki.lost_device([used], [REPORT])
    assert hit.employees == (1, 2)
    assert hit.facts["used_for"] == [2]


def test_rule_the_new_phone_is_not_the_lost_one():
    new = ev(7, 1, REPORT.reported_at + dt.timedelta(days=1), device="hp-baru")
    assert joki.lost_device([new], [REPORT]) == []


# --- explanation ---------------------------------------------------------------------------------


def test_explanation_names_people_device_and_local_times():
    events = [ev(1, 1, device="hp-x"), ev(2, 2, T0 + dt.timedelta(minutes=3), device="hp-x")]
    [hit] = joki.shared_device(events)
    text = joki.explain(hit, {e.id: e for e in events}, {1: "Ani (NIP 1)", 2: "Budi (NIP 2)"})
    assert "hp-x" in text
    assert "Ani (NIP 1)" in text and "Budi (NIP 2)" in text
    assert "02/03/2026 07:28" in text  # WIB, as the auditor's calendar shows it
    assert "WIB" in text


def test_explanation_of_every_rule_is_indonesian_text_with_its_evidence():
    burst = [ev(1, 1, setting=joki.OWN_HOME), ev(2, 2, T0 + dt.timedelta(minutes=2))]
    lost = [ev(5, 1, REPORT.reported_at, device="hp-lama")]
    events = burst + tracking(P.sequence_min_days, 1.0) + lost
    by_id = {e.id: e for e in events}
    hits = joki.detect(events, [REPORT])
    texts = {h.rule: joki.explain(h, by_id, {}) for h in hits}
    assert set(texts) == set(joki.RULES) - {joki.SHARED_DEVICE}
    assert "bukan kantor" in texts[joki.COLOCATED_BURST]
    assert "hari berbeda" in texts[joki.IDENTICAL_SEQUENCE]
    assert "HP hilang" in texts[joki.LOST_DEVICE]
    assert all("pegawai #1" in t for t in texts.values())


# --- properties ----------------------------------------------------------------------------------

points = st.tuples(
    st.integers(1, 4),  # employee
    st.integers(0, 30),  # minutes after T0
    st.integers(0, 60),  # metres north
    st.sampled_from([joki.OFFICE, joki.OTHER, joki.OWN_HOME, joki.FIELD]),
    st.sampled_from(["hp-1", "hp-2", "hp-3"]),
)


def build(rows):
    return [
        ev(i, emp, T0 + dt.timedelta(minutes=m), north(HOME, metres), device=d, setting=s)
        for i, (emp, m, metres, s, d) in enumerate(rows, start=1)
    ]


@given(st.lists(points, max_size=25), st.randoms())
def test_property_findings_do_not_depend_on_input_order(rows, rnd):
    events = build(rows)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert {h.key for h in joki.detect(events)} == {h.key for h in joki.detect(shuffled)}


@given(st.lists(points, max_size=25))
def test_property_every_finding_involves_two_asn_and_its_suspects_are_its_evidence(rows):
    events = build(rows)
    by_id = {e.id: e for e in events}
    for hit in joki.detect(events):
        assert len(hit.employees) >= 2
        assert set(hit.suspects) <= set(hit.events)
        assert {by_id[i].employee for i in hit.events} <= set(hit.employees)
        if hit.rule == joki.COLOCATED_BURST:
            assert all(by_id[i].setting not in joki.EXPECTED_GROUP_PLACES for i in hit.events)


@given(st.lists(points, min_size=2, max_size=25))
def test_property_burst_groups_match_a_brute_force_search(rows):
    events = [e for e in build(rows) if e.setting not in joki.EXPECTED_GROUP_PLACES]
    span = dt.timedelta(minutes=P.burst_minutes)
    near = {
        a.id: {
            b.id
            for b in events
            if a.employee != b.employee
            and abs(a.at - b.at) <= span
            and distance_m(a.latitude, a.longitude, b.latitude, b.longitude) <= P.burst_radius_m
        }
        for a in events
    }
    by_id = {e.id: e for e in events}
    groups, seen = set(), set()
    for start in near:
        if start in seen:
            continue
        group, todo = set(), [start]
        while todo:
            i = todo.pop()
            if i not in group:
                group.add(i)
                todo.extend(near[i])
        seen |= group
        people = {by_id[i].employee for i in group}
        if len(people) >= 2 and any(by_id[i].setting != joki.OWN_HOME for i in group):
            groups.add(frozenset(group))
    assert {frozenset(h.events) for h in joki.colocated_burst(events)} == groups


# --- synthetic traces and their evaluation -----------------------------------------------------


def test_synthetic_joki_traces_are_deterministic_and_mix_every_case():
    a = synthetic.generate_joki_traces(seed=11, employees=120, days=10)
    b = synthetic.generate_joki_traces(seed=11, employees=120, days=10)
    assert [(e.employee, e.at, e.latitude) for e in a.events] == [
        (e.employee, e.at, e.latitude) for e in b.events
    ]
    roles = set(a.roles.values())
    assert {"carpool", "couple", "neighbour", "joki", "victim", "lost phone"} <= roles
    labelled = {rule for labels in a.labels.values() for rule in labels}
    assert {joki.SHARED_DEVICE, joki.IDENTICAL_SEQUENCE} <= labelled or "joki (spoof)" in a.notes


def test_evaluation_counts_a_hand_made_case():
    events = [
        ev(1, 1, device="hp-x"),
        ev(2, 1, T0 + dt.timedelta(days=1), device="hp-x"),
        ev(3, 2, T0 + dt.timedelta(days=1, minutes=30), device="hp-x"),  # labelled proxy
        ev(4, 3, T0 + dt.timedelta(days=2), device="hp-y"),  # labelled, but 3 is the owner
        ev(5, 3, T0 + dt.timedelta(days=3), device="hp-y"),
        ev(6, 4, T0 + dt.timedelta(days=4), device="hp-y"),  # flagged, not labelled
    ]
    labels = {e.id: set() for e in events}
    labels[3].add(joki.SHARED_DEVICE)
    labels[4].add(joki.SHARED_DEVICE)
    traces = synthetic.JokiTraces(events, labels, [])
    c = synthetic.evaluate_joki(traces)[joki.SHARED_DEVICE]
    # Predicted: 3 (owner 1 on hp-x) and 6 (owner 3 on hp-y). TP = {3}; 4 is missed.
    assert (c["support"], c["predicted"], c["tp"], c["findings"]) == (2, 2, 1, 2)
    assert c["precision"] == 0.5 and c["recall"] == 0.5
