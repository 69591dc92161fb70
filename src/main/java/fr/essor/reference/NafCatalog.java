package fr.essor.reference;

import java.util.Optional;

/** NAF rév. 2: sub-class labels and hierarchy. */
public final class NafCatalog {
    /** @param code dotted sub-class "56.21Z"; classCode "56.21"; group "56.2"; division "56"; section "I" */
    public record NafCode(String code, String label, String classCode, String group, String division, String section) {}

    /** "5621Z", "56.21Z", "56.21z" → "56.21Z"; null when not of that shape. */
    public static String normalize(String code) { throw new IllegalStateException("pending"); }

    public Optional<NafCode> find(String code) { throw new IllegalStateException("pending"); }
}
