"""A metric we did not write, named on the command line or handed to the API, as an
Implementation: loaded, built with the conventions it is checked against, its calling
style detected (or given), its layout found.

TARGET is `package.module:name`, `path/to/file.py:name`, or `path/to/file.py` for a module
that is itself a functional metric (the current directory is on the import path, as for
pytest). `name` is a metric class, a callable returning a metric,
an object with the functional init/update/compute, or a plain function
`f(y_true, y_pred[, sample_weight])`.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import os
import sys
from pathlib import Path

import numpy as np

from f1_oracle import _backend, styles
from f1_oracle.contract import Threshold
from f1_oracle.conventions import Conventions
from f1_oracle.harness import batches
from f1_oracle.implementation import VARIED, ConfigurationRefused, Implementation
from f1_oracle.layouts import candidates
from f1_oracle.probes import base_case
from f1_oracle.readout import NotANumber, ResultError
from f1_oracle.reference import expected
from f1_oracle.styles.whole_data import TorchOrdered


class TargetError(Exception):
    """The target cannot be loaded or used: a usage error, reported in one line."""


def load(spec: str):
    module_name, sep, attr = spec.rpartition(":")
    if not sep and spec.endswith(".py"):
        module_name, attr = spec, ""  # the module itself (a functional metric)
    elif not sep or not module_name or not attr:
        raise TargetError(f"target {spec!r} must be package.module:name, path/to/file.py:name "
                          "or path/to/file.py")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        if module_name.endswith(".py"):
            path = Path(module_name)
            if not path.is_file():
                raise TargetError(f"no such file: {path}")
            module_spec = importlib.util.spec_from_file_location(path.stem, path)
            module = importlib.util.module_from_spec(module_spec)
            sys.modules[path.stem] = module
            with _backend.quiet_if_tensorflow_may_start():
                module_spec.loader.exec_module(module)
        else:
            with _backend.quiet_if_tensorflow_may_start():
                module = importlib.import_module(module_name)
    except TargetError:
        raise
    except BaseException as error:  # an import that exits or raises anything is the user's
        raise TargetError(f"cannot import {module_name}: {type(error).__name__}: "
                          f"{str(error).strip().splitlines()[0] if str(error).strip() else ''}"
                          ) from None
    if _backend.keras_started():  # the metric's module imported Keras: start it our way
        _backend.keras_module()
    obj = module
    for part in filter(None, attr.split(".")):
        if not hasattr(obj, part):
            raise TargetError(f"{module_name} has no attribute {attr!r}")
        obj = getattr(obj, part)
    return obj


def _is_function(obj) -> bool:
    """A plain function of (y_true, y_pred, ...): two required positional parameters."""
    if inspect.isclass(obj) or not callable(obj):
        return False
    try:
        params = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return False
    required = [p for p in params if p.default is p.empty
                and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(required) >= 2


def _whole_data_scores(fn, layout: str, conv: Conventions) -> str | None:
    """What a whole-data function takes as y_pred (the given --scores; else
    "probabilities", or "labels": hard predictions, as scikit-learn's f1_score), or None
    when it is no whole-data function: those return numpy or Python numbers for numpy
    arrays, a Keras metric function returns a tensor of its backend."""
    contract = conv.contract(layout, weights=False, flushes_subnormals=False)
    case = base_case(contract)
    tried = ("probabilities", "labels") if "scores" not in conv.given else (conv.scores,)
    for scores in tried:
        given = contract.hard(case.y_pred) if scores == "labels" else case.y_pred
        try:
            value = fn(case.y_true, given)
        except Exception:
            continue
        if isinstance(value, int | float | np.ndarray | np.generic | list | tuple | dict):
            return scores  # numbers, or numbers in a container (catboost's list)
    return None


def _layouts(conv: Conventions, style: styles.Style) -> list[str]:
    """Layouts to try, the style's usual one first."""
    if conv.resolved_layout:
        return [conv.resolved_layout]
    return [layout.name for layout in candidates(conv.task, style.flat_layouts)]


def _kwargs(obj, conv: Conventions) -> dict:
    """The constructor's keyword arguments that the conventions configure: the class
    count, task and average where it takes them, and each convention the user gave whose
    name it takes (so `--average macro` builds F1Score(average="macro"))."""
    try:
        params = inspect.signature(obj).parameters
    except (TypeError, ValueError):
        return dict(conv.init)
    out = {}

    def offer(name, value, always=False):
        if name in params and (always or name in conv.given
                               or params[name].default is inspect.Parameter.empty):
            out[name] = value

    multi = conv.task != "binary"
    if multi:
        offer("num_labels" if conv.task == "multilabel" and "num_labels" in params
              else "num_classes", conv.classes, always=True)
        if "average" in params and isinstance(params["average"].default, bool):
            # ignite's Fbeta: True averages the classes (macro), False gives each one
            if conv.average not in ("macro", "none"):
                raise TargetError(f"its average is a switch (True: macro, False: per class): "
                                  f"--average {conv.average} cannot be built")
            out["average"] = conv.average == "macro"
        else:
            offer("average", None if conv.average == "none" else conv.average, always=True)
    offer("task", conv.task, always="task" in conv.given or multi)
    offer("beta", conv.beta, always=True)
    if conv.task != "multiclass":
        offer("threshold", conv.threshold, always=True)
    for name in ("zero_division", "top_k", "ignore_index"):
        offer(name, getattr(conv, name))
    out.update(conv.init)
    return out


def _call(obj, kwargs: dict) -> str:
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    return f"{getattr(obj, '__name__', type(obj).__name__)}({args})"


def _varied(obj, kwargs: dict, conv: Conventions) -> frozenset[str]:
    """The conventions checks may vary through the target's own keywords: those it was
    given (not by --init) whose default is a number, a string or None, as the conventions
    are (ignite's average=True is a switch, not an average)."""
    try:
        params = inspect.signature(obj).parameters
    except (TypeError, ValueError):
        return frozenset()
    return frozenset(
        name for name in VARIED if name in kwargs and name not in dict(conv.init)
        and isinstance(params[name].default, type(inspect.Parameter.empty) | float | str
                       | type(None)))


def _configured(kwargs: dict, varies: frozenset[str], contract) -> dict:
    """The keywords for `contract`: the given ones, with each varied convention taken
    from the contract (a check's variant changes its average, beta or threshold)."""
    if contract is None:
        return kwargs
    out = dict(kwargs)
    if "average" in varies:
        out["average"] = contract.average
    if "beta" in varies:
        out["beta"] = contract.beta
    if "threshold" in varies and isinstance(contract.rule, Threshold):
        out["threshold"] = contract.rule.value
    return out


def _bound(fn, kwargs: dict):
    """`fn` with the conventions' keywords bound (scikit-learn's fbeta_score(beta=2)),
    under its own name (Keras names a compiled metric function by it)."""
    if not kwargs:
        return fn

    @functools.wraps(fn)
    def bound(*args, **more):
        return fn(*args, **kwargs, **more)

    return bound


def _bound_conventions(obj, conv: Conventions) -> Conventions:
    """A partial's bound keywords are conventions it means, unless the user gave them:
    partial(fbeta_score, beta=2) is checked as F2, not overridden with beta 1."""
    if not isinstance(obj, functools.partial):
        return conv
    taken = {}
    for name, value in obj.keywords.items():
        value = "none" if name == "average" and value is None else value
        if name in conv.given or name not in ("average", "beta", "threshold",
                                               "zero_division", "ignore_index", "top_k"):
            continue
        try:
            declared = Conventions.of(**{name: value})  # a value the conventions can say
        except (ValueError, TypeError):
            continue  # average="binary", zero_division="warn": nothing to declare
        taken[name] = getattr(declared, name)
    return conv.with_(**taken, given=conv.given | set(taken)) if taken else conv


def implementation(target, conv: Conventions | None = None) -> Implementation:
    """The Implementation for a TARGET string or a Python object."""
    conv = conv or Conventions()
    obj = load(target) if isinstance(target, str) else target
    conv = _bound_conventions(obj, conv)
    try:
        conv.check()
    except ValueError as error:
        raise TargetError(str(error)) from None
    if not inspect.isclass(obj) and TorchOrdered.fits(obj):
        obj = TorchOrdered(obj)  # torchmetrics' and torcheval's functional metrics
    name = target if isinstance(target, str) else getattr(obj, "__qualname__", repr(obj))
    style = styles.by_name(conv.style) if conv.style else None
    function = _is_function(obj)
    kwargs = _kwargs(obj, conv) if callable(obj) else {}
    if style is None and function:
        layout0 = _layouts(conv, styles.by_name("whole-data"))[0]
        scores = _whole_data_scores(_bound(obj, kwargs), layout0, conv)
        style = styles.by_name("keras-function" if scores is None else "whole-data")
        if scores == "labels" and "scores" not in conv.given:
            conv = conv.with_(scores="labels")
    if style is None:
        style = styles.taken_as_is(obj)
    as_is = style is not None and style.as_is(obj)
    if as_is and not function:
        kwargs = {}  # functional metric code: nothing to configure
    varies = _varied(obj, kwargs, conv)
    built = _call(obj, kwargs) if kwargs or not as_is else name

    def construct(contract, num_classes):
        configured = _configured(kwargs, varies, contract)
        if as_is:
            return _bound(obj, configured)
        try:
            return obj(**configured)
        except Exception as error:
            if configured == kwargs:
                raise
            raise ConfigurationRefused(f"{_call(obj, configured)}: {error}") from error

    if as_is:
        make = lambda c, k: style.wrap(construct(c, k))  # noqa: E731
        return _with_layout(name, conv, style, make, built, varies)
    try:
        sample = construct(None, conv.classes)
    except Exception as error:
        raise TargetError(f"cannot build {built}: {type(error).__name__}: "
                          f"{str(error).strip().splitlines()[0] if str(error) else ''}"
                          ) from None
    if style is not None and style in styles.OBJECT_STYLES and not style.recognises(sample):
        raise TargetError(f"--style {style.name} does not fit {built}: it has no "
                          f"{style.doc.split(' (')[0]}")
    style = style or styles.detect(sample)
    if style is not None and style.takes_labels and "scores" not in conv.given:
        conv = conv.with_(scores="labels")  # fed hard predictions, as its users do
    if style is None:
        raise TargetError(
            f"{built} is no metric f1-oracle knows how to call: it has neither "
            "update_state/result (Keras), update/compute (torchmetrics, ignite), "
            "init/update/compute (functional), update/get (online), aggregate/reset "
            "(cumulative), add/compute (add-compute), nor is it a function f(y_true, y_pred); "
            f"name one with --style ({', '.join(styles.NAMES)})")
    make = lambda c, k: style.wrap(construct(c, k))  # noqa: E731
    return _with_layout(name, conv, style, make, built, varies)


def _with_layout(name, conv, style, make, built, varies) -> Implementation:
    """The first layout (the user's, else the style's usual ones) whose sample batch the
    metric takes without an error, with what it returns read as the conventions say."""
    tried = []
    for layout in _layouts(conv, style):
        impl = _build(name, conv, style, make, layout, built, varies)
        case = base_case(impl.contract)
        try:
            raw = style.observe(impl, batches(impl, case))
        except Exception as error:
            tried.append(f"{layout}: {type(error).__name__}: {str(error).strip()[:120]}")
            if conv.resolved_layout:
                return impl  # the user's layout: its errors are findings
            continue
        return _read_as_expected(impl, raw, case, built)
    raise TargetError(f"{built} takes none of the layouts for --task {conv.task} "
                      f"({'; '.join(tried)}); give --layout and --style if detection is wrong")


def _read_as_expected(impl: Implementation, raw, case, built: str) -> Implementation:
    """`impl` reading what the metric returned on `case` as --read says (or the one number
    a dict or sequence holds, then named), after checking that it has the shape the
    conventions expect: a usage error in one line, before any search, where not."""
    from dataclasses import replace

    try:
        readout = impl.readout.found(raw)
        value = readout(raw)
    except ResultError as error:
        raise TargetError(f"{built}: {error}") from None
    except NotANumber:
        return replace(impl, readout=readout)  # a finding: every check will show it
    wanted = np.shape(expected(impl.contract, case).value)
    if np.shape(value) != wanted and not np.size(value) == np.prod(wanted, dtype=int) == 1:
        raise TargetError(
            f"{built} returned shape {np.shape(value)} where --task {impl.contract.task} "
            f"--average {impl.contract.average} expects {wanted or 'a scalar'} "
            f"(--average none: a per-class vector; --read KEY: one entry of a result)")
    return replace(impl, readout=readout)


def _build(name, conv, style, make, layout, built, varies) -> Implementation:
    capabilities = style.capabilities(make(None, conv.classes))
    contract = conv.contract(layout, capabilities.weights, style.flushes_subnormals).with_(
        fed_in_batches=capabilities.batches)
    return Implementation(name, contract, make, style, varies=varies, call=built,
                          readout=conv.readout())
