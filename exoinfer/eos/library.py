"""Named materials with literature parameters. Look them up with :func:`get_material`.

Molar masses used for V0 -> rho0: Fe 55.845, MgSiO3 100.389, Mg2SiO4 140.693, H2O 18.01528, H2 2.01588 g/mol.
Densities below are rho0 = molar mass / V0, rounded to 0.1 kg m^-3.

Isotherms are 300 K fits; phase boundaries of the mantle are placed where they lie on a 1600 K mantle
adiabat (the solver's solids are isothermal, see :class:`exoinfer.structure.Layer`). Pressures above a
fit's experimental range are extrapolations; ``p_max`` marks where we stop trusting them.
"""

from functools import cache

from ..constants import GPA
from ..errors import ModelError
from .base import Material
from .gas import IdealGasEnvelope
from .isothermal import BirchMurnaghan3, Vinet
from .phases import PhaseSequence
from .polytrope import ModifiedPolytrope

__all__ = ["get_material", "material_names"]

_SEAGER = "Seager et al. 2007, ApJ 669, 1279, Table 3"
_DOROGOKUPETS = "Dorogokupets et al. 2015, Russ. Geol. Geophys. 56, 172"
#: Vinet/BM3 fits are measured to about 0.2-1.4 TPa. Like every published super-Earth model we extrapolate
#: them (literature extrapolations of iron differ by ~4% in density at 1 TPa and ~20% at 10 TPa, Hakim et
#: al. 2018, Icarus 313, 61), up to the top of their tables, 100 TPa: beyond any planet below 25 M_E.
SOLID_P_MAX = 1.0e14


def _seager(name, rho0, c, n):
    return lambda: ModifiedPolytrope(name, rho0, c, n, reference=_SEAGER)


def _iron_hcp():
    # Dewaele et al. 2006, PRL 97, 215504: hcp Fe, Vinet, V0 = 6.75 cm^3/mol, K0 = 163.4 GPa, K0' = 5.38,
    # measured to 205 GPa.
    return Vinet(
        "fe-hcp",
        8273.3,
        163.4 * GPA,
        5.38,
        p_max=SOLID_P_MAX,
        reference="Dewaele et al. 2006, PRL 97, 215504",
    )


def _earth_core():
    # Zeng, Sasselov & Jacobsen 2016, ApJ 819, 127, Sec. 2: Earth's core (Fe with light elements), a
    # Birch-Murnaghan fit to PREM with K0' = 4: rho0 = 7050 kg/m^3, K0 = 201 GPa, density within ~1%.
    # It gives Earth (32.5% core) R = 1.000 R_E, fluid k2 = 0.937 (PREM: 0.933) and C/MR^2 = 0.331, and
    # it is the "Fe" of Zeng et al.'s mass-radius tables. Pure hcp iron is ``fe-hcp``.
    return BirchMurnaghan3(
        "earth-core",
        7050.0,
        201.0 * GPA,
        4.0,
        p_max=SOLID_P_MAX,
        reference="Zeng, Sasselov & Jacobsen 2016, ApJ 819, 127",
    )


def _silicate_mantle():
    # Mg2SiO4 polymorphs and MgSiO3 bridgmanite / post-perovskite, all BM3 fits of Dorogokupets et al. 2015:
    # forsterite V0 43.67 cm^3/mol, K0 127.4 GPa, K0' 4.3; wadsleyite 40.54, 169.0, 4.14; ringwoodite 39.5,
    # 187.4, 3.98; bridgmanite 24.45, 252.0, 4.38; post-perovskite 24.2, 253.7, 4.03.
    phases = [
        BirchMurnaghan3("forsterite", 3221.7, 127.4 * GPA, 4.30, reference=_DOROGOKUPETS),
        BirchMurnaghan3("wadsleyite", 3470.5, 169.0 * GPA, 4.14, reference=_DOROGOKUPETS),
        BirchMurnaghan3("ringwoodite", 3561.8, 187.4 * GPA, 3.98, reference=_DOROGOKUPETS),
        BirchMurnaghan3("bridgmanite", 4105.9, 252.0 * GPA, 4.38, p_max=SOLID_P_MAX, reference=_DOROGOKUPETS),
        BirchMurnaghan3(
            "post-perovskite", 4148.3, 253.7 * GPA, 4.03, p_max=SOLID_P_MAX, reference=_DOROGOKUPETS
        ),
    ]
    # Boundaries at T = 1600 K: wadsleyite P > 9.45 + 2.76e-3 T, ringwoodite P > 8.69 + 6.05e-3 T,
    # bridgmanite P > 24.3 - 2.12e-4 T - 3.49e-7 T^2 (Dorogokupets et al. 2015, as used by the MAGRATHEA
    # code of Huang et al. 2022, MNRAS 513, 5256); post-perovskite P > 112.5 + 7e-3 T (Ono & Oganov 2005,
    # EPSL 236, 914). All in GPa.
    transitions = [13.87, 18.37, 23.07, 123.7]
    return PhaseSequence(
        "silicate-mantle",
        phases,
        [t * GPA for t in transitions],
        reference=f"{_DOROGOKUPETS}; transitions at 1600 K (Dorogokupets 2015; Ono & Oganov 2005)",
    )


def _bridgmanite():
    return BirchMurnaghan3(
        "mgsio3-bridgmanite", 4105.9, 252.0 * GPA, 4.38, p_max=SOLID_P_MAX, reference=_DOROGOKUPETS
    )


def _water_ice():
    phases = [
        # Ice VI, Bezacier et al. 2014, J. Chem. Phys. 141, 104505: BM3, V0 14.17 cm^3/mol, K0 14.05 GPa,
        # K0' 4.
        BirchMurnaghan3(
            "ice-vi", 1271.4, 14.05 * GPA, 4.0, reference="Bezacier et al. 2014, J. Chem. Phys. 141, 104505"
        ),
        # Ice VII, Frank, Fei & Hu 2004, GCA 68, 2781: BM3 at 300 K, V0 12.4 cm^3/mol, K0 21.1 GPa, K0' 4.4.
        BirchMurnaghan3("ice-vii", 1452.8, 21.1 * GPA, 4.4, reference="Frank, Fei & Hu 2004, GCA 68, 2781"),
        # Ice X, Grande et al. 2022, PRB 105, 104109: Vinet, V0 10.18 cm^3/mol, K0 50.52 GPa, K0' 4.5.
        Vinet(
            "ice-x",
            1769.7,
            50.52 * GPA,
            4.5,
            p_max=SOLID_P_MAX,
            reference="Grande et al. 2022, PRB 105, 104109",
        ),
    ]
    # VI -> VII at the liquid-VI-VII triple point, 2.216 GPa; VII -> X at 30.9 GPa (Grande et al. 2022, the
    # default of MAGRATHEA).
    return PhaseSequence("water-ice", phases, [2.216 * GPA, 30.9 * GPA])


def _cold_hydrogen():
    # Loubeyre, Occelli & Dumas 2020, Nature 577, 631 (Extended Data Fig. 5): solid H2, Vinet,
    # V0 = 23 cm^3/mol, K0 = 0.191 GPa, K0' = 7.039, measured to 425 GPa. A zero-temperature layer: the
    # smallest radius a hydrogen layer of given mass can have.
    return Vinet(
        "h2-cold",
        87.6,
        0.191 * GPA,
        7.039,
        p_max=1.0e12,
        reference="Loubeyre, Occelli & Dumas 2020, Nature 577, 631",
    )


_FACTORIES = {
    "fe-seager2007": _seager("fe-seager2007", 8300.0, 0.00349, 0.528),
    "mgsio3-seager2007": _seager("mgsio3-seager2007", 4100.0, 0.00161, 0.541),
    "mgfesio3-seager2007": _seager("mgfesio3-seager2007", 4260.0, 0.00127, 0.549),
    "h2o-seager2007": _seager("h2o-seager2007", 1460.0, 0.00311, 0.513),
    "c-seager2007": _seager("c-seager2007", 2250.0, 0.00350, 0.514),
    "sic-seager2007": _seager("sic-seager2007", 3220.0, 0.00172, 0.537),
    "earth-core": _earth_core,
    "fe-hcp": _iron_hcp,
    "silicate-mantle": _silicate_mantle,
    "mgsio3-bridgmanite": _bridgmanite,
    "water-ice": _water_ice,
    "h2-cold": _cold_hydrogen,
    "h-he-ideal-gas": IdealGasEnvelope,
}


def material_names():
    """Names of the built-in materials (and the built-in envelope)."""
    return tuple(_FACTORIES)


@cache
def get_material(name) -> Material:
    """The built-in material called ``name``; one shared instance, so its EOS table is built once.

    Raises
    ------
    ModelError
        If there is no such material; the message lists the known ones.
    """
    try:
        factory = _FACTORIES[name]
    except KeyError:
        raise ModelError(f"unknown material {name!r}; known: {', '.join(_FACTORIES)}") from None
    return factory()
