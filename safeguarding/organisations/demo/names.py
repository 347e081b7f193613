"""Made-up people for the demo county and the benchmark data: first names, surnames and job
titles to draw from with a seeded random generator, so every run makes the same people."""

# fmt: off

FIRST_NAMES = [
    "Aaliyah", "Aaron", "Abdul", "Adam", "Aisha", "Alan", "Alison", "Amanda", "Amir", "Amy",
    "Andrew", "Angela", "Anna", "Anthony", "Asif", "Barbara", "Ben", "Bernadette", "Bilal",
    "Carl", "Caroline", "Catherine", "Charlotte", "Chloe", "Christine", "Claire", "Colin",
    "Craig", "Daniel", "Darren", "David", "Dawn", "Deborah", "Declan", "Denise", "Donna",
    "Eileen", "Elaine", "Elizabeth", "Emma", "Farah", "Fatima", "Fiona", "Gareth", "Gary",
    "Gemma", "Graham", "Hannah", "Hassan", "Helen", "Ian", "Imran", "Jacqueline", "James",
    "Jane", "Janet", "Jason", "Jennifer", "Joanne", "John", "Jonathan", "Julie", "Karen",
    "Kathryn", "Kelly", "Kevin", "Kirsty", "Laura", "Lesley", "Lisa", "Louise", "Lucy",
    "Mandy", "Mark", "Martin", "Matthew", "Michael", "Michelle", "Mohammed", "Nadia", "Natalie",
    "Neil", "Nicola", "Nina", "Owen", "Paul", "Paula", "Peter", "Philip", "Priya", "Rachel",
    "Rebecca", "Richard", "Robert", "Ruth", "Sadia", "Samantha", "Sarah", "Shabana", "Sharon",
    "Simon", "Sophie", "Stephen", "Steven", "Stuart", "Susan", "Tariq", "Tracey", "Usman",
    "Victoria", "Wendy", "Yasmin", "Zoe",
]

SURNAMES = [
    "Ahmed", "Ainsworth", "Akhtar", "Ashworth", "Atkinson", "Bailey", "Barker", "Barnes",
    "Birtwistle", "Booth", "Bradshaw", "Brennan", "Briggs", "Brown", "Butterworth", "Carr",
    "Chadwick", "Clarke", "Cooper", "Crossley", "Cunliffe", "Dawson", "Dixon", "Duckworth",
    "Eastham", "Entwistle", "Evans", "Farrell", "Fielding", "Fletcher", "Foster", "Gallagher",
    "Gregson", "Greenwood", "Haworth", "Hargreaves", "Harrison", "Hartley", "Heys", "Hindle",
    "Holden", "Holt", "Howarth", "Hughes", "Hussain", "Iqbal", "Jackson", "Jones", "Kay",
    "Kelly", "Khan", "Lord", "Lomax", "Marsden", "Mahmood", "Mason", "McCann", "Metcalfe",
    "Moss", "Murphy", "Nuttall", "O'Brien", "Ormerod", "Parker", "Parkinson", "Patel",
    "Pickup", "Pilling", "Rawcliffe", "Rigby", "Riley", "Robinson", "Rossall", "Sharples",
    "Shaw", "Singh", "Slater", "Smith", "Sutcliffe", "Taylor", "Thompson", "Threlfall",
    "Tomlinson", "Walsh", "Whittaker", "Wilkinson", "Wilson", "Wood", "Worden", "Wright",
]

# Job titles by sector: (manager titles, practitioner titles).
JOB_TITLES = {
    "police": (
        ["Detective Inspector", "Sergeant, Public Protection Unit"],
        ["Detective Constable", "Police Constable", "Police Community Support Officer",
         "Child Sexual Exploitation Investigator"],
    ),
    "health": (
        ["Named Nurse for Safeguarding", "Ward Manager", "Health Visiting Team Leader"],
        ["Health Visitor", "School Nurse", "Midwife", "Paediatric Nurse", "Staff Nurse",
         "Mental Health Practitioner", "GP Safeguarding Adviser", "Paramedic"],
    ),
    "childrens_services": (
        ["Team Manager", "Practice Manager", "Senior Practitioner"],
        ["Social Worker", "Family Support Worker", "Child Protection Conference Chair",
         "Independent Reviewing Officer", "Early Help Worker", "Fostering Social Worker"],
    ),
    "adult_social_care": (
        ["Team Manager", "Principal Social Worker"],
        ["Social Worker", "Safeguarding Adults Officer", "Occupational Therapist",
         "Care Navigator"],
    ),
    "education": (
        ["Headteacher", "Deputy Headteacher"],
        ["Designated Safeguarding Lead", "Class Teacher", "Pastoral Support Worker",
         "Special Educational Needs Coordinator", "Learning Mentor"],
    ),
    "probation": (
        ["Senior Probation Officer"],
        ["Probation Officer", "Probation Services Officer", "Case Manager"],
    ),
    "youth_justice": (
        ["Youth Offending Team Manager"],
        ["Youth Justice Worker", "Restorative Justice Officer", "Case Manager"],
    ),
    "voluntary": (
        ["Service Manager", "Project Coordinator"],
        ["Family Support Worker", "Independent Domestic Violence Adviser", "Youth Worker",
         "Volunteer Coordinator", "Outreach Worker"],
    ),
    "other": (
        ["Service Manager", "Housing Manager"],
        ["Housing Officer", "Community Safety Officer", "Licensing Officer",
         "Children's Home Support Worker", "Environmental Health Officer"],
    ),
}

LEAD_TITLE = "Safeguarding Lead"
BOARD_MEMBER_TITLES = ["Director", "Assistant Chief Officer", "Head of Safeguarding",
                       "Chief Nurse", "Deputy Director"]
BUSINESS_UNIT_TITLES = ["Board Manager", "Business Support Officer", "Training Coordinator",
                        "Quality Assurance Officer", "Performance Analyst",
                        "Policy and Development Officer"]
# fmt: on
