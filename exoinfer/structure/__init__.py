"""Layered planet structure: layers, the batched hydrostatic solver (with k2 and C/MR^2), named models."""

from .layers import Layer
from .model import StructureModel
from .registry import DEFAULT_MODEL, get_model, list_models, load_model_file, model_from_spec, register_model
from .result import StructureResult
from .solver import SolverSettings
from .status import Status

__all__ = [
    "DEFAULT_MODEL",
    "Layer",
    "SolverSettings",
    "Status",
    "StructureModel",
    "StructureResult",
    "get_model",
    "list_models",
    "load_model_file",
    "model_from_spec",
    "register_model",
]
