// French for the stable codes the API puts beside each English reason (openapi.yaml, ReasonCodes.java).
// An unknown code falls back to the API's English text.

const COMPONENT_REASONS = {
  'text-shared-terms': 'Des mots du lot figurent dans son activité',
  'text-no-shared-term': 'Aucun mot du lot dans son activité',
  'cpv-overlap': 'Codes CPV proches de ceux du lot',
  'cpv-no-overlap': 'Aucun code CPV proche de ceux du lot',
  'cpv-lot-uncoded': 'Le lot n\u2019a pas de code CPV',
  'activity-matches-elsewhere': 'Activité reconnue par l\u2019autre critère (mots ou codes) : valeur neutre',
  'activity-unknown': 'Activité inconnue : valeur neutre',
  'insertion-lot': 'Lot dont l\u2019objet est l\u2019insertion : toute SIAE y répond',
  'staffing-lot': 'Lot de mise à disposition de personnel : AI et ETTI d\u2019abord',
  'area-department': 'Intervient dans le département du lot',
  'area-region': 'Intervient dans la région du lot',
  'inside-radius': 'Dans son rayon d\u2019intervention',
  'beyond-radius': 'Au-delà de son rayon d\u2019intervention',
  'outside-listed-area': 'Hors des zones d\u2019intervention qu\u2019il déclare',
  'place-unknown': 'Lieu du lot inconnu : valeur neutre',
  'site-unknown': 'Adresse du fournisseur inconnue : valeur neutre',
  'value-unknown': 'Montant du lot inconnu : valeur neutre',
  'headcount-unknown': 'Effectif inconnu : valeur neutre',
  'capacity-comfortable': 'Capacité suffisante pour le lot',
  'capacity-stretched': 'Capacité juste : un groupement peut aider',
  'capacity-exceeded': 'Lot trop grand pour son effectif : co-traitance conseillée',
  'policy-values-category': 'Catégorie valorisée par la politique d\u2019achat',
  'policy-values-none': 'Aucune catégorie valorisée par la politique d\u2019achat',
};

const ELIGIBILITY = {
  'not-reserved': 'Lot non réservé : ouvert à tous',
  'category-eligible': 'Éligible : sa catégorie permet de répondre au lot réservé',
  'category-not-eligible': 'Non éligible : sa catégorie ne relève pas de cette réservation',
  'geiq-not-siae': 'Non éligible : un GEIQ n\u2019est pas une SIAE',
  'ess-status': 'Éligible : statut d\u2019entreprise de l\u2019ESS',
  'esus-by-law': 'Éligible : ESUS de droit (SIAE, entreprise adaptée)',
  'esus-agreement': 'Éligible : agrément ESUS',
  'esus-expired': 'Non éligible : agrément ESUS expiré',
  'no-ess-status': 'Non éligible : aucun statut ESS connu',
};

const LOT_CHECK = {
  'no-lot-condition': 'Aucune condition sur le lot',
  'article-77-conditions-met': 'Conditions de l\u2019article 77 remplies (CPV de services sociaux, 36 mois au plus)',
  'cpv-not-on-article-77-list': 'CPV principal hors de la liste des services de l\u2019article 77',
  'duration-over-36-months': 'Durée supérieure à 36 mois',
  'main-cpv-unknown': 'CPV principal inconnu : à préciser',
  'duration-unknown': 'Durée inconnue : à préciser',
};

const RECOMMENDATION_REASONS = {
  'enough-suppliers-low-dependency': 'Plus de 30 fournisseurs à portée et une dépendance économique sous 30 %',
  'enough-suppliers': 'Entre 11 et 30 fournisseurs à portée',
  'dependency-unknown': 'Plus de 30 fournisseurs, mais le montant du lot ou leur capacité est inconnu',
  'dependency-too-high': 'Plus de 30 fournisseurs, mais une dépendance économique de 30 % ou plus',
  'few-suppliers': 'Entre 2 et 10 fournisseurs à portée',
  'too-few-suppliers': 'Un fournisseur à portée au plus',
  'place-unknown': 'Lieu du lot inconnu : « à portée » ne peut être calculé',
  'lot-check-unknown': 'Une condition du lot est inconnue : à préciser',
};

export const ACTIONS = {
  'reserve-contract': 'Réserver le marché',
  'reserve-lot': 'Réserver un lot',
  'insertion-clause': 'Clause d\u2019insertion',
  'award-criterion': 'Critère social d\u2019attribution',
  'unknown': 'À préciser',
};

export const RESERVATIONS = {
  'none': 'Aucune réservation',
  'sheltered': 'Entreprises adaptées, ESAT (L2113-12)',
  'integration': 'Structures d\u2019insertion, SIAE (L2113-13)',
  'sheltered-or-integration': 'EA, ESAT ou SIAE (L2113-14)',
  'prison': 'Travail pénitentiaire (L2113-13-1)',
  'public-service-mission': 'ESS, mission de service public (L2113-15, art. 77)',
};

/** The same without the article, where the API gives the article beside it. */
export const RESERVATION_NAMES = {
  'none': 'Aucune réservation',
  'sheltered': 'Entreprises adaptées, ESAT',
  'integration': 'Structures d\u2019insertion (SIAE)',
  'sheltered-or-integration': 'EA, ESAT ou SIAE',
  'prison': 'Travail pénitentiaire',
  'public-service-mission': 'ESS, mission de service public',
};

export const COMPONENTS = {
  text: 'Mots',
  cpv: 'Codes CPV',
  geo: 'Distance',
  capacity: 'Capacité',
  preference: 'Politique d\u2019achat',
};

export const CATEGORIES = {
  EI: 'Entreprise d\u2019insertion', ETTI: 'Entreprise de travail temporaire d\u2019insertion', AI: 'Association intermédiaire',
  ACI: 'Atelier et chantier d\u2019insertion', EITI: 'Entreprise d\u2019insertion par le travail indépendant',
  EA: 'Entreprise adaptée', EATT: 'EA de travail temporaire', ESAT: 'Établissement et service d\u2019aide par le travail',
  SEP: 'Travail pénitentiaire', GEIQ: 'Groupement d\u2019employeurs pour l\u2019insertion et la qualification',
  ASSOCIATION: 'Association', COOPERATIVE: 'Coopérative', SCOP: 'SCOP', SCIC: 'SCIC', CAE: 'Coopérative d\u2019activité et d\u2019emploi',
  MUTUELLE: 'Mutuelle', FONDATION: 'Fondation', ESS_COMPANY: 'Société commerciale de l\u2019ESS',
  ESUS: 'Agrément ESUS', FAIR_TRADE: 'Commerce équitable', PTCE: 'Membre d\u2019un PTCE',
};

export const SOURCES = {
  essor: 'saisie essor', lemarche: 'Le marché de l\u2019inclusion', 'ess-numerique': 'ESS numérique', derived: 'déduit (de droit)',
};

export const NATURES = {works: 'Travaux', supplies: 'Fournitures', services: 'Services'};

function pick(table, code, english) {
  return (code && table[code]) || english || code || '';
}

export const componentReason = (c) => pick(COMPONENT_REASONS, c && c.code, c && c.reason);
export const eligibilityReason = (e) => pick(ELIGIBILITY, e && e.code, e && e.reason);
export const lotCheckReason = (b) => pick(LOT_CHECK, b && b.lotCheckCode, b && b.lotCheckReason);
export const recommendationReason = (r) => pick(RECOMMENDATION_REASONS, r && r.code, r && r.reason);
export const reservationLabel = (token) => RESERVATIONS[token] || token || '—';
export const categoryLabel = (token) => CATEGORIES[token] || token;
export const sourceLabel = (token) => SOURCES[token] || token;

/** Every code the page translates, for a check that none is missing. */
export const KNOWN_CODES = {
  components: Object.keys(COMPONENT_REASONS), eligibility: Object.keys(ELIGIBILITY),
  lotCheck: Object.keys(LOT_CHECK), recommendation: Object.keys(RECOMMENDATION_REASONS),
};
