"""Static knowledge used to dress the sample web: services, themes, names, national operators."""

from __future__ import annotations

THEMES = {
    "solidarites": ("Solidarités", "solidarites"),
    "voirie_transport": ("Routes et mobilités", "routes-et-mobilites"),
    "education": ("Collèges et jeunesse", "colleges-et-jeunesse"),
    "sport": ("Sport", "sport"),
    "tourisme_culture": ("Culture et patrimoine", "culture-et-patrimoine"),
    "emploi_insertion": ("Emploi et insertion", "emploi-et-insertion"),
    "developpement_territorial": ("Territoires", "territoires"),
    "autre": ("Démarches pratiques", "demarches-pratiques"),
}

# Drupal-like portals file services one level deeper, under a sub-section of the theme.
SUBSECTIONS = {
    "solidarites": ["personnes-agees", "handicap", "enfance-famille", "insertion-logement"],
    "voirie_transport": ["routes", "transports"],
    "education": ["colleges", "jeunesse"],
    "sport": ["clubs", "pratiquer"],
    "tourisme_culture": ["archives", "culture", "patrimoine"],
    "emploi_insertion": ["insertion", "emploi"],
    "developpement_territorial": ["communes", "agriculture", "habitat"],
    "autre": ["pratique"],
}

# catalogue_id -> (theme, title variants); the first variant is the canonical wording.
SERVICES: dict[str, tuple[str, list[str]]] = {
    "apa_domicile": ("solidarites", [
        "Allocation personnalisée d'autonomie (APA) à domicile", "APA à domicile",
        "Aide à l'autonomie à domicile",
        "ADPA – Allocation départementale personnalisée d'autonomie"]),
    "apa_etablissement": ("solidarites", [
        "APA en établissement", "Allocation personnalisée d'autonomie en établissement",
        "Aide à l'autonomie en EHPAD"]),
    "pch": ("solidarites", [
        "Prestation de compensation du handicap (PCH)", "PCH – Prestation de compensation",
        "Aides humaines et techniques : la PCH"]),
    "aide_sociale_hebergement": ("solidarites", [
        "Aide sociale à l'hébergement", "ASH – Aide sociale à l'hébergement en établissement",
        "Prise en charge des frais d'hébergement"]),
    "aide_menagere": ("solidarites", [
        "Aide ménagère à domicile", "Services ménagers au titre de l'aide sociale",
        "Aide-ménagère pour les personnes âgées"]),
    "teleassistance": ("solidarites", [
        "Téléassistance", "Téléalarme départementale", "Service de téléassistance pour les seniors"]),
    "carte_mobilite_inclusion": ("solidarites", [
        "Carte mobilité inclusion (CMI)", "CMI – carte mobilité inclusion",
        "Carte d'invalidité et de stationnement"]),
    "mdph_demande": ("solidarites", [
        "Faire une demande auprès de la MDPH",
        "Demande à la Maison départementale des personnes handicapées", "Première demande MDPH"]),
    "rsa_demande": ("solidarites", [
        "Demander le revenu de solidarité active (RSA)", "RSA : faire une demande",
        "Revenu de solidarité active"]),
    "rsa_accompagnement": ("emploi_insertion", [
        "Accompagnement des bénéficiaires du RSA", "Parcours d'insertion des allocataires du RSA",
        "Contrat d'engagement réciproque (RSA)"]),
    "fsl": ("solidarites", [
        "Fonds de solidarité pour le logement (FSL)",
        "FSL – aide à l'accès et au maintien dans le logement", "Aide au logement : le FSL"]),
    "fsl_energie": ("solidarites", [
        "FSL énergie : aide au paiement des factures", "Aide aux impayés d'énergie et d'eau",
        "Fonds énergie"]),
    "agrement_assistant_maternel": ("solidarites", [
        "Agrément d'assistant maternel", "Devenir assistant(e) maternel(le)",
        "Demande d'agrément assistante maternelle"]),
    "agrement_assistant_familial": ("solidarites", [
        "Agrément d'assistant familial", "Devenir famille d'accueil",
        "Devenir assistant(e) familial(e)"]),
    "agrement_adoption": ("solidarites", [
        "Agrément en vue d'adoption", "Adopter un enfant : demande d'agrément",
        "Adoption : l'agrément"]),
    "pmi_consultations": ("solidarites", [
        "Consultations de protection maternelle et infantile (PMI)",
        "PMI : consultations pour les jeunes enfants", "Prendre rendez-vous en PMI"]),
    "enfance_en_danger": ("solidarites", [
        "Signaler un enfant en danger", "Enfance en danger : informations préoccupantes",
        "Protection de l'enfance : signalement"]),
    "contrat_jeune_majeur": ("solidarites", [
        "Contrat jeune majeur", "Accompagnement des jeunes majeurs",
        "Aide aux jeunes majeurs (18-21 ans)"]),
    "faj": ("emploi_insertion", [
        "Fonds d'aide aux jeunes (FAJ)", "FAJ – Fonds d'aide aux jeunes",
        "Aide financière pour les 18-25 ans"]),
    "aide_mobilite_insertion": ("emploi_insertion", [
        "Aide à la mobilité pour l'insertion", "Aide au permis de conduire pour l'insertion",
        "Coup de pouce mobilité emploi"]),
    "clause_sociale": ("emploi_insertion", [
        "Clauses sociales dans les marchés publics", "Facilitateur clauses sociales",
        "Clause d'insertion"]),
    "restauration_colleges": ("education", [
        "Restauration scolaire dans les collèges", "Cantine au collège : inscription et tarifs",
        "Demi-pension des collèges"]),
    "bourse_departementale": ("education", [
        "Bourse départementale des collégiens", "Aide départementale à la scolarité",
        "Bourse départementale"]),
    "ordinateur_collegiens": ("education", [
        "Un ordinateur pour chaque collégien", "Équipement numérique des collégiens",
        "Prêt d'ordinateur portable aux élèves de 6e"]),
    "classes_decouverte": ("education", [
        "Aide aux classes de découverte", "Séjours éducatifs des collèges",
        "Classes transplantées"]),
    "conseil_departemental_jeunes": ("education", [
        "Conseil départemental des jeunes", "Candidater au Conseil départemental des jeunes",
        "CDJ : deviens conseiller départemental jeune"]),
    "coupon_sport": ("sport", [
        "Coupon sport", "Pass'Sport départemental", "Chèque sport collégiens"]),
    "subvention_clubs_sportifs": ("sport", [
        "Subventions aux clubs sportifs", "Aide aux associations sportives",
        "Soutien aux clubs sportifs"]),
    "manifestations_sportives": ("sport", [
        "Aide aux manifestations sportives", "Soutien aux événements sportifs",
        "Subvention pour l'organisation d'une compétition"]),
    "sportifs_haut_niveau": ("sport", [
        "Aide aux sportifs de haut niveau", "Bourse aux athlètes de haut niveau",
        "Soutien aux sportifs de l'élite"]),
    "archives_recherche": ("tourisme_culture", [
        "Faire une recherche aux Archives départementales",
        "Demande de recherche archivistique", "Archives : recherches par correspondance"]),
    "archives_etat_civil": ("tourisme_culture", [
        "Consulter l'état civil ancien", "Registres paroissiaux et état civil en ligne",
        "Copie d'acte d'état civil ancien"]),
    "mediatheque_reservation": ("tourisme_culture", [
        "Réserver des documents à la médiathèque départementale",
        "Médiathèque départementale : réservation en ligne",
        "Bibliothèque départementale de prêt : réservations"]),
    "subvention_culture": ("tourisme_culture", [
        "Subventions aux projets culturels", "Aide aux associations culturelles",
        "Soutien à la création artistique"]),
    "enseignements_artistiques": ("tourisme_culture", [
        "Aide aux enseignements artistiques", "Soutien aux écoles de musique et de danse",
        "Schéma départemental des enseignements artistiques"]),
    "patrimoine_restauration": ("tourisme_culture", [
        "Aide à la restauration du patrimoine", "Subvention pour le patrimoine non protégé",
        "Restaurer un édifice patrimonial"]),
    "ens_animations": ("developpement_territorial", [
        "Animations dans les espaces naturels sensibles", "Sorties nature (ENS)",
        "Espaces naturels sensibles : programme d'animations"]),
    "subvention_communes": ("developpement_territorial", [
        "Aides aux communes", "Fonds départemental d'aide aux communes",
        "Contrats de territoire"]),
    "subvention_associations": ("developpement_territorial", [
        "Subventions aux associations", "Demande de subvention associative",
        "Aides aux associations"]),
    "aide_agriculture": ("developpement_territorial", [
        "Aides à l'agriculture", "Soutien aux exploitations agricoles",
        "Aide à l'installation des jeunes agriculteurs"]),
    "aide_eau_assainissement": ("developpement_territorial", [
        "Aide aux travaux d'eau et d'assainissement",
        "Subvention eau potable et assainissement", "Programme eau et assainissement"]),
    "aide_renovation_habitat": ("developpement_territorial", [
        "Aide à la rénovation énergétique de l'habitat", "Habiter mieux : aide aux travaux",
        "Prime rénovation logement"]),
    "permission_voirie": ("voirie_transport", [
        "Permission de voirie", "Demande d'autorisation de voirie",
        "Arrêté de voirie et alignement"]),
    "transports_exceptionnels": ("voirie_transport", [
        "Transports exceptionnels", "Autorisation de transport exceptionnel",
        "Convois exceptionnels : demande d'avis"]),
    "transport_eleves_handicapes": ("voirie_transport", [
        "Transport des élèves en situation de handicap", "Transport adapté des élèves handicapés",
        "Transport scolaire des élèves handicapés"]),
    "signalement_voirie": ("voirie_transport", [
        "Signaler un problème sur la route", "Signalement sur le réseau routier départemental",
        "Routes : signaler un incident"]),
    "covoiturage_aires": ("voirie_transport", [
        "Aires de covoiturage", "Covoiturage : les aires départementales",
        "Se garer sur une aire de covoiturage"]),
    "pass_transport_seniors": ("voirie_transport", [
        "Pass transport seniors", "Carte de transport pour les plus de 65 ans",
        "Titre de transport senior"]),
    "paiement_factures": ("autre", [
        "Payer une facture du Département", "Paiement en ligne de vos factures",
        "Régler une facture (PayFiP)"]),
    "recrutement": ("autre", [
        "Offres d'emploi du Département", "Le Département recrute", "Candidater à un emploi"]),
}

# Local aids outside the catalogue (catalogue_id null in truth).
EXTRAS = [
    ("Chèque Sénior Loisirs", "solidarites"),
    ("Prime vélo à assistance électrique", "voirie_transport"),
    ("Aide au BAFA", "emploi_insertion"),  # docs/methodology.md, "Which theme a family of aids belongs to"
    ("Pass culture départemental", "tourisme_culture"),
    ("Aide à l'installation des médecins", "developpement_territorial"),
    ("Bourse au permis citoyen", "education"),  # a youth engagement scheme (same section)
    ("Location des salles du Département", "autre"),
    ("Trophées des sportifs bénévoles", "sport"),
]

# Local aids whose names are in no catalogue (1-2 per portal): only their text tells the theme.
LOCAL_AIDS = [
    ("Bourse Coup de pouce Permis", "emploi_insertion",
     "Un soutien financier aux demandeurs d'emploi et aux personnes en parcours d'insertion "
     "professionnelle pour qui la conduite est la condition d'un retour à l'emploi."),
    ("Chèque Solidarité Chauffage", "solidarites",
     "Une aide ponctuelle aux ménages modestes et aux personnes âgées en difficulté pour payer "
     "leur chauffage, attribuée au titre de l'aide sociale."),
    ("Bouffée d'Oxygène", "solidarites",
     "Des séjours de répit pour les proches qui accompagnent au quotidien une personne âgée en "
     "perte d'autonomie ou une personne en situation de handicap."),
    ("Kit Réussite 6e", "education",
     "Pour les élèves qui entrent au collège : fournitures scolaires, agenda et calculatrice "
     "remis aux collégiens de sixième."),
    ("Fonds Ruralité Active", "developpement_territorial",
     "Une subvention aux communes rurales et à leurs intercommunalités pour l'aménagement de "
     "centre-bourg et les équipements communaux."),
    ("Prime Covoit'Boulot", "voirie_transport",
     "Pour les salariés qui partagent leur trajet domicile-travail depuis une aire de "
     "covoiturage du réseau départemental."),
    ("Résidences d'artistes au village", "tourisme_culture",
     "L'accueil de compagnies de théâtre, de musiciens et de plasticiens pour des spectacles et "
     "des ateliers culturels dans les villages."),
    ("Trophée des Jeunes Pousses", "sport",
     "Il récompense les jeunes sportifs licenciés d'un club sportif du département pour leurs "
     "résultats en compétition."),
    ("Passerelle Saisonniers", "emploi_insertion",
     "Un accompagnement des allocataires du RSA vers les emplois saisonniers : mise en relation "
     "avec les employeurs et suivi du parcours d'insertion professionnelle."),
]

# national operators: host -> (truth label, site name)
NATIONAL = {
    "www.caf.test": ("caf", "Caisse d'allocations familiales"),
    "mdphenligne.test": ("mdph", "MDPH en ligne"),
    "www.payfip.test": ("dgfip_payfip", "PayFiP – paiement des factures publiques"),
    "ants.test": ("ants", "Agence nationale des titres sécurisés"),
    "www.service-public.test": ("service_public", "Service-Public"),
    "www.msa.test": ("msa", "Mutualité sociale agricole"),
    "www.francetravail.test": ("france_travail", "France Travail"),
    "www.maregion.test": ("region", "Ma Région"),
    "www.demarches-simplifiees.test": ("platform:demarches_simplifiees", "Démarches Simplifiées"),
    "app.franceconnect.test": ("franceconnect", "FranceConnect"),
}
RELAY_HOST = {label: host for host, (label, _) in NATIONAL.items()}

# catalogue_id -> (relay label, path on the operator's host); relayed with some probability.
RELAYS = {
    "rsa_demande": ("caf", "/allocataires/aides-et-demarches/rsa/demande"),
    "mdph_demande": ("mdph", "/demande/nouvelle"),
    "pch": ("mdph", "/demande/pch"),
    "paiement_factures": ("dgfip_payfip", "/paiement"),
    "carte_mobilite_inclusion": ("ants", "/cmi/suivi"),
    "archives_etat_civil": ("service_public", "/particuliers/vosdroits/R1406"),
    "aide_agriculture": ("msa", "/exploitants/aides-installation"),
    "rsa_accompagnement": ("france_travail", "/candidat/accompagnement-rsa"),
    "pass_transport_seniors": ("region", "/transports/pass-senior"),
    "aide_renovation_habitat": ("service_public", "/particuliers/vosdroits/F35083"),
}

# (article form, name) pairs; "de l'" names start with a vowel sound.
NAMES_SMALL = [
    ("de", "Valmont"), ("des", "Hautes-Combes"), ("de la", "Basse-Sorgue"),
    ("du", "Haut-Lignon"), ("de l'", "Orvanne"), ("des", "Monts-d'Aurèle"),
    ("de la", "Marche-Verte"), ("du", "Causse-Noir"),
]
ROOTS = [
    "Arvenne", "Bréval", "Cordelle", "Dauphe", "Escaut-Vert", "Florac-Lys", "Garonnelle",
    "Héraudet", "Isarde", "Jurençon", "Lauragne", "Morvelle", "Nivardeau", "Oustal",
    "Pélussin", "Quercinet", "Roannelle", "Saônois", "Tarnelle", "Ubrac", "Vernisson",
    "Woëvrelle", "Yvelle", "Zorn-Val", "Aubrelle",
]
PREFIXES = [("de", ""), ("du", "Haut-"), ("du", "Bas-"), ("du", "Val-de-")]

FIRST_NAMES = ["Marie", "Jean", "Sophie", "Pierre", "Nathalie", "Michel", "Isabelle", "Philippe",
               "Catherine", "Alain", "Sylvie", "Bernard", "Christine", "Éric", "Martine", "Yves"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
              "Leroy", "Moreau", "Simon", "Laurent", "Lefèbvre", "Michel", "Garcia", "Roux"]
CANTONS = ["Nord", "Sud", "Est", "Ouest", "Centre", "Vallée", "Plateau", "Montagne", "Rives"]

# Fictional communes, for the directory pages (collèges, centres, permanences).
COMMUNES = ["Brumevaux", "Clairsoleil", "Montaurèle", "Saint-Ondin", "Verbois-le-Haut", "Orvillac",
            "Pradelune", "Castelvent", "Roselande", "Vauclarin", "Lanvézec", "Fougeral-sur-Lys",
            "Sainte-Aubelle", "Merlinval", "Haute-Serve", "Courtebrise"]
STREETS = ["rue des Tilleuls", "avenue de la Gare", "place du Marché", "rue du Stade",
           "chemin des Écoliers", "boulevard Victor-Hugo", "rue de la Mairie", "allée des Cerisiers"]
COLLEGE_NAMES = ["Les Tilleuls", "du Val-Fleuri", "Les Genêts", "des Trois-Fontaines",
                 "La Croix-Blanche", "Le Moulin-Neuf", "Les Hauts-Prés", "de la Vallée-Verte",
                 "Les Peupliers", "du Bois-Joli", "La Source", "des Rives-de-l'Ondin",
                 "Les Marronniers", "du Plateau", "Les Cèdres"]
CENTRE_KINDS = ["Maison départementale des solidarités de {c}", "Centre médico-social de {c}",
                "Espace départemental des solidarités de {c}", "Maison des solidarités de {c}",
                "Pôle social et médico-social de {c}"]
# (civility, first name, last name): directory pages name people with their civility.
PEOPLE = [("Mme", "Sophie", "Delorme"), ("M.", "Julien", "Marchal"), ("Mme", "Claire", "Vasseur"),
          ("M.", "Karim", "Benali"), ("Mme", "Hélène", "Fournier"), ("M.", "Thierry", "Lacombe"),
          ("Mme", "Nadia", "Ferrand"), ("M.", "Olivier", "Perrin"), ("Mme", "Anne", "Guillot"),
          ("M.", "Franck", "Baudry"), ("Mme", "Élodie", "Carré"), ("M.", "Stéphane", "Royer")]
JOB_TITLES = ["Travailleur social (H/F)", "Assistant familial (H/F)", "Infirmier de PMI (H/F)",
              "Agent d'exploitation des routes (H/F)", "Gestionnaire des aides sociales (H/F)",
              "Chargé d'accueil en Maison des solidarités (H/F)", "Médecin de PMI (H/F)",
              "Technicien de maintenance des collèges (H/F)"]
# The ARCEP ranges reserved for fiction: every phone number of the web is drawn from them.
FICTION_PHONE_PREFIXES = ["01 99 00", "02 61 91", "03 53 01", "04 65 71", "05 36 49"]
