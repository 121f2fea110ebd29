"""The built-in catalog, the NASA Exoplanet Archive reader and the filters."""

import dataclasses

import numpy as np
import pytest

from exoinfer.catalog import Planet, filter_catalog, get_planet, habitable_zone, list_planets, read_nasa_csv
from exoinfer.errors import FileFormatError, InputError

HEADER = (
    "pl_name,pl_bmasse,pl_bmasseerr1,pl_bmasseerr2,pl_bmasselim,pl_rade,pl_radeerr1,pl_radeerr2,"
    "pl_eqt,pl_orbsmax,st_lum,st_rad,st_teff"
)


def test_lookup_ignores_case_spaces_and_hyphens():
    planet = get_planet("trappist-1e")
    assert planet.name == "TRAPPIST-1 e"
    assert get_planet("GJ1214B") is get_planet("gj 1214 b")
    assert planet.mass_err == (0.022, 0.022)
    assert planet.radius_err == (0.012, 0.013)  # asymmetric: (lower, upper)


def test_unknown_planet_lists_close_names():
    with pytest.raises(InputError, match="TRAPPIST-1"):
        get_planet("trapist-1 x")


def test_every_value_has_errors_and_a_reference():
    names = list_planets()
    assert {"Mercury", "Venus", "Earth", "Mars", "GJ 1214 b"} <= set(names)
    assert sum(n.startswith("TRAPPIST-1") for n in names) == 7
    for name in names:
        planet = get_planet(name)
        assert planet.mass_err is not None
        assert planet.radius_err is not None
        assert min(planet.mass_err + planet.radius_err) > 0, name
        for quantity in ("mass", "radius", "teq", "k2", "moi"):
            if getattr(planet, quantity) is not None:
                assert planet.references.get(quantity), (name, quantity)


def test_earth_carries_k2_and_moi():
    earth = get_planet("earth")
    assert earth.k2 == 0.933
    assert earth.moi == 0.3307
    assert earth.mass == pytest.approx(1.0, abs=1e-6)
    assert earth.radius == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        earth.mass = 2.0


def test_planet_validates_its_values():
    with pytest.raises(ValueError, match="mass"):
        Planet("x", -1.0, (0.1, 0.1), 1.0, (0.1, 0.1))
    with pytest.raises(ValueError, match="radius_err"):
        Planet("x", 1.0, (0.1, 0.1), 1.0, (-0.1, 0.1))


def _write(tmp_path, *rows, header=HEADER):
    path = tmp_path / "archive.csv"
    path.write_text(
        "# NASA Exoplanet Archive export\n# COLUMN pl_name: Planet Name\n"
        + header
        + "\n"
        + "\n".join(rows)
        + "\n"
    )
    return path


def test_nasa_reader_keeps_asymmetric_errors_and_converts_log_luminosity(tmp_path):
    path = _write(tmp_path, '"GJ 1214 b",8.17,0.43,-0.40,0,2.742,0.050,-0.053,596,0.0149,-2.4,0.21,3250')
    (planet,) = read_nasa_csv(path).planets
    assert planet.mass_err == (0.40, 0.43)
    assert planet.radius_err == (0.053, 0.050)
    assert planet.star_luminosity == pytest.approx(10**-2.4)
    assert planet.teq == 596
    assert planet.semi_major_axis == 0.0149


def test_nasa_reader_reports_every_skipped_row(tmp_path):
    path = _write(
        tmp_path,
        "good b,5,1,-1,0,1.5,0.1,-0.1,,,,,",
        "limit b,36,,,1,2.4,0.1,-0.1,,,,,",
        "empty b,,1,-1,0,1.5,0.1,-0.1,,,,,",
        "text b,five,1,-1,0,1.5,0.1,-0.1,,,,,",
        "noerr b,5,,,0,1.5,0.1,-0.1,,,,,",
        ",5,1,-1,0,1.5,0.1,-0.1,,,,,",
        "hot b,5,1,-1,0,1.5,0.1,-0.1,warm,,,,",
        "good b,5,1,-1,0,1.5,0.1,-0.1,,,,,",
        "short b,5,1",
    )
    catalog = read_nasa_csv(path)
    assert catalog.names == ("good b",)
    reasons = {(s.line, s.name): s.reason for s in catalog.skipped}
    assert reasons == {
        (5, "limit b"): "the mass is an upper limit (pl_bmasselim = 1)",
        (6, "empty b"): "no mass (pl_bmasse is empty)",
        (7, "text b"): "pl_bmasse = 'five' is not a number",
        (8, "noerr b"): "no mass uncertainty (pl_bmasseerr1/err2 empty)",
        (9, ""): "no planet name (pl_name is empty)",
        (10, "hot b"): "pl_eqt = 'warm' is not a number",
        (11, "good b"): "duplicate of line 4",
        (12, "short b"): "no radius (pl_rade is empty)",
    }
    assert "line 7: text b: pl_bmasse = 'five' is not a number" in catalog.report()
    lenient = read_nasa_csv(path, require_errors=False)
    assert "noerr b" in lenient.names
    assert dict(zip(lenient.names, (p.mass_err for p in lenient), strict=True))["noerr b"] == (0.0, 0.0)


def test_nasa_reader_missing_columns_is_a_file_error(tmp_path):
    path = _write(tmp_path, "x,1,1", header="pl_name,pl_bmasse,pl_radeerr1")
    with pytest.raises(FileFormatError, match="missing column"):
        read_nasa_csv(path)
    with pytest.raises(FileFormatError, match="empty or only comments"):
        read_nasa_csv(_write(tmp_path, header="# nothing"))


def test_filters(tmp_path):
    path = _write(
        tmp_path,
        "earth twin,1,0.1,-0.1,0,1,0.01,-0.01,255,1.0,0,1,5772",
        "hot,1,0.1,-0.1,0,1,0.01,-0.01,1200,0.02,0,1,5772",
        "vague,1,0.5,-0.5,0,1,0.01,-0.01,255,1.0,0,1,5772",
        "by radius,1,0.1,-0.1,0,1,0.01,-0.01,255,1.0,,1,5772",
        "no star,1,0.1,-0.1,0,1,0.01,-0.01,255,1.0,,,",
    )
    catalog = filter_catalog(read_nasa_csv(path), max_mass_error=0.2, zone="conservative")
    assert catalog.names == ("earth twin", "by radius")
    reasons = {s.name: s.reason for s in catalog.skipped}
    assert reasons["vague"] == "mass error 50.0% > 20.0%"
    assert "outside the conservative habitable zone" in reasons["hot"]
    assert reasons["no star"] == "no stellar Teff for the habitable-zone cut"
    with pytest.raises(InputError, match="habitable zone"):
        filter_catalog(catalog, zone="tropical")


def test_habitable_zone_of_the_sun():
    # Kopparapu et al. 2014: 0.95-1.67 AU conservative, 0.75-1.77 AU optimistic for the Sun.
    inner, outer = habitable_zone(1.0, 5780.0)
    assert (float(inner), float(outer)) == pytest.approx((0.950, 1.676), abs=1e-3)
    inner, outer = habitable_zone(1.0, 5780.0, "optimistic")
    assert (float(inner), float(outer)) == pytest.approx((0.750, 1.768), abs=1e-3)
    assert np.isnan(habitable_zone(1.0, 9000.0)[0])
    # TRAPPIST-1 (2566 K) is just below the fits' 2600 K; d to g lie in its optimistic zone, h beyond.
    trappist = [get_planet(f"TRAPPIST-1 {x}") for x in "defgh"]
    luminosity = 0.1192**2 * (2566 / 5772) ** 4
    inner, outer = (float(x) for x in habitable_zone(luminosity, 2566.0, "optimistic"))
    inside = [p.name[-1] for p in trappist if inner <= p.semi_major_axis <= outer]
    assert inside == ["d", "e", "f", "g"]


def test_catalog_arrays_for_batch_processing():
    from exoinfer.catalog import builtin_catalog

    arrays = builtin_catalog().arrays()
    n = len(list_planets())
    assert arrays["mass_err"].shape == (n, 2)
    assert np.isnan(arrays["teq"]).sum() == sum(get_planet(p).teq is None for p in list_planets())
