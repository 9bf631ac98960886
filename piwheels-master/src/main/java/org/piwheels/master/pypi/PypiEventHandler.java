package org.piwheels.master.pypi;

import org.piwheels.protocol.PackageNames;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one {@link PypiEvent} as the event-handling table of components spec
 * §5.11.3 says: which database and page requests, in which order.
 */
public final class PypiEventHandler {

    /** Longest package name or version accepted (longer ones are PyPI junk or attacks). */
    public static final int MAX_NAME_LENGTH = 200;
    public static final String DEV_MODE_SKIP = "development mode";
    public static final String BINARY_ONLY = "binary only";
    public static final String DELETED = "deleted";

    private static final Logger LOG = LoggerFactory.getLogger("master.cloud_gazer");

    private final FollowerActions actions;
    private final Set<String> known;
    private final String skipDefault;

    /**
     * @param known   the packages the database holds ({@code ALLPKGS}); kept up to date here
     * @param devMode new packages are registered skipped, so nothing is built unasked
     */
    public PypiEventHandler(FollowerActions actions, Set<String> known, boolean devMode) {
        this.actions = actions;
        this.known = known;
        this.skipDefault = devMode ? DEV_MODE_SKIP : "";
    }

    public void handle(PypiEvent event) {
        String pkg = PackageNames.canonicalize(event.name());
        String version = event.version();
        if (tooLong(pkg)) {
            LOG.warn("ignoring package with silly length: {}", pkg);
            return;
        }
        if (version != null && tooLong(version)) {
            LOG.warn("ignoring package {} with silly version length: {}", pkg, version);
            return;
        }
        if (event.action() == PypiAction.REMOVE) {
            remove(pkg, version);
            return;
        }
        if (!known.contains(pkg)) {
            register(pkg, event);
        }
        addNames(pkg, event.name(), event.timestamp());
        if (version == null) {
            return;
        }
        switch (event.action()) {
            case YANK -> {
                actions.yankVersion(pkg, version);
                LOG.info("yanked package {} version {}", pkg, version);
                actions.rewriteIndexAndProject(pkg);
            }
            case UNYANK -> {
                actions.unyankVersion(pkg, version);
                LOG.info("unyanked package {} version {}", pkg, version);
                actions.rewriteIndexAndProject(pkg);
            }
            case CREATE, SOURCE -> newVersion(pkg, version, event);
            case REMOVE -> throw new IllegalStateException("handled above");
        }
    }

    private void remove(String pkg, String version) {
        if (version == null) {
            LOG.info("marking package {} for deletion", pkg);
            actions.skipPackage(pkg, DELETED);
            known.remove(pkg);
            actions.withdrawPackage(pkg);
            actions.deletePackage(pkg);
        } else {
            LOG.info("marking package {} version {} for deletion", pkg, version);
            actions.skipVersion(pkg, version, DELETED);
            actions.withdrawVersion(pkg, version);
            actions.deleteVersion(pkg, version);
        }
    }

    private void register(String pkg, PypiEvent event) {
        String description = event.description();
        boolean inserted = actions.newPackage(pkg, skipDefault, description == null ? "" : description);
        // Known only once the database has it: a failed NEWPKG must be retried on replay.
        known.add(pkg);
        if (inserted) {
            LOG.info("added package {}", pkg);
            addNames(pkg, event.name(), event.timestamp());
            actions.rewriteIndexAndProject(pkg);
        } else if (description != null) {
            actions.setDescription(pkg, description);
        }
    }

    private void newVersion(String pkg, String version, PypiEvent event) {
        boolean source = event.action() == PypiAction.SOURCE;
        boolean inserted = actions.newVersion(pkg, version, event.timestamp(), source ? "" : BINARY_ONLY);
        requiresPython(pkg, version, event.requiresPython());
        if (inserted) {
            LOG.info("added package {} version {}", pkg, version);
            if (!source) {
                LOG.info("disabled package {} version {} (binary only)", pkg, version);
            }
            if (event.description() != null) {
                actions.setDescription(pkg, event.description());
            }
            actions.rewriteIndexAndProject(pkg);
        } else if (source && BINARY_ONLY.equals(actions.versionSkip(pkg, version))) {
            actions.skipVersion(pkg, version, "");
            LOG.info("enabled package {} version {}", pkg, version);
            actions.rewriteProject(pkg);
        } else {
            actions.rewriteIndexAndProject(pkg);
        }
    }

    /**
     * Beyond 0.23: right after {@code NEWVER}, before the page and planner requests,
     * so the build queue knows which ABIs to skip before anyone builds the version.
     */
    private void requiresPython(String pkg, String version, String spec) {
        if (spec == null || spec.isBlank()) {
            return;
        }
        if (spec.length() > MAX_NAME_LENGTH) {
            LOG.warn("ignoring Requires-Python of {} {} with silly length", pkg, version);
            return;
        }
        actions.setRequiresPython(pkg, version, spec.trim());
    }

    /** "Add package name": the canonical spelling first, dated 1970, so it never becomes the display name. */
    private void addNames(String pkg, String name, Instant seen) {
        if (!name.equals(pkg)) {
            actions.newPackageName(pkg, pkg, null);
        }
        actions.newPackageName(pkg, name, seen);
    }

    private static boolean tooLong(String text) {
        return text.codePointCount(0, text.length()) > MAX_NAME_LENGTH;
    }
}
