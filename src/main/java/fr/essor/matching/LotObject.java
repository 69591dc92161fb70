package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.notice.ReservationRefiner;
import fr.essor.reference.CpvCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a lot's object is insertion itself or the supply of staff (DESIGN.md section 4): such lots are answered by
 * SIAE as such, AI/ETTI first for staffing, whatever their NAF code says. Recognised from the words of the law, the
 * CPV labels and the eForms fields only, so that no award or example file shapes it.
 */
public record LotObject(boolean insertion, boolean staffing, String reason) {

    public static final LotObject OTHER = new LotObject(false, false, null);

    private static final String INSERTION_SOURCE =
            "the lot's object is insertion (R2123-1 3° services de qualification et d'insertion professionnelles): ";
    private static final String STAFFING_SOURCE = "the lot supplies staff (mise à disposition de personnel): ";

    // R2123-1 3° "services de qualification et d'insertion professionnelles" in any order or inflection, and the
    // vocabulary of insertion as an activity (C. trav. L5132-1, L2112-2 "support d'activité"); text folded first.
    private static final Pattern INSERTION_WORDS = Pattern.compile(
            "qualification et (?:de |d')?(?:l')?insertion professionnel"
                    + "|insertion et (?:de |d')?(?:la )?qualification professionnel"
                    + "|insertion (?:sociale et |socio-? ?)?professionnel"
                    + "|insertion par l'activite economique"
                    + "|\\bactions? d'insertion|\\bchantiers? d'insertion|\\bparcours d'insertion"
                    + "|\\bsupports? d'insertion|\\bsupports? d'activites?\\b[^.;\\n]{0,80}insertion"
                    + "|accompagnement socio-? ?professionnel");
    // What must not count as the object: an insertion clause or social execution condition (L2112-2) describes how
    // an ordinary contract is carried out, and a reservation sentence says who may bid (structure names such as
    // "structures d'insertion par l'activité économique"), not what is bought. Each is cut to the end of its clause.
    private static final Pattern NOT_THE_OBJECT = Pattern.compile(
            "\\bclauses? (?:sociales?|d'insertion)[^.;\\n]*"
                    + "|\\bconditions? d'execution (?:a caractere )?sociale?s?[^.;\\n]*"
                    + "|\\bheures? (?:de travail )?d'insertion[^.;\\n]*"
                    + "|\\breserve(?:e|s|es)?\\b[^.;:\\n]*");
    private static final Pattern STAFFING_WORDS = Pattern.compile(
            "mise a disposition (?:de |du |d')?(?:personnels?|salaries|agents)\\b"
                    + "|\\btravail temporaire\\b|(?<!par )\\binterim(?:aires?)?\\b"
                    + "|remplacement (?:du |de |des )?personnels?\\b|personnels? de remplacement|remplacement d'agents");
    private static final String STAFFING_LABEL = "mise a disposition de personnel";

    /**
     * @param text                 lot title + description
     * @param cpv                  8-digit codes, main first
     * @param reservedExecution    eForms BT-736 (null unknown)
     * @param socialConsiderations tokens like {@code social-objective:opp}, {@code strategic-procurement:soc-obj}
     * @param reservation          the lot's reservation
     */
    public static LotObject of(String text, List<String> cpv, Boolean reservedExecution, List<String> socialConsiderations,
                               Reservation reservation, CpvCatalog catalog) {
        String folded = text == null ? "" : ReservationRefiner.fold(text);
        String insertion = insertionEvidence(folded, cpv, reservedExecution, socialConsiderations, reservation, catalog);
        String staffing = staffingEvidence(folded, cpv, catalog);
        if (insertion == null && staffing == null) {
            return OTHER;
        }
        List<String> why = new ArrayList<>(2);
        if (insertion != null) {
            why.add(INSERTION_SOURCE + insertion);
        }
        if (staffing != null) {
            why.add(STAFFING_SOURCE + staffing);
        }
        return new LotObject(insertion != null, staffing != null, String.join("; ", why));
    }

    private static String insertionEvidence(String folded, List<String> cpv, Boolean reservedExecution,
                                            List<String> social, Reservation reservation, CpvCatalog catalog) {
        Matcher m = INSERTION_WORDS.matcher(NOT_THE_OBJECT.matcher(folded).replaceAll(" "));
        if (m.find()) {
            return "the text says \"" + m.group() + "\"";
        }
        // "Services de réinsertion" and whatever else the catalogue labels so
        Optional<String> code = labelled(cpv, catalog, "insertion");
        if (code.isPresent()) {
            return code.get();
        }
        if (Boolean.TRUE.equals(reservedExecution)) {
            return "its performance is reserved to sheltered employment programmes (eForms BT-736, directive 2014/24 art. 20)";
        }
        if (reservation == Reservation.INTEGRATION && social != null && social.contains("social-objective:opp")) {
            return "reserved to insertion structures (L2113-13) with the social objective of employment opportunities"
                    + " for disadvantaged people (eForms social-objective opp)";
        }
        return null;
    }

    private static String staffingEvidence(String folded, List<String> cpv, CpvCatalog catalog) {
        Matcher m = STAFFING_WORDS.matcher(folded);
        if (m.find()) {
            return "the text says \"" + m.group() + "\"";
        }
        return labelled(cpv, catalog, STAFFING_LABEL).orElse(null);
    }

    /** The first CPV code whose folded French label contains the words, as "CPV 12345678 label". */
    private static Optional<String> labelled(List<String> cpv, CpvCatalog catalog, String words) {
        if (cpv == null || catalog == null) {
            return Optional.empty();
        }
        for (String code : cpv) {
            Optional<CpvCatalog.CpvCode> found = catalog.find(code)
                    .filter(c -> c.labelFr() != null && ReservationRefiner.fold(c.labelFr()).contains(words));
            if (found.isPresent()) {
                return Optional.of("CPV " + found.get().code8() + " " + found.get().labelFr());
            }
        }
        return Optional.empty();
    }
}
