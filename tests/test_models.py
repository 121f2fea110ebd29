"""Named models, YAML model files and models built in Python work wherever a built-in one does."""

import numpy as np
import pytest

from exoinfer.eos import FunctionMaterial, get_material
from exoinfer.errors import InputError, ModelError
from exoinfer.structure import Layer, StructureModel, get_model, list_models, load_model_file, register_model


def test_builtin_models_are_listed():
    names = list_models()
    for name in ("iron-silicate-water", "silicate-water-hydrogen", "core-mantle-water-gas"):
        assert name in names


def test_parameter_names_follow_the_vocabulary(default_model):
    assert default_model.parameter_names == ("mass", "w_core", "w_mantle", "w_water", "w_gas", "teq")
    assert get_model("silicate-water-hydrogen").parameter_names == ("mass", "w_mantle", "w_water", "w_gas")


def test_unknown_model_lists_the_known_ones():
    with pytest.raises(ModelError, match="core-mantle-water-gas"):
        get_model("no-such-model")


def test_yaml_model_file(tmp_path):
    path = tmp_path / "ocean-world.yaml"
    path.write_text(
        "name: ocean-world\n"
        "layers:\n"
        "  - {name: core, material: earth-core}\n"
        "  - name: ocean\n"
        "    material: {kind: birch-murnaghan-3, rho0: 1000.0, k0_gpa: 2.2, k0_prime: 6.0}\n"
    )
    model = load_model_file(path)
    assert model.parameter_names == ("mass", "w_core", "w_ocean")
    result = model.simulate({"mass": [1.0], "w_core": 0.5, "w_ocean": 0.5})
    assert result.ok[0]
    assert 1.0 < result.radius[0] < 2.0
    assert "d_ocean" in result.derived()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nlayers: []\n", "non-empty list"),
        ("name: x\nlayers:\n  - {name: core, material: unobtainium}\n", "unknown material"),
        ("name: x\nlayers:\n  - {name: core, material: {kind: vinet, rho0: 1}}\n", "needs"),
        (
            "name: x\nlayers:\n  - {name: gas, material: h-he-ideal-gas}\n"
            "  - {name: core, material: earth-core}\n",
            "outermost",
        ),
        ("name: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_model_files_are_reported(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ModelError, match=message):
        load_model_file(path)


def test_python_model_with_a_users_material():
    # Any vectorized rho(P, T) works as a material (the solver tabulates it once).
    carbon = FunctionMaterial("carbon", lambda p, t: 2250.0 * (1.0 + p / 3.3e10) ** 0.2)
    model = register_model(
        StructureModel("carbon-world", [Layer("core", get_material("earth-core")), Layer("mantle", carbon)])
    )
    assert get_model("carbon-world") is model
    result = model.simulate({"mass": [2.0], "w_core": 0.3, "w_mantle": 0.7})
    assert result.ok[0]


def test_fractions_must_sum_to_one(default_model):
    columns = default_model.as_parameter_columns(
        {"mass": 1.0, "w_core": 0.3, "w_mantle": 0.6, "w_water": 0.0, "w_gas": 0.0, "teq": 300.0}
    )
    with pytest.raises(InputError, match=r"w_core \+ w_mantle \+ w_water \+ w_gas = 0.9 is not allowed"):
        default_model.check(columns)


def test_array_input_in_parameter_order(default_model):
    table = np.array([[1.0, 0.325, 0.675, 0.0, 0.0, 255.0]])
    assert default_model.simulate(table).ok[0]
