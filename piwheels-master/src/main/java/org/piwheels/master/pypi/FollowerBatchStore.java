package org.piwheels.master.pypi;

import java.util.Collection;
import java.util.List;
import org.piwheels.db.PackageVersion;
import org.piwheels.db.PypiState;
import org.piwheels.protocol.records.PypiWrite;

/** The two database requests with which {@link BatchingFollowerActions} applies a batch of events at once. */
public interface FollowerBatchStore {

    /** {@code PYPISTATE}: which of the packages and versions exist, with the versions' skips. */
    PypiState pypiState(Collection<String> packages, Collection<PackageVersion> versions);

    /** {@code PYPIWRITES}: the writes in order, one transaction. @return NEWPKG and NEWVER results */
    List<Boolean> applyPypiWrites(List<PypiWrite> writes);
}
