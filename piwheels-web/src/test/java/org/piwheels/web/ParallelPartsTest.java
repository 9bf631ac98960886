package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ParallelPartsTest {
    @Test
    void bothPartsRunTheHelperOnAnotherThreadAndTheCallerWaitsForIt() throws InterruptedException {
        ParallelParts parts = new ParallelParts(1);
        AtomicReference<Thread> helperThread = new AtomicReference<>();
        AtomicBoolean helperDone = new AtomicBoolean();
        CountDownLatch callerRan = new CountDownLatch(1);
        parts.run(() -> {
            helperThread.set(Thread.currentThread());
            try {
                // finishes only after the caller's part ran, so run() must wait for it
                assertThat(callerRan.await(60, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            helperDone.set(true);
        }, callerRan::countDown);
        assertThat(helperDone).isTrue();
        assertThat(helperThread.get()).isNotSameAs(Thread.currentThread());
        assertThat(helperThread.get().isDaemon()).isTrue();
    }

    @Test
    void failuresOfEitherPartReachTheCallerAfterBothFinished() {
        ParallelParts parts = new ParallelParts(1);
        AtomicBoolean callerRan = new AtomicBoolean();
        assertThatThrownBy(() -> parts.run(() -> {
            throw new IllegalArgumentException("helper broke");
        }, () -> callerRan.set(true))).isInstanceOf(IllegalArgumentException.class).hasMessage("helper broke");
        assertThat(callerRan).isTrue();

        AtomicBoolean helperRan = new AtomicBoolean();
        assertThatThrownBy(() -> parts.run(() -> helperRan.set(true), () -> {
            throw new IllegalStateException("caller broke");
        })).isInstanceOf(IllegalStateException.class).hasMessage("caller broke");
        assertThat(helperRan).isTrue();
    }

    @Test
    void withoutHelpersEverythingRunsOnTheCaller() {
        ParallelParts parts = new ParallelParts(0);
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        parts.run(() -> first.set(Thread.currentThread()), () -> second.set(Thread.currentThread()));
        assertThat(first.get()).isSameAs(Thread.currentThread());
        assertThat(second.get()).isSameAs(Thread.currentThread());
    }
}
