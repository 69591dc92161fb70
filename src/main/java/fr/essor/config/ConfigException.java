package fr.essor.config;

/** A configuration value that stops the start; its message is one line naming the key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String key, String problem) {
        super("configuration " + key + ": " + problem);
    }
}
