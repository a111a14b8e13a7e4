"""Realistic names shared by every benchmark's generator: companies (EN/ES, with aliases) and people."""
from __future__ import annotations

import random

from kambot.domain.text import normalize_name

ROOTS = """Acme Apex Andes Atlas Aurora Austral Azul Baltic Beacon Bluebird Boreal Brightwater Cardinal Cascade
Cedar Centauro Cobalt Condor Cordillera Corona Crescent Crown Delta Diamante Eagle Eastwind Ember Emerald Everest
Falcon Fenix Fjord Frontier Galaxia Garnet Glacier Golden Granite Harbor Hawthorne Helios Horizon Iberia Indigo
Iron Jade Juniper Keystone Kestrel Lago Lakeshore Laurel Liberty Lighthouse Lumen Magnolia Maple Mariner Meridian
Mesa Monarch Montana Nimbus Noble Norte Northwind Oak Oceanic Olympus Onyx Orion Pacifico Palmera Paragon Patagonia
Peregrine Pinnacle Pioneer Polar Prairie Prism Quantum Quarry Radiant Raven Redwood Ridge Rio Riverside Rocky
Sabre Saffron Sagebrush Salinas Sapphire Sequoia Sierra Silver Solaris Sonora Sparrow Spruce Starlight Sterling
Stonebridge Summit Sunrise Tango Terra Thunder Timber Titan Topaz Trident Tundra Union Valle Vanguard Vega Venture
Verde Vertex Vista Volcan Westbrook Willow Windward Zenith Zephyr Hale Okafor Brennan Lowell Castillo Fuentes
Morales Paredes Quiroga Salas Valenzuela Rojas Soto Navarro Ibarra Cortes Herrera Mendoza Aguilar Whitfield
Ashford Blackwood Carrington Davenport Ellsworth Fairbanks Greenwood Hartley Kingsley Langford Merriweather
Northcott Pemberton Radcliffe Sutherland Thornton Underwood Wakefield Yardley""".split()
SECONDS = """Blue Red Green Grey White Black North South East West New Old Prime First Royal United Central
Global Pacific Atlantic Coastal Mountain River Lake Valley Bay Hill Park Bridge Point Rock Stone Field Wood
Star Sun Moon Sky Cloud Rain Snow Wind Fire Gold Steel Copper""".split()
INDUSTRIES = """Logistics Foods Bank Energy Systems Retail Pharma Capital Telecom Motors Labs Software Partners
Holdings Industries Group Solutions Minerals Textiles Construction Media Health Airlines Farms Steel Chemicals
Consulting Analytics Insurance Realty Shipping Robotics Semiconductors Beverages Hotels Utilities""".split()
SPANISH = "Grupo Banco Constructora Laboratorios Seguros Transportes Inversiones Distribuidora Clínica Minera".split()
FIRST = """María José Ana Juan Luis Carlos Lucía Javier Sofía Diego Valentina Andrés Camila Pedro Laura Jorge
Elena Pablo Carmen Miguel Sarah Daniel Robert Margaret David Kevin Priya Megan Tony Emily James Olivia Michael
Emma William Ava Benjamin Mia Lucas Charlotte Henry Amelia Jack Harper Owen Evelyn Samuel Abigail Ravi Wei Aisha
Omar Yuki Hiro Fatima Ivan Nina Tomás Ignacio Catalina Hernán Rodrigo Alejandro Ramiro Verónica""".split()
LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson
Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell
Mitchell Carter Roberts Fernández Morales Castillo Peña Ruiz Paredes Quiroga Salas Muñoz Núñez Pérez Rojas Soto
Okafor Kim Patel Shah Walsh Doyle Rhodes Lowell Brennan Hale Becker Fischer Rossi Bianchi Silva Santos Costa
Kowalski Novak Ivanova Tanaka Sato Chen Wang Singh Khan Ali""".split()
SYLLABLES = """ba be bo da de di ka ke ko la li lo ma mi mo na ne no ra re ri ro sa se so ta te to va ve vi
za zo tra tri bra bre pla plu gen ver tex lux nor sol mar kor vin dal fen gar hel jor kal mer nex pol qui rav
sen tal ul var wen xan yor zen""".split()


def person(rng: random.Random) -> str:
    """A contact name; double surnames (common in Spanish) keep most full names unique, as in real teams."""
    second = f" {rng.choice(LAST)}" if rng.random() < 0.7 else ""
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}{second}"


def coined(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3)))).capitalize()


def account_names(size: int, rng: random.Random) -> list[tuple[str, str | None]]:
    """`size` distinct realistic company names, each with an alias ~40% of the time."""
    names: dict[str, tuple[str, str | None]] = {}
    while len(names) < size:
        root, second, industry = rng.choice(ROOTS), rng.choice(SECONDS), rng.choice(INDUSTRIES)
        shape = rng.random()
        if shape < 0.3:
            name, alias = f"{root} {industry}", root
        elif shape < 0.75:
            name, alias = f"{second} {root} {industry}", f"{second} {root}"
        elif shape < 0.85:
            name, alias = f"{rng.choice(SPANISH)} {root} {second}", f"{root} {second}"
        else:  # coined brand names ("Zentavo Labs"): most real lists have thousands of distinct words
            name, alias = f"{coined(rng)} {industry}", None
        names.setdefault(normalize_name(name), (name, alias if rng.random() < 0.4 else None))
    return list(names.values())
