"""The case-study catalogue: every case the seed documents tell, tagged and cited.

Sources: all five seeds. ``000_d040532b36d186af.txt`` (Surrey, Stockport,
Wiltshire, Highland Hospital), ``001_10471c76f715a525.txt`` (Lambeth, Stockport,
Wiltshire, Highland Hospital, Camden), ``002_ea409380ef17158f.txt`` (the Scottish
workshop cases: Berlin-Lichtenberg, Pollok, Scottish Borders, Stockport, Solihull,
Food Train, time banks, Lend A Hand, Camden, Family Nurse Partnership, the Speed
Camera Lottery), ``003_eb91abacab6ac2c6.txt`` (Stockport, West Lothian) and
``004_2ab9b3d444068e57.txt`` (Highland Hospital in the physician's words,
Mannheim, Argyll and Bute Timebanks, Surrey, Young Lambeth Coop and others).

Figures are kept as text, exactly as the seed states them (``"£300,000 p.a."``,
``"nearly 50 %"``), each attributed to one seed file; where seeds disagree both
figures are kept and the disagreement is recorded in :attr:`CaseStudy.notes`.
Where a seed does not say which of the Four Co's a case illustrates, the best fit
is chosen, :attr:`CaseStudy.co_tagged_by_seed` is ``False`` and a note says why.
"""

from __future__ import annotations

import difflib
import enum
import functools
import math
import re
from collections.abc import Iterable
from typing import Any

import attrs

from coprod.model.resource_shift import CoProductionForm
from coprod.model.service_model import ServiceModel
from coprod.model.star import Co, Step
from coprod.model.text import identifier, non_blank

__all__ = [
    "SEED_FILES",
    "CaseStudy",
    "KeyFigure",
    "Sector",
    "case_studies",
    "case_study",
    "cases_for",
]

#: The file names of the five seed documents, the domain source of coprod.
SEED_FILES: tuple[str, ...] = (
    "000_d040532b36d186af.txt",
    "001_10471c76f715a525.txt",
    "002_ea409380ef17158f.txt",
    "003_eb91abacab6ac2c6.txt",
    "004_2ab9b3d444068e57.txt",
)

_S000, _S001, _S002, _S003, _S004 = SEED_FILES

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Sector(str, enum.Enum):
    """The public-service field a case study comes from (all seeds).

    The seeds file their cases as "Co-production in health", "… in social care",
    "… in community safety" and "… with young people" (``000_d040532b36d186af.txt``);
    ``003_eb91abacab6ac2c6.txt`` adds community safety and environment as fields
    beyond health and social care. Road safety is filed under community safety, as
    ``000_…`` files the Wiltshire Community Speedwatch. ``LOCAL_GOVERNMENT`` is for
    whole-council work (budgets, complaints, transformation programmes).
    """

    HEALTH = "health"
    SOCIAL_CARE = "social care"
    COMMUNITY_SAFETY = "community safety"
    YOUNG_PEOPLE = "young people"
    ENVIRONMENT = "environment"
    EDUCATION = "education"
    NEIGHBOURHOODS = "neighbourhoods and communities"
    LOCAL_GOVERNMENT = "local government"


def _co_tuple(value: Iterable[Co]) -> tuple[Co, ...]:
    return tuple(value)


def _step_tuple(value: Iterable[Step]) -> tuple[Step, ...]:
    return tuple(value)


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"expected a tuple of strings, got the string {value!r}")
    return tuple(value)


def _figure_tuple(value: Iterable[KeyFigure]) -> tuple[KeyFigure, ...]:
    return tuple(value)


def _known_seed(_instance: Any, attribute: Any, value: str) -> None:
    if value not in SEED_FILES:
        raise ValueError(
            f"{attribute.name} must name a seed file ({', '.join(SEED_FILES)}), got {value!r}"
        )


def _optional_finite(_instance: Any, attribute: Any, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number or None, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, got {value!r}")


def _slug(_instance: Any, attribute: Any, value: str) -> None:
    identifier(_instance, attribute, value)
    if _SLUG.fullmatch(value) is None:
        raise ValueError(
            f"{attribute.name} must be a lowercase slug such as 'lambeth-peer-educators', "
            f"got {value!r}"
        )


def _optional_text(_instance: Any, attribute: Any, value: str | None) -> None:
    if value is not None:
        non_blank(_instance, attribute, value)


def _texts(_instance: Any, attribute: Any, value: tuple[str, ...]) -> None:
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{attribute.name} must hold non-empty strings, got {item!r}")


def _non_empty_unique(_instance: Any, attribute: Any, value: tuple[object, ...]) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must not be empty")
    if len(set(value)) != len(value):
        raise ValueError(f"{attribute.name} must not repeat an entry, got {value!r}")


def _unique(_instance: Any, attribute: Any, value: tuple[object, ...]) -> None:
    if len(set(value)) != len(value):
        raise ValueError(f"{attribute.name} must not repeat an entry, got {value!r}")


def _members(kind: type[enum.Enum]) -> Any:
    def check(_instance: Any, attribute: Any, value: tuple[object, ...]) -> None:
        for item in value:
            if not isinstance(item, kind):
                raise TypeError(f"{attribute.name} must hold {kind.__name__} members, got {item!r}")

    return check


@attrs.frozen
class KeyFigure:
    """One figure from a case study, kept as the seed states it (all seeds).

    ``value`` is the seed's own text (``"£300,000 p.a."``, ``"29%"``, ``"over 550"``,
    ``"twenty-five"``); ``seed`` is the seed file it comes from. ``number`` is the
    same figure as a plain number where it has one, for sorting and charts:
    money in pounds (``"£4.5 million"`` → ``4500000.0``), percentages in percent
    points (``"29%"`` → ``29.0``), counts as counts. "over" and "nearly" are not
    carried into ``number``: read ``value`` for the seed's own hedging.
    """

    label: str = attrs.field(validator=non_blank)
    value: str = attrs.field(validator=non_blank)
    seed: str = attrs.field(validator=_known_seed)
    number: float | None = attrs.field(default=None, validator=_optional_finite)

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


@attrs.frozen
class CaseStudy:
    """A case study from the seeds, tagged by Co, sector, service model and form.

    - ``id``: a stable lowercase slug (``"lambeth-peer-educators"``);
    - ``cos``: the Four Co's the case illustrates, as the seeds tag it (both, where
      seeds disagree); ``co_tagged_by_seed`` is ``False`` where no seed tags it and
      coprod chose the best fit (explained in ``notes``);
    - ``service_model``: :attr:`ServiceModel.CO_PRODUCTION` only where the seeds
      describe high involvement from both citizens and professionals, else ``None``;
    - ``form``: substitutive or additive only where a seed says so (``002_…`` names
      the Family Nurse Partnerships and the Food Train as additive), else ``None``;
    - ``steps``: the steps of the Star the seeds use the case to illustrate;
    - ``seeds``: the seed files that tell the case; every figure cites one of them;
    - ``aliases``: other names and spellings the seeds use;
    - ``notes``: where seeds disagree, and choices coprod made.

    ``place`` and ``country`` are ``None`` where the seeds do not say.
    """

    id: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=non_blank)
    place: str | None = attrs.field(validator=_optional_text)
    country: str | None = attrs.field(validator=_optional_text)
    cos: tuple[Co, ...] = attrs.field(
        converter=_co_tuple, validator=[_members(Co), _non_empty_unique]
    )
    sector: Sector = attrs.field(validator=attrs.validators.instance_of(Sector))
    summary: str = attrs.field(validator=non_blank)
    seeds: tuple[str, ...] = attrs.field(converter=_str_tuple, validator=_non_empty_unique)
    figures: tuple[KeyFigure, ...] = attrs.field(default=(), converter=_figure_tuple)
    service_model: ServiceModel | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ServiceModel)),
    )
    form: CoProductionForm | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(CoProductionForm)),
    )
    steps: tuple[Step, ...] = attrs.field(
        default=(), converter=_step_tuple, validator=[_members(Step), _unique]
    )
    co_tagged_by_seed: bool = True
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple, validator=_texts)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple, validator=_texts)

    @seeds.validator
    def _check_seeds(
        self, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        for seed in value:
            _known_seed(self, attribute, seed)

    @figures.validator
    def _check_figures(
        self, _attribute: attrs.Attribute[tuple[KeyFigure, ...]], value: tuple[KeyFigure, ...]
    ) -> None:
        for figure in value:
            if not isinstance(figure, KeyFigure):
                raise TypeError(f"figures must hold KeyFigure objects, got {figure!r}")
            if figure.seed not in self.seeds:
                raise ValueError(
                    f"figure {figure.label!r} cites {figure.seed}, which is not among "
                    f"the case's seeds {self.seeds}"
                )

    @property
    def is_co_production(self) -> bool:
        """True where the seeds show high citizen and high professional involvement."""
        return self.service_model is ServiceModel.CO_PRODUCTION

    def figures_from(self, seed: str) -> tuple[KeyFigure, ...]:
        """The figures this case takes from one seed file."""
        return tuple(figure for figure in self.figures if figure.seed == seed)


def _fig(label: str, value: str, seed: str, number: float | None = None) -> KeyFigure:
    return KeyFigure(label=label, value=value, seed=seed, number=number)


_BEST_FIT = "No seed tags this case with one of the Four Co's; {co} is coprod's best fit: {why}"


def _best_fit(co: str, why: str) -> str:
    return _BEST_FIT.format(co=co, why=why)


def _build() -> tuple[CaseStudy, ...]:
    delivery, commissioning = Co.DELIVERY, Co.COMMISSIONING
    design, assessment = Co.DESIGN, Co.ASSESSMENT
    co_production = ServiceModel.CO_PRODUCTION
    return (
        # --- co-commissioning -------------------------------------------------
        CaseStudy(
            id="lambeth-peer-educators",
            name="Lambeth Peer Educators",
            place="London Borough of Lambeth",
            country="England",
            cos=(commissioning,),
            sector=Sector.YOUNG_PEOPLE,
            summary=(
                "Lambeth had the highest teenage pregnancy rate in London. The Lambeth Youth "
                "Council decided young people were the best way to tackle it: with the council "
                "it recruits and trains 14-19 year olds each year as peer educators who give "
                "sex education workshops in schools."
            ),
            seeds=(_S001,),
            figures=(
                _fig(
                    "young people recruited and trained as peer educators each year",
                    "about 30",
                    _S001,
                    30,
                ),
                _fig("fall in the teenage pregnancy rate in 10 years", "10%", _S001, 10),
            ),
            service_model=co_production,
            notes=(
                "Peer educators are paid as 'unqualified youth workers'; almost all go on to "
                "college after leaving school (001).",
            ),
        ),
        CaseStudy(
            id="surrey-young-people",
            name="Services for Young People, Surrey County Council",
            place="Surrey",
            country="England",
            cos=(commissioning,),
            sector=Sector.YOUNG_PEOPLE,
            summary=(
                "From 2009 to 2012 Surrey's Services for Young People moved from delivering "
                "services to commissioning outcomes with young people, whose decision-making "
                "panels, with elected members and partners, co-commissioned the Local "
                "Prevention Framework while the budget was cut."
            ),
            seeds=(_S000, _S004),
            figures=(
                _fig("budget reduction, 2009-2012", "£4.5 million", _S000, 4_500_000),
                _fig("budget reduction as a share, 2009-2012", "25%", _S000, 25),
                _fig("fall in young people who were NEET, 2012-2014", "60%", _S000, 60),
                _fig(
                    "fall in first-time entrants to the criminal justice system, 2009-2013",
                    "90%",
                    _S000,
                    90,
                ),
                _fig(
                    "young people at risk of homelessness engaged since November 2012",
                    "over 290",
                    _S000,
                    290,
                ),
            ),
            service_model=co_production,
            aliases=("From NEET to PETE",),
            notes=(
                "004 calls the transformation 'From NEET to PETE' and cites an external "
                "evaluation by INLOGOV (Birmingham University) and Governance International.",
                "The procurement won 'Best Public Procurement' 2012 from the Chartered "
                "Institute of Purchasing and Supply (000).",
            ),
        ),
        CaseStudy(
            id="berlin-lichtenberg-participatory-budgeting",
            name="Participatory budgeting in Berlin-Lichtenberg",
            place="Berlin-Lichtenberg",
            country="Germany",
            cos=(commissioning,),
            sector=Sector.LOCAL_GOVERNMENT,
            summary=(
                "Citizens said, through meetings, postal and online voting, which services "
                "mattered most to them and which improvements should come first, and discussed "
                "what they could contribute to make up for funding cuts in the services they "
                "valued."
            ),
            seeds=(_S002,),
            service_model=co_production,
            aliases=("citizen priority-setting",),
            notes=(
                "002 writes 'Berlin-Lichtenberg, German' (for Germany). Elke Loeffler suggested "
                "'citizen priority-setting' as a better term than participatory budgeting.",
            ),
        ),
        CaseStudy(
            id="pollok-friday-night-initiative",
            name="Friday Night Initiative",
            place="Pollok Library and Leisure Centre, Glasgow",
            country="Scotland",
            cos=(commissioning, delivery),
            sector=Sector.YOUNG_PEOPLE,
            summary=(
                "Youth workers, librarians, sports coaches, police officers and youth justice "
                "workers worked with young people who are hardest to reach to plan alternatives "
                "to hanging around the streets; youth disorder fell and more young people used "
                "the library and leisure facilities."
            ),
            seeds=(_S002,),
            service_model=co_production,
        ),
        CaseStudy(
            id="scottish-borders-youth-commission-on-bullying",
            name="Youth Commission on Bullying",
            place="Scottish Borders",
            country="Scotland",
            cos=(commissioning,),
            sector=Sector.YOUNG_PEOPLE,
            summary=(
                "Scottish Borders Council set up a youth-led commission in March 2011: young "
                "commissioners spent nearly a year gathering evidence and made recommendations "
                "on bullying that the council approved for development into policy."
            ),
            seeds=(_S002,),
            figures=(
                _fig("Youth Commissioners, aged 14-25", "12", _S002, 12),
                _fig("hours volunteered by the Youth Commissioners", "3600 hours", _S002, 3600),
                _fig("evidence-based recommendations to the council", "33", _S002, 33),
            ),
            service_model=co_production,
            notes=(
                "002 tells this case under co-commissioning; the commission is also an "
                "example of youth-led policy making. It won a CoSLA Bronze Award ('One to "
                "watch').",
            ),
        ),
        CaseStudy(
            id="young-lambeth-coop",
            name="Young Lambeth Coop",
            place="London Borough of Lambeth",
            country="England",
            cos=(commissioning,),
            sector=Sector.YOUNG_PEOPLE,
            summary=(
                "A membership organisation through which residents of Lambeth, with community "
                "and youth members, decide how services for children and young people are run."
            ),
            seeds=(_S004,),
            figures=(_fig("who can become a member", "over 11 years old", _S004, 11),),
            co_tagged_by_seed=False,
            aliases=("YLC",),
            notes=(
                _best_fit(
                    "co-commissioning",
                    "004 calls it a 'highly innovative and unique commissioning model' in which "
                    "residents decide how services are run.",
                ),
            ),
        ),
        # --- co-design --------------------------------------------------------
        CaseStudy(
            id="stockport-my-care-my-choice",
            name="My Care, My Choice",
            place="Stockport",
            country="England",
            cos=(design,),
            sector=Sector.SOCIAL_CARE,
            summary=(
                "Stockport Council's adult social care department re-launched its website with "
                "service users and carers, watching how it was actually used, so that it gave "
                "the information people said they needed in words they understood; calls to "
                "the contact centre fell and savings followed."
            ),
            seeds=(_S000, _S001, _S002, _S003),
            figures=(
                _fig("fall in enquiries to the contact centre within a year", "29%", _S000, 29),
                _fig(
                    "fall in enquiries referred to back-office social work teams",
                    "36%",
                    _S000,
                    36,
                ),
                _fig("estimated savings", "£300,000 p.a.", _S001, 300_000),
                _fig("website visits after relaunch", "67,000", _S001, 67_000),
            ),
            service_model=co_production,
            steps=(Step.GROW,),
            aliases=("My Choice, My Care", "Stockport adult social care website"),
            notes=(
                "000 and 003 call the website 'My Care, My Choice'; 002 calls it 'My Choice, "
                "My Care'.",
                "The savings: 000 says 'nearly £ 300,000 p.a.' (estimated), 001 'Estimated "
                "saving of £300,000 p.a.', 002 'estimated savings of £300,000 p.a.'.",
                "000 presents the case as 'a business case for service co-design'; 002 dates "
                "the service review to 2007; 001 says the approach was incorporated in the "
                "Care Act 2014.",
            ),
        ),
        CaseStudy(
            id="online-free-school-meals",
            name="Online Free School Meals",
            place=None,
            country=None,
            cos=(design,),
            sector=Sector.EDUCATION,
            summary=(
                "An e-government service for free school meals, co-designed with the people "
                "who use it, which improved their quality of life and saved public money."
            ),
            seeds=(_S002,),
            aliases=("Online Free Schools Meals",),
            notes=(
                "002 spells it 'Online Free Schools Meals' and gives it as an example of "
                "co-designed e-government in transactional services; it gives no place or "
                "figures.",
            ),
        ),
        # --- co-delivery ------------------------------------------------------
        CaseStudy(
            id="wiltshire-community-speedwatch",
            name="Community Speedwatch",
            place="Wiltshire",
            country="England",
            cos=(delivery,),
            sector=Sector.COMMUNITY_SAFETY,
            summary=(
                "Residents trained in teams carry out road-side speed checks with the police, "
                "who act on the offending vehicles they record, in a county-wide scheme to cut "
                "speeding."
            ),
            seeds=(_S000, _S001),
            figures=(
                _fig("speedwatch groups set up in three years", "over 30", _S000, 30),
                _fig("community speedwatch sessions", "over 550", _S000, 550),
                _fig("speeding vehicles reported to the police", "over 3,800", _S000, 3_800),
                _fig("reduction in speeding across speedwatch sites", "53%", _S000, 53),
                _fig("calculated saving", "£100,000 p.a.", _S000, 100_000),
                _fig("volunteer teams (Wiltshire and Swindon)", "140", _S001, 140),
                _fig("volunteers carrying out regular speed checks", "765", _S001, 765),
                _fig(
                    "volunteer hours, September 2013 to January 2016",
                    "14,076 hours",
                    _S001,
                    14_076,
                ),
                _fig("monetary value of the volunteer hours", "£112,608", _S001, 112_608),
                _fig(
                    "fall in fatal and serious road injuries (against the 2005-2009 average)",
                    "35%",
                    _S001,
                    35,
                ),
            ),
            service_model=co_production,
            steps=(Step.GROW,),
            notes=(
                "000 and 001 give different figures: 000 counts over 30 groups, over 550 "
                "sessions, over 3,800 vehicles reported, a 53% reduction in speeding and a "
                "saving of £100,000 p.a. over the scheme's first three years; 001 counts 140 "
                "teams across Wiltshire and Swindon, 765 volunteers, 14,076 hours (September "
                "2013 to January 2016) valued at £112,608, and a 35% fall in fatal and serious "
                "injuries. They measure different things over different periods; both are kept.",
                "001's valuation, £112,608 for 14,076 hours, is £8.00 an hour: the default "
                "volunteer rate in coprod.model.grow.",
            ),
        ),
        CaseStudy(
            id="highland-hospital-sweden",
            name="Highland Hospital",
            place="Eksjö",
            country="Sweden",
            cos=(assessment, delivery),
            sector=Sector.HEALTH,
            summary=(
                "Faced with long waiting lists and a growing number of in-patients, the "
                "gastroenterology unit made patients members of the care team: they were "
                "trained to monitor themselves instead of coming in for check-ups and chaired "
                "the ward rounds; hospitalisations fell sharply."
            ),
            seeds=(_S000, _S001, _S004),
            figures=(
                _fig("year the physician began transforming the ward", "2001", _S004, 2001),
                _fig("fewer hospitalisations over a 7 year period", "nearly 50 %", _S000, 50),
                _fig("national average decrease over the same period", "4 %", _S000, 4),
                _fig("fall in the number of in-patients, 1998-2005", "48%", _S001, 48),
            ),
            service_model=co_production,
            steps=(Step.MARKET,),
            aliases=("Highlands Hospital", "Highland District County Hospital"),
            notes=(
                "000 files this case under co-assess; 001 calls it co-delivery. Both Co's are "
                "recorded.",
                "000 reports nearly 50 % fewer hospitalisations over a 7 year period (against a "
                "national 4 % decrease); 001 reports in-patients down 48% over 1998-2005. 000 "
                "sets the scene in 2001 (long waiting lists) and the physician's own account in "
                "004 says the transformation started in 2001, yet 001's period begins in 1998.",
                "001 spells it 'Highlands Hospital'; 004 places it in Eksjö ('Highland District "
                "County Hospital') and has the account of the unit's former head, Jörgen "
                "Tholstrup, framed as behaviour change in healthcare.",
            ),
        ),
        CaseStudy(
            id="solihull-environmental-champions",
            name="Environmental Champions",
            place="Solihull",
            country="England",
            cos=(delivery,),
            sector=Sector.ENVIRONMENT,
            summary=(
                "The council works with local people, businesses and schools who tackle "
                "graffiti and litter in their neighbourhoods; a co-production charter sets out "
                "what champions can expect from the council and what they are responsible for."
            ),
            seeds=(_S002,),
            figures=(
                _fig("citizens working with the project", "more than 250", _S002, 250),
                _fig("savings", "over £200,000", _S002, 200_000),
            ),
            service_model=co_production,
            steps=(Step.MARKET,),
            notes=(
                "The 'co-production charter' makes clear the resources champions can expect "
                "and their responsibilities, e.g. to do things safely and report problems "
                "(002): the Market it charter of coprod.model.market.",
            ),
        ),
        CaseStudy(
            id="food-train",
            name="The Food Train",
            place="Dumfries",
            country="Scotland",
            cos=(delivery,),
            sector=Sector.SOCIAL_CARE,
            summary=(
                "Begun after a survey found older people struggling with their grocery "
                "shopping, a partnership of local shops and volunteers delivers fresh groceries "
                "to older people at home, now also befriending and household support; it has "
                "been rolled out well beyond Dumfries."
            ),
            seeds=(_S002,),
            service_model=co_production,
            form=CoProductionForm.ADDITIVE,
            steps=(Step.GROW,),
            notes=(
                "002 names the Food Train as a good example of additive co-production, and as "
                "one of the few initiatives scaled up over wider areas. 002 says it began in "
                "Dumfries 'between 1995 and 2002'.",
            ),
        ),
        CaseStudy(
            id="family-nurse-partnership",
            name="Family Nurse Partnership",
            place=None,
            country="Scotland",
            cos=(delivery,),
            sector=Sector.HEALTH,
            summary=(
                "Small amounts of public support release a lot of extra resources from service "
                "users and communities, reducing demand for high-cost care and health services "
                "later."
            ),
            seeds=(_S002,),
            service_model=co_production,
            form=CoProductionForm.ADDITIVE,
            steps=(Step.GROW,),
            co_tagged_by_seed=False,
            aliases=("Family Nurse Partnerships",),
            notes=(
                "002 names the Family Nurse Partnerships as a good example of additive "
                "co-production and among the initiatives scaled up in Scotland; it gives no "
                "place or figures.",
                _best_fit(
                    "co-delivery",
                    "professional support added to what families do for themselves.",
                ),
            ),
        ),
        CaseStudy(
            id="west-edinburgh-time-bank",
            name="West Edinburgh Time Bank",
            place="West Edinburgh",
            country="Scotland",
            cos=(delivery,),
            sector=Sector.NEIGHBOURHOODS,
            summary=(
                "Members deposit time by helping each other (gardening, music, repairs, "
                "errands, visiting people who need company) and withdraw it as help from "
                "others; every hour counts the same."
            ),
            seeds=(_S002,),
            notes=(
                "002 describes exchanges between members only, so coprod does not place it on "
                "the 2×2 of service models.",
            ),
        ),
        CaseStudy(
            id="argyll-and-bute-timebanks",
            name="Argyll and Bute Timebanks",
            place="Argyll and Bute",
            country="Scotland",
            cos=(delivery,),
            sector=Sector.NEIGHBOURHOODS,
            summary=(
                "Since 2005 the Volunteer Centre (now Argyll Voluntary Action) has grown linked "
                "timebanks across a large rural area, run by neighbourhood teams of volunteer "
                "time brokers; members, local groups and businesses trade hours of help."
            ),
            seeds=(_S004,),
            figures=(
                _fig("year the first Timebank started", "2005", _S004, 2005),
                _fig("Timebank members across Argyll", "1406", _S004, 1406),
                _fig("Timebanks, linked in one system", "seven", _S004, 7),
                _fig("members in the author's small town", "235", _S004, 235),
                _fig("residents of Argyll and Bute", "80,000", _S004, 80_000),
                _fig("inhabited islands", "twenty-five", _S004, 25),
            ),
            steps=(Step.GROW,),
            co_tagged_by_seed=False,
            notes=(
                _best_fit("co-delivery", "members deliver help to one another."),
                "004 writes the numbers of islands and timebanks in words ('twenty-five', "
                "'seven'). The volunteer-run exchange is supported by development staff; 004 "
                "does not say enough to place it on the 2×2 of service models.",
            ),
        ),
        CaseStudy(
            id="lend-a-hand-fife",
            name="Lend A Hand",
            place="Fife",
            country="Scotland",
            cos=(delivery,),
            sector=Sector.SOCIAL_CARE,
            summary=(
                "A family- and community-based short break care service (Enable Scotland Fife "
                "Services) in which children and young people with disabilities spend time with "
                "another family, giving their own families a rest from caring."
            ),
            seeds=(_S002,),
            service_model=co_production,
            notes=("Referrals come through Fife Social Work's Child and Family Team (002).",),
        ),
        CaseStudy(
            id="speed-camera-lottery",
            name="Speed Camera Lottery",
            place=None,
            country=None,
            cos=(delivery,),
            sector=Sector.COMMUNITY_SAFETY,
            summary=(
                "Speeding cars are photographed and fined; drivers within the limit enter a "
                "lottery paid from the speeders' fines. Average speed fell."
            ),
            seeds=(_S002,),
            figures=(
                _fig("cars passing the camera over three days", "24,857", _S002, 24_857),
                _fig("drop in average driving speed", "22%", _S002, 22),
            ),
            steps=(Step.MARKET,),
            co_tagged_by_seed=False,
            notes=(
                "002 gives it as a Market it incentive example, without a place.",
                _best_fit("co-delivery", "drivers keeping to the limit deliver road safety."),
            ),
        ),
        CaseStudy(
            id="second-hand-smoking-prize-draw",
            name="Second-hand smoking prize draw",
            aliases=("second hand smoking",),
            place=None,
            country="Scotland",
            cos=(delivery,),
            sector=Sector.HEALTH,
            summary=(
                "To reach 'hard to reach' groups, people who read and answered questions on "
                "second-hand smoking were entered into a prize draw for signed football shirts "
                "from a Scottish Premier League team."
            ),
            seeds=(_S002,),
            steps=(Step.MARKET,),
            co_tagged_by_seed=False,
            notes=(
                "A brief Market it example from a workshop participant (002) with no place or "
                "results; the country is inferred from the Scottish workshops.",
                _best_fit(
                    "co-delivery", "people taking part in their own health (002 on co-delivery)."
                ),
            ),
        ),
        CaseStudy(
            id="austria-learner-driver-peer-training",
            name="Peer training of learner drivers by young offenders",
            place=None,
            country="Austria",
            cos=(delivery,),
            sector=Sector.COMMUNITY_SAFETY,
            summary=(
                "Young offenders train learner drivers: peer training for lasting behaviour change."
            ),
            seeds=(_S004,),
            steps=(Step.MARKET,),
            co_tagged_by_seed=False,
            notes=(_best_fit("co-delivery", "004 cites it for peer support and peer training."),),
        ),
        CaseStudy(
            id="manchester-community-health-trainers",
            name="Community Health Trainer Scheme",
            place="Manchester",
            country="England",
            cos=(delivery,),
            sector=Sector.HEALTH,
            summary=(
                "Community health trainers offer peer support and peer learning for lasting "
                "change in health behaviour."
            ),
            seeds=(_S004,),
            steps=(Step.MARKET,),
            co_tagged_by_seed=False,
            notes=(_best_fit("co-delivery", "004 cites it for peer support and peer training."),),
        ),
        CaseStudy(
            id="mosaic-clubhouse",
            name="Mosaic Clubhouse",
            place="London",
            country="England",
            cos=(delivery,),
            sector=Sector.HEALTH,
            summary=(
                "Named by 004 as a third-sector organisation in health and social care that has "
                "embedded co-production principles in its work."
            ),
            seeds=(_S004,),
            co_tagged_by_seed=False,
            notes=(
                _best_fit("co-delivery", "004 names it only as an organisation that co-produces."),
                "004 places it among third-sector organisations in health and social care.",
            ),
        ),
        CaseStudy(
            id="community-catalysts",
            name="Community Catalysts",
            place=None,
            country=None,
            cos=(delivery,),
            sector=Sector.SOCIAL_CARE,
            summary=(
                "A third-sector organisation that has embedded co-production principles in its "
                "work."
            ),
            seeds=(_S004,),
            co_tagged_by_seed=False,
            notes=(
                _best_fit("co-delivery", "004 names it only as an organisation that co-produces."),
                "004 places it among third-sector organisations in health and social care.",
            ),
        ),
        CaseStudy(
            id="balsall-heath-neighbourhood-forum",
            name="Balsall Heath Neighbourhood Forum",
            place="Birmingham",
            country="England",
            cos=(delivery,),
            sector=Sector.COMMUNITY_SAFETY,
            summary=(
                "A neighbourhood forum whose evaluation by Governance International showed a "
                "positive cost-benefit ratio from investing in co-production in community safety."
            ),
            seeds=(_S004,),
            figures=(
                _fig(
                    "cost-benefit ratio of investing in co-production in community safety",
                    "positive",
                    _S004,
                ),
            ),
            steps=(Step.GROW,),
            co_tagged_by_seed=False,
            aliases=("Balsall Health Neighbourhood Forum",),
            notes=(
                "004 spells it 'Balsall Health'; the Birmingham district is Balsall Heath.",
                _best_fit("co-delivery", "a neighbourhood forum working on community safety."),
            ),
        ),
        CaseStudy(
            id="mannheim-transformation",
            name="Change Squared: the transformation of Mannheim",
            place="Mannheim",
            country="Germany",
            cos=(commissioning, delivery),
            sector=Sector.LOCAL_GOVERNMENT,
            summary=(
                "A whole-council transformation led by the directly elected mayor, with "
                "strategic goals measured by outcome indicators, a masterplan of projects, a "
                "staff roadshow and more volunteering and citizen participation in decisions."
            ),
            seeds=(_S004,),
            figures=(
                _fig("inhabitants of Mannheim", "about 329,000", _S004, 329_000),
                _fig("first phase of delivery", "2008 to 2013", _S004),
                _fig("strategic goals", "seven", _S004, 7),
                _fig("projects in the Masterplan", "36", _S004, 36),
                _fig("registered associations in 2009", "2,384", _S004, 2_384),
                _fig("registered associations in 2013", "2,576", _S004, 2_576),
                _fig("nations represented among local people", "more than 170", _S004, 170),
            ),
            steps=(Step.GROW,),
            co_tagged_by_seed=False,
            aliases=("Change Squared",),
            notes=(
                _best_fit(
                    "co-commissioning and co-delivery",
                    "its projects raise citizen participation in decisions (e.g. the conversion "
                    "of a former military base) and volunteering.",
                ),
                "004 tells it mainly as a change-management story (roadshow, leadership "
                "guidelines, strategic performance indicators), hence Grow it.",
            ),
        ),
        # --- co-assessment ----------------------------------------------------
        CaseStudy(
            id="camden-twitter-complaints",
            name="Complaints management via Twitter",
            aliases=("Complaints management in LB of Camden",),
            place="London Borough of Camden",
            country="England",
            cos=(assessment,),
            sector=Sector.LOCAL_GOVERNMENT,
            summary=(
                "A resident's complaint posted on Twitter was picked up in real time by the "
                "council's communications team, fixed, and followed up the next morning; the "
                "resident's thanks reached their followers and a blog."
            ),
            seeds=(_S001, _S002),
            figures=(
                _fig(
                    "followers reached by the resident's appreciative tweet",
                    "over a 1,000",
                    _S002,
                    1_000,
                ),
            ),
            notes=(
                "001 only names the case ('Complaints management in LB of Camden'); 002 tells "
                "it. It is a single exchange, so coprod does not place it on the 2×2 of "
                "service models.",
            ),
        ),
        CaseStudy(
            id="west-lothian-citizen-led-inspections",
            name="Citizen-led inspections",
            place="West Lothian",
            country="Scotland",
            cos=(assessment,),
            sector=Sector.LOCAL_GOVERNMENT,
            summary=(
                "Citizens trained to carry out service inspections alongside professional "
                "inspectors."
            ),
            seeds=(_S003,),
            service_model=co_production,
        ),
    )


@functools.cache
def _catalogue() -> tuple[CaseStudy, ...]:
    cases = _build()
    ids = [case.id for case in cases]
    if len(set(ids)) != len(ids):  # pragma: no cover - guards the data above
        raise AssertionError(f"duplicate case-study ids in {ids}")
    return cases


def case_studies() -> tuple[CaseStudy, ...]:
    """Every case study in the seeds, grouped by Co (all seed files).

    The tuple is immutable and built once; its order is stable.
    """
    return _catalogue()


def case_study(case_id: str) -> CaseStudy:
    """The case study with id ``case_id``; :class:`KeyError` naming close ids if none.

    >>> case_study("food-train").form
    <CoProductionForm.ADDITIVE: 'additive'>
    """
    for case in _catalogue():
        if case.id == case_id:
            return case
    ids = [case.id for case in _catalogue()]
    close = difflib.get_close_matches(str(case_id), ids, n=3)
    hint = (
        f"did you mean {', '.join(map(repr, close))}?" if close else f"known ids: {', '.join(ids)}"
    )
    raise KeyError(f"no case study with id {case_id!r}; {hint}")


def cases_for(
    co: Co | None = None,
    sector: Sector | None = None,
    *,
    step: Step | None = None,
) -> tuple[CaseStudy, ...]:
    """Case studies for a Co, a sector and/or a step; ``None`` matches anything.

    Used to suggest case studies for the gaps in an organisation's map, e.g. every
    co-assessment case in health (all seed files).

    >>> [case.id for case in cases_for(Co.ASSESSMENT, Sector.HEALTH)]
    ['highland-hospital-sweden']
    """
    if co is not None and not isinstance(co, Co):
        raise TypeError(f"co must be a Co or None, got {co!r}")
    if sector is not None and not isinstance(sector, Sector):
        raise TypeError(f"sector must be a Sector or None, got {sector!r}")
    if step is not None and not isinstance(step, Step):
        raise TypeError(f"step must be a Step or None, got {step!r}")
    return tuple(
        case
        for case in _catalogue()
        if (co is None or co in case.cos)
        and (sector is None or case.sector is sector)
        and (step is None or step in case.steps)
    )
