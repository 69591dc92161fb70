package fr.essor.registry.index;

/**
 * What {@link EnterpriseIndex#open} found on disk. Anything but {@link State#READY} means the index was started
 * empty and must be rebuilt from PostgreSQL ({@link EnterpriseIndex#beginRebuild()}).
 */
public record OpenReport(State state, String detail) {
    public enum State {
        /** A readable index of the current schema version. */
        READY,
        /** No index in the folder (first start, or the folder was emptied). */
        MISSING,
        /** Unreadable: CorruptIndexException, IndexFormatTooOld/TooNew, a missing or truncated file, a bad checksum. */
        CORRUPT,
        /** Written under another {@link EnterpriseSchema#VERSION}, or without one. */
        SCHEMA_MISMATCH
    }

    public boolean needsRebuild() {
        return state != State.READY;
    }
}
