package fr.essor.matching;

/** A configuration value that cannot be used; {@link #key()} names it as a dotted path ({@code matching.weights.text}). */
public final class InvalidConfigException extends IllegalArgumentException {
    private final String key;

    public InvalidConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
