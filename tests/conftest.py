"""Suite-wide: every request an SDK client sends in any test is validated against its spec
(contract kind 3, tests/contract/sdk_requests.py); one violation fails the run."""

pytest_plugins = ["tests.contract.sdk_requests"]
