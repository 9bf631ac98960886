package org.piwheels.db.dal;

import org.piwheels.db.Database;

import java.time.Instant;

/**
 * A curated build-queue dataset for ABIs cp311, cp34m, cp35m (string order
 * cp311 &lt; cp34m &lt; cp35m), on top of the standard fixture (foo 0.1,
 * released at the epoch, with a cp34m wheel). Each package is named for its
 * situation; versions are all {@code 1.0}, released in 2000 + the given year.
 *
 * <p>Expected queue: cp311 = foo, fresh, abi3only, yanked; cp34m = specific,
 * failed; nothing else.
 */
final class Fixtures2 {

    private Fixtures2() {
    }

    /** Adds the packages (the caller has added the cp311 ABI). */
    static void curated(Database dal) {
        add(dal, "fresh", 1);
        add(dal, "nonewheel", 2);
        dal.logBuild(Builds.success("nonewheel", "1.0", "cp34m", 1, Builds.wheel("nonewheel", "1.0", "none")));
        add(dal, "abi3only", 3);
        dal.logBuild(Builds.success("abi3only", "1.0", "cp311", 1, Builds.wheel("abi3only", "1.0", "abi3")));
        add(dal, "specific", 4);
        dal.logBuild(Builds.success("specific", "1.0", "cp311", 1, Builds.wheel("specific", "1.0", "cp311")));
        add(dal, "failed", 5);
        dal.logBuild(Builds.failure("failed", "1.0", "cp311", 1));
        add(dal, "allfailed", 6);
        for (String abi : new String[] {"cp311", "cp34m", "cp35m"}) {
            dal.logBuild(Builds.failure("allfailed", "1.0", abi, 1));
        }
        dal.addNewPackage("skippedpkg", "operator says no", "");
        dal.addNewPackageVersion("skippedpkg", "1.0", year(7), "");
        dal.addNewPackage("skippedver");
        dal.addNewPackageVersion("skippedver", "1.0", year(1), "binary only");
        add(dal, "yanked", 8);
        dal.yankVersion("yanked", "1.0");
        add(dal, "gone", 9);
        dal.deleteVersion("gone", "1.0");
    }

    private static void add(Database dal, String pkg, int year) {
        dal.addNewPackage(pkg);
        dal.addNewPackageVersion(pkg, "1.0", year(year), "");
    }

    private static Instant year(int year) {
        return Instant.parse((2000 + year) + "-01-01T00:00:00Z");
    }
}
