"""From a :class:`~coprod.priorities.pabulib.PbFile` to an exercise and its ballots.

This is the validating edge for ``.pb`` data: every problem (a budget that is not
a number, a cost that is not positive, a ballot naming an unknown project, points
that do not match the projects) is collected, located by file, line and section,
and raised together in one :class:`~coprod.errors.InvalidInputError`. Breaches of
the ballot rules (too many projects, too many points) are *not* file errors: they
make a ballot invalid, which :func:`coprod.priorities.ballots.sort_ballots`
reports with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from coprod.errors import InvalidInputError, Problem
from coprod.priorities.model import Ballot, BallotRules, Exercise, Project, VoteType
from coprod.priorities.pabulib import PbFile, PbRow, located, parse_pb
from coprod.priorities.rules import Outcome, tally

__all__ = [
    "CHANNEL_COLUMN",
    "PABULIB_RULES",
    "UNRECORDED_CHANNEL",
    "ballots_from_pb",
    "exercise_from_pb",
    "load_pb",
    "publish_pb",
]

#: The VOTES column that records how a ballot was cast (Pabulib: ``paper``, ``internet``).
CHANNEL_COLUMN = "voting_method"
#: The channel of a ballot whose file records none and for which none was given.
UNRECORDED_CHANNEL = "unrecorded"

_INT_KEYS = (
    "min_length",
    "max_length",
    "min_points",
    "max_points",
    "min_sum_points",
    "max_sum_points",
)
_MONEY_KEYS = ("min_sum_cost", "max_sum_cost")
# Far beyond any real budget, and keeps exact arithmetic small.
_MAX_MONEY = Decimal(10) ** 15


def _money(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value < 0 or value > _MAX_MONEY:
        return None
    return value


def _count(text: str) -> int | None:
    text = text.strip()
    if not text.isdigit() or not text.isascii() or len(text) > 9:
        return None
    return int(text)


def _line(pb: PbFile, row: PbRow, section: str) -> str:
    return f"{pb.name}: line {row.line} ({section})"


def exercise_from_pb(pb: PbFile, *, problems: list[Problem] | None = None) -> Exercise:
    """The exercise a ``.pb`` file describes: its budget, vote type, rules and projects.

    Project columns used: ``project_id``, ``cost``, ``name``, ``category``
    (comma-separated), ``district`` or else ``subunit``, ``proposer``; every other
    column stays in the :class:`PbFile`.

    With ``problems`` given, problems are appended to it instead of raised and a
    provisional exercise is returned (what could be read; bad figures as zero), so
    that the caller can check the ballots too and report everything at once.
    """
    given = problems
    problems = []
    meta_line = {row.cells[0]: row for row in pb.meta}

    def meta_where(key: str) -> str:
        row = meta_line.get(key)
        return _line(pb, row, "META") if row else f"{pb.name} (META)"

    budget_text = pb.meta_value("budget")
    budget = None if budget_text is None else _money(budget_text)
    if budget_text is None:
        problems.append(Problem(f"{pb.name} (META)", "no 'budget' key", code="missing-value"))
    elif budget is None:
        problems.append(
            Problem(meta_where("budget"), f"budget must be a number >= 0, got {budget_text!r}")
        )
    vote_type_text = (pb.meta_value("vote_type") or "").strip()
    vote_type = next((v for v in VoteType if v.value == vote_type_text), None)
    if vote_type is None:
        known = ", ".join(v.value for v in VoteType)
        problems.append(
            Problem(
                meta_where("vote_type"),
                f"vote_type must be one of {known}, got {vote_type_text!r}",
                code="unknown-value",
            )
        )
    limits: dict[str, object] = {}
    for key in _INT_KEYS:
        text = pb.meta_value(key)
        if text is None or not text.strip():
            continue
        number = _count(text)
        if number is None:
            problems.append(
                Problem(meta_where(key), f"{key} must be a whole number >= 0, got {text!r}")
            )
        limits[key] = number
    for key in _MONEY_KEYS:
        text = pb.meta_value(key)
        if text is None or not text.strip():
            continue
        amount = _money(text)
        if amount is None:
            problems.append(Problem(meta_where(key), f"{key} must be a number >= 0, got {text!r}"))
        limits[key] = amount
    projects = tuple(_projects(pb, problems))
    if problems:
        if given is None:
            raise InvalidInputError(located(problems))
        given.extend(problems)
    return Exercise(
        name=pb.name,
        vote_type=vote_type or VoteType.APPROVAL,
        budget=budget or Decimal(0),
        projects=projects,
        rules=BallotRules(**{k: v for k, v in limits.items() if v is not None}),  # type: ignore[arg-type]
        currency=(pb.meta_value("currency") or "").strip(),
        recorded_rule=(pb.meta_value("rule") or "").strip() or None,
        description=(pb.meta_value("description") or "").strip(),
    )


def _projects(pb: PbFile, problems: list[Problem]) -> Iterable[Project]:
    header = pb.projects_header
    index = {column: n for n, column in enumerate(header)}
    district_column = "district" if "district" in index else "subunit"
    seen: dict[str, int] = {}

    def cell(row: PbRow, column: str) -> str | None:
        n = index.get(column)
        return None if n is None else row.cells[n]

    for row in pb.projects:
        where = _line(pb, row, "PROJECTS")
        project_id = row.cells[index["project_id"]].strip()
        if not project_id:
            problems.append(Problem(where, "empty project_id", code="missing-value"))
            continue
        if project_id in seen:
            problems.append(
                Problem(
                    where,
                    f"project {project_id!r} is listed twice (first on line {seen[project_id]})",
                    code="duplicate",
                )
            )
            continue
        seen[project_id] = row.line
        cost_text = row.cells[index["cost"]]
        cost = _money(cost_text)
        if cost is None or cost == 0:
            problems.append(
                Problem(
                    where, f"project {project_id!r}: cost must be a number > 0, got {cost_text!r}"
                )
            )
            cost = Decimal(0)  # only ever seen in a provisional exercise (see above)
        category = cell(row, "category") or ""
        district = (cell(row, district_column) or "").strip() or None
        proposer = (cell(row, "proposer") or "").strip() or None
        yield Project(
            id=project_id,
            cost=cost,
            name=(cell(row, "name") or "").strip(),
            category=tuple(c.strip() for c in category.split(",") if c.strip()),
            district=district,
            proposer=proposer,
        )


def ballots_from_pb(
    pb: PbFile,
    exercise: Exercise,
    *,
    channel: str | None = None,
    problems: list[Problem] | None = None,
) -> tuple[Ballot, ...]:
    """The ballots of ``pb`` (whose projects are those of ``exercise``).

    A ballot's channel is ``channel`` when given, else the file's ``voting_method``
    column, else ``"unrecorded"``. A ballot naming a project the exercise does not
    have, or whose points do not match its projects, is a problem of the file.
    With ``problems`` given, problems are appended to it and the ballots that read
    are returned.
    """
    given = problems
    problems = []
    header = pb.votes_header
    index = {column: n for n, column in enumerate(header)}
    known = {project.id for project in exercise.projects}
    has_points = exercise.vote_type in (VoteType.CUMULATIVE, VoteType.SCORING)
    if has_points and "points" not in index:
        missing = Problem(
            f"{pb.name} (VOTES)",
            f"{exercise.vote_type.value} ballots need a 'points' column",
            code="missing-column",
        )
        if given is None:
            raise InvalidInputError(located([missing]))
        given.append(missing)
        return ()
    ballots = []
    for row in pb.votes:
        where = _line(pb, row, "VOTES")
        voter = row.cells[index["voter_id"]].strip()
        if not voter:
            problems.append(Problem(where, "empty voter_id", code="missing-value"))
            continue
        vote = row.cells[index["vote"]].strip()
        projects = tuple(p.strip() for p in vote.split(",")) if vote else ()
        unknown = [p for p in projects if p not in known]
        if unknown:
            problems.append(
                Problem(
                    where,
                    f"ballot of voter {voter!r} names unknown project(s) "
                    f"{', '.join(map(repr, unknown))}",
                    code="unknown-reference",
                )
            )
            continue
        points: tuple[int, ...] = ()
        if has_points:
            text = row.cells[index["points"]].strip()
            parts = [p.strip() for p in text.split(",")] if text else []
            numbers = [_count(p) for p in parts]
            if any(n is None for n in numbers):
                problems.append(
                    Problem(
                        where,
                        f"ballot of voter {voter!r}: points must be whole numbers >= 0, "
                        f"got {text!r}",
                    )
                )
                continue
            if len(numbers) != len(projects):
                problems.append(
                    Problem(
                        where,
                        f"ballot of voter {voter!r} gives {len(numbers)} points for "
                        f"{len(projects)} projects",
                        code="inconsistent",
                    )
                )
                continue
            points = tuple(n for n in numbers if n is not None)
        if channel is not None:
            ballot_channel = channel
        elif CHANNEL_COLUMN in index:
            ballot_channel = row.cells[index[CHANNEL_COLUMN]].strip().lower() or UNRECORDED_CHANNEL
        else:
            ballot_channel = UNRECORDED_CHANNEL
        ballots.append(
            Ballot(voter, ballot_channel, projects, points, f"{pb.name}: line {row.line}")
        )
    if problems:
        if given is None:
            raise InvalidInputError(located(problems))
        given.extend(problems)
    return tuple(ballots)


#: coprod's rule names as Pabulib writes them in META ``rule``.
PABULIB_RULES = {
    "greedy": "greedy",
    "greedy-no-skip": "greedy-no-skip",
    "equal-shares/add1": "equalshares/add1",
    "equal-shares/none": "equalshares",
}


def publish_pb(
    pb: PbFile,
    exercise: Exercise,
    ballots: Iterable[Ballot],
    outcome: Outcome,
) -> PbFile:
    """``pb`` with the counted ``ballots`` and the ``outcome``, for publishing.

    META keeps its keys in order, with ``num_votes`` and ``rule`` updated
    (``unknown`` for a rule Pabulib has no name for); PROJECTS keeps its columns
    and gets ``votes``, ``score`` (point ballots) and ``selected`` recomputed (added
    at the end if absent); VOTES holds one row per counted ballot: ``voter_id``,
    ``vote``, ``points`` (cumulative and scoring) and ``voting_method`` (the channel).
    """
    counted = list(ballots)
    support = tally(counted, exercise)
    funded = set(outcome.funded)
    updates = {
        "num_votes": str(len(counted)),
        "rule": PABULIB_RULES.get(outcome.rule, "unknown"),
    }
    meta = [
        PbRow((row.cells[0], updates.pop(row.cells[0]), *row.cells[2:]))
        if row.cells[0] in updates
        else row
        for row in pb.meta
    ]
    meta += [PbRow((key, value)) for key, value in updates.items()]
    header = list(pb.projects_header)
    wanted = ["votes", *(["score"] if exercise.vote_type.has_points else []), "selected"]
    header += [column for column in wanted if column not in header]
    at = {column: n for n, column in enumerate(header)}
    projects = []
    for row in pb.projects:
        cells = list(row.cells) + [""] * (len(header) - len(row.cells))
        project = cells[at["project_id"]].strip()
        cells[at["votes"]] = str(support[project].votes)
        if "score" in at:
            cells[at["score"]] = str(support[project].points)
        cells[at["selected"]] = "1" if project in funded else "0"
        projects.append(PbRow(tuple(cells)))
    has_points = exercise.vote_type in (VoteType.CUMULATIVE, VoteType.SCORING)
    votes_header = ("voter_id", "vote", *(("points",) if has_points else ()), CHANNEL_COLUMN)
    votes = [
        PbRow(
            (
                ballot.voter,
                ",".join(ballot.projects),
                *((",".join(map(str, ballot.points)),) if has_points else ()),
                ballot.channel,
            )
        )
        for ballot in counted
    ]
    return PbFile(
        meta_header=pb.meta_header,
        meta=tuple(meta),
        projects_header=tuple(header),
        projects=tuple(projects),
        votes_header=votes_header,
        votes=tuple(votes),
        name=pb.name,
    )


def load_pb(
    text: str, *, name: str, channel: str | None = None
) -> tuple[PbFile, Exercise, tuple[Ballot, ...]]:
    """Parse ``.pb`` text into the file, its exercise and its ballots.

    Every problem of the file (rows, META, projects, ballots) is reported in one
    :class:`~coprod.errors.InvalidInputError`; only a broken structure (sections,
    headers, quoting) stops the reading before the rest is checked.
    """
    problems: list[Problem] = []
    pb = parse_pb(text, name=name, problems=problems)
    exercise = exercise_from_pb(pb, problems=problems)
    ballots = ballots_from_pb(pb, exercise, channel=channel, problems=problems)
    if problems:
        raise InvalidInputError(located(problems))
    return pb, exercise, ballots
