"""Check a parsed level against levels/schema.json and explain the first mistake to its author.

jsonschema's own messages ("Additional properties are not allowed") are written for
programmers; `schema_error` rewrites the earliest error in the file as a `LevelError` that names
the key path, the place (file:line:col) and a fix, with a did-you-mean for misspelt keys.
"""

from __future__ import annotations

import difflib
import functools
import json
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from ..resources import schema_path
from .errors import LevelError
from .yamlnodes import Path, Places

_MAX_ERRORS = 50  # enough to find the earliest one without walking a huge bad file


@functools.lru_cache(maxsize=1)
def level_schema() -> dict[str, Any]:
    """The published JSON Schema for level files."""
    return json.loads(schema_path().read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(level_schema())


def _show(path: Path) -> str:
    return ".".join(str(p) for p in path) or "the level"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text '{value[:30]}'"
    return "a list" if isinstance(value, list) else "a mapping"


_WANTS = {"integer": "a whole number", "number": "a number", "string": "text", "boolean": "true or false",
          "array": "a list", "object": "a mapping of 'key: value' lines", "null": "nothing"}


def _range_fix(schema: dict[str, Any]) -> str:
    lo, hi = schema.get("minimum"), schema.get("maximum")
    whole = schema.get("type") == "integer"
    what = "a whole number" if whole else "a number"
    if lo is not None and hi is not None:
        return f"write {what} from {lo:g} to {hi:g}"
    return f"write {what} of at least {lo:g}" if lo is not None else f"write {what} of at most {hi:g}"


def _help(schema: dict[str, Any]) -> str:
    desc = schema.get("description")
    return f" ({desc})" if desc else ""


def _explain(err: ValidationError, places: Places) -> tuple[str, str, Path, bool]:
    """(message, fix, path, point at the key?) for one leaf error."""
    path: Path = tuple(err.absolute_path)
    where, value, schema = _show(path), err.instance, err.schema if isinstance(err.schema, dict) else {}
    kind = err.validator
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed), key=lambda k: places.position(path + (k,), key=True))
        key = extra[0] if extra else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "allowed keys here: " + ", ".join(allowed)
        return f"unknown key '{key}' in {where}", hint, path + (key,), True
    if kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else "?"
        sub = schema.get("properties", {}).get(missing, {})
        known = set(schema.get("properties", {}))
        written = [k for k in value if isinstance(k, str) and k not in known] if isinstance(value, dict) else []
        typo = difflib.get_close_matches(missing, written, n=1, cutoff=0.7)
        if typo:  # point at the misspelt key, not at the top of the mapping
            return (f"{where} is missing the key '{missing}' ('{typo[0]}' looks like a misspelling of it)",
                    f"rename '{typo[0]}' to '{missing}'", path + (typo[0],), True)
        return f"{where} is missing the key '{missing}'", f"add '{missing}:'{_help(sub)}", path, False
    if kind == "type":
        wanted = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        want = " or ".join(_WANTS.get(str(w), str(w)) for w in wanted)
        return f"{where} should be {want}, not {_type_name(value)}", f"write {want} here{_help(schema)}", path, False
    if kind == "enum":
        options = [str(o) for o in err.validator_value if o is not None]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(options)
        return f"{where}: unknown value {value!r}", hint, path, False
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"{where} is {value!r}, which is out of range", _range_fix(schema), path, False
    if kind in ("minItems", "maxItems"):
        n = err.validator_value
        need = f"at least {n}" if kind == "minItems" else f"at most {n}"
        entries = "entry" if n == 1 else "entries"
        return f"{where} has {len(value)} entries", f"give it {need} {entries}{_help(schema)}", path, False
    if kind in ("minLength", "maxLength") and "propertyNames" in err.absolute_schema_path:
        return f"legend key '{value}' must be exactly one character", "use a single character per legend entry", path + (value,), True
    if kind in ("minLength", "maxLength"):
        return f"{where} is empty", f"write something here{_help(schema)}", path, False
    if kind == "oneOf" and err.schema.get("oneOf") and all("required" in s for s in err.validator_value):
        if not isinstance(value, dict):
            return (f"{where} should be a layout, not {_type_name(value)}",
                    "write a mapping with 'map: |' (a drawn maze) or 'generate:' (a generated one)", path, False)
        both = all(k in value for s in err.validator_value for k in s["required"])
        keys = " or ".join(f"'{s['required'][0]}'" for s in err.validator_value)
        problem = "has both" if both else "needs one of"
        keys = keys.replace(" or ", " and ") if both else keys
        return f"{where} {problem} {keys}", "give each layout either a 'map: |' block or a 'generate:' spec, not both", path, False
    if kind in ("anyOf", "oneOf"):
        want = _choices(err)
        return f"{where} should be {want}, not {_type_name(value)}", f"write {want} here{_help(schema)}", path, False
    return f"{where}: {err.message}", f"see docs/levels.md for what {where} may hold", path, False


def _leaf(err: ValidationError) -> ValidationError:
    """For 'any of these shapes' errors, the sub-error from the shape that fits what was written.

    Shapes whose type does not even match the value (text where a mapping was allowed) are
    dropped; if no shape matches, the anyOf error itself is explained as a list of choices.
    """
    while err.validator in ("anyOf", "oneOf") and err.context:
        if err.validator == "oneOf" and all("required" in s for s in err.validator_value):
            return err
        branches: dict[Any, list[ValidationError]] = {}
        for sub in err.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        fitting = [e for errs in branches.values() if not any(_wrong_shape(e) for e in errs) for e in errs]
        if not fitting:
            return err
        err = best_match(fitting)
    return err


def _wrong_shape(err: ValidationError) -> bool:
    return not err.relative_path and (err.validator == "type" or (err.validator == "enum" and not isinstance(err.instance, str)))


def _choices(err: ValidationError) -> str:
    wants = []
    for sub in err.context:
        if sub.validator == "type":
            wanted = sub.validator_value if isinstance(sub.validator_value, list) else [sub.validator_value]
            wants += [_WANTS.get(str(w), str(w)) for w in wanted]
        elif sub.validator == "enum":
            wants.append("one of " + ", ".join(str(v) for v in sub.validator_value if v is not None))
    return " or ".join(dict.fromkeys(wants)) or "something else"


def schema_error(data: Any, places: Places, file: str) -> LevelError | None:
    """The earliest schema violation in the file as a LevelError, or None if the level fits."""
    found = []
    for err in _validator().iter_errors(data):
        found.append(_leaf(err))
        if len(found) >= _MAX_ERRORS:
            break
    if not found:
        return None
    explained = [_explain(err, places) for err in found]
    message, fix, path, key = min(explained, key=lambda e: places.position(e[2], key=e[3]))
    line, col = places.position(path, key=key)
    return LevelError(message, fix=fix, file=file, line=line, col=col, path=path)
