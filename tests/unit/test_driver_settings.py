"""The driver is opened with the retry pacing the service relies on."""

import asyncio

from graphdb.graph import DriverSettings, open_driver


def test_a_retried_transaction_waits_the_configured_first_delay() -> None:
    settings = DriverSettings(uri="bolt://127.0.0.1:9", user="u", password="p", database="d")
    driver = open_driver(settings)
    try:
        # Undocumented as a driver option (it is a session setting): if a driver
        # release stopped taking it, writes would fall back to 1 s between attempts.
        config = driver._default_workspace_config
        assert config.initial_retry_delay == settings.initial_retry_delay_s
        assert config.max_transaction_retry_time == settings.max_retry_time_s
    finally:
        asyncio.run(driver.close())
