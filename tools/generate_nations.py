"""Generate the bundled rule pack's nations.yaml from maintained sources.

    pip install -e '.[generate]' && python tools/generate_nations.py

Sources: country-converter's table (UN membership and short/official names), pycountry (ISO 3166
names and codes) and countryinfo (other spellings, demonyms, capitals). UN member states are the
table's rows with a UN membership year; the two observer states (Holy See, State of Palestine) are
added by code. The few curated additions below are what the genre writes and no source lists.
"""

from __future__ import annotations

import csv
import importlib.resources
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/policykg/ontology/rules/nations.yaml"
OBSERVERS = {"VAT", "PSE"}

# Short forms that sources leave out, or keep only as codes; an alias of three letters or fewer is
# kept only when it is listed here (two-letter codes like "TR" are too ambiguous in text).
CURATED = {
    "ARE": ["UAE", "U.A.E.", "the Emirates", "Emirates"],
    "CHN": ["PRC", "mainland China"],
    # "eastern Congo" (the Kivus and Ituri) is always the DRC, where plain "Congo" is ambiguous
    # and its eastern provinces, where the genre's wars are, say which Congo a text means
    "COD": [
        "DRC",
        "DR Congo",
        "Congo-Kinshasa",
        "eastern Congo",
        "eastern DRC",
        "North Kivu",
        "South Kivu",
        "Ituri",
    ],
    "COG": ["Congo-Brazzaville"],
    # the state's de facto government since 2021, as the genre names it ("Afghanistan's Taliban
    # government has promised…"); the plain "Taliban" stays the armed movement (a Threat)
    "AFG": [
        "Taliban government",
        "Taliban authorities",
        "Taliban administration",
        "Islamic Emirate of Afghanistan",
    ],
    # "the Royal Navy" with no state named is Britain's; Oman's services say so in full
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "Royal Navy", "Royal Air Force", "RAF"],
    "IRN": ["Iran", "Islamic Republic of Iran"],
    "KOR": ["ROK", "South Korea", "Republic of Korea"],
    "OMN": ["Royal Navy of Oman", "Royal Air Force of Oman"],
    "PRK": ["DPRK", "North Korea"],
    # the Palestinian Authority is how the genre names the state's government
    "PSE": ["Palestine", "State of Palestine", "Palestinian Authority"],
    "RUS": ["Russia", "Russian Federation"],
    "SAU": ["KSA", "Kingdom of Saudi Arabia"],
    "SYR": ["Syria"],
    "TUR": ["Turkey", "Turkiye", "Republic of Turkey", "Republic of Türkiye"],
    # "Washington" stands for the US government in this genre ("shares intelligence with
    # Washington"); the capital countryinfo gives is "Washington D.C."
    "USA": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "Washington"],
    "VAT": ["Holy See", "Vatican", "Vatican City"],
    "VNM": ["Vietnam", "Viet Nam"],
}
# Demonyms the genre uses besides the one countryinfo gives ("Saudi forces", "Kazakh troops").
CURATED_DEMONYMS = {
    "SAU": ["Saudi"],
    "KAZ": ["Kazakh"],
    "USA": ["U.S.", "US"],
    "GBR": ["UK", "U.K."],
    "KGZ": ["Kyrgyz"],
    "UZB": ["Uzbek"],
    "TJK": ["Tajik"],
    "TKM": ["Turkmen"],
    "AFG": ["Afghan"],
    "BGD": ["Bangladeshi"],
    "ARE": ["UAE", "Emirati"],
    "NLD": ["Netherlands"],
    "PHL": ["Philippine", "Filipino"],
    "CHN": ["Chinese"],
    "RUS": ["Russian"],
    "KOR": ["South Korean"],
    "PRK": ["North Korean"],
    "COM": ["Comorian"],
}
# Spellings the sources give that are ordinary English words or first names in this genre's text
# ("Suakin Island" is no Iceland, a "Dominique" no Dominica).
DROPPED = {
    "ISL": {"Island"},
    "DMA": {"Dominique"},
}
# Capitals countryinfo still knows by an old name: the new one is the capital, the old one an alias.
RENAMED_CAPITALS = {
    "KAZ": "Astana",  # Nur-Sultan from 2019, Astana again since September 2022
}
# Capitals that stand for their state in this genre ("Ankara and Baghdad agreed…"), except those
# that are also common words, people or other places, or whose use as a metonym takes sides.
CAPITAL_BLOCKLIST = {
    "Brussels",  # stands for the European Union in this genre (organizations.yaml)
    "Washington D.C.",
    "Washington",  # a curated alias of the United States instead
    "Victoria",
    "Kingston",
    "Georgetown",
    "Nassau",
    "Male",
    "Jerusalem",
    "Saint John's",
    "Castries",
    "Roseau",
    "Basseterre",
    "Kingstown",
    "Praia",
    "Victoria City",
    "City of Victoria",
    "Palikir",
    "Funafuti",
    "Yaren",
    "Majuro",
    "Tarawa",
    "Ngerulmud",
    "Avarua",
}
_LATIN = re.compile(r"^[A-Za-z0-9 .,'’()&éèêëôöóòüúùçíîïàáâãñÅåÉÔÜÇ-]+$")


def _short_names() -> dict[str, dict[str, str]]:
    path = importlib.resources.files("country_converter").joinpath("country_data.tsv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {
        r["ISO3"]: r
        for r in rows
        if (r["UNmember"] not in ("", "nan") or r["ISO3"] in OBSERVERS)
        and r["obsolete"] in ("", "nan")
    }


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")


def _keep(alias: str, curated: set[str]) -> bool:
    if alias in curated:
        return True
    return len(alias) > 3 and "," not in alias and bool(_LATIN.match(alias)) and not alias.isupper()


def main() -> int:
    import pycountry
    from countryinfo import CountryInfo

    rows = _short_names()
    entries = []
    for iso3, row in sorted(rows.items()):
        country = pycountry.countries.get(alpha_3=iso3)
        info = CountryInfo(iso3).info()
        label = row["name_short"]
        curated = CURATED.get(iso3, [])
        names = [row["name_official"], *curated]
        for attr in ("name", "official_name", "common_name"):
            names.append(getattr(country, attr, None))
        names += [info.get("name"), *(info.get("altSpellings") or [])]
        names = [n.strip() for n in names if n and n.strip()]
        capital = (info.get("capital") or "").strip()
        if iso3 in RENAMED_CAPITALS:
            names.append(capital)
            capital = RENAMED_CAPITALS[iso3]
        dropped = DROPPED.get(iso3, set())
        aliases = sorted(
            {n for n in names if n != label and n not in dropped and _keep(n, set(curated))}
        )
        demonyms = [
            d for d in [(info.get("demonym") or "").strip(), *CURATED_DEMONYMS.get(iso3, [])] if d
        ]
        entries.append(
            {
                "iso3": iso3,
                "iso2": country.alpha_2,
                "label": label,
                "aliases": aliases,
                "capital": capital,
                "demonyms": list(dict.fromkeys(demonyms)),
            }
        )
    # A name two states share ("Congo") or a demonym two states share ("Congolese") names neither.
    alias_count = Counter(a.casefold() for e in entries for a in {e["label"], *e["aliases"]})
    demonym_count = Counter(d for e in entries for d in e["demonyms"])
    lines = [
        "# GENERATED by tools/generate_nations.py from country-converter, pycountry and",
        "# countryinfo: every UN member state and the two observer states, with ISO 3166 codes.",
        "# Do not edit by hand; change the generator's curated lists and run it again.",
        "concepts:",
    ]
    for e in entries:
        aliases = [a for a in e["aliases"] if alias_count[a.casefold()] == 1]
        capital = e["capital"]
        if (
            capital
            and capital not in CAPITAL_BLOCKLIST
            and alias_count[capital.casefold()] == 0
            and _LATIN.match(capital)
            and len(capital) > 3
        ):
            aliases.append(capital)
        lines.append(f"  - id: {_slug(e['label'])}")
        lines.append("    class: Nation")
        lines.append(f"    label: {_quote(e['label'])}")
        if aliases:
            lines.append(f"    aliases: [{', '.join(_quote(a) for a in sorted(set(aliases)))}]")
        demonyms = [d for d in e["demonyms"] if demonym_count[d] == 1 and _LATIN.match(d)]
        if demonyms:
            lines.append(f"    demonyms: [{', '.join(_quote(d) for d in demonyms)}]")
        lines.append(f"    iso_alpha2: {e['iso2']}")
        lines.append(f"    iso_alpha3: {e['iso3']}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} nations to {OUT}")
    return 0


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    sys.exit(main())
