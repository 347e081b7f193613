"""The seed's Lancashire: boards, the county, its 12 districts and the 5 locality boards (2014).
The boards' office address and phone numbers are made up (drama-range numbers), so nobody rings
a real office from the demo.

These are facts about the county, kept in one place so the demo, the benchmarks and the tests
describe the same county."""

BOARDS = [
    {
        "slug": "children",
        "kind": "children",
        "is_default": True,
        "name": "Lancashire Safeguarding Children Board",
        "short_name": "LSCB",
        "address": "Safeguarding Business Unit\nCounty Hall\nFishergate\nPreston\nPR1 0XX",
        "phone": "01632 960 401 / 01632 960 402",
        "email": "lscb@safeguarding-board.example",
        "introduction": (
            "The board makes sure that the agencies working with children in Lancashire work "
            "together to keep them safe."
        ),
    },
    {
        "slug": "adults",
        "kind": "adults",
        "name": "Lancashire Safeguarding Adults Board",
        "short_name": "LSAB",
        "address": "Safeguarding Business Unit\nCounty Hall\nFishergate\nPreston\nPR1 0XX",
        "phone": "01632 960 401 / 01632 960 402",
        "email": "lsab@safeguarding-board.example",
        "introduction": (
            "The board makes sure that the agencies working with adults at risk in Lancashire "
            "work together to keep them safe."
        ),
    },
]

COUNTY = "Lancashire"

# Each locality board (CPB) and the districts it covers.
LOCALITIES = {
    "Burnley and Pendle": ["Burnley", "Pendle"],
    "Chorley, South Ribble and West Lancashire": ["Chorley", "South Ribble", "West Lancashire"],
    "Fylde, Lancaster and Wyre": ["Fylde", "Lancaster", "Wyre"],
    "Hyndburn, Ribble Valley and Rossendale": ["Hyndburn", "Ribble Valley", "Rossendale"],
    "Preston": ["Preston"],
}

DISTRICTS = [district for districts in LOCALITIES.values() for district in districts]

# The demo county's partner agencies. The names are made up (apart from the constabulary and the
# county council, which the README's demo sign-ins refer to) but follow the pattern of the real
# ones: (name, sector, contribution status, e-mail domain, boards, districts served).
# Boards: "children", "adults" or "both". Districts: None for the whole county, else a list.
_ALL = None
# fmt: off
AGENCIES = [
    # Police
    ("Lancashire Constabulary", "police", "contributing", "lancashire-police.example", "both",
     _ALL),
    ("North West Rail Police Unit", "police", "non_contributing", "nw-rail-police.example",
     "both", _ALL),
    # Health: hospital and community trusts, ambulance, clinical commissioning groups
    ("Central Lancashire Hospitals NHS Foundation Trust", "health", "contributing",
     "central-lancs-hospitals.example", "both", ["Preston", "Chorley", "South Ribble"]),
    ("East Pennine Hospitals NHS Trust", "health", "contributing", "east-pennine-nhs.example",
     "both", ["Burnley", "Pendle", "Hyndburn", "Ribble Valley", "Rossendale"]),
    ("Morecambe Bay Coast Hospitals NHS Foundation Trust", "health", "contributing",
     "bay-coast-hospitals.example", "both", ["Lancaster", "Wyre"]),
    ("Fylde Coast Hospitals NHS Foundation Trust", "health", "contributing",
     "fylde-coast-hospitals.example", "both", ["Fylde", "Wyre"]),
    ("Lancashire Community and Mental Health NHS Trust", "health", "contributing",
     "lancs-community-health.example", "both", _ALL),
    ("North West Coast Ambulance Service NHS Trust", "health", "non_contributing",
     "nw-coast-ambulance.example", "both", _ALL),
    ("Preston and Ribble Clinical Commissioning Group", "health", "contributing",
     "preston-ribble-ccg.example", "both", ["Preston", "Ribble Valley"]),
    ("Pennine Lancashire Clinical Commissioning Group", "health", "contributing",
     "pennine-lancs-ccg.example", "both", ["Burnley", "Pendle", "Hyndburn", "Rossendale"]),
    ("Chorley and West Lancashire Clinical Commissioning Group", "health", "contributing",
     "chorley-west-ccg.example", "both", ["Chorley", "South Ribble", "West Lancashire"]),
    ("Fylde, Lancaster and Wyre Clinical Commissioning Group", "health", "contributing",
     "flw-ccg.example", "both", ["Fylde", "Lancaster", "Wyre"]),
    # The county council
    ("Lancashire County Council Children's Services", "childrens_services", "contributing",
     "lancashire-childrens.example", "children", _ALL),
    ("Lancashire County Council Early Help Service", "childrens_services", "contributing",
     "lancashire-early-help.example", "children", _ALL),
    ("Lancashire County Council Adult Social Care", "adult_social_care", "contributing",
     "lancashire-adult-care.example", "adults", _ALL),
    ("Lancashire County Council Public Health", "other", "contributing",
     "lancashire-public-health.example", "both", _ALL),
    # District councils
    ("Burnley Borough Council", "other", "contributing", "burnley-council.example", "both",
     ["Burnley"]),
    ("Pendle Borough Council", "other", "contributing", "pendle-council.example", "both",
     ["Pendle"]),
    ("Preston City Council", "other", "contributing", "preston-council.example", "both",
     ["Preston"]),
    ("Lancaster City Council", "other", "contributing", "lancaster-council.example", "both",
     ["Lancaster"]),
    ("Chorley Borough Council", "other", "non_contributing", "chorley-council.example", "both",
     ["Chorley"]),
    ("Rossendale Borough Council", "other", "non_contributing", "rossendale-council.example",
     "both", ["Rossendale"]),
    # Schools, academies and colleges
    ("Ribblesdale Learning Trust", "education", "contributing", "ribblesdale-trust.example",
     "children", ["Ribble Valley", "Preston"]),
    ("Pendle Moor Academy", "education", "contributing", "pendle-moor-academy.example",
     "children", ["Pendle"]),
    ("Hyndburn Park Primary School", "education", "non_contributing", "hyndburn-park.example",
     "children", ["Hyndburn"]),
    ("Preston Riverside High School", "education", "contributing", "preston-riverside.example",
     "children", ["Preston"]),
    ("Lune Valley College", "education", "contributing", "lune-valley-college.example",
     "both", ["Lancaster", "Wyre"]),
    ("West Lancashire Sixth Form College", "education", "non_contributing",
     "west-lancs-sixth-form.example", "children", ["West Lancashire", "Chorley"]),
    # Probation and youth justice
    ("National Probation Service, Lancashire Division", "probation", "contributing",
     "probation-lancs.example", "both", _ALL),
    ("Lancashire and Lakes Community Rehabilitation Company", "probation", "contributing",
     "lancs-lakes-crc.example", "both", _ALL),
    ("Lancashire Youth Offending Team", "youth_justice", "contributing", "lancs-yot.example",
     "children", _ALL),
    # Voluntary and community organisations
    ("Red Rose Family Support", "voluntary", "non_contributing", "red-rose-family.example",
     "children", _ALL),
    ("Pendle and Burnley Women's Aid", "voluntary", "non_contributing",
     "pb-womens-aid.example", "both", ["Pendle", "Burnley"]),
    ("Preston Young Carers Network", "voluntary", "non_contributing",
     "preston-young-carers.example", "children", ["Preston"]),
    ("Fylde Coast Domestic Abuse Service", "voluntary", "non_contributing",
     "fylde-da-service.example", "both", ["Fylde", "Wyre", "Lancaster"]),
    ("Lancashire Age Well", "voluntary", "non_contributing", "lancs-age-well.example",
     "adults", _ALL),
    ("Ribble Valley Carers Centre", "voluntary", "non_contributing",
     "rv-carers-centre.example", "adults", ["Ribble Valley", "Hyndburn"]),
    ("Rossendale Youth Trust", "voluntary", "non_contributing", "rossendale-youth.example",
     "children", ["Rossendale"]),
    # Private providers and agencies from outside the county
    ("Oakfield Residential Care Ltd", "other", "private", "oakfield-care.example", "both",
     ["Chorley", "South Ribble"]),
    ("Kestrel Independent Fostering Agency", "childrens_services", "private",
     "kestrel-fostering.example", "children", ["Burnley", "Hyndburn", "Preston"]),
    ("Tameside Children's Services (out of area)", "childrens_services", "private",
     "tameside-childrens.example", "children", []),
]
# fmt: on
