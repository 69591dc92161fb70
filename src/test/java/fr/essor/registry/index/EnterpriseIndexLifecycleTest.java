package fr.essor.registry.index;

import static org.assertj.core.api.Assertions.assertThat;

import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes, refresh, commits, reopen and damage, on a real index in a temporary folder. */
class EnterpriseIndexLifecycleTest {
    private static final ReferenceData REFERENCE = ReferenceData.get();

    @TempDir
    Path folder;

    private static List<Enterprise> all() {
        return LemarcheFixture.enterprises();
    }

    private static RegistryQuery bySiret(int size) {
        return new RegistryQuery(null, null, null, null, null, 0, size);
    }

    private static boolean contains(EnterpriseIndex index, String words, String siret) throws IOException {
        return index.search(new RegistryQuery(words, null, null, null, null, 0, 100)).items().stream()
                .anyMatch(hit -> hit.enterprise().siret().equals(siret));
    }

    @Test
    void anAppliedWriteIsSearchableWithinOneSecondWithoutAnExplicitRefresh() throws Exception {
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            index.apply(all().subList(0, 100), List.of(), 100).get(5, TimeUnit.SECONDS);
            index.refresh();
            Enterprise newcomer = all().get(100);
            String word = newcomer.name().split(" ")[0];
            assertThat(contains(index, newcomer.name(), newcomer.siret())).isFalse();

            long start = System.nanoTime();
            index.apply(List.of(newcomer), List.of(), 101).get(5, TimeUnit.SECONDS);
            while (!contains(index, newcomer.name(), newcomer.siret()) && System.nanoTime() - start < 3_000_000_000L) {
                Thread.sleep(10);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(contains(index, newcomer.name(), newcomer.siret())).as("found by " + word).isTrue();
            assertThat(millis).isLessThan(1000);
            assertThat(index.size()).isEqualTo(101);
        }
    }

    @Test
    void commitCarriesTheHighWaterMarkAndSchemaAndSurvivesReopen() throws Exception {
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.openReport().state()).isEqualTo(OpenReport.State.MISSING);
            index.apply(all(), List.of(), 3853).get(30, TimeUnit.SECONDS);
            assertThat(index.highWaterMark()).isEqualTo(new WaterMarks(0, 3853));
            index.apply(List.of(), List.of(), 12).get(); // an older mark never moves it back
            index.commit().get();
            assertThat(index.highWaterMark()).isEqualTo(new WaterMarks(3853, 3853));
        }
        try (FSDirectory dir = FSDirectory.open(folder)) {
            Map<String, String> userData = SegmentInfos.readLatestCommit(dir).getUserData();
            assertThat(userData).containsEntry("hwm", "3853").containsEntry("schema", String.valueOf(EnterpriseSchema.VERSION));
        }
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.openReport().state()).isEqualTo(OpenReport.State.READY);
            assertThat(index.highWaterMark()).isEqualTo(new WaterMarks(3853, 3853));
            assertThat(index.size()).isEqualTo(all().size());
        }
    }

    @Test
    void theTimedCommitRecordsChangesWithoutBeingAsked() throws Exception {
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            index.apply(all().subList(0, 10), List.of(), 7).get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EnterpriseIndex.COMMIT_SECONDS * 3);
            while (index.highWaterMark().committed() != 7 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(index.highWaterMark().committed()).isEqualTo(7);
            try (FSDirectory dir = FSDirectory.open(folder)) {
                assertThat(SegmentInfos.readLatestCommit(dir).getUserData()).containsEntry("hwm", "7");
            }
        }
    }

    @Test
    void closeCommitsWhatWasApplied() throws Exception {
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            index.apply(all().subList(0, 10), List.of(), 10);
            // no wait: close drains the queued write before its last commit
        }
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.size()).isEqualTo(10);
            assertThat(index.highWaterMark().committed()).isEqualTo(10);
        }
    }

    @Test
    void deleteRemovesFromSearchAndCount() throws Exception {
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            index.apply(all(), List.of(), 1).get(30, TimeUnit.SECONDS);
            index.refresh();
            Enterprise gone = all().get(0);
            assertThat(contains(index, gone.name(), gone.siret())).isTrue();

            index.apply(List.of(), List.of(gone.siret()), 2).get();
            index.refresh();

            assertThat(contains(index, gone.name(), gone.siret())).isFalse();
            assertThat(index.size()).isEqualTo(all().size() - 1);
            assertThat(index.search(bySiret(100)).total()).isEqualTo(all().size() - 1);
        }
    }

    @Test
    void anUpsertReplacesTheDocumentOfItsSiret() throws Exception {
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            Enterprise before = all().get(0);
            index.apply(List.of(before), List.of(), 1).get();
            Enterprise renamed = new Enterprise(before.siret(), "Maraîchage Solidaire", before.categories(), before.legalForm(),
                    before.naf(), before.description(), before.cpv(), before.address(), before.postcode(), before.city(),
                    before.latitude(), before.longitude(), before.radiusKm(), before.departments(), before.regions(),
                    before.employees(), before.website(), before.contact(), before.esusUntil(), before.commune(),
                    before.department(), before.region(), before.sources());
            index.apply(List.of(renamed), List.of(), 2).get();
            index.refresh();

            assertThat(index.size()).isEqualTo(1);
            assertThat(contains(index, "maraichage", before.siret())).isTrue();
            assertThat(index.search(bySiret(10)).items().get(0).enterprise()).isEqualTo(renamed);
        }
    }

    @Test
    void aMissingFolderIsReportedAndStartsEmpty() throws Exception {
        try (EnterpriseIndex index = EnterpriseIndex.open(folder.resolve("not-yet"), REFERENCE)) {
            assertThat(index.openReport().state()).isEqualTo(OpenReport.State.MISSING);
            assertThat(index.openReport().needsRebuild()).isTrue();
            assertThat(index.size()).isZero();
        }
    }

    @Test
    void aDeletedCommitPointIsReportedMissing() throws Exception {
        buildAndClose(all().subList(0, 50), 50);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path segments : files.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) {
                Files.delete(segments);
            }
        }
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.openReport().state()).isEqualTo(OpenReport.State.MISSING);
            assertThat(index.size()).isZero();
        }
    }

    @Test
    void aDamagedFileIsReportedCorruptAndTheIndexStartsEmpty() throws Exception {
        buildAndClose(all(), 3853);
        Path biggest;
        try (Stream<Path> files = Files.list(folder)) {
            biggest = files.filter(p -> !p.getFileName().toString().startsWith("segments_") && !p.getFileName().toString().equals("write.lock"))
                    .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(biggest, StandardOpenOption.WRITE)) {
            // flip bytes in the middle: the file keeps its size, only its checksum can tell
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), channel.size() / 2);
        }

        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.openReport().state()).isEqualTo(OpenReport.State.CORRUPT);
            assertThat(index.openReport().detail()).contains("CorruptIndexException");
            assertThat(index.size()).isZero();
            assertThat(index.highWaterMark()).isEqualTo(new WaterMarks(0, 0));
        }
        // the replacement is a sound, empty index of this schema
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.openReport().state()).isEqualTo(OpenReport.State.READY);
        }
    }

    @Test
    void aTruncatedCommitPointIsReportedCorrupt() throws Exception {
        buildAndClose(all().subList(0, 50), 50);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path segments : files.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) {
                try (FileChannel channel = FileChannel.open(segments, StandardOpenOption.WRITE)) {
                    channel.truncate(channel.size() / 2);
                }
            }
        }
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.openReport().state()).isEqualTo(OpenReport.State.CORRUPT);
        }
    }

    @Test
    void anIndexOfAnotherSchemaVersionIsReported() throws Exception {
        buildAndClose(all().subList(0, 50), 50);
        try (FSDirectory dir = FSDirectory.open(folder);
             IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(new FrenchTextAnalyzer()))) {
            writer.setLiveCommitData(Map.of("schema", "0", "hwm", "50").entrySet());
            writer.commit();
        }
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.openReport().state()).isEqualTo(OpenReport.State.SCHEMA_MISMATCH);
            assertThat(index.openReport().detail()).contains("schema version 0");
            assertThat(index.size()).isZero();
        }
    }

    @Test
    void aRebuildStartsOverAndShowsTheOldIndexUntilItIsFinished() throws Exception {
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            index.apply(all().subList(0, 30), List.of(), 30).get();
            index.commit().get();
            index.refresh();

            index.beginRebuild().get();
            index.apply(all().subList(100, 110), List.of(), 0).get();
            index.refresh();
            Thread.sleep(2 * EnterpriseIndex.REFRESH_MILLIS);
            assertThat(index.size()).as("searches see the previous index during a rebuild").isEqualTo(30);

            index.finishRebuild(500).get();

            assertThat(index.size()).isEqualTo(10);
            assertThat(index.highWaterMark()).isEqualTo(new WaterMarks(500, 500));
        }
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.size()).isEqualTo(10);
        }
    }

    @Test
    void closingDuringARebuildKeepsThePreviousCommit() throws Exception {
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            index.apply(all().subList(0, 30), List.of(), 30).get();
            index.commit().get();
            index.beginRebuild().get();
            index.apply(all().subList(100, 110), List.of(), 0).get();
        }
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.openReport().state()).isEqualTo(OpenReport.State.READY);
            assertThat(index.size()).isEqualTo(30);
            assertThat(index.highWaterMark().committed()).isEqualTo(30);
        }
    }

    @Test
    void aRebuildAddsFreshDocumentsThatLaterChangesReplace() throws Exception {
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.apply(all().subList(0, 10), List.of(), -1, 10, true))
                    .as("fresh only when the index began empty").isCompletedExceptionally();

            index.beginRebuild().get();
            index.apply(all().subList(0, 3000), List.of(), 0, 3000, true).get(30, TimeUnit.SECONDS);
            // changed during the rebuild, after the change it began at: replaced, not added twice
            index.apply(all().subList(0, 500), List.of(all().get(600).siret()), 3000, 3501).get(30, TimeUnit.SECONDS);
            index.finishRebuild(3501).get();
            index.refresh();

            assertThat(index.size()).isEqualTo(2999);
            Enterprise first = all().get(0);
            assertThat(index.search(new RegistryQuery(first.name(), null, null, null, null, 0, 100)).items())
                    .filteredOn(hit -> hit.enterprise().siret().equals(first.siret())).hasSize(1);
        }
    }

    @Test
    void aLargeBatchIsIndexedWholeOrNotAtAll() throws Exception {
        List<Enterprise> large = all();
        assertThat(large.size()).as("built on several threads").isGreaterThanOrEqualTo(EnterpriseIndex.PARALLEL_FROM);
        List<Enterprise> broken = new java.util.ArrayList<>(large);
        Enterprise last = broken.get(broken.size() / 2);
        broken.set(broken.size() / 2, new Enterprise("123", last.name(), last.categories(), last.legalForm(), last.naf(),
                last.description(), last.cpv(), last.address(), last.postcode(), last.city(), last.latitude(), last.longitude(),
                last.radiusKm(), last.departments(), last.regions(), last.employees(), last.website(), last.contact(),
                last.esusUntil(), last.commune(), last.department(), last.region(), last.sources()));
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            assertThat(index.apply(broken, List.of(), 1))
                    .failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(IllegalArgumentException.class).withMessageContaining("a SIRET has 14 digits: 123");
            index.refresh();
            assertThat(index.size()).as("nothing of the failed batch").isZero();
            assertThat(index.highWaterMark().applied()).isZero();

            index.apply(large, List.of(), 2).get(60, TimeUnit.SECONDS);
            index.refresh();
            assertThat(index.size()).isEqualTo(large.size());
            Enterprise any = large.get(large.size() - 1);
            assertThat(contains(index, any.name(), any.siret())).isTrue();
        }
    }

    @Test
    void writesAfterCloseFailCleanly() throws Exception {
        EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE);
        index.close();
        assertThat(index.apply(all().subList(0, 1), List.of(), 1)).isCompletedExceptionally();
    }

    private void buildAndClose(List<Enterprise> enterprises, long hwm) throws Exception {
        try (EnterpriseIndex index = EnterpriseIndex.open(folder, REFERENCE)) {
            index.apply(enterprises, List.of(), hwm).get(30, TimeUnit.SECONDS);
        }
    }
}
