package fr.essor.db;

/** A backup or restore that cannot proceed, with a message meant for the person running the command. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }
}
