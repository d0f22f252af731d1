// Demo content for seeding a sample letter. The letter text, organizers and
// every signatory below are fictional.

export type DemoSignatory = {
  name: string
  profession: string
  organization: string
  location: string
  listing:
    | 'listed'
    | 'counted'
}

export const demoLetter: {
  slug: string
  title: string
  recipient: string
  organizersLine: string
  bodyMarkdown: string
} = {
  slug: 'let-judges-judge-california',
  title: 'Let Judges Judge: California Defense Lawyers on Sentencing Discretion',
  recipient: 'To: the California State Legislature',
  organizersLine:
    'Organized by Renata Solís-Whitaker, deputy public defender, and Professor Desmond Achterberg, Pacific Coast School of Law',
  bodyMarkdown: `Dear Members of the Legislature,

We are public defenders, private defense attorneys, appellate lawyers, law professors, paralegals and former judges. Together we have stood beside tens of thousands of Californians at the moment a court decides what their punishment will be. We write to ask you to protect the one feature of that moment that makes a just outcome possible: a judge's ability to look at the person standing before the court and weigh what actually happened.

Several proposals now before you would create or expand mandatory minimum sentences. They are offered in good faith, in response to real harm and real grief. But a mandatory minimum does not make a sentence more accurate. It moves the decision out of the courtroom, where the facts are known, and into a statute written years earlier by people who could not have known them.

## What mandatory minimums do in practice

In our daily work we see the same pattern again and again. A mandatory minimum does not remove discretion from the system; it shifts it to the charging decision. The prosecutor chooses which count to file, and that choice, made before any evidence has been tested, sets the floor of the sentence. Plea negotiations then take place in the shadow of that floor. People with real defenses plead guilty rather than risk a decade or more in prison. People with the least information to trade receive the harshest terms, while those higher up a chain of responsibility often bargain their way down.

We also see who carries the weight. Mandatory terms fall hardest on young people, on people living with mental illness or addiction, and on communities that are already heavily policed. A judge who learns that a defendant was nineteen, acted under pressure from an older partner and has since completed treatment should be able to give those facts weight. Under a mandatory scheme, the judge must act as though they were never said.

Nor do these laws deliver the safety they promise. Research on deterrence consistently finds that the certainty of being held accountable matters far more than the length of a sentence. Longer mandatory terms keep people in prison well past the age at which most people stop offending, at great cost to taxpayers and to the families left behind. Those dollars could fund victim services, treatment and reentry support that measurably reduce harm.

Judicial discretion is not leniency. California judges impose serious sentences every day, and they state their reasons on the record, where those reasons can be reviewed on appeal. That is accountability. A mandatory minimum, by contrast, cannot be challenged for being unjust. It is simply applied.

## What we ask

We respectfully urge the Legislature to:

- Reject new mandatory minimum sentences and enhancements that prevent a court from considering individual circumstances.
- Preserve and strengthen the authority of judges to strike or dismiss enhancements in the interest of justice.
- Require an independent fiscal and racial impact analysis before passing any bill that lengthens sentences.
- Invest in the alternatives, including treatment, mental health courts, diversion and reentry services, that make communities safer.

We do not ask you to look away from harm. We ask you to trust the judges you have entrusted with judgment, to let them see the whole case, and to hold them answerable for what they decide. A sentence should fit the person and the offense, not a formula.

Respectfully,

The undersigned
`,
}

export const demoSignatories: DemoSignatory[] = [
  { name: 'Maya Okafor', profession: 'Criminal defense attorney', organization: 'Larkspur Legal Group', location: 'Santa Rosa, CA', listing: 'listed' },
  { name: 'José Ramírez-Ortega', profession: 'Public defender', organization: 'Riverside County Public Defender\'s Office', location: 'Riverside, CA', listing: 'listed' },
  { name: 'Zoë Lindqvist', profession: 'Attorney', organization: 'Law Office of Zoë Lindqvist', location: 'Santa Ana, CA', listing: 'listed' },
  { name: 'Thanh Hương Nguyễn', profession: 'Law professor', organization: 'Redwood State University College of Law', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Declan O\'Connell', profession: 'Public defender', organization: 'Tulare County Public Defender\'s Office', location: 'Visalia, CA', listing: 'listed' },
  { name: 'Priya Venkataraman', profession: 'Public defender', organization: 'Santa Barbara County Public Defender\'s Office', location: 'Santa Barbara, CA', listing: 'listed' },
  { name: 'Marcus Whitfield', profession: 'Public defender', organization: 'Los Angeles County Public Defender\'s Office', location: 'Pasadena, CA', listing: 'listed' },
  { name: 'Aaliyah Brooks-Harmon', profession: 'Law professor', organization: 'Redwood State University College of Law', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Tomasz Wiśniewski', profession: 'Attorney', organization: 'Brightwater & Kaur LLP', location: 'San Jose, CA', listing: 'counted' },
  { name: 'Keiko Tanabe', profession: 'Attorney', organization: 'Law Office of Keiko Tanabe', location: 'Visalia, CA', listing: 'listed' },
  { name: 'Rafael Echeverría', profession: 'Legal aid attorney', organization: 'Bay Area Legal Services Collective', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Siobhan McAllister', profession: 'Deputy public defender', organization: 'Santa Clara County Public Defender\'s Office', location: 'Palo Alto, CA', listing: 'listed' },
  { name: 'Darnell Ashby', profession: 'Public defender', organization: 'San Luis Obispo County Public Defender\'s Office', location: 'San Luis Obispo, CA', listing: 'listed' },
  { name: 'Ingrid Solberg', profession: 'Deputy public defender', organization: 'San Joaquin County Public Defender\'s Office', location: 'Stockton, CA', listing: 'listed' },
  { name: 'Hamid Rahimi', profession: 'Former prosecutor', organization: 'Retired', location: 'Riverside, CA', listing: 'listed' },
  { name: 'Leilani Kahananui', profession: 'Deputy public defender', organization: 'Los Angeles County Public Defender\'s Office', location: 'Los Angeles, CA', listing: 'listed' },
  { name: 'Beatriz Alcántara', profession: 'Appellate attorney', organization: 'Golden State Appellate Defenders Network', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Owen Petrakis', profession: 'Legal aid attorney', organization: 'Willamette Valley Legal Aid', location: 'Portland, OR', listing: 'listed' },
  { name: 'Chioma Eze-Lawson', profession: 'Deputy public defender', organization: 'Shasta County Public Defender\'s Office', location: 'Redding, CA', listing: 'listed' },
  { name: 'Gideon Feldstein', profession: 'Deputy public defender', organization: 'San Luis Obispo County Public Defender\'s Office', location: 'San Luis Obispo, CA', listing: 'listed' },
  { name: 'Renée Dufresne', profession: 'Criminal defense attorney', organization: 'Quill & Harrow LLP', location: 'Santa Ana, CA', listing: 'counted' },
  { name: 'Samuel Adeyemi', profession: 'Attorney', organization: 'Self-employed', location: 'Los Angeles, CA', listing: 'listed' },
  { name: 'Mei-Ling Chao', profession: 'Public defender', organization: 'Stanislaus County Public Defender\'s Office', location: 'Modesto, CA', listing: 'listed' },
  { name: 'Patrick Fennelly', profession: 'Former prosecutor', organization: 'Self-employed', location: 'Eureka, CA', listing: 'listed' },
  { name: 'Yesenia Villalobos', profession: 'Former superior court judge', organization: 'Retired', location: 'Riverside, CA', listing: 'listed' },
  { name: 'Arjun Malhotra', profession: 'Law student', organization: 'Bayshore Law School', location: 'San Francisco, CA', listing: 'listed' },
  { name: 'Hannah Greenbaum', profession: 'Appellate attorney', organization: 'Coastal Appellate Project', location: 'San Francisco, CA', listing: 'listed' },
  { name: 'Tavita Faleolo', profession: 'Legal aid attorney', organization: 'Central Valley Legal Aid', location: 'Fresno, CA', listing: 'listed' },
  { name: 'Camille Broussard', profession: 'Law professor', organization: 'Sierra Vista College of Law', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Dmitri Orlovsky', profession: 'Legal aid attorney', organization: 'Golden Poppy Legal Aid Society', location: 'Los Angeles, CA', listing: 'listed' },
  { name: 'Naomi Whitehorse', profession: 'Public defender', organization: 'Kern County Public Defender\'s Office', location: 'Bakersfield, CA', listing: 'listed' },
  { name: 'Kwame Asante-Boateng', profession: 'Criminal defense attorney', organization: 'Law Office of Kwame Asante-Boateng', location: 'Riverside, CA', listing: 'listed' },
  { name: 'Lucía Montenegro', profession: 'Law professor', organization: 'Redwood State University College of Law', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Ethan Kowalczyk', profession: 'Public defender', organization: 'Alameda County Public Defender\'s Office', location: 'Hayward, CA', listing: 'counted' },
  { name: 'Soo-ah Park', profession: 'Attorney', organization: 'Law Office of Soo-ah Park', location: 'Modesto, CA', listing: 'listed' },
  { name: 'Fiona Drummond', profession: 'Deputy public defender', organization: 'Sonoma County Public Defender\'s Office', location: 'Santa Rosa, CA', listing: 'listed' },
  { name: 'Ibrahim Haddad', profession: 'Public defender', organization: 'Monterey County Public Defender\'s Office', location: 'Salinas, CA', listing: 'listed' },
  { name: 'Graciela Fuentes', profession: 'Attorney', organization: 'Pike, Yamada & Stroud', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Benedikt Ahlers', profession: 'Law student', organization: 'Mission Hills University School of Law', location: 'Los Angeles, CA', listing: 'listed' },
  { name: 'Ayesha Siddiqui', profession: 'Paralegal', organization: 'Santa Clara County Public Defender\'s Office', location: 'San Jose, CA', listing: 'listed' },
  { name: 'Connor Maguire', profession: 'Deputy public defender', organization: 'San Diego County Public Defender\'s Office', location: 'San Diego, CA', listing: 'listed' },
  { name: 'Thandiwe Mokoena', profession: 'Former superior court judge', organization: 'Retired', location: 'San Diego, CA', listing: 'listed' },
  { name: 'Héctor Saldívar', profession: 'Public defender', organization: 'Tulare County Public Defender\'s Office', location: 'Visalia, CA', listing: 'listed' },
  { name: 'Rosalind Nwosu-Grant', profession: 'Former prosecutor', organization: 'Self-employed', location: 'Redding, CA', listing: 'listed' },
  { name: 'Jun Takahashi', profession: 'Law professor', organization: 'Sierra Vista College of Law', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Margaux Lefebvre', profession: 'Criminal defense attorney', organization: 'Self-employed', location: 'Stockton, CA', listing: 'listed' },
  { name: 'Elijah Washburn', profession: 'Appellate attorney', organization: 'Self-employed', location: 'Santa Barbara, CA', listing: 'counted' },
  { name: 'Farah Nazari', profession: 'Attorney', organization: 'Law Office of Farah Nazari', location: 'Los Angeles, CA', listing: 'listed' },
  { name: 'Cormac Ó Briain', profession: 'Law professor', organization: 'Pacific Coast School of Law', location: 'San Diego, CA', listing: 'listed' },
  { name: 'Valentina Russo', profession: 'Legal aid attorney', organization: 'Central Valley Legal Aid', location: 'Fresno, CA', listing: 'listed' },
  { name: 'Tyrone Featherstone', profession: 'Public defender', organization: 'Humboldt County Public Defender\'s Office', location: 'Eureka, CA', listing: 'listed' },
  { name: 'Anneliese Brandt', profession: 'Public defender', organization: 'San Bernardino County Public Defender\'s Office', location: 'San Bernardino, CA', listing: 'listed' },
  { name: 'Oluwaseun Adebayo', profession: 'Former prosecutor', organization: 'Self-employed', location: 'Seattle, WA', listing: 'listed' },
  { name: 'Carmen Ibarra-Loyola', profession: 'Former prosecutor', organization: 'Quill & Harrow LLP', location: 'Santa Ana, CA', listing: 'listed' },
  { name: 'Wesley Tran', profession: 'Appellate attorney', organization: 'Coastal Appellate Project', location: 'San Francisco, CA', listing: 'listed' },
  { name: 'Noa Ben-David', profession: 'Law professor', organization: 'Redwood State University College of Law', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Gabriel Thibodeaux', profession: 'Former superior court judge', organization: 'Mediation Services of Stockton', location: 'Stockton, CA', listing: 'listed' },
  { name: 'Kalani Akana', profession: 'Paralegal', organization: 'Halloran & Vidal LLP', location: 'San Francisco, CA', listing: 'counted' },
  { name: 'Esperanza Mejía', profession: 'Former superior court judge', organization: 'Retired', location: 'Bakersfield, CA', listing: 'listed' },
  { name: 'Rohan Deshpande', profession: 'Former superior court judge', organization: 'Retired', location: 'Santa Rosa, CA', listing: 'listed' },
  { name: 'Bridget Kavanagh', profession: 'Attorney', organization: 'Law Office of Bridget Kavanagh', location: 'El Centro, CA', listing: 'listed' },
  { name: 'Mateo Guzmán', profession: 'Legal aid attorney', organization: 'Harbor Tenants & Defendants Legal Clinic', location: 'San Diego, CA', listing: 'listed' },
  { name: 'Sunita Ramaswamy', profession: 'Attorney', organization: 'Larkspur Legal Group', location: 'Santa Rosa, CA', listing: 'listed' },
  { name: 'Jamal Underwood', profession: 'Criminal defense attorney', organization: 'Quill & Harrow LLP', location: 'Santa Ana, CA', listing: 'listed' },
  { name: 'Élodie Marchand', profession: 'Deputy public defender', organization: 'Orange County Public Defender\'s Office', location: 'Irvine, CA', listing: 'listed' },
  { name: 'Kenji Morimoto', profession: 'Law professor', organization: 'Redwood State University College of Law', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Ruth Abernathy', profession: 'Public defender', organization: 'Santa Clara County Public Defender\'s Office', location: 'Palo Alto, CA', listing: 'listed' },
  { name: 'Andrés Villaseñor', profession: 'Public defender', organization: 'Santa Clara County Public Defender\'s Office', location: 'Palo Alto, CA', listing: 'listed' },
  { name: 'Nadia Petrović', profession: 'Criminal defense attorney', organization: 'Halloran & Vidal LLP', location: 'San Francisco, CA', listing: 'listed' },
  { name: 'Lionel Chukwuma', profession: 'Criminal defense attorney', organization: 'Self-employed', location: 'Bakersfield, CA', listing: 'counted' },
  { name: 'Sarah Goldfarb-Reyes', profession: 'Attorney', organization: 'Self-employed', location: 'Los Angeles, CA', listing: 'listed' },
  { name: 'Quentin Albrecht', profession: 'Deputy public defender', organization: 'Sacramento County Public Defender\'s Office', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Ximena Castañeda', profession: 'Deputy public defender', organization: 'Monterey County Public Defender\'s Office', location: 'Salinas, CA', listing: 'listed' },
  { name: 'Daniel Osei', profession: 'Appellate attorney', organization: 'Golden State Appellate Defenders Network', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Greta Halvorsen', profession: 'Criminal defense attorney', organization: 'Law Office of Greta Halvorsen', location: 'Santa Ana, CA', listing: 'listed' },
  { name: 'Tuấn Phạm', profession: 'Former prosecutor', organization: 'Retired', location: 'San Bernardino, CA', listing: 'listed' },
  { name: 'Mariah Lockwood', profession: 'Appellate attorney', organization: 'Coastal Appellate Project', location: 'San Francisco, CA', listing: 'listed' },
  { name: 'Ezekiel Dlamini', profession: 'Public defender', organization: 'Imperial County Public Defender\'s Office', location: 'El Centro, CA', listing: 'listed' },
  { name: 'Paloma Arriaga', profession: 'Law student', organization: 'Redwood State University College of Law', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Trevor Nakashima', profession: 'Law professor', organization: 'Mission Hills University School of Law', location: 'Los Angeles, CA', listing: 'listed' },
  { name: 'Imani Caldwell', profession: 'Legal aid attorney', organization: 'Central Valley Legal Aid', location: 'Fresno, CA', listing: 'listed' },
  { name: 'Stanislav Horvat', profession: 'Paralegal', organization: 'Orange County Public Defender\'s Office', location: 'Santa Ana, CA', listing: 'listed' },
  { name: 'Rosa Quintanilla', profession: 'Public defender', organization: 'Sonoma County Public Defender\'s Office', location: 'Santa Rosa, CA', listing: 'counted' },
  { name: 'Malik Jefferson-Hale', profession: 'Attorney', organization: 'Law Office of Malik Jefferson-Hale', location: 'Hayward, CA', listing: 'listed' },
  { name: 'Aoife Brennan', profession: 'Deputy public defender', organization: 'Sacramento County Public Defender\'s Office', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Vikram Sethi', profession: 'Attorney', organization: 'Law Office of Vikram Sethi', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Consuelo Ortiz', profession: 'Appellate attorney', organization: 'Golden State Appellate Defenders Network', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Jonah Birnbaum', profession: 'Law professor', organization: 'Sierra Vista College of Law', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Amara Nwachukwu', profession: 'Former superior court judge', organization: 'Self-employed', location: 'Reno, NV', listing: 'listed' },
  { name: 'Luis Cárdenas', profession: 'Attorney', organization: 'Self-employed', location: 'Fresno, CA', listing: 'listed' },
  { name: 'Eleanor Whitcombe', profession: 'Public defender', organization: 'San Joaquin County Public Defender\'s Office', location: 'Stockton, CA', listing: 'listed' },
  { name: 'Hyun-woo Kim', profession: 'Deputy public defender', organization: 'Santa Clara County Public Defender\'s Office', location: 'San Jose, CA', listing: 'listed' },
  { name: 'Juliette Beaumont', profession: 'Deputy public defender', organization: 'Shasta County Public Defender\'s Office', location: 'Redding, CA', listing: 'listed' },
  { name: 'Bashir Qureshi', profession: 'Law professor', organization: 'Redwood State University College of Law', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Maribel Espinoza', profession: 'Deputy public defender', organization: 'San Francisco Public Defender\'s Office', location: 'San Francisco, CA', listing: 'listed' },
  { name: 'Callum Fraser', profession: 'Paralegal', organization: 'Moreno Castillo Law Group', location: 'Los Angeles, CA', listing: 'counted' },
  { name: 'Dalia Mansour', profession: 'Former superior court judge', organization: 'Mediation Services of Santa Cruz', location: 'Santa Cruz, CA', listing: 'listed' },
  { name: 'Isaiah Goodwin', profession: 'Paralegal', organization: 'Santa Clara County Public Defender\'s Office', location: 'Palo Alto, CA', listing: 'listed' },
  { name: 'Astrid Nyberg', profession: 'Paralegal', organization: 'Moreno Castillo Law Group', location: 'Los Angeles, CA', listing: 'listed' },
  { name: 'Rubén Olvera', profession: 'Criminal defense attorney', organization: 'Law Office of Rubén Olvera', location: 'Modesto, CA', listing: 'listed' },
  { name: 'Shreya Kulkarni', profession: 'Criminal defense attorney', organization: 'Self-employed', location: 'Irvine, CA', listing: 'listed' },
  { name: 'Desmond Fairweather', profession: 'Public defender', organization: 'Maricopa County Public Defender\'s Office', location: 'Phoenix, AZ', listing: 'listed' },
  { name: 'Lorena Bautista', profession: 'Public defender', organization: 'San Diego County Public Defender\'s Office', location: 'San Diego, CA', listing: 'listed' },
  { name: 'Niall O\'Rourke', profession: 'Attorney', organization: 'Law Office of Niall O\'Rourke', location: 'Santa Rosa, CA', listing: 'listed' },
  { name: 'Yuki Hasegawa', profession: 'Former superior court judge', organization: 'Retired', location: 'Riverside, CA', listing: 'listed' },
  { name: 'Adaeze Obi', profession: 'Former prosecutor', organization: 'Halloran & Vidal LLP', location: 'San Francisco, CA', listing: 'listed' },
  { name: 'Francisco Barragán', profession: 'Public defender', organization: 'Ventura County Public Defender\'s Office', location: 'Ventura, CA', listing: 'listed' },
  { name: 'Penelope Marsh', profession: 'Attorney', organization: 'Law Office of Penelope Marsh', location: 'Santa Cruz, CA', listing: 'counted' },
  { name: 'Omar Al-Khatib', profession: 'Legal aid attorney', organization: 'Central Valley Legal Aid', location: 'Fresno, CA', listing: 'listed' },
  { name: 'Sofía Arellano', profession: 'Public defender', organization: 'Los Angeles County Public Defender\'s Office', location: 'Los Angeles, CA', listing: 'listed' },
  { name: 'Brendan Whitlock', profession: 'Deputy public defender', organization: 'Orange County Public Defender\'s Office', location: 'Irvine, CA', listing: 'listed' },
  { name: 'Kiri Tawhiri', profession: 'Attorney', organization: 'Tulé Okimoto Law', location: 'Fresno, CA', listing: 'listed' },
  { name: 'Milagros Paredes', profession: 'Deputy public defender', organization: 'San Diego County Public Defender\'s Office', location: 'San Diego, CA', listing: 'listed' },
  { name: 'Theodore Vance-Ellison', profession: 'Paralegal', organization: 'Contra Costa County Public Defender\'s Office', location: 'Richmond, CA', listing: 'listed' },
  { name: 'Liwei Zhang', profession: 'Criminal defense attorney', organization: 'Halloran & Vidal LLP', location: 'San Francisco, CA', listing: 'listed' },
  { name: 'Marisol Cienfuegos', profession: 'Deputy public defender', organization: 'Ventura County Public Defender\'s Office', location: 'Ventura, CA', listing: 'listed' },
  { name: 'Gareth Llewellyn', profession: 'Public defender', organization: 'Sacramento County Public Defender\'s Office', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Nia Okoro', profession: 'Law professor', organization: 'Redwood State University College of Law', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Emilio Zambrano', profession: 'Former superior court judge', organization: 'Retired', location: 'Fresno, CA', listing: 'listed' },
  { name: 'Katarzyna Nowak', profession: 'Former superior court judge', organization: 'Mediation Services of Oakland', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Jerome Baptiste', profession: 'Paralegal', organization: 'Alameda County Public Defender\'s Office', location: 'Oakland, CA', listing: 'counted' },
  { name: 'Anjali Bhattacharya', profession: 'Criminal defense attorney', organization: 'Pike, Yamada & Stroud', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Rory Delaney', profession: 'Appellate attorney', organization: 'Coastal Appellate Project', location: 'San Francisco, CA', listing: 'listed' },
  { name: 'Guadalupe Treviño', profession: 'Deputy public defender', organization: 'Alameda County Public Defender\'s Office', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Henrik Sørensen', profession: 'Criminal defense attorney', organization: 'Self-employed', location: 'Berkeley, CA', listing: 'listed' },
  { name: 'Zainab Yusuf', profession: 'Legal aid attorney', organization: 'Capitol Region Legal Aid', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Cyrus Farahani', profession: 'Law professor', organization: 'Central Valley School of Law', location: 'Fresno, CA', listing: 'listed' },
  { name: 'Dolores Amezcua', profession: 'Law student', organization: 'Lakeshore School of Law', location: 'Chicago, IL', listing: 'listed' },
  { name: 'Isaac Lindenbaum', profession: 'Criminal defense attorney', organization: 'Delgado Fenn Criminal Defense', location: 'San Diego, CA', listing: 'listed' },
  { name: 'Tatiana Morozova', profession: 'Paralegal', organization: 'Orange County Public Defender\'s Office', location: 'Santa Ana, CA', listing: 'listed' },
  { name: 'Ramón De la Cruz', profession: 'Legal aid attorney', organization: 'Capitol Region Legal Aid', location: 'Sacramento, CA', listing: 'listed' },
  { name: 'Evangeline Pierce', profession: 'Deputy public defender', organization: 'Alameda County Public Defender\'s Office', location: 'Berkeley, CA', listing: 'listed' },
  { name: 'Kofi Mensah-Arthur', profession: 'Attorney', organization: 'Larkspur Legal Group', location: 'Santa Rosa, CA', listing: 'counted' },
  { name: 'Châu Hoàng', profession: 'Former prosecutor', organization: 'Self-employed', location: 'Redding, CA', listing: 'listed' },
  { name: 'Felicity Ashworth', profession: 'Law professor', organization: 'Redwood State University College of Law', location: 'Oakland, CA', listing: 'listed' },
  { name: 'Santiago Beltrán', profession: 'Attorney', organization: 'Self-employed', location: 'Los Angeles, CA', listing: 'listed' },
  { name: 'Amira El-Sayed', profession: 'Criminal defense attorney', organization: 'Self-employed', location: 'Palo Alto, CA', listing: 'listed' },
  { name: 'Wyatt Holloway', profession: 'Deputy public defender', organization: 'Santa Cruz County Public Defender\'s Office', location: 'Santa Cruz, CA', listing: 'listed' },
  { name: 'Inés Gallardo', profession: 'Deputy public defender', organization: 'Riverside County Public Defender\'s Office', location: 'Riverside, CA', listing: 'listed' },
  { name: 'Terrence McBride', profession: 'Criminal defense attorney', organization: 'Law Office of Terrence McBride', location: 'El Centro, CA', listing: 'listed' },
  { name: 'Leticia Navarrete', profession: 'Public defender', organization: 'Bernalillo County Public Defender\'s Office', location: 'Albuquerque, NM', listing: 'listed' },
  { name: 'Aditya Raghunathan', profession: 'Legal aid attorney', organization: 'North Coast Legal Assistance', location: 'Eureka, CA', listing: 'listed' },
  { name: 'Moana Tuilagi', profession: 'Legal aid attorney', organization: 'Inland Empire Justice Project', location: 'Riverside, CA', listing: 'listed' },
  { name: 'Victor Szabó', profession: 'Public defender', organization: 'Los Angeles County Public Defender\'s Office', location: 'Los Angeles, CA', listing: 'counted' },
  { name: 'Catalina Restrepo', profession: 'Deputy public defender', organization: 'Stanislaus County Public Defender\'s Office', location: 'Modesto, CA', listing: 'listed' },
  { name: 'Nathaniel Okafor-Reed', profession: 'Criminal defense attorney', organization: 'Quill & Harrow LLP', location: 'Santa Ana, CA', listing: 'listed' },
  { name: 'Ji-hoon Seo', profession: 'Public defender', organization: 'Sonoma County Public Defender\'s Office', location: 'Santa Rosa, CA', listing: 'listed' },
  { name: 'Marguerite Thibault', profession: 'Criminal defense attorney', organization: 'Brightwater & Kaur LLP', location: 'San Jose, CA', listing: 'listed' },
  { name: 'Julián Aguirre', profession: 'Appellate attorney', organization: 'Coastal Appellate Project', location: 'San Francisco, CA', listing: 'listed' },
  { name: 'Abena Owusu', profession: 'Paralegal', organization: 'Fresno County Public Defender\'s Office', location: 'Fresno, CA', listing: 'listed' },
]
