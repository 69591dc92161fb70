package fr.essor.registry;

import fr.essor.config.Topics;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.imports.ImportFormat;
import fr.essor.registry.imports.ImportRow;
import fr.essor.registry.imports.ImportSummary;
import fr.essor.registry.imports.ImportWarning;
import fr.essor.registry.imports.ParsedImport;
import fr.essor.registry.imports.RegistryFileReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The registry's writes and reads: imports, upserts and deletes go to PostgreSQL in transactions of at most
 * {@code batchSize} records, and each commit is announced on {@link Topics#REGISTRY_CHANGED} for the index (and
 * anyone else) to follow. Parsing, geocoding and comparison run on workers; the event loop only moves futures.
 */
public final class Registry {
    /** Source credited with the flags of a PUT or an essor-format import. */
    public static final String ESSOR_SOURCE = "essor";

    private final Vertx vertx;
    private final EnterpriseStore store;
    private final EnterpriseJson codec;
    private final Enrichment enrichment;
    private final int batchSize;
    private final Clock clock;

    public Registry(Vertx vertx, Pool pool, ReferenceData reference, int batchSize, Clock clock) {
        this.vertx = vertx;
        this.store = new EnterpriseStore(vertx, pool);
        this.codec = new EnterpriseJson(reference);
        this.enrichment = new Enrichment(reference);
        this.batchSize = batchSize;
        this.clock = clock;
    }

    public EnterpriseStore store() {
        return store;
    }

    public EnterpriseJson codec() {
        return codec;
    }

    /** Outcome of a PUT; {@code searchableAt} the change the index must pass to show it. */
    public record Put(Enterprise enterprise, EnterpriseStore.Outcome outcome, long searchableAt) {
    }

    /**
     * Imports a file: CSV of the given format, or (with {@code ndjson}) NDJSON of enterprise JSON. The stream is read
     * on a worker (and closed there); a bad line is reported and never stops the good ones.
     */
    public Future<ImportSummary> importFile(Callable<InputStream> body, ImportFormat format, boolean ndjson) {
        return vertx.executeBlocking(() -> {
            try (InputStream in = body.call(); Reader reader = utf8(in)) {
                RegistryFileReader files = new RegistryFileReader(codec);
                return ndjson ? files.readNdjson(reader) : files.readCsv(reader, format);
            }
        }, false).compose(parsed -> importParsed(parsed, format.token()));
    }

    /**
     * Stores what a file gave, batch after batch (one transaction each). While a batch is written, the next one is
     * geocoded on a worker, so the database and the CPU work at the same time.
     */
    public Future<ImportSummary> importParsed(ParsedImport parsed, String source) {
        List<ImportRow> rows = parsed.rows();
        List<List<ImportRow>> batches = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += batchSize) {
            batches.add(rows.subList(from, Math.min(rows.size(), from + batchSize)));
        }
        LocalDate today = LocalDate.now(clock);
        long[] counts = new long[4]; // created, updated, unchanged, searchable at
        List<ImportWarning> notes = new ArrayList<>();
        List<Future<List<Enterprise>>> enriched = new ArrayList<>();
        if (!batches.isEmpty()) {
            enriched.add(enrich(batches.get(0), source, today, notes));
        }
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < batches.size(); i++) {
            int index = i;
            chain = chain.compose(v -> {
                if (index + 1 < batches.size()) {
                    enriched.add(enrich(batches.get(index + 1), source, today, notes));
                }
                return enriched.get(index)
                        .compose(fresh -> store.write(fresh, (f, stored) -> Enrichment.settle(f, stored, source, true)))
                        .map(b -> {
                            announce(b.changedSirets(), List.of(), b.lastSeq());
                            counts[0] += b.count(EnterpriseStore.Outcome.CREATED);
                            counts[1] += b.count(EnterpriseStore.Outcome.UPDATED);
                            counts[2] += b.count(EnterpriseStore.Outcome.UNCHANGED);
                            counts[3] = Math.max(counts[3], b.searchableAt());
                            return null;
                        });
            });
        }
        return chain.map(v -> {
            List<ImportWarning> warnings = new ArrayList<>(parsed.warnings());
            synchronized (notes) {
                warnings.addAll(notes);
            }
            warnings.sort(Comparator.comparingInt(ImportWarning::line));
            return new ImportSummary(counts[0], counts[1], counts[2], parsed.rejected(), warnings, counts[3]);
        });
    }

    /** On a worker: geocoding and derivation of one batch; what it noticed goes to {@code notes}. */
    private Future<List<Enterprise>> enrich(List<ImportRow> batch, String source, LocalDate today, List<ImportWarning> notes) {
        return vertx.executeBlocking(() -> {
            List<Enterprise> fresh = new ArrayList<>(batch.size());
            List<ImportWarning> batchNotes = new ArrayList<>();
            for (ImportRow row : batch) {
                Enrichment.Result result = enrichment.enrichWithNotes(row.enterprise(), source, today);
                fresh.add(result.enterprise());
                result.notes().forEach(note -> batchNotes.add(new ImportWarning(row.line(), note)));
            }
            synchronized (notes) {
                notes.addAll(batchNotes);
            }
            return fresh;
        }, false);
    }

    /** A PUT: the given fields replace the stored ones (flags too); a flag the same source gave keeps its date. */
    public Future<Put> put(Enterprise draft) {
        LocalDate today = LocalDate.now(clock);
        return vertx.executeBlocking(() -> enrichment.enrich(draft, ESSOR_SOURCE, today), false)
                .compose(fresh -> store.write(List.of(fresh), (f, stored) -> Enrichment.settle(f, stored, ESSOR_SOURCE, false)))
                .onSuccess(b -> announce(b.changedSirets(), List.of(), b.lastSeq()))
                .map(b -> new Put(b.written().get(0).enterprise(), b.written().get(0).outcome(), b.searchableAt()));
    }

    public Future<Enterprise> get(String siret) {
        return store.find(siret);
    }

    /** True when it existed and is now deleted. */
    public Future<Boolean> delete(String siret) {
        return store.delete(siret).map(seq -> {
            if (seq == null) {
                return false;
            }
            announce(List.of(), List.of(siret), seq);
            return true;
        });
    }

    /** After a commit: {"upserted": [siret..], "deleted": [siret..], "seq": last change number}. */
    private void announce(List<String> upserted, List<String> deleted, long seq) {
        if (upserted.isEmpty() && deleted.isEmpty()) {
            return;
        }
        vertx.eventBus().publish(Topics.REGISTRY_CHANGED, new JsonObject()
                .put("upserted", new JsonArray(new ArrayList<>(upserted)))
                .put("deleted", new JsonArray(new ArrayList<>(deleted)))
                .put("seq", seq));
    }

    /** UTF-8, malformed bytes replaced rather than failing the whole file. */
    private static Reader utf8(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

}
