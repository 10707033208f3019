"""module_utils/docker_networks: the checks behind the docker_networks role's input validation."""
import pytest

from ansible_collections.clawops.openclaw.plugins.module_utils.docker_networks import network_problems

SEED = [
    {"name": "openclaw-gateway-net", "subnet": "172.30.0.0/24"},
    {"name": "openclaw-sandbox-net", "subnet": "172.31.0.0/24", "internal": True},
]


def test_the_seed_networks_are_valid():
    assert network_problems(SEED, "docker_networks_list") == []


@pytest.mark.parametrize("subnet, expected", [
    ("172.31.0.300/24", "docker_networks_list[1].subnet: '172.31.0.300/24' is not a valid CIDR"),
    ("172.31.0.0/33", "docker_networks_list[1].subnet: '172.31.0.0/33' is not a valid CIDR"),
    ("172.31.0.1/24", "has host bits set"),
    ("172.31.0.0", "is not a CIDR"),
    (None, "docker_networks_list[1].subnet: None is not a CIDR"),
    ("fd00::/64", None),
])
def test_subnet_must_be_a_strict_cidr(subnet, expected):
    problems = network_problems([SEED[0], dict(SEED[1], subnet=subnet)], "docker_networks_list")
    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1 and expected in problems[0], problems


def test_duplicate_names_name_both_entries():
    problems = network_problems([SEED[0], dict(SEED[1], name="openclaw-gateway-net")], "docker_networks_list")
    assert problems == ["docker_networks_list[1].name: duplicate network name 'openclaw-gateway-net' "
                        "(already docker_networks_list[0].name)"]


def test_overlapping_subnets():
    problems = network_problems([SEED[0], dict(SEED[1], subnet="172.30.0.128/25")], "n")
    assert problems == ["n[1].subnet: 172.30.0.128/25 overlaps n[0].subnet 172.30.0.0/24"]


def test_ipv4_and_ipv6_never_overlap():
    assert network_problems([SEED[0], {"name": "v6", "subnet": "::ffff:172.30.0.0/120"}]) == []


@pytest.mark.parametrize("gateway, expected", [
    ("172.30.0.1", []),
    ("172.30.1.1", ["n[0].gateway: 172.30.1.1 is outside subnet 172.30.0.0/24"]),
    ("gw", ["n[0].gateway: 'gw' is not an IP address"]),
])
def test_gateway_inside_subnet(gateway, expected):
    assert network_problems([dict(SEED[0], gateway=gateway)], "n") == expected


@pytest.mark.parametrize("value, expected", [
    ("nope", ["n: must be a list, got str"]),
    (["x"], ["n[0]: must be a mapping with name and subnet"]),
    ([{"subnet": "10.0.0.0/24"}], ["n[0].name: missing or empty"]),
])
def test_wrong_shapes(value, expected):
    assert network_problems(value, "n") == expected


def test_every_problem_is_reported_at_once():
    problems = network_problems([{"name": "a", "subnet": "bad"}, {"name": "a", "subnet": "10.0.0.0/8"}], "n")
    assert len(problems) == 2
