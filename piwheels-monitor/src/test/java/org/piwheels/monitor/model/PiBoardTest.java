package org.piwheels.monitor.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiBoardTest {
    @Test
    void newStyleCodesDecode() {
        assertThat(PiBoard.describe("c03111")).hasValue("Pi 4B rev 1.1, BCM2711, Sony UK, 4GB");
        assertThat(PiBoard.describe("a02082")).hasValue("Pi 3B rev 1.2, BCM2837, Sony UK, 1GB");
        assertThat(PiBoard.describe("a22042")).hasValue("Pi 2B rev 1.2, BCM2837, Embest, 1GB");
        assertThat(PiBoard.describe("900093")).hasValue("Pi Zero rev 1.3, BCM2835, Sony UK, 512MB");
    }

    @Test
    void modelBKeepsItsOwnPcbNumbering() {
        assertThat(PiBoard.describe("800012")).hasValue("Pi B rev 2.0, BCM2835, Sony UK, 256MB");
    }

    @Test
    void oldStyleAndUnknownCodesGiveNothing() {
        assertThat(PiBoard.describe("000e")).isEmpty();
        assertThat(PiBoard.describe("unknown")).isEmpty();
        assertThat(PiBoard.describe("")).isEmpty();
    }
}
