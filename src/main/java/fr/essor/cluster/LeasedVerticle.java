package fr.essor.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a verticle on one node of the cluster at a time: the node holding the {@link Lease} deploys it, renews the
 * lease every third of its length, and undeploys it as soon as a renewal fails (the database unreachable: another
 * node may take over once the lease expires, so this one stops first). The others try for the lease at the same pace
 * and take over once it expires. Stop: the verticle stops, then the lease is given up.
 */
public final class LeasedVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(LeasedVerticle.class.getName());

    private final Lease lease;
    private final Supplier<VerticleBase> job;
    private long timer = -1;
    private boolean trying;
    private boolean stopping;
    private String deployment;
    private Future<Void> changing = Future.succeededFuture();

    public LeasedVerticle(Lease lease, Supplier<VerticleBase> job) {
        this.lease = lease;
        this.job = job;
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(1, lease.seconds() * 1000L / 3, t -> tryLease());
        return Future.succeededFuture();
    }

    /** Whether this node runs the job now. */
    public boolean holding() {
        return deployment != null;
    }

    private void tryLease() {
        if (trying || stopping) {
            return;
        }
        trying = true;
        lease.acquireOrRenew().otherwise(e -> {
            LOG.log(Level.FINE, "lease " + lease.name() + " not renewed", e);
            return false;
        }).<Void>compose(held -> {
            if (stopping) {
                return Future.succeededFuture();
            }
            if (held && deployment == null) {
                LOG.info("lease " + lease.name() + " taken by " + lease.holder() + ": running it here");
                changing = vertx.deployVerticle(job.get()).onSuccess(id -> deployment = id).mapEmpty();
                return changing;
            }
            if (!held && deployment != null) {
                LOG.warning("lease " + lease.name() + " lost: stopping it here");
                return undeploy();
            }
            return Future.succeededFuture();
        }).onComplete(ar -> {
            if (ar.failed()) {
                LOG.log(Level.WARNING, "lease " + lease.name() + ": starting or stopping the job failed", ar.cause());
            }
            trying = false;
        });
    }

    private Future<Void> undeploy() {
        String id = deployment;
        deployment = null;
        changing = id == null ? Future.succeededFuture() : vertx.undeploy(id);
        return changing;
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(timer);
        boolean held = deployment != null;
        return changing.otherwiseEmpty()
                .compose(v -> undeploy().otherwiseEmpty())
                .compose(v -> held ? lease.release().otherwiseEmpty() : Future.succeededFuture());
    }
}
