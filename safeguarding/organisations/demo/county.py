"""The seed's Lancashire: boards, the county, its 12 districts and the 5 locality boards (2014).

These are facts about the county, kept in one place so the demo, the benchmarks and the tests
describe the same county."""

BOARDS = [
    {
        "slug": "children",
        "kind": "children",
        "name": "Lancashire Safeguarding Children Board",
        "short_name": "LSCB",
        "address": "Room 503/504\nEast Cliff Offices\nJDO\nPreston\nPR1 3EA",
        "phone": "01772 530283 / 01772 530329",
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
        "address": "Room 503/504\nEast Cliff Offices\nJDO\nPreston\nPR1 3EA",
        "phone": "01772 530283 / 01772 530329",
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
