package fr.essor.reference;

import java.util.List;

/** Which CPV codes an enterprise can deliver given its NAF activity (a table shipped as data, with its rationale). */
public final class CpvNafAffinity {
    /** CPV prefixes (2 to 8 digits, as {@link CpvCatalog#prefixes}) that the NAF code (any form) implies; empty when none. */
    public List<String> cpvPrefixesFor(String naf) { throw new IllegalStateException("pending"); }
}
