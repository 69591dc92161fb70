package fr.essor.registry.index;

import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import java.io.IOException;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TermInSetQuery;
import java.util.HashMap;
import java.util.Collection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * The Lucene index of the registry: derived from PostgreSQL, which it follows through {@link #apply} and
 * can always be rebuilt from.
 *
 * <p>Threads: every write (apply, rebuild, commit) runs on one dedicated writer thread and returns a
 * {@link CompletableFuture} completed there; reads ({@link #search}, {@link #match}, {@link #size}) are
 * synchronous and thread-safe, each on a searcher acquired from the SearcherManager and released after —
 * call them from a worker (vertx.executeBlocking), never from an event loop. A write is searchable after the
 * next refresh, at most {@link #REFRESH_MILLIS} ms later; the index is committed every {@link #COMMIT_SECONDS}
 * s when it changed, with the PostgreSQL high-water mark and the schema version in the commit user data.
 */
public final class EnterpriseIndex implements AutoCloseable {
    public static final long REFRESH_MILLIS = 200;
    public static final long COMMIT_SECONDS = 5;
    /** Batches of at least this many upserts are built and inverted on {@link #BUILDERS} threads (a rebuild, an import). */
    static final int PARALLEL_FROM = 256;
    private static final int BUILDERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /**
     * Threads a search spreads its slices of segments over (IndexSearcher's executor): one question of a large
     * registry uses every core, which its latency needs more than the throughput of many questions at once does.
     */
    private static final int SEARCH_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final Logger LOG = Logger.getLogger(EnterpriseIndex.class.getName());

    private final Directory directory;
    /** Replaced (on the writer thread) when a write failed: see {@link #reopenIfDamaged()}. */
    private volatile IndexWriter writer;
    private volatile SearcherManager searchers;
    private final EnterpriseSchema schema;
    private final RegistrySearch registrySearch;
    private final MatchRetrieval matchRetrieval;
    private final OpenReport openReport;
    /** The one writer thread; also runs the timed commit, so a commit never interleaves with a write. */
    private final ScheduledExecutorService writes;
    private final ScheduledExecutorService refresher;
    /** Builds and inverts the documents of a large batch, for the writer thread that waits for them. */
    private final ExecutorService builders;
    /** Runs the slices of one search concurrently. */
    private final ExecutorService slices;

    /** Written on the writer thread only; read anywhere. */
    private volatile long appliedHwm;
    private volatile long committedHwm;
    private volatile boolean rebuilding;
    private volatile boolean closed;
    /** Why the last write failed (a full disk...), until the writer is reopened and a commit succeeds; null when fine. */
    private volatile String writeFailure;
    private volatile boolean damaged;

    private EnterpriseIndex(Directory directory, IndexWriter writer, ReferenceData reference, OpenReport report,
                            long committedHwm) throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.slices = Executors.newFixedThreadPool(SEARCH_THREADS, daemon("essor-index-search"));
        this.searchers = new SearcherManager(writer, searcherFactory());
        this.schema = new EnterpriseSchema(reference);
        FrenchTextAnalyzer analyzer = (FrenchTextAnalyzer) writer.getConfig().getAnalyzer();
        TermLookups lookups = new TermLookups();
        this.registrySearch = new RegistrySearch(analyzer, lookups);
        this.matchRetrieval = new MatchRetrieval(analyzer, lookups);
        this.openReport = report;
        this.committedHwm = committedHwm;
        this.appliedHwm = committedHwm;
        this.writes = Executors.newSingleThreadScheduledExecutor(daemon("essor-index-writer"));
        this.refresher = Executors.newSingleThreadScheduledExecutor(daemon("essor-index-refresh"));
        this.builders = Executors.newFixedThreadPool(BUILDERS, daemon("essor-index-build"));
        refresher.scheduleWithFixedDelay(this::refreshQuietly, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        writes.scheduleWithFixedDelay(this::commitQuietly, COMMIT_SECONDS, COMMIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Opens the index in a folder (created when absent). A missing, unreadable or other-schema index is
     * replaced by an empty one and reported by {@link #openReport()}: the caller then rebuilds from PostgreSQL.
     */
    public static EnterpriseIndex open(Path folder, ReferenceData reference) throws IOException {
        Directory directory = FSDirectory.open(folder);
        try {
            OpenReport report = inspect(directory);
            IndexWriterConfig config = writerConfig();
            if (report.needsRebuild()) {
                LOG.warning(() -> "index at " + folder + " " + report.state() + ": " + report.detail() + "; starting empty, rebuild needed");
                wipe(directory);
                config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            } else {
                config.setOpenMode(IndexWriterConfig.OpenMode.APPEND);
            }
            IndexWriter writer = new IndexWriter(directory, config);
            try {
                long hwm = 0;
                if (report.needsRebuild()) {
                    writer.setLiveCommitData(userData(0).entrySet());
                    writer.commit();
                } else {
                    hwm = Long.parseLong(userData(writer).getOrDefault(EnterpriseSchema.USER_DATA_HWM, "0"));
                }
                return new EnterpriseIndex(directory, writer, reference, report, hwm);
            } catch (IOException | RuntimeException e) {
                writer.rollback();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /** {@link #apply} refused: the writer was reopened on its last commit, the caller reads again from {@code applied}. */
    public static final class WentBack extends IllegalStateException {
        WentBack(long applied) {
            super("index went back to change " + applied + " (writer reopened after a failed write)");
        }
    }

    private static IndexWriterConfig writerConfig() {
        // Lucene's merge policy as it is: capping merged segments at 256 MB, so that a million enterprises kept more
        // slices for a search to spread over, made a match slower there (bench/run million: p50 23.4 → 19.2 ms
        // without the cap), more segments costing more than the cores gave back
        return new IndexWriterConfig(new FrenchTextAnalyzer()).setCommitOnClose(false).setRAMBufferSizeMB(64);
    }

    /** Searchers that spread a search's slices of segments over {@link #slices}. */
    private SearcherFactory searcherFactory() {
        return new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                return new IndexSearcher(reader, slices);
            }
        };
    }

    /**
     * Why the index cannot be written now (e.g. "No space left on device"), or null. Set by a failed write, flush or
     * commit; cleared by the first commit that succeeds after the writer was reopened.
     */
    public String writeFailure() {
        return writeFailure;
    }

    /**
     * After a failed write the writer may have dropped buffered documents or closed itself (Lucene's "tragic"
     * event): it is rolled back and reopened on the last commit, and the applied high-water mark goes back to the
     * committed one, so the next catch-up applies again from PostgreSQL what the failure may have lost. Writer thread.
     */
    private void reopenIfDamaged() throws IOException {
        if (!damaged || closed) {
            return;
        }
        try {
            writer.rollback();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "rollback of the failed index writer", e);
        }
        IndexWriter fresh = new IndexWriter(directory, writerConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        SearcherManager old = searchers;
        try {
            searchers = new SearcherManager(fresh, searcherFactory());
        } catch (IOException | RuntimeException e) {
            fresh.rollback();
            throw e;
        }
        writer = fresh;
        long hwm = Long.parseLong(userData(fresh).getOrDefault(EnterpriseSchema.USER_DATA_HWM, "0"));
        committedHwm = hwm;
        appliedHwm = hwm;
        rebuilding = false;
        damaged = false;
        old.close(); // searches holding its searcher keep their own reference
        LOG.info("index writer reopened on its last commit (change " + hwm + ") after: " + writeFailure);
    }

    private void failed(Throwable e) {
        // a write racing the writer's own close on a failure (its tragic event) meets "already closed": the failure
        // is the one that closed it
        IndexWriter current = writer;
        Throwable root = e instanceof AlreadyClosedException && current != null && current.getTragicException() != null
                ? current.getTragicException() : e;
        if (root instanceof AlreadyClosedException && root.getCause() == null && (damaged || writeFailure != null)) {
            // the writer a failure already closed (replaced meanwhile): that failure is known and said
            LOG.log(Level.FINE, "index write on a writer closed by " + writeFailure, e);
            damaged = true;
            return;
        }
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (!why.equals(writeFailure)) {
            // a disk that refuses writes is the machine's condition, said by its root cause (and by readiness); the
            // trace, often Lucene's writer closing itself on that failure (its tragic event), only at FINE
            boolean disk = root instanceof IOException;
            LOG.log(Level.WARNING, "index write failed (" + why + "); PostgreSQL keeps the truth, the index catches up once it can write",
                    disk ? null : e);
            if (disk) {
                LOG.log(Level.FINE, "index write failure", e);
            }
        }
        writeFailure = why;
        damaged = true;
    }

    /** What was found on disk at open. */
    public OpenReport openReport() {
        return openReport;
    }

    /**
     * Replaces the given enterprises (by SIRET), then deletes the given SIRETs; records the PostgreSQL high-water
     * mark these changes bring the index to (the mark only moves forward). Completes once applied, before the
     * refresh that makes them searchable. An enterprise that cannot be indexed (a SIRET not of 14 digits) fails
     * the whole batch before anything is written.
     */
    public CompletableFuture<Void> apply(List<Enterprise> upserts, List<String> deletedSirets, long hwm) {
        return apply(upserts, deletedSirets, -1, hwm);
    }

    /**
     * The same for the changes after {@code from}: refused when the index has not applied up to {@code from} (its
     * writer was reopened on an older commit after a failed write), so the caller reads again from where it is.
     */
    public CompletableFuture<Void> apply(List<Enterprise> upserts, List<String> deletedSirets, long from, long hwm) {
        return apply(upserts, deletedSirets, from, hwm, false);
    }

    /**
     * The same; {@code fresh}: the caller knows no document of these SIRETs is in the index (a rebuild reading the
     * changes up to the last one committed when it began: each SIRET there once), so they are added without the
     * delete by SIRET an update costs (looked up in every segment at the next flush).
     */
    public CompletableFuture<Void> apply(List<Enterprise> upserts, List<String> deletedSirets, long from, long hwm, boolean fresh) {
        if (fresh && !rebuilding) {
            return CompletableFuture.failedFuture(new IllegalStateException("fresh documents only during a rebuild"));
        }
        return onWriter(() -> {
            if (from > appliedHwm) {
                throw new WentBack(appliedHwm);
            }
            List<Document> documents = documents(upserts);
            if (documents.size() < PARALLEL_FROM) {
                update(upserts, documents, 0, documents.size(), fresh);
            } else {
                // the writer inverts documents on the calling thread: slices on the builder threads share the work
                int slice = (documents.size() + BUILDERS - 1) / BUILDERS;
                inParallel(documents.size(), slice, (start, end) -> {
                    update(upserts, documents, start, end, fresh);
                    return null;
                });
            }
            for (String siret : deletedSirets) {
                writer.deleteDocuments(new Term(EnterpriseSchema.SIRET, siret));
            }
            appliedHwm = Math.max(appliedHwm, hwm);
            return null;
        });
    }

    /** Every document of a batch, or the first failure (a SIRET not of 14 digits) before anything is written. */
    private List<Document> documents(List<Enterprise> upserts) throws Exception {
        if (upserts.size() < PARALLEL_FROM) {
            List<Document> documents = new ArrayList<>(upserts.size());
            for (Enterprise e : upserts) {
                documents.add(schema.document(e));
            }
            return documents;
        }
        Document[] documents = new Document[upserts.size()];
        inParallel(upserts.size(), 500, (from, to) -> {
            for (int i = from; i < to; i++) {
                documents[i] = schema.document(upserts.get(i));
            }
            return null;
        });
        return Arrays.asList(documents);
    }

    /** IndexWriter.updateDocument is thread-safe; the SIRETs of one batch are distinct (one change per SIRET). */
    private void update(List<Enterprise> upserts, List<Document> documents, int from, int to, boolean fresh) throws IOException {
        for (int i = from; i < to; i++) {
            if (fresh) {
                writer.addDocument(documents.get(i));
            } else {
                writer.updateDocument(new Term(EnterpriseSchema.SIRET, upserts.get(i).siret()), documents.get(i));
            }
        }
    }

    private interface Slice {
        Void run(int from, int to) throws Exception;
    }

    /** Runs [0, size) in slices on the builder threads and waits for all; the first failure is thrown as it was. */
    private void inParallel(int size, int slice, Slice task) throws Exception {
        List<Future<Void>> futures = new ArrayList<>();
        for (int from = 0; from < size; from += slice) {
            int start = from;
            int end = Math.min(size, from + slice);
            futures.add(builders.submit(() -> task.run(start, end)));
        }
        Exception failure = null;
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    public WaterMarks highWaterMark() {
        return new WaterMarks(committedHwm, appliedHwm);
    }

    /**
     * Starts over: deletes everything, high-water mark 0. Then {@link #apply} the batches read from PostgreSQL and
     * {@link #finishRebuild}. Until then searches keep seeing the previous index and nothing is committed, so a
     * crash or a close in between leaves the previous commit (and its high-water mark) as it was.
     */
    public CompletableFuture<Void> beginRebuild() {
        return onWriter(() -> {
            rebuilding = true;
            writer.deleteAll();
            appliedHwm = 0;
            return null;
        });
    }

    /** Commits the rebuilt index with the high-water mark of the snapshot it was read from, and shows it. */
    public CompletableFuture<Void> finishRebuild(long hwm) {
        return onWriter(() -> {
            appliedHwm = Math.max(appliedHwm, hwm);
            commitNow();
            rebuilding = false;
            searchers.maybeRefreshBlocking();
            return null;
        });
    }

    public boolean rebuilding() {
        return rebuilding;
    }

    /** Commits now if anything changed (the timed commit does the same every few seconds). */
    public CompletableFuture<Void> commit() {
        return onWriter(() -> {
            if (!rebuilding) {
                commitNow();
            }
            return null;
        });
    }

    /** Makes every applied write searchable now (read-your-writes for a caller that cannot wait for the timer). */
    public void refresh() throws IOException {
        if (!rebuilding && !damaged) {
            try {
                searchers.maybeRefreshBlocking();
            } catch (IOException | AlreadyClosedException e) {
                failed(e);
                throw e;
            }
        }
    }

    /** Registry search (GET /api/enterprises). */
    public RegistryPage search(RegistryQuery query) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return registrySearch.run(searcher, query);
        } finally {
            searchers.release(searcher);
        }
    }

    /** Top-k candidates of a lot, by Lucene score then SIRET, with what their score needs, and how many there are. */
    public MatchCandidates match(CandidateQuery request) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return matchRetrieval.run(searcher, request);
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * The stored enterprises of these SIRETs (those still in the index), read from their stored documents: the
     * names and addresses of a page of matches, scored on their scoring views.
     */
    public Map<String, Enterprise> enterprises(Collection<String> sirets) throws IOException {
        if (sirets.isEmpty()) {
            return Map.of();
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs found = searcher.search(new TermInSetQuery(EnterpriseSchema.SIRET,
                    sirets.stream().map(BytesRef::new).toList()), sirets.size());
            Map<String, Enterprise> out = new HashMap<>();
            for (Enterprise e : StoredEnterprises.read(searcher, found.scoreDocs, 0)) {
                out.put(e.siret(), e);
            }
            return out;
        } finally {
            searchers.release(searcher);
        }
    }

    /** The retrieval query of a lot on a searcher's reader, null when nothing can be relevant (benchmark, diagnostics). */
    Query matchQuery(CandidateQuery request, IndexSearcher searcher) throws IOException {
        return matchRetrieval.query(request, searcher);
    }

    /** Runs a read on an acquired searcher, released after. */
    <T> T withSearcher(SearcherFunction<T> read) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return read.apply(searcher);
        } finally {
            searchers.release(searcher);
        }
    }

    interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** Enterprises visible to searches. */
    public int size() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            searchers.release(searcher);
        }
    }

    /** The schema, for callers that need the documents' field names or text values. */
    public EnterpriseSchema schema() {
        return schema;
    }

    /**
     * Ordered close: stop the timers, drain the queued writes, last refresh, commit (or, in the middle of a
     * rebuild, roll back to the previous commit), then close the searcher manager, the writer and the directory.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        refresher.shutdown();
        writes.shutdown();
        try {
            refresher.awaitTermination(1, TimeUnit.MINUTES);
            if (!writes.awaitTermination(10, TimeUnit.MINUTES)) {
                LOG.warning("index writes still running after 10 minutes; closing anyway");
            }
            builders.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (rebuilding) {
                LOG.warning("index closed during a rebuild: rolling back to the previous commit");
            } else if (damaged) {
                LOG.warning("index closed after a failed write (" + writeFailure + "): its last commit stays; the next start catches up");
            } else {
                searchers.maybeRefreshBlocking();
                commitNow();
            }
        } finally {
            // the writer is closed without committing again: rollback drops only what the commit above did not take
            IOUtils.close(searchers, writer::rollback, directory);
            slices.shutdown();
        }
    }

    private void commitNow() throws IOException {
        long hwm = appliedHwm;
        if (writer.hasUncommittedChanges() || hwm != committedHwm) {
            writer.setLiveCommitData(userData(hwm).entrySet());
            writer.commit();
            committedHwm = hwm;
        }
        if (writeFailure != null && !damaged) {
            LOG.info("index writable again (was: " + writeFailure + ")");
            writeFailure = null;
        }
    }

    /** Timed, on the writer thread: also where a damaged writer is reopened once the disk takes writes again. */
    private void commitQuietly() {
        try {
            if (!rebuilding && !closed) {
                reopenIfDamaged();
                commitNow();
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void refreshQuietly() {
        try {
            if (!rebuilding && !closed && !damaged) {
                searchers.maybeRefresh();
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private <T> CompletableFuture<T> onWriter(Callable<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            writes.execute(() -> {
                try {
                    reopenIfDamaged();
                    future.complete(task.call());
                } catch (IOException | AlreadyClosedException e) {
                    failed(e);
                    future.completeExceptionally(e);
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new IllegalStateException("index closed", e));
        }
        return future;
    }

    /** Readable, of this schema, and every file's checksum right: else the caller rebuilds. */
    static OpenReport inspect(Directory directory) {
        try {
            if (!DirectoryReader.indexExists(directory)) {
                return new OpenReport(OpenReport.State.MISSING, "no index");
            }
            Map<String, String> userData = SegmentInfos.readLatestCommit(directory).getUserData();
            String version = userData.get(EnterpriseSchema.USER_DATA_SCHEMA);
            if (!String.valueOf(EnterpriseSchema.VERSION).equals(version)) {
                return new OpenReport(OpenReport.State.SCHEMA_MISMATCH,
                        "schema version " + version + ", expected " + EnterpriseSchema.VERSION);
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                for (LeafReaderContext leaf : reader.leaves()) {
                    leaf.reader().checkIntegrity();
                }
            }
            return new OpenReport(OpenReport.State.READY, "hwm " + userData.get(EnterpriseSchema.USER_DATA_HWM));
        } catch (IOException | RuntimeException e) {
            // CorruptIndexException, IndexFormatTooOldException, IndexFormatTooNewException, a missing
            // (NoSuchFileException) or truncated (EOFException) file: all mean "rebuild"
            return new OpenReport(OpenReport.State.CORRUPT, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void wipe(Directory directory) throws IOException {
        for (String file : directory.listAll()) {
            if (!file.equals(IndexWriter.WRITE_LOCK_NAME)) {
                directory.deleteFile(file);
            }
        }
    }

    private static Map<String, String> userData(long hwm) {
        return Map.of(EnterpriseSchema.USER_DATA_SCHEMA, String.valueOf(EnterpriseSchema.VERSION),
                EnterpriseSchema.USER_DATA_HWM, String.valueOf(hwm));
    }

    private static Map<String, String> userData(IndexWriter writer) {
        Map<String, String> data = new java.util.HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
