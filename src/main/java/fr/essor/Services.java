package fr.essor;

import fr.essor.config.Credentials;
import fr.essor.config.EssorConfig;
import fr.essor.db.Database;
import fr.essor.http.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** What the verticles share, built once by {@link MainVerticle} in start order. */
public final class Services {
    final EssorConfig config;
    final PrometheusMeterRegistry metrics;
    final Readiness readiness = new Readiness();
    Credentials credentials;
    Database database;

    Services(EssorConfig config, PrometheusMeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    public EssorConfig config() {
        return config;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public Readiness readiness() {
        return readiness;
    }

    public Credentials credentials() {
        return credentials;
    }

    public Database database() {
        return database;
    }
}
