package fr.essor.reference;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReferenceDataTest {
    @Test
    void oneSharedInstanceWhateverTheThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<ReferenceData>> calls = IntStream.range(0, 32).<Callable<ReferenceData>>mapToObj(i -> ReferenceData::get).toList();
            ReferenceData first = ReferenceData.get();
            for (Future<ReferenceData> f : pool.invokeAll(calls)) assertThat(f.get()).isSameAs(first);
            assertThat(first.cpv()).isNotNull();
            assertThat(first.naf()).isNotNull();
            assertThat(first.geography()).isNotNull();
            assertThat(first.affinity()).isNotNull();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCollectionsHandedOutCannotBeChanged() {
        ReferenceData ref = ReferenceData.get();
        assertThat(ref.cpv().all()).isUnmodifiable();
        assertThat(ref.cpv().socialServiceCodes()).isUnmodifiable();
        assertThat(ref.naf().all()).isUnmodifiable();
        assertThat(ref.geography().departments()).isUnmodifiable();
        assertThat(ref.affinity().cpvPrefixesFor("81.21Z")).isUnmodifiable();
        assertThat(ref.affinity().rows()).isUnmodifiable();
    }

    /**
     * The work of a full load, as CPU time of this thread (the machine running the tests is shared, so wall time
     * says more about the neighbours than about the code): well under a second once the JVM is warm.
     */
    @Test
    void aFullLoadCostsWellUnderASecondOfCpuOnceTheJvmIsWarm() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isCurrentThreadCpuTimeSupported());
        ReferenceData.get(); // the first load also pays for class loading and the JIT
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = threads.getCurrentThreadCpuTime();
            CpvCatalog cpv = CpvCatalog.load();
            NafCatalog naf = NafCatalog.load();
            Geography geography = Geography.load();
            CpvNafAffinity affinity = CpvNafAffinity.load();
            best = Math.min(best, threads.getCurrentThreadCpuTime() - start);
            assertThat(cpv.all()).hasSameSizeAs(ReferenceData.get().cpv().all());
            assertThat(naf.all()).hasSameSizeAs(ReferenceData.get().naf().all());
            assertThat(geography.allCommunes()).hasSameSizeAs(ReferenceData.get().geography().allCommunes());
            assertThat(affinity.rows()).hasSameSizeAs(ReferenceData.get().affinity().rows());
        }
        System.out.printf("ReferenceData full load, warm JVM: %.0f ms of CPU%n", best / 1e6);
        assertThat(best / 1e6).isLessThan(1_000);
    }

    @Test
    void aFreshLoadIsNotTheSharedInstance() {
        ReferenceData fresh = ReferenceData.load();
        assertThat(fresh).isNotSameAs(ReferenceData.get());
        assertThat(fresh.geography().department("75")).isEqualTo(ReferenceData.get().geography().department("75"));
    }
}
