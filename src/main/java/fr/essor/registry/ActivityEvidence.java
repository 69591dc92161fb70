package fr.essor.registry;

import fr.essor.reference.CpvCatalog;
import fr.essor.reference.CpvNafAffinity;

/**
 * Whether the registry says what an enterprise does (DESIGN.md section 4, "Unknown is not irrelevant"). Its
 * activity is unknown when its NAF code is absent or generic (88.99B, 94.99Z: the affinity table declares them), it
 * declares no CPV code and has no description: then nothing but its name can tell, and silence is not evidence that
 * it does something else. One definition for the index (which marks such documents) and the scorer (which gives
 * them the neutral value).
 */
public final class ActivityEvidence {
    private ActivityEvidence() {
    }

    public static boolean unknown(Enterprise e, CpvNafAffinity affinity) {
        boolean saysNothing = e.description() == null || e.description().isBlank();
        boolean declaresNoCode = true;
        if (e.cpv() != null) {
            for (String code : e.cpv()) {
                declaresNoCode &= CpvCatalog.normalize(code) == null;
            }
        }
        return saysNothing && declaresNoCode && !nafSaysTheTrade(e, affinity);
    }

    /** A NAF sub-class the table maps to CPV prefixes; an unknown, absent or generic code (which implies none) says nothing. */
    private static boolean nafSaysTheTrade(Enterprise e, CpvNafAffinity affinity) {
        return e.naf() != null && !affinity.cpvPrefixesFor(e.naf()).isEmpty();
    }
}
