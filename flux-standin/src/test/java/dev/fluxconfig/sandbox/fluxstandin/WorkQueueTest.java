package dev.fluxconfig.sandbox.fluxstandin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class WorkQueueTest {

    static final ObjectKey A = new ObjectKey(FluxKind.GIT_REPOSITORY, "ns", "a");
    static final ObjectKey B = new ObjectKey(FluxKind.KUSTOMIZATION, "ns", "b");

    @Test
    void holdsWorkUntilOpenedThenWorksEachKeyOnceInOrder() {
        List<ObjectKey> worked = new CopyOnWriteArrayList<>();
        try (WorkQueue q = new WorkQueue(worked::add, new StandInLog())) {
            q.add(A, Duration.ZERO);
            q.add(B, Duration.ZERO);
            q.add(A, Duration.ZERO);
            assertThat(q.isIdle()).isFalse();
            assertThat(worked).isEmpty();
            q.open();
            await().atMost(Duration.ofSeconds(10)).until(q::isIdle);
            assertThat(worked).containsExactly(A, B);
        }
    }

    @Test
    void anEventDuringWorkQueuesTheKeyAgain() throws InterruptedException {
        CountDownLatch inWork = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<ObjectKey> worked = new CopyOnWriteArrayList<>();
        try (WorkQueue q = new WorkQueue(k -> {
            worked.add(k);
            if (worked.size() == 1) {
                inWork.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, new StandInLog())) {
            q.open();
            q.add(A, Duration.ZERO);
            assertThat(inWork.await(10, TimeUnit.SECONDS)).isTrue();
            q.add(A, Duration.ZERO);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(q::isIdle);
            assertThat(worked).containsExactly(A, A);
        }
    }

    @Test
    void aFailingKeyIsRetried() {
        List<ObjectKey> worked = new CopyOnWriteArrayList<>();
        try (WorkQueue q = new WorkQueue(k -> {
            worked.add(k);
            if (worked.size() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        }, new StandInLog())) {
            q.open();
            q.add(B, Duration.ZERO);
            await().atMost(Duration.ofSeconds(10)).until(() -> worked.size() == 2 && q.isIdle());
            assertThat(worked).containsExactly(B, B);
        }
    }
}
