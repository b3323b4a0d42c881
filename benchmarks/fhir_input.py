"""Measure reading FHIR Bundles: validation, mapping and screening, per Bundle.

    .venv/bin/python benchmarks/fhir_input.py [--rounds N]

Reads every corpus twin (`corpus/patients/*/fhir/*.json`) N times (default 20)
and prints Bundles/s for validation with `fhir.resources` (R4B), for mapping
into patients (`eligo.fhir.mapping`), and for screening them on their
protocols, next to screening the eligo-patient/1 originals: what FHIR input
costs over Eligo's own format. Also the first import of `fhir.resources`, which
only FHIR input pays. One process, CPU seconds of this process.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    began = time.process_time()
    from fhir.resources.R4B.bundle import Bundle  # noqa: F401 - the import cost is measured

    imported = time.process_time() - began
    from eligo.fhir.mapping import bundle_patient
    from eligo.fhir.read import parse_bundle
    from eligo.grammar.load import read_rules
    from eligo.grammar.patient import PatientCase
    from eligo.grammar.screening import screen

    twins = sorted((ROOT / "corpus" / "patients").glob("*/fhir/*.json"))
    data = [json.loads(t.read_text(encoding="utf-8")) for t in twins]
    protocols = {t: read_rules(ROOT / "compiled" / f"{t.parent.parent.name}.eligo")[0] for t in twins}
    originals = [PatientCase.model_validate_json((t.parent.parent / t.name).read_text(encoding="utf-8")).patient for t in twins]
    bundle_patient(parse_bundle(data[0]), "warm", "warm")  # terminology store opened once
    n = len(twins) * rounds

    def timed(run) -> float:
        start = time.process_time()
        for _ in range(rounds):
            run()
        return time.process_time() - start

    validate = timed(lambda: [parse_bundle(d) for d in data])
    bundles = [parse_bundle(d) for d in data]
    mapping = timed(lambda: [bundle_patient(b, str(t), t.stem) for b, t in zip(bundles, twins)])
    patients = [bundle_patient(b, str(t), t.stem)[0] for b, t in zip(bundles, twins)]
    screening = timed(lambda: [screen(protocols[t], p) for p, t in zip(patients, twins)])
    native = timed(lambda: [screen(protocols[t], p) for p, t in zip(originals, twins)])
    print(f"command: python benchmarks/fhir_input.py --rounds {rounds}")
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {platform.platform()}")
    print(f"import fhir.resources (R4B Bundle): {imported:.2f} s CPU")
    print(f"{len(twins)} twins x {rounds} rounds = {n} Bundles ({sum(len(d['entry']) for d in data) / len(data):.1f} resources each)")
    for name, seconds in (("validate (fhir.resources R4B)", validate), ("map to patients", mapping), ("screen the mapped patients", screening), ("screen the eligo-patient/1 originals", native)):
        print(f"{name}: {n / seconds:,.0f} per s ({seconds / n * 1000:.2f} ms each)")
    end_to_end = validate + mapping + screening
    print(f"FHIR end to end (validate, map, screen): {n / end_to_end:,.0f} patients/s")


if __name__ == "__main__":
    sys.exit(main())
