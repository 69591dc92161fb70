package fr.essor.registry.index;

/**
 * PostgreSQL high-water marks of the index.
 *
 * @param committed what the last Lucene commit reflects (survives a restart: replay changes after it)
 * @param applied   what the writer has applied, committed or not (searchable after the next refresh)
 */
public record WaterMarks(long committed, long applied) {
}
