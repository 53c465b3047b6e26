"""pytest setup: Keras backend, Hypothesis profiles, and what re-runs a failure.

Profiles (choose with --hypothesis-profile):
  dev       quick, random: for working on the suite
  ci        derandomized, no deadline: the same examples every run
  thorough  10x ci's examples: before a release, or when hunting
"""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from hypothesis import HealthCheck, settings

from f1_oracle.startup import start

start()  # TensorFlow imported quietly, two logical CPUs for MirroredStrategy

_COMMON = dict(
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=10, **_COMMON)
settings.register_profile("ci", max_examples=20, derandomize=True, database=None, **_COMMON)
settings.register_profile("thorough", max_examples=200, derandomize=True, database=None,
                          **_COMMON)
settings.load_profile("dev")


def pytest_configure(config):
    profile = config.getoption("hypothesis_profile", default=None) or "dev"
    os.environ["F1_ORACLE_PROFILE"] = profile
