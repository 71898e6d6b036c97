"""What every operation goes through once its document is known, in one extension: which
operation runs, what it costs, its errors masked and coded, its record, and what the
response reports of it (`extensions.cost`, `extensions.storeRoundTrips`).

One extension where five were: strawberry builds every extension's hooks for each
phase of each operation, and the five cost a page of 20 connections about a tenth of
its CPU. Each rule stays in its own module; this only puts them in order.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from schema.extensions.error_policy import ErrorPolicy
from schema.extensions.observability import record_operation
from schema.extensions.operation_choice import require_operation_name
from schema.extensions.query_cost import admit, operation_cost
from schema.extensions.round_trips import round_trips_result


class OperationRules(ErrorPolicy):
    cost: int | None = None

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield from super().on_operation()  # masks and codes the errors as it ends
        record_operation(self.execution_context, time.perf_counter() - started)

    async def on_execute(self) -> AsyncIterator[None]:
        require_operation_name(self.execution_context)  # before anything is charged
        self.cost = operation_cost(self.execution_context)  # reported even if refused
        await admit(self.execution_context, self.cost)
        yield

    def get_results(self) -> dict[str, Any]:
        cost = {} if self.cost is None else {"cost": self.cost}
        return {**cost, **round_trips_result(self.execution_context)}
