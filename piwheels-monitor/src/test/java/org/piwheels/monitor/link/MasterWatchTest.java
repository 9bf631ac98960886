package org.piwheels.monitor.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MasterWatchTest {
    private static final Instant T0 = Instant.parse("2024-05-17T12:00:00Z");
    private final MasterWatch watch = new MasterWatch(Duration.ofSeconds(30));

    @Test
    void connectsOnTheMastersHelloOnly() {
        watch.attached(T0);
        watch.heard(T0.plusSeconds(1), false);
        assertThat(watch.status()).isEqualTo(LinkStatus.WAITING);
        watch.heard(T0.plusSeconds(2), true);
        assertThat(watch.status()).isEqualTo(LinkStatus.CONNECTED);
    }

    @Test
    void silenceForTheLimitMeansNotRespondingAndReattach() {
        watch.attached(T0);
        watch.heard(T0, true);
        assertThat(watch.check(T0.plusSeconds(29))).isFalse();
        assertThat(watch.status()).isEqualTo(LinkStatus.CONNECTED);
        assertThat(watch.check(T0.plusSeconds(30))).isTrue();
        assertThat(watch.status()).isEqualTo(LinkStatus.NOT_RESPONDING);
    }

    @Test
    void reattachesAgainOnlyAfterAnotherLimitAndRecoversOnAnyMessage() {
        watch.attached(T0);
        watch.heard(T0, true);
        watch.check(T0.plusSeconds(30));
        watch.attached(T0.plusSeconds(30));
        assertThat(watch.check(T0.plusSeconds(59))).isFalse();
        assertThat(watch.check(T0.plusSeconds(60))).isTrue();
        watch.heard(T0.plusSeconds(61), false);
        assertThat(watch.status()).isEqualTo(LinkStatus.CONNECTED);
    }

    @Test
    void aDroppedConnectionMeansNotRespondingUntilHeardAgain() {
        watch.attached(T0);
        watch.lost();
        assertThat(watch.status()).as("never connected").isEqualTo(LinkStatus.WAITING);
        watch.heard(T0.plusSeconds(1), true);
        watch.lost();
        assertThat(watch.status()).isEqualTo(LinkStatus.NOT_RESPONDING);
        watch.heard(T0.plusSeconds(2), false);
        assertThat(watch.status()).isEqualTo(LinkStatus.CONNECTED);
    }

    @Test
    void neverHeardStaysWaitingWhileReattaching() {
        watch.attached(T0);
        assertThat(watch.check(T0.plusSeconds(30))).isTrue();
        assertThat(watch.status()).isEqualTo(LinkStatus.WAITING);
    }
}
