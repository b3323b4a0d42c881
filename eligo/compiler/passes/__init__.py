"""The sentence rewrites of the compiler, in the order they run: each a pure function `(draft,
sentence) -> draft`.

A sentence's parts (`sentence.py`: measures, mentions joined into lists,
windows) are rewritten by each pass in turn, as sqlglot's optimizer applies
its `RULES`. A pass reads only the `Sentence` it is given and returns a new
`Draft`; one module and one fixture (`tests/fixtures/compiler/<pass>.tsv`) each.
"""

from __future__ import annotations

from collections.abc import Callable

from eligo.compiler.parts import Draft, Sentence
from eligo.compiler.passes.age_conditions import age_conditions
from eligo.compiler.passes.any_values import any_values
from eligo.compiler.passes.asides import asides
from eligo.compiler.passes.cause_lists import cause_lists
from eligo.compiler.passes.changes import changes
from eligo.compiler.passes.cohorts import cohorts
from eligo.compiler.passes.coordinated_times import coordinated_times
from eligo.compiler.passes.current_states import current_states
from eligo.compiler.passes.date_comparisons import date_comparisons
from eligo.compiler.passes.defined_heads import defined_heads
from eligo.compiler.passes.definitions import definitions
from eligo.compiler.passes.disjoint_ranges import disjoint_ranges
from eligo.compiler.passes.durations import durations
from eligo.compiler.passes.event_reasons import event_reasons
from eligo.compiler.passes.examples import examples
from eligo.compiler.passes.exclusive_choices import exclusive_choices
from eligo.compiler.passes.forecasts import forecasts
from eligo.compiler.passes.group_bounds import group_bounds
from eligo.compiler.passes.judged_statuses import judged_statuses
from eligo.compiler.passes.local_scopes import local_scopes
from eligo.compiler.passes.merge_qualifiers import merge_qualifiers
from eligo.compiler.passes.negated_qualifiers import negated_qualifiers
from eligo.compiler.passes.negated_times import negated_times
from eligo.compiler.passes.non_or_ex import non_or_ex
from eligo.compiler.passes.ongoing_courses import ongoing_courses
from eligo.compiler.passes.optional_companions import optional_companions
from eligo.compiler.passes.orphan_windows import orphan_windows
from eligo.compiler.passes.predicates import predicates
from eligo.compiler.passes.recurrences import recurrences
from eligo.compiler.passes.restrictions import restrictions
from eligo.compiler.passes.screening_times import screening_times
from eligo.compiler.passes.sequelae import sequelae
from eligo.compiler.passes.test_results import test_results
from eligo.compiler.passes.topics import topics

Pass = Callable[[Draft, Sentence], Draft]

PASSES: tuple[Pass, ...] = (
    test_results,
    non_or_ex,
    durations,
    changes,
    any_values,
    date_comparisons,
    orphan_windows,
    asides,
    definitions,
    defined_heads,
    sequelae,
    event_reasons,
    cause_lists,
    examples,
    topics,
    forecasts,
    restrictions,
    cohorts,
    age_conditions,
    local_scopes,
    predicates,
    merge_qualifiers,
    negated_qualifiers,
    screening_times,
    ongoing_courses,
    current_states,
    judged_statuses,
    recurrences,
    coordinated_times,
    negated_times,
    optional_companions,
    disjoint_ranges,
    group_bounds,
    exclusive_choices,
)
