"""The same five-step process on SpiffWorkflow, for `spiff_transitions_ratio`.

receive → transfer → appraise → approve → return, as five BPMN user tasks. Each step is what
a web request of a Spiff-based system does: in one transaction, load the serialized workflow
from the database, deserialize it, complete the ready task, run the engine, serialize it and
write it back (the first step creates the instance and inserts its row). The state goes to a
scratch table `bench_spiff_workflow` in the same database, created and dropped here; it is
not part of motcua's schema.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

from django.db import connection, transaction
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs import BpmnProcessSpec
from SpiffWorkflow.util.task import TaskState

STEPS = ("receive", "transfer", "appraise", "approve", "return")
TABLE = "bench_spiff_workflow"


def process_xml() -> str:
    """BPMN 2.0 of the five-step dossier process (start, five user tasks, end)."""
    nodes = ["start", *STEPS, "end"]
    tasks = "".join(f'<bpmn:userTask id="{step}" name="{step}"/>' for step in STEPS)
    flows = "".join(
        f'<bpmn:sequenceFlow id="flow{index}" sourceRef="{source}" targetRef="{target}"/>'
        for index, (source, target) in enumerate(itertools.pairwise(nodes))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'id="bench" targetNamespace="http://bpmn.io/schema/bpmn">'
        '<bpmn:process id="dossier" isExecutable="true"><bpmn:startEvent id="start"/>'
        f'{tasks}<bpmn:endEvent id="end"/>{flows}</bpmn:process></bpmn:definitions>'
    )


def process_spec() -> BpmnProcessSpec:
    parser = BpmnParser()
    parser.add_bpmn_str(process_xml().encode("utf-8"))
    return parser.get_spec("dossier")


@dataclass(frozen=True)
class SpiffResult:
    """How many processes and transitions SpiffWorkflow completed, and in how long."""

    processes: int
    transitions: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.transitions / self.seconds if self.seconds > 0 else 0.0


def _complete(workflow: BpmnWorkflow, step: str) -> None:
    ready = workflow.get_tasks(state=TaskState.READY, manual=True)
    if len(ready) != 1 or ready[0].task_spec.name != step:
        raise RuntimeError(f"SpiffWorkflow: expected task {step}, found {ready}")
    ready[0].run()
    workflow.do_engine_steps()


def run_spiff(*, max_processes: int, duration_s: float) -> SpiffResult:
    """Run whole processes until `max_processes` or `duration_s`, whichever comes first."""
    spec = process_spec()
    serializer = BpmnWorkflowSerializer()
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"CREATE TABLE {TABLE} (id BIGINT PRIMARY KEY, state TEXT NOT NULL)")
    processes = 0
    started = time.perf_counter()
    deadline = started + duration_s
    try:
        while processes < max_processes and time.perf_counter() < deadline:
            instance = processes + 1
            with transaction.atomic(), connection.cursor() as cursor:
                workflow = BpmnWorkflow(spec)
                workflow.do_engine_steps()
                _complete(workflow, STEPS[0])
                cursor.execute(
                    f"INSERT INTO {TABLE} (id, state) VALUES (%s, %s)",  # noqa: S608
                    [instance, serializer.serialize_json(workflow)],
                )
            for step in STEPS[1:]:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT state FROM {TABLE} WHERE id = %s{lock}",  # noqa: S608
                        [instance],
                    )
                    workflow = serializer.deserialize_json(cursor.fetchone()[0])
                    _complete(workflow, step)
                    cursor.execute(
                        f"UPDATE {TABLE} SET state = %s WHERE id = %s",  # noqa: S608
                        [serializer.serialize_json(workflow), instance],
                    )
            if not workflow.is_completed():
                raise RuntimeError("SpiffWorkflow: the process did not complete")
            processes += 1
        seconds = time.perf_counter() - started
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    return SpiffResult(processes, processes * len(STEPS), seconds)
