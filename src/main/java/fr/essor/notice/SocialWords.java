package fr.essor.notice;

import java.util.regex.Pattern;

/**
 * Whether a buyer's own words (an award criterion, a performance condition) are about social aims:
 * social clauses, insertion of people far from work, disability, disadvantaged workers. In the languages
 * notices come in most here (French, English, and "social"/"sozial" in most EU languages).
 */
public final class SocialWords {
    private static final Pattern SOCIAL = Pattern.compile(
            "\\bsocia(?:l|le|les|ux|li|l[ae]s?)\\b|\\bsozial|\\bsocjaln|\\bsoci[aá]ln"
                    + "|insertion (?:sociale|professionnelle|par l.activite)|clauses? d.insertion|heures? d.insertion"
                    + "|personnes? (?:en insertion|eloignees? de l.emploi|handicapees?|en situation de handicap|defavorisees?)"
                    + "|travailleurs? handicapes?|chomeurs? de longue duree|\\binclusion\\b|\\bhandicap"
                    + "|disabilit|disabled (?:people|persons|workers)|disadvantaged|long-term unemployed");

    private SocialWords() {
    }

    public static boolean mentions(String... texts) {
        for (String t : texts) {
            if (t != null && SOCIAL.matcher(ReservationRefiner.fold(t)).find()) {
                return true;
            }
        }
        return false;
    }
}
