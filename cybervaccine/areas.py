"""Thai provinces and districts: codes, names and validation.

Provinces use ISO 3166-2:TH codes ("TH-50"); districts use the four-digit
DOPA code ("5001") whose first two digits are the province's DOPA code.
Data: Debian iso-codes and GeoThai (CC BY 4.0); see data/reference/README.md.
"""

import csv
import dataclasses
import functools

from cybervaccine.settings import PROJECT_ROOT

REFERENCE = PROJECT_ROOT / "data" / "reference"
NATIONAL = "TH"


@dataclasses.dataclass(frozen=True)
class Province:
    code: str
    name_th: str
    name_en: str


@dataclasses.dataclass(frozen=True)
class District:
    code: str
    province_code: str
    name_th: str
    name_en: str


@functools.lru_cache(maxsize=1)
def provinces():
    """Return the 77 provinces by ISO code (Pattaya, TH-S, is a city and left out)."""
    with open(REFERENCE / "th_provinces_iso3166_2.csv", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["iso_3166_2"] != "TH-S"]
    return {row["iso_3166_2"]: Province(row["iso_3166_2"], row["name_th"], row["name_en"]) for row in rows}


@functools.lru_cache(maxsize=1)
def districts():
    """Return the districts by DOPA code."""
    with open(REFERENCE / "th_districts_geothai.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["district_code"]: District(
            row["district_code"], row["iso_3166_2"], row["district_name_th"], row["district_name_en"]
        )
        for row in rows
    }


def is_province(code):
    return code in provinces()


def is_district(code, province_code=None):
    district = districts().get(code)
    if district is None:
        return False
    return province_code is None or district.province_code == province_code
