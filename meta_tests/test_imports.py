"""The oracle's modules import each other without a circle, function-level imports
counted: resolving a target reads downwards (target -> styles -> base), never back."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules() -> dict[str, set[str]]:
    """Each oracle module and the oracle modules it imports, anywhere in its body."""
    found = {}
    files = [*(ROOT / "f1_oracle").rglob("*.py"), *(ROOT / "strategies").glob("*.py")]
    for path in files:
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[0] == "strategies":
            parts = ("f1_oracle", *parts)
        name = ".".join(p for p in parts if p != "__init__")
        deps = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("f1_oracle"):
                deps |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.startswith("f1_oracle")}
        found[name] = deps
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, deps in modules.items():
        edges = set()
        for dep in deps:
            while dep and dep not in modules:
                dep = dep.rpartition(".")[0]
            if dep and dep not in (name, "f1_oracle"):  # the package itself: _backend only
                edges.add(dep)
        graph[name] = edges
    return graph


def circle(graph: dict[str, set[str]]) -> list[str] | None:
    """An import circle in `graph` (its modules in order), or None."""
    state: dict[str, str] = {}

    def visit(node, path):
        state[node] = "open"
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                return [*path, node, dep]
            if dep not in state and (found := visit(dep, [*path, node])):
                return found
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node, [])):
            return found
    return None


def test_no_module_imports_one_that_imports_it_back():
    graph = _graph()
    assert "f1_oracle.api" in graph and "f1_oracle.strategies.cases" in graph
    found = circle(graph)
    assert found is None, " -> ".join(found)


def test_a_circle_is_found():
    """Shown able to fail, on the import that closed a circle before (inference -> api,
    while api imports inference)."""
    graph = _graph()
    graph["f1_oracle.inference"].add("f1_oracle.api")
    assert circle(graph) is not None
