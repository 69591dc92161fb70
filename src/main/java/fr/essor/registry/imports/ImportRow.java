package fr.essor.registry.imports;

import fr.essor.registry.Enterprise;

/** A valid enterprise read from a file (not yet enriched), with the line it starts on. */
public record ImportRow(int line, Enterprise enterprise) {
}
