"""docs/plugins.md and coprod.hookspecs agree: one section per hook, exact signatures.

A hook added, removed or changed without the docs changing fails here. Every example
plugin in the docs is also run through the conformance check.
"""

from __future__ import annotations

import ast
import inspect
import re
import types
from pathlib import Path

import attrs
import pytest

import coprod
from coprod import hookspecs
from coprod.testing import check_plugin

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
TEXT = DOCS.read_text(encoding="utf-8")
SECTION = re.compile(r"^## (?P<title>.+)$", re.MULTILINE)
CODE = re.compile(r"^```python\n(?P<code>.*?)^```$", re.MULTILINE | re.DOTALL)


def _hookspecs() -> dict[str, inspect.Signature]:
    marker = f"{hookspecs.PROJECT_NAME}_spec"
    return {
        name: inspect.signature(function)
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(function, marker)
    }


def _sections() -> dict[str, str]:
    matches = list(SECTION.finditer(TEXT))
    sections = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following is not None else len(TEXT)
        sections[match.group("title").strip().strip("`")] = TEXT[match.end() : end]
    return sections


HOOKS = _hookspecs()
SECTIONS = _sections()
HOOK_SECTIONS = {title: body for title, body in SECTIONS.items() if title.startswith("register_")}


def _normalise(annotation: object) -> str:
    # Annotations are strings (from __future__ import annotations): compare them parsed.
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    return ast.unparse(ast.parse(text, mode="eval"))


def _documented_signature(name: str) -> ast.FunctionDef:
    body = HOOK_SECTIONS[name]
    first = CODE.search(body)
    assert first is not None, f"## {name} has no python code block with its signature"
    tree = ast.parse(first.group("code"))
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert [f.name for f in functions] == [name], (
        f"the first code block of ## {name} must be the hook's signature"
    )
    return functions[0]


def _hook_reference_generator() -> types.ModuleType:
    import importlib.util

    path = DOCS.with_name("generate_hook_reference.py")
    spec = importlib.util.spec_from_file_location("generate_hook_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_hook_reference_is_generated_from_the_hookspecs_and_current() -> None:
    generator = _hook_reference_generator()
    assert generator.updated(TEXT) == TEXT, (
        "docs/plugins.md's hook reference is stale: run `python docs/generate_hook_reference.py`"
    )
    # Every hook of the one list, in its order, and nothing else.
    assert list(HOOK_SECTIONS) == list(hookspecs.HOOKS)


def test_the_hook_list_is_kept_once() -> None:
    # The manager, the conformance check and PluginInfo read hookspecs.HOOKS.
    assert set(hookspecs.HOOKS) == set(HOOKS)
    fields = {f for accepts in hookspecs.HOOKS.values() for f in accepts.values() if f}
    info_fields = {
        field.name
        for field in attrs.fields(coprod.PluginInfo)
        if field.type in ("tuple[str, ...]",)
    }
    assert fields == info_fields
    source = Path(coprod.__file__).parent
    for module in ("plugins.py", "testing/conformance.py"):
        text = (source / module).read_text(encoding="utf-8")
        assert '"register_barriers"' not in text, f"{module} lists hooks by hand again"


def test_there_are_hooks() -> None:
    assert set(HOOKS) >= {
        "register_scoring_rules",
        "register_maturity_checks",
        "register_exporters",
        "register_barriers",
    }


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_has_a_section_with_its_exact_signature(name: str) -> None:
    assert name in HOOK_SECTIONS, f"docs/plugins.md has no '## {name}' section"
    documented = _documented_signature(name)
    spec = HOOKS[name]
    args = documented.args
    assert not args.posonlyargs and not args.vararg and not args.kwarg
    documented_parameters = [
        (a.arg, ast.unparse(a.annotation) if a.annotation else None)
        for a in [*args.args, *args.kwonlyargs]
    ]
    spec_parameters = [
        (p.name, _normalise(p.annotation) if p.annotation is not p.empty else None)
        for p in spec.parameters.values()
    ]
    assert documented_parameters == spec_parameters, f"## {name}: parameters differ"
    assert documented.returns is not None
    assert ast.unparse(documented.returns) == _normalise(spec.return_annotation)


def test_docs_describe_no_hook_that_does_not_exist() -> None:
    extra = set(HOOK_SECTIONS) - set(HOOKS)
    assert not extra, f"docs/plugins.md documents hooks that do not exist: {sorted(extra)}"
    for code in CODE.finditer(TEXT):
        tree = ast.parse(code.group("code"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("register_"):
                assert node.name in HOOKS, f"a docs example implements unknown {node.name}"


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_section_states_its_contract_and_version(name: str) -> None:
    body = HOOK_SECTIONS[name]
    docstring = inspect.getdoc(getattr(hookspecs, name)) or ""
    version = re.search(r"Added in (\d+\.\d+\.\d+)", docstring)
    assert version is not None, f"the {name} hookspec docstring says when it was added"
    assert f"Added in {version.group(1)}" in body
    assert "Example" in body
    assert "clash" in body or "duplicate" in body, f"## {name} says what happens on a clash"


def _examples() -> list[tuple[str, str]]:
    found = []
    for title, body in SECTIONS.items():
        for n, code in enumerate(CODE.finditer(body)):
            source = code.group("code")
            if "@coprod.hookimpl" in source:
                found.append((f"{title} #{n}", source))
    return found


EXAMPLES = _examples()


def test_every_hook_section_has_a_runnable_example() -> None:
    titled = {title.split(" #")[0] for title, _ in EXAMPLES}
    assert set(HOOKS) <= titled


@pytest.mark.parametrize(("where", "source"), EXAMPLES, ids=[w for w, _ in EXAMPLES])
def test_docs_example_plugins_pass_the_conformance_check(where: str, source: str) -> None:
    module = types.ModuleType(f"docs_example_{abs(hash(where))}")
    exec(compile(source, f"docs/plugins.md ({where})", "exec"), module.__dict__)
    # The Priority Matrix replacement re-registers the built-in rule names.
    blocked = ["coprod.builtin.priority"] if "priority_rules" in source else []
    info = check_plugin(module, examples=5, blocked=blocked)
    assert info.kind == "explicit"


def test_docs_list_every_builtin_plugin() -> None:
    for name in coprod.plugins.BUILTIN_PLUGINS:
        if not name.startswith("coprod.builtin.export_"):
            assert f"`{name}`" in TEXT, f"docs/plugins.md does not mention {name}"
    assert "coprod.builtin.export_" in TEXT
    assert "COPROD_DISABLE_ENTRY_POINTS" in TEXT
