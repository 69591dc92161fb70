package fr.essor.registry.imports;

import fr.essor.registry.Category;

import java.util.Map;
import java.util.Set;

/**
 * INSEE legal categories (catégories juridiques, level III) as far as the ESS is concerned: associations (92xx),
 * foundations (93xx), cooperatives (the "coopérative" codes of SARL 54xx, SA 55xx/56xx and agricultural 631x),
 * worker cooperatives (SCOP: 5458, 5558, 5658) and mutuals (82xx, 6411). INSEE has no code of its own for SCIC
 * or CAE: they are SARL/SA/SAS, so only famille_ess or a declared category can say so.
 */
final class LegalCategories {
    private static final Set<String> SCOP = Set.of("5458", "5558", "5658");
    private static final Set<String> COOPERATIVES = Set.of(
            "5443", "5451", "5453", "5454", "5455", "5458", "5459", "5460",
            "5543", "5547", "5551", "5552", "5553", "5554", "5555", "5558", "5559", "5560",
            "5643", "5647", "5651", "5652", "5653", "5654", "5655", "5658", "5659", "5660",
            "6316", "6317", "6318");
    private static final Set<String> MUTUALS = Set.of("6411", "8210", "8250", "8290");

    /** Labels of the codes met in ESS lists; others are written as their code. */
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("5460", "SARL coopérative"), Map.entry("5458", "SARL coopérative ouvrière de production (SCOP)"),
            Map.entry("5499", "SARL"), Map.entry("5498", "SARL unipersonnelle"),
            Map.entry("5558", "SA coopérative ouvrière de production (SCOP) à conseil d'administration"),
            Map.entry("5560", "SA coopérative à conseil d'administration"), Map.entry("5599", "SA à conseil d'administration"),
            Map.entry("5658", "SA coopérative ouvrière de production (SCOP) à directoire"),
            Map.entry("5660", "SA coopérative à directoire"), Map.entry("5699", "SA à directoire"),
            Map.entry("5710", "SAS"), Map.entry("5720", "SASU"),
            Map.entry("6317", "Société coopérative agricole"), Map.entry("6318", "Union de sociétés coopératives agricoles"),
            Map.entry("6540", "Société civile immobilière"),
            Map.entry("9210", "Association non déclarée"), Map.entry("9220", "Association déclarée"),
            Map.entry("9221", "Association déclarée d'insertion par l'économique"),
            Map.entry("9230", "Association déclarée reconnue d'utilité publique"),
            Map.entry("9260", "Association de droit local (Alsace-Moselle)"),
            Map.entry("9300", "Fondation"), Map.entry("9900", "Autre personne morale de droit privé"));

    private LegalCategories() {
    }

    static boolean isScop(String code) {
        return code != null && SCOP.contains(code);
    }

    /** The ESS family a legal category gives by its status alone; null when it gives none (e.g. a SAS). */
    static Category essFamily(String code) {
        if (code == null) {
            return null;
        }
        if (code.startsWith("92")) {
            return Category.ASSOCIATION;
        }
        if (code.startsWith("93")) {
            return Category.FONDATION;
        }
        if (SCOP.contains(code)) {
            return Category.SCOP;
        }
        if (COOPERATIVES.contains(code)) {
            return Category.COOPERATIVE;
        }
        if (MUTUALS.contains(code)) {
            return Category.MUTUELLE;
        }
        return null;
    }

    /** "9220" → "Association déclarée"; an unlisted code → "catégorie juridique 1234"; null stays null. */
    static String label(String code) {
        if (code == null) {
            return null;
        }
        return LABELS.getOrDefault(code, "catégorie juridique " + code);
    }
}
