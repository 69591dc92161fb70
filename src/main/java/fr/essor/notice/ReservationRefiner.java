package fr.essor.notice;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refines the reservation a feed can express (eForms {@code res-ws}, OCDS {@code shelteredWorkshop}:
 * "sheltered workshops and operators integrating disabled or disadvantaged persons") into the French legal
 * basis the buyer's own words name (DESIGN.md section 3, reservation table): L2113-12 or only EA/ESAT →
 * sheltered; L2113-13 or only insertion structures → integration; L2113-13-1, or prison work with no structure
 * named → prison; both, L2113-14, or nothing decisive (beneficiaries or a prison as a place) → sheltered-or-integration.
 */
public final class ReservationRefiner {

    // "L2113-12", "L. 2113-13-1", "article L 2113-14"; text is folded first (lower case, no accents, plain hyphens)
    /** Combining marks, once decomposed: what fold drops (compiled once, not per call). */
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern CCP_ARTICLE = Pattern.compile("\\bl\\s?\\.?\\s?2113\\s?-\\s?(\\d{1,2})(?:\\s?-\\s?(\\d))?(?!\\d)");
    // Code du travail / CASF articles defining the structures themselves (L5213-13-1: EA de travail temporaire)
    private static final Pattern SHELTERED_LAW = Pattern.compile("\\bl\\s?\\.?\\s?(?:5213\\s?-\\s?13(?:\\s?-\\s?1)?|344\\s?-\\s?2)(?![-\\d])");
    private static final Pattern INTEGRATION_LAW = Pattern.compile("\\bl\\s?\\.?\\s?5132\\s?-\\s?4(?![-\\d])");

    // Only the structures a text names say who may bid. Beneficiaries ("personnes handicapées", "travailleurs
    // handicapés", "personnes éloignées de l'emploi", "défavorisés") are served by both families, and a prison as
    // a place ("établissement pénitentiaire", "maison d'arrêt", "centre de détention") is where the work is done,
    // not who does it: neither narrows the basis, so neither has a pattern here.
    private static final Pattern SHELTERED_STRUCTURES = Pattern.compile(
            "entreprises? adaptees?|etablissements? et services? d.aide par le travail|ateliers? proteges?"
                    + "|sheltered workshops?");
    // acronyms are matched on the original text, upper case only ("ea" is a word in other languages)
    private static final Pattern SHELTERED_ACRONYMS = Pattern.compile("\\b(?:EA|EATT|ESAT)\\b");
    private static final Pattern INTEGRATION_STRUCTURES = Pattern.compile(
            "insertion par l.activite economique|structures? d.insertion|entreprises? d.insertion"
                    + "|ateliers? et chantiers? d.insertion|chantiers? d.insertion|associations? intermediaires?"
                    + "|travail temporaire d.insertion");
    private static final Pattern INTEGRATION_ACRONYMS = Pattern.compile("\\b(?:SIAE|IAE|ETTI|EITI|ACI)\\b");
    // Directive 2014/24 art. 20's "operators whose main aim is the social and professional integration of disabled
    // or disadvantaged persons" (the res-ws code list label) covers both families at once.
    private static final Pattern BOTH_STRUCTURES = Pattern.compile(
            "objet principal est l.integration sociale et professionnelle"
                    + "|aim(?:ing|s)? at the social and professional integration");
    // Prison work (L2113-13-1): detainees as the workers, not as the people served or housed.
    private static final Pattern PRISON_WORK = Pattern.compile(
            "travail penitentiaire|emploi penitentiaire|regie industrielle des etablissements penitentiaires"
                    + "|\\b(?:par|emploi|emploie|emploient|employant|travail|embauche)\\s+(?:de\\s+|des\\s+|d')?(?:personnes?\\s+)?"
                    + "detenu(?:e|es|s)?\\b"
                    + "|\\bdetenu(?:e|es|s)?\\s+(?:employe|salarie|travaill)"
                    + "|prison (?:labour|labor|work)|\\b(?:by|employing|employ) (?:prisoners|inmates)\\b");

    private ReservationRefiner() {
    }

    /**
     * @param texts the lot's texts first, then the procedure's; the first group that decides wins
     * @return the refined reservation for a sheltered-workshop reservation
     */
    public static Reservation refineSheltered(TextGroup... texts) {
        for (TextGroup group : texts) {
            Reservation decided = decide(group.joined());
            if (decided != null) {
                return decided;
            }
        }
        return Reservation.SHELTERED_OR_INTEGRATION;
    }

    /** Some texts that belong together (a lot's title and description, or the procedure's). */
    public record TextGroup(String... texts) {
        String joined() {
            StringBuilder b = new StringBuilder();
            for (String t : texts) {
                if (t != null) {
                    b.append(t).append('\n');
                }
            }
            return b.toString();
        }
    }

    /** The basis one text names, or null when it names none decisively. */
    static Reservation decide(String original) {
        if (original == null || original.isBlank()) {
            return null;
        }
        String text = fold(original);
        boolean sheltered = false;
        boolean integration = false;
        boolean prison = false;
        boolean both = false;
        Matcher m = CCP_ARTICLE.matcher(text);
        while (m.find()) {
            String article = m.group(1);
            String sub = m.group(2);
            if ("13".equals(article) && "1".equals(sub)) {
                prison = true;
            } else if (sub == null) {
                switch (article) {
                    case "12" -> sheltered = true;
                    case "13" -> integration = true;
                    case "14" -> both = true;
                    default -> {
                    }
                }
            }
        }
        if (prison) {
            return Reservation.PRISON;
        }
        if (both || (sheltered && integration)) {
            return Reservation.SHELTERED_OR_INTEGRATION;
        }
        if (sheltered) {
            return Reservation.SHELTERED;
        }
        if (integration) {
            return Reservation.INTEGRATION;
        }
        // no article of the Code de la commande publique: the structures the text names decide, then prison work
        boolean namesBoth = BOTH_STRUCTURES.matcher(text).find();
        boolean namesSheltered = namesBoth || SHELTERED_LAW.matcher(text).find()
                || SHELTERED_STRUCTURES.matcher(text).find() || SHELTERED_ACRONYMS.matcher(original).find();
        boolean namesIntegration = namesBoth || INTEGRATION_LAW.matcher(text).find()
                || INTEGRATION_STRUCTURES.matcher(text).find() || INTEGRATION_ACRONYMS.matcher(original).find();
        if (namesSheltered && namesIntegration) {
            return Reservation.SHELTERED_OR_INTEGRATION;
        }
        if (namesSheltered) {
            return Reservation.SHELTERED;
        }
        if (namesIntegration) {
            return Reservation.INTEGRATION;
        }
        return PRISON_WORK.matcher(text).find() ? Reservation.PRISON : null;
    }

    /** Lower case, accents removed, typographic apostrophes and hyphens made plain. */
    public static String fold(String s) {
        String n = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        return n.toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'').replace('\u2018', '\'')
                .replace('\u2010', '-').replace('\u2011', '-').replace('\u2012', '-').replace('\u2013', '-')
                .replace('\u00a0', ' ').replace('\u202f', ' ');
    }
}
