"""game_rules/ stays pure: no web framework, database, sockets, clock or global random."""
import ast
import re
from pathlib import Path

import game_rules

ROOT = Path(game_rules.__file__).parent
FORBIDDEN = {"flask", "flask_socketio", "socketio", "engineio", "redis", "socket", "time", "datetime",
             "sqlite3", "threading", "asyncio", "gevent", "secrets", "uuid", "requests", "os", "subprocess"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def test_engine_imports_nothing_impure():
    found = [(str(p.relative_to(ROOT)), line, name)
             for p in ROOT.rglob("*.py") for line, name in _imports(p) if name in FORBIDDEN]
    assert found == []


def test_only_the_dice_module_touches_random():
    users = sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
                   for _, name in _imports(p) if name == "random" and p.name != "dice.py")
    # Modules may name random.Random in type hints (it arrives from dice.rng), never draw from the global one.
    for rel in users:
        source = (ROOT / rel).read_text()
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "random":
                assert node.attr == "Random", f"{rel} uses random.{node.attr}"


def _code_words(path: Path) -> str:
    """Identifiers and string literals of a module, docstrings left out (they may cite examples)."""
    tree = ast.parse(path.read_text())
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    words = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            words.append(node.value)
        elif isinstance(node, ast.Name):
            words.append(node.id)
        elif isinstance(node, ast.Attribute):
            words.append(node.attr)
    return " ".join(words).lower()


def test_engine_code_names_no_scenario_content():
    """The engine is general: no seat, track or card of a scenario appears in its code."""
    words = ["plates-2021", "serbia", "kosovo", "kfor", "nato", "russia", "jarinje", "brnjak", "aster", "brill",
             "lighthouse"]
    offenders = [(p.name, w) for p in ROOT.rglob("*.py") for w in words
                 if re.search(rf"\b{re.escape(w)}\b", _code_words(p))]
    assert offenders == []
