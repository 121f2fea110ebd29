"""Physical constants and the unit conventions used at exoinfer's edges.

SI inside; Earth masses, Earth radii, kelvin and GPa at the user's edge (see :mod:`exoinfer.vocabulary`).
"""

__all__ = [
    "EARTH_MASS",
    "EARTH_RADIUS",
    "GAS_CONSTANT",
    "GPA",
    "GRAVITATIONAL_CONSTANT",
]

#: Newtonian constant of gravitation, CODATA 2018 [m^3 kg^-1 s^-2].
GRAVITATIONAL_CONSTANT = 6.67430e-11

#: Earth mass [kg]; the value of the project's design notes (IAU 2015 nominal GM_E / G).
EARTH_MASS = 5.9722e24

#: Earth radius [m]: 6371 km, the mean radius. Published mass-radius tables normalise differently
#: (e.g. 6378.1 km equatorial), so comparisons state which radius they use.
EARTH_RADIUS = 6.371e6

#: Molar gas constant, CODATA 2018 exact value [J mol^-1 K^-1].
GAS_CONSTANT = 8.314462618

#: One gigapascal [Pa].
GPA = 1.0e9
