"""Named structure models: built-in YAML files, user YAML files and models registered from Python.

Lookup order for a name: models registered in this process, the built-in models shipped with the package
(``exoinfer/data/models``), then ``configs/models`` under the working directory and each folder of the
``EXOINFER_MODEL_PATH`` environment variable. A path to a ``.yaml`` file is loaded directly.

A model file::

    name: rocky-carbide
    description: iron core under a silicon-carbide mantle
    surface_pressure: 1.0e5          # Pa, where the radius is taken (without an envelope)
    layers:
      - name: core
        material: fe-hcp             # a built-in material (see ``exoinfer materials``) ...
      - name: mantle
        material:                    # ... or one defined here
          kind: vinet                # vinet | birch-murnaghan-3 | modified-polytrope | python
          rho0: 3220.0               # kg/m^3
          k0_gpa: 220.0
          k0_prime: 4.0
          reference: my source
"""

import importlib
import os
from functools import cache
from pathlib import Path

import yaml

from ..constants import GPA
from ..eos import BirchMurnaghan3, FunctionMaterial, IdealGasEnvelope, ModifiedPolytrope, Vinet, get_material
from ..errors import ModelError
from .layers import Layer
from .model import StructureModel
from .solver import SolverSettings

__all__ = [
    "DEFAULT_MODEL",
    "get_model",
    "list_models",
    "load_model_file",
    "model_from_spec",
    "register_model",
]

#: The model used when none is named.
DEFAULT_MODEL = "core-mantle-water-gas"

_BUILTIN_DIR = Path(__file__).resolve().parent.parent / "data" / "models"
_REGISTERED = {}


def register_model(model):
    """Make a :class:`StructureModel` built in Python available by name (in this process)."""
    _REGISTERED[model.name] = model
    return model


def _search_dirs():
    dirs = [_BUILTIN_DIR, Path.cwd() / "configs" / "models"]
    dirs += [Path(p) for p in os.environ.get("EXOINFER_MODEL_PATH", "").split(os.pathsep) if p]
    return [d for d in dirs if d.is_dir()]


def _model_files():
    files = {}
    for folder in _search_dirs():
        for path in sorted(folder.glob("*.yaml")):
            files.setdefault(path.stem, path)
    return files


def list_models():
    """``{name: description}`` of every model that :func:`get_model` can find."""
    out = {name: model.description for name, model in _REGISTERED.items()}
    for name, path in _model_files().items():
        if name not in out:
            try:
                out[name] = load_model_file(path).description
            except ModelError as err:
                out[name] = f"(unusable: {err})"
    return out


def get_model(name=DEFAULT_MODEL):
    """The model called ``name``, or the model in the YAML file at path ``name``.

    Raises
    ------
    ModelError
        If no such model exists (the message lists the known ones) or its file is invalid.
    """
    if name in _REGISTERED:
        return _REGISTERED[name]
    if str(name).endswith((".yaml", ".yml")):
        return load_model_file(Path(name))
    path = _model_files().get(name)
    if path is None:
        raise ModelError(f"unknown model {name!r}; known: {', '.join(sorted(list_models()))}")
    return load_model_file(path)


def load_model_file(path):
    """Load and validate a model YAML file."""
    return _load_model_file(Path(path).resolve())


@cache
def _load_model_file(path):
    if not path.is_file():
        raise ModelError(f"model file {str(path)!r} does not exist")
    try:
        spec = yaml.safe_load(path.read_text())
    except yaml.YAMLError as err:
        raise ModelError(f"{path}: not valid YAML ({str(err).splitlines()[0]})") from None
    try:
        return model_from_spec(spec)
    except ModelError as err:
        raise ModelError(f"{path.name}: {err}") from None


def model_from_spec(spec):
    """Build a :class:`StructureModel` from a parsed YAML mapping (see the module docstring)."""
    if not isinstance(spec, dict):
        raise ModelError("a model file must be a mapping with 'name' and 'layers'")
    unknown = set(spec) - {"name", "description", "version", "surface_pressure", "layers", "solver"}
    if unknown:
        raise ModelError(f"unknown keys {sorted(unknown)}")
    if "name" not in spec or not isinstance(spec.get("layers"), list) or not spec["layers"]:
        raise ModelError("needs 'name' and a non-empty list 'layers'")
    layers = [_layer(i, entry) for i, entry in enumerate(spec["layers"])]
    try:
        settings = SolverSettings(**spec.get("solver", {}))
        return StructureModel(
            str(spec["name"]),
            layers,
            surface_pressure=float(spec.get("surface_pressure", 1.0e5)),
            description=str(spec.get("description", "")),
            version=str(spec.get("version", "1")),
            settings=settings,
        )
    except (TypeError, ValueError) as err:
        raise ModelError(str(err)) from None


def _layer(index, entry):
    if not isinstance(entry, dict) or "name" not in entry or "material" not in entry:
        raise ModelError(f"layer {index}: needs 'name' and 'material'")
    try:
        return Layer(str(entry["name"]), _material(entry["material"]), float(entry.get("temperature", 300.0)))
    except (TypeError, ValueError) as err:
        raise ModelError(f"layer {index} ({entry['name']}): {err}") from None


_ISOTHERMS = {"vinet": Vinet, "birch-murnaghan-3": BirchMurnaghan3}


def _material(spec):
    if isinstance(spec, str):
        return get_material(spec)
    if not isinstance(spec, dict) or "kind" not in spec:
        raise ModelError(f"material must be a name or a mapping with 'kind', got {spec!r}")
    spec = dict(spec)
    kind = spec.pop("kind")
    name = spec.pop("name", kind)
    reference = spec.pop("reference", "user-defined")
    try:
        if kind in _ISOTHERMS:
            return _ISOTHERMS[kind](
                name,
                float(spec.pop("rho0")),
                float(spec.pop("k0_gpa")) * GPA,
                float(spec.pop("k0_prime")),
                p_max=float(spec.pop("p_max", float("inf"))),
                reference=reference,
            )
        if kind == "modified-polytrope":
            return ModifiedPolytrope(
                name, float(spec.pop("rho0")), float(spec.pop("c")), float(spec.pop("n")), reference=reference
            )
        if kind == "ideal-gas-envelope":
            return IdealGasEnvelope(**{k: float(v) for k, v in spec.items()})
        if kind == "python":
            module, _, attr = str(spec.pop("function")).partition(":")
            function = getattr(importlib.import_module(module), attr)
            return FunctionMaterial(
                name, function, p_max=float(spec.pop("p_max", float("inf"))), reference=reference
            )
    except KeyError as err:
        raise ModelError(f"material of kind {kind!r} needs {err}") from None
    except (ImportError, AttributeError) as err:
        raise ModelError(f"python material: {err}") from None
    known = "vinet, birch-murnaghan-3, modified-polytrope, ideal-gas-envelope, python"
    raise ModelError(f"unknown material kind {kind!r}; known: {known}")
